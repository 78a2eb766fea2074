package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/golden"
	"github.com/errcat/errcat/internal/mdcheck"
	"github.com/errcat/errcat/internal/testcat"
)

// TestDiff runs errcat diff on each case in testdata/diff: base.toml (or
// the case's old.toml) against the case's new.toml, and compares the
// report with the case's golden.
func TestDiff(t *testing.T) {
	t.Chdir("../../testdata/diff")
	breaking := map[string]bool{
		"removed_code": true, "removed_retired": true, "status_changed": true, "category_changed": true,
		"stopped_retryable": true, "envelope_moved": true, "retired_reappears": true, "go_name_changed": true,
		"retry_changed": false, "deprecated": false, "fixed_changed": false, "fallback_changed": false,
		"tombstone_removed": false, "added": false, "jitter_changed": false, "text_edits": false, "no_changes": false,
	}
	dirs, _ := filepath.Glob("*/new.toml")
	if len(dirs) != len(breaking) {
		t.Errorf("%d cases in testdata/diff, %d in this table", len(dirs), len(breaking))
	}
	for name, wantBreaking := range breaking {
		t.Run(name, func(t *testing.T) {
			old := "base.toml"
			if _, err := os.Stat(filepath.Join(name, "old.toml")); err == nil {
				old = filepath.Join(name, "old.toml")
			}
			code, stdout, stderr := errcat(t, "diff", old, filepath.Join(name, "new.toml"))
			if want := map[bool]int{true: 1, false: 0}[wantBreaking]; code != want {
				t.Errorf("exit %d, want %d\n%s%s", code, want, stdout, stderr)
			}
			if stderr != "" {
				t.Errorf("stderr: %s", stderr)
			}
			golden.Check(t, filepath.Join(name, "report.golden"), []byte(stdout))
			if name == "removed_code" {
				_, md, _ := errcat(t, "diff", "-format", "markdown", old, filepath.Join(name, "new.toml"))
				golden.Check(t, filepath.Join(name, "report.md.golden"), []byte(md))
			}
		})
	}
}

