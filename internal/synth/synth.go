// Package synth writes synthetic error catalogs of any size for
// benchmarks: valid, deterministic, and shaped like real ones (several
// categories and retry policies, ~150-byte descriptions, some message
// templates and deprecations).
package synth

import (
	"bytes"
	"fmt"
	"math/rand/v2"
)

type category struct {
	key, title string
	status     int
	retry      string
}

var categories = []category{
	{"auth", "Authentication", 401, "never"},
	{"permission", "Permissions", 403, "never"},
	{"validation", "Validation", 400, "never"},
	{"not_found", "Not found", 404, "never"},
	{"conflict", "Conflicts", 409, "once"},
	{"billing", "Billing", 402, "top_up"},
	{"rate_limit", "Rate limiting", 429, "throttle"},
	{"server", "Server", 500, "server"},
	{"upstream", "Upstream", 503, "server"},
}

var nouns = []string{"account", "api_key", "project", "widget", "invoice", "job", "model", "file", "webhook", "token", "image", "video", "region", "quota", "session"}
var problems = []string{"not_found", "invalid", "expired", "locked", "too_large", "missing", "unavailable", "rejected", "timeout", "conflict", "disabled", "limit"}
var words = []string{"the", "request", "named", "a", "resource", "that", "this", "account", "cannot", "use", "right", "now", "because", "its", "state", "does", "not", "allow", "it", "send", "again", "after", "fixing", "input", "value", "field", "server", "returned"}

// Catalog returns a valid catalog with n codes. The same n gives the same
// bytes.
func Catalog(n int) []byte {
	r := rand.New(rand.NewPCG(uint64(n), 0x5eed))
	var b bytes.Buffer
	fmt.Fprintf(&b, `[catalog]
name = "Synthetic API (%d codes)"
package = "synth"
code_style = "SCREAMING_SNAKE_CASE"
docs_url = "https://docs.example.com/errors"
description = "A synthetic catalog for benchmarks."

[envelope]
code = "error.code"
message = "error.message"
status = "error.status"
details = "error.details"
fixed = '{"ok": false}'

[retry.top_up]
kind = "after_action"
label = "After top-up"
action = "Add credits."

[retry.throttle]
kind = "backoff"
max_retries = 5
initial_delay = "1s"

[retry.server]
kind = "backoff"
max_retries = 3
idempotent_only = true

`, n)
	for _, c := range categories {
		fmt.Fprintf(&b, "[categories.%s]\ntitle = %q\nstatus = %d\nretry = %q\n\n", c.key, c.title, c.status, c.retry)
	}
	for i := range n {
		c := categories[i%len(categories)]
		noun, problem := nouns[r.IntN(len(nouns))], problems[r.IntN(len(problems))]
		code := fmt.Sprintf("%s_%s_%d", noun, problem, i)
		fmt.Fprintf(&b, "[codes.%s]\ncategory = %q\ndescription = %q\n", upper(code), c.key, sentence(r, 150))
		if r.IntN(4) == 0 {
			fmt.Fprintf(&b, "fix = %q\n", sentence(r, 60))
		}
		if r.IntN(10) == 0 {
			fmt.Fprintf(&b, "message = \"The %s '{%s_id}' is %s.\"\n", noun, noun, problem)
		}
		if r.IntN(20) == 0 {
			b.WriteString("deprecated = \"Use a newer code.\"\n")
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}

func upper(s string) string { return string(bytes.ToUpper([]byte(s))) }

// sentence returns about n bytes of words ending in a full stop.
func sentence(r *rand.Rand, n int) string {
	var b bytes.Buffer
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	s := b.Bytes()
	s[0] -= 'a' - 'A'
	return string(s) + "."
}