func TestDiffStdinAndUsage(t *testing.T) {
	old, err := os.Open("../../testdata/diff/base.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	code, stdout, _ := errcatStdin(t, old, "diff", "-", "../../testdata/diff/status_changed/new.toml")
	if code != 1 || !strings.Contains(stdout, "NOT_FOUND: status 404 → 410") {
		t.Errorf("diff from stdin: exit %d\n%s", code, stdout)
	}
	for _, args := range [][]string{{"diff", "a.toml"}, {"diff", "-format", "html", "a", "b"}, {"diff", "-", "-"}} {
		if code, _, _ := errcat(t, args...); code != 2 {
			t.Errorf("errcat %v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := errcat(t, "diff", "../../testdata/bad/status_range.toml", "../../testdata/diff/base.toml"); code != 1 || !strings.Contains(stderr, "outside 100-599") {
		t.Errorf("diff with an invalid catalog: exit %d, %s", code, stderr)
	}
}

// TestDiffSeeds compares each seed catalog with an edited copy: its last
// code removed, a code added.
func TestDiffSeeds(t *testing.T) {
	for _, name := range []string{"tryon", "thumbnails", "alphavideo", "fashn", "genapi"} {
		t.Run(name, func(t *testing.T) {
			old := filepath.Join("..", "..", "testdata", "catalogs", name, "errors.toml")
			src, err := os.ReadFile(old)
			if err != nil {
				t.Fatal(err)
			}
			// Remove the last code's table.
			text := string(src)
			start := strings.LastIndex(text, "\n[codes.") + 1
			end := strings.Index(text[start+1:], "\n[")
			if end < 0 {
				end = len(text)
			} else {
				end += start + 2
			}
			header := text[start : strings.Index(text[start:], "\n")+start]
			removed := strings.TrimSuffix(strings.TrimPrefix(header, "[codes."), "]")
			kept := text[:start] + text[end:]
			added := "BRAND_NEW_CODE"
			if strings.ToUpper(removed) != removed {
				added = "BrandNewCode"
			}
			category := ""
			if i := strings.Index(string(src), "[categories."); i >= 0 {
				key := string(src)[i+len("[categories."):]
				category = "category = " + strconv.Quote(key[:strings.Index(key, "]")]) + "\n"
			}
			edited := kept + "\n[codes." + added + "]\n" + category + "status = 418\ndescription = \"A new code.\"\n"
			newFile := filepath.Join(t.TempDir(), "errors.toml")
			if err := os.WriteFile(newFile, []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := errcat(t, "diff", old, newFile)
			if code != 1 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			wantRemoved := old + ":"
			for _, want := range []string{"breaking changes:\n  " + wantRemoved, ": " + removed + ": removed (was status ", "hint: add [retired." + removed + "]", "safe changes:\n  " + newFile + ":", ": " + added + ": added (status 418, retry never)"} {
				if !strings.Contains(stdout, want) {
					t.Errorf("report lacks %q:\n%s", want, stdout)
				}
			}
		})
	}
}

const diffBase = `[catalog]
name = "Base"

[envelope]
code = "error.code"
message = "error.message"

[categories.base]
status = 400

[codes.KEPT]
category = "base"
description = "Kept."

[codes.GONE]
category = "base"
description = "Gone soon."

[retired.OLD]
reason = "Old."
`

// diffHostile writes a catalog that changes diffBase with a, b and c as
// the new catalog name, deprecation reason and retired reason, and, when
// keys is true, also as a new code, category key, retry policy name,
// retired code and fixed member, so that each reaches the report.
func diffHostile(a, b, c string, keys bool) []byte {
	q := testcat.TOMLString
	code, category, policy, retired, member := "ADDED", "moved", "custom", "RETIRED", "member"
	if keys {
		code, category, policy, retired, member = a, c, b, b, c
	}
	fixed, _ := json.Marshal(map[string]string{member: a})
	var s strings.Builder
	fmt.Fprintf(&s, "[catalog]\nname = %s\n\n", q("x"+a))
	fmt.Fprintf(&s, "[envelope]\ncode = \"error.code\"\nmessage = \"error.message\"\nfixed = %s\n\n", q(string(fixed)))
	fmt.Fprintf(&s, "[retry.%s]\nkind = \"backoff\"\nlabel = %s\n\n", q(policy), q(c))
	fmt.Fprintf(&s, "[categories.base]\nstatus = 400\n\n[categories.%s]\nstatus = 404\ntitle = %s\n\n", q(category), q(b))
	fmt.Fprintf(&s, "[codes.KEPT]\ncategory = %s\ndescription = \"Kept.\"\nretry = %s\ndeprecated = %s\n\n", q(category), q(policy), q(b))
	fmt.Fprintf(&s, "[codes.%s]\ncategory = \"base\"\ndescription = \"Added.\"\n\n", q(code))
	fmt.Fprintf(&s, "[retired.GONE]\nreason = %s\n\n[retired.OLD]\nreason = \"Old.\"\n\n", q("x"+c))
	fmt.Fprintf(&s, "[retired.%s]\nreason = %s\n", q(retired), q("x"+a))
	return []byte(s.String())
}

// checkDiffReports renders the changes from diffBase to a catalog holding
// a, b and c in both formats and checks them: the Markdown report has one
// list item per change under errcat's headings and no raw HTML
// (mdcheck.Diff); the text report has one line per change and hint, and
// no line holds an invisible character.
func checkDiffReports(t *testing.T, a, b, c string) {
	t.Helper()
	old, diags := catalog.Parse("old.toml", []byte(diffBase))
	if old == nil {
		t.Fatal(diags)
	}
	src := diffHostile(a, b, c, true)
	new, _ := catalog.Parse("new.toml", src)
	if new == nil {
		// Some text is no key a catalog may hold: keep it to the values.
		src = diffHostile(a, b, c, false)
		if new, diags = catalog.Parse("new.toml", src); new == nil {
			t.Fatalf("hostile catalog is invalid:\n%v\n%s", diags, src)
		}
	}
	changes := catalog.Compare(old, new)
	if len(changes) < 5 {
		t.Fatalf("only %d changes:\n%s", len(changes), src)
	}
	var md, text bytes.Buffer
	writeMarkdownReport(&md, changes, "old.toml", "new.toml")
	for _, problem := range mdcheck.Diff(changes, md.Bytes()) {
		t.Errorf("markdown report: %s\n%s", problem, md.Bytes())
	}
	writeTextReport(&text, changes, "old.toml", "new.toml")
	if r, at := mdcheck.Invisible(text.Bytes()); at >= 0 {
		t.Errorf("text report holds %U at byte %d:\n%s", r, at, text.Bytes())
	}
	lines, hints := 0, 0
	for _, l := range strings.Split(text.String(), "\n") {
		switch {
		case strings.HasPrefix(l, "      hint: "):
			hints++
		case strings.HasPrefix(l, "  "):
			lines++
		}
	}
	wantHints := 0
	for _, c := range changes {
		if c.Hint != "" {
			wantHints++
		}
	}
	if lines != len(changes) || hints != wantHints {
		t.Errorf("text report has %d change lines and %d hints for %d changes and %d hints:\n%s", lines, hints, len(changes), wantHints, text.Bytes())
	}
}

// diffAttacks is catalog text aimed at a pull-request comment.
var diffAttacks = []string{
	"<!--", "-->", "`", "``` x", "A`B", "x\n### Fake heading", "x\n- fake item", "x\n\n---", "<img src=x onerror=alert(1)>",
	"<script>alert(1)</script>", "[x](javascript:alert(1))", "*", "_", "|", "\\", "**bold**", "@everyone",
	"ESC\x1b[2J", "NUL\x00", "bidi\u202eevil", "tab\there", "line\u2028sep", "cr\rlf", "1. item", "# h", "> q",
}

// TestDiffMarkdownHostile checks both reports of changes whose codes, keys,
// names and reasons hold each attack.
func TestDiffMarkdownHostile(t *testing.T) {
	for i, a := range diffAttacks {
		t.Run(fmt.Sprintf("%02d", i), func(t *testing.T) {
			checkDiffReports(t, a, diffAttacks[(i+1)%len(diffAttacks)], diffAttacks[(i+2)%len(diffAttacks)])
		})
	}
}

// FuzzDiffMarkdown checks both diff reports with fuzzed text in every
// place catalog text reaches them: codes, category and policy keys,
// retired codes, fixed members, names and reasons.
func FuzzDiffMarkdown(f *testing.F) {
	for i, a := range diffAttacks {
		f.Add(a, diffAttacks[(i+1)%len(diffAttacks)], diffAttacks[(i+2)%len(diffAttacks)])
	}
	f.Fuzz(checkDiffReports)
}
