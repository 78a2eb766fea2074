package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
)

func diagText(ds Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

func load(t *testing.T, name string) *Catalog {
	t.Helper()
	c, diags, err := Load(filepath.Join("..", "testdata", "catalogs", name, "errors.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if c == nil {
		t.Fatalf("catalog %s does not validate:\n%s", name, diagText(diags))
	}
	return c
}

// TestSeedCatalogs checks facts of each seed catalog against its seed.
func TestSeedCatalogs(t *testing.T) {
	type fact struct {
		code, category, policy string
		status                 int
		kind                   RetryKind
	}
	tests := []struct {
		name     string
		codes    int
		warnings int
		facts    []fact
	}{
		{"tryon", 26, 3, []fact{
			{"MISSING_API_KEY", "auth", "never", 401, RetryNever},
			{"CUSTOMER_IMAGE_FETCH_FAILED", "validation", "sometimes", 400, RetryOnce},
			{"INSUFFICIENT_CREDITS", "billing", "top_up", 402, RetryAfterAction},
			{"QUOTA_EXCEEDED", "billing", "backoff", 402, RetryBackoff},
			{"RATE_LIMITED", "rate_limiting", "backoff", 429, RetryBackoff},
			{"INTERNAL_ERROR", "server", "backoff_3x", 500, RetryBackoff},
			{"RESERVED_EXTERNAL_ID", "conflicts", "never", 409, RetryNever},
		}},
		{"thumbnails", 38, 0, []fact{
			{"CANCELLED", "cancelled", "never", 499, RetryNever},
			{"SERVICE_UNDER_MAINTENANCE", "maintenance", "backoff", 503, RetryBackoff},
			{"INSUFFICIENT_CREDITS", "billing", "top_up", 402, RetryAfterAction},
			{"FAL_TIMEOUT", "timeout", "backoff", 504, RetryBackoff},
		}},
		{"alphavideo", 19, 0, []fact{
			{"INVALID_URI", "validation", "never", 400, RetryNever},
			{"RATE_LIMIT_EXCEEDED", "rate_limiting", "backoff", 429, RetryBackoff},
			{"JOB_QUEUE_FAILED", "server", "backoff", 500, RetryBackoff},
		}},
		{"fashn", 13, 0, []fact{
			{"BadRequest", "api", "never", 400, RetryNever},
			{"OutOfCredits", "api", "refill", 429, RetryAfterAction},
			{"PipelineError", "runtime", "backoff", 0, RetryBackoff},
			{"ImageLoadError", "runtime", "never", 0, RetryNever},
		}},
		{"genapi", 7, 0, []fact{
			{"invalid_request", "validation", "never", 400, RetryNever},
			{"SPENDING_LIMIT_EXCEEDED", "quota", "allowance", 402, RetryAfterAction},
			{"CONCURRENT_GENERATION_LIMIT", "rate_limit", "rate_limit", 429, RetryBackoff},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, diags, err := Load(filepath.Join("..", "testdata", "catalogs", tt.name, "errors.toml"))
			if err != nil || c == nil {
				t.Fatalf("load: %v\n%s", err, diagText(diags))
			}
			if len(diags) != tt.warnings {
				t.Errorf("got %d warnings, want %d:\n%s", len(diags), tt.warnings, diagText(diags))
			}
			if len(c.Codes) != tt.codes {
				t.Errorf("got %d codes, want %d", len(c.Codes), tt.codes)
			}
			for _, f := range tt.facts {
				code := c.Code(f.code)
				if code == nil {
					t.Errorf("code %s missing", f.code)
					continue
				}
				got := fact{code.Code, code.Category.Key, code.Retry.Name, code.Status, code.Retry.Kind}
				if diff := cmp.Diff(f, got, cmp.AllowUnexported(fact{})); diff != "" {
					t.Errorf("code %s (-want +got):\n%s", f.code, diff)
				}
			}
		})
	}
}

func TestSeedEnvelopes(t *testing.T) {
	genapi := load(t, "genapi")
	if diff := cmp.Diff([]string{"error", "code"}, genapi.Envelope.Code); diff != "" {
		t.Errorf("genapi code path (-want +got):\n%s", diff)
	}
	want := []FixedMember{{"success", []byte("false")}, {"data", []byte("null")}}
	if diff := cmp.Diff(want, genapi.Envelope.Fixed); diff != "" {
		t.Errorf("genapi fixed (-want +got):\n%s", diff)
	}
	if got := genapi.FallbackFor(503); got.Name != "server" || !got.IdempotentOnly {
		t.Errorf("genapi fallback for 503 = %+v, want server policy, idempotent only", got)
	}
	tryon := load(t, "tryon")
	if tryon.Envelope.Example.Code != "PRODUCT_NOT_FOUND" || tryon.Envelope.Status[0] != "status" {
		t.Errorf("tryon envelope = %+v", tryon.Envelope)
	}
	fashn := load(t, "fashn")
	for _, code := range fashn.Category("runtime").Codes {
		if !code.AsyncOnly() || code.Status != 0 {
			t.Errorf("fashn runtime code %s: async only %v, status %d", code.Code, code.AsyncOnly(), code.Status)
		}
	}
}

// TestKitchenSink checks that every key of SPEC §1 reaches the model.
func TestKitchenSink(t *testing.T) {
	c := load(t, "kitchensink")
	if c.Package != "sinkerr" || c.CodeStyle != "SCREAMING_SNAKE_CASE" || c.DocsURL == "" || c.Description == "" {
		t.Errorf("catalog table not resolved: %+v", c)
	}
	var outputs []string
	for _, o := range c.Outputs {
		outputs = append(outputs, o.Key+"="+o.Path)
	}
	if diff := cmp.Diff([]string{"go=sinkerr/errors_gen.go", "markdown=docs/ERRORS.md", "markdown_template=docs.md.tmpl"}, outputs); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	e := c.Envelope
	if strings.Join(e.Code, ".") != "errors.0.code" || e.DocURL == nil || e.Details == nil || e.Status == nil || e.Example.Code != "WIDGET_NOT_FOUND" {
		t.Errorf("envelope not resolved: %+v", e)
	}
	patient := c.Policy("patient")
	wantPatient := &Policy{Name: "patient", Kind: RetryBackoff, MaxRetries: 5, InitialDelay: 250 * time.Millisecond,
		MaxDelay: 8 * time.Second, Multiplier: 1.5, IdempotentOnly: true, Jitter: JitterEqual, Label: "Yes (patiently)", Pos: patient.Pos}
	if diff := cmp.Diff(wantPatient, patient, cmp.AllowUnexported(Policy{})); diff != "" {
		t.Errorf("patient policy (-want +got):\n%s", diff)
	}
	if b := c.Policy("backoff"); b.Pos.Line == 0 || b.MaxRetries != 4 || !b.RetryAfter || b.InitialDelay != 500*time.Millisecond || b.Jitter != JitterFull {
		t.Errorf("overridden backoff = %+v", b)
	}
	auth := c.Category("auth")
	if auth.Title != "Authentication" || auth.Status != 401 || auth.Retry.Name != "rotate_key" || auth.Retry.Action == "" {
		t.Errorf("auth category = %+v", auth)
	}
	if got := c.Category("upstream_io").Title; got != "Upstream Io" {
		t.Errorf("default title = %q, want %q", got, "Upstream Io")
	}
	expired := c.Code("API_KEY_EXPIRED")
	if expired.Status != 401 || expired.Retry != auth.Retry || expired.Since != "1.2" || expired.Fix == "" {
		t.Errorf("code does not inherit from its category: %+v", expired)
	}
	locked := c.Code("WIDGET_LOCKED")
	if locked.Retry.Name != "" || locked.Retry.MaxRetries != 2 || locked.Retry.Multiplier != 3 || !locked.Async || !locked.Response {
		t.Errorf("inline retry and surfaces: %+v %+v", locked, locked.Retry)
	}
	if render := c.Code("WIDGET_RENDER_FAILED"); !render.AsyncOnly() || render.Status != 0 {
		t.Errorf("async-only code = %+v", render)
	}
	old := c.Code("OLD_WIDGET_FORMAT")
	if !old.Deprecated || old.Deprecation == "" || old.GoNameKey != "LegacyWidgetFormat" {
		t.Errorf("deprecated/go_name = %+v", old)
	}
	msg := c.Code("WIDGET_NOT_FOUND").Message
	wantMsg := &Message{
		Template: "Widget {widget_id} not found in {{project}} {project_url}.",
		Parts: []MessagePart{
			{"Widget ", -1}, {"", 0}, {" not found in {project} ", -1}, {"", 1}, {".", -1},
		},
		Params: []string{"widget_id", "project_url"},
	}
	if diff := cmp.Diff(wantMsg, msg); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]*Retired{{Code: "TOKEN_EXPIRED", Reason: "Tokens no longer expire; drop any branch on this code.", Removed: "2.0", Pos: c.Retired[0].Pos}}, c.Retired); diff != "" {
		t.Errorf("retired (-want +got):\n%s", diff)
	}
	var keys []string
	for _, r := range c.Fallback {
		keys = append(keys, r.Key+"="+r.Policy.Name)
	}
	if diff := cmp.Diff([]string{"404=never", "4xx=never", "503=patient", "5xx=backoff", "default=once"}, keys); diff != "" {
		t.Errorf("fallback order (-want +got):\n%s", diff)
	}
}

func TestFallbackFor(t *testing.T) {
	c := load(t, "kitchensink")
	def := load(t, "alphavideo") // no [fallback]: the SPEC default table
	tests := []struct {
		c      *Catalog
		status int
		want   string
	}{
		{c, 404, "never"},
		{c, 503, "patient"},
		{c, 500, "backoff"},
		{c, 0, "once"},
		{c, 302, "once"},
		{def, 408, "backoff"},
		{def, 429, "backoff"},
		{def, 502, "backoff"},
		{def, 404, "never"},
		{def, 0, "never"},
	}
	for _, tt := range tests {
		if got := tt.c.FallbackFor(tt.status).Name; got != tt.want {
			t.Errorf("%s: FallbackFor(%d) = %s, want %s", tt.c.Name, tt.status, got, tt.want)
		}
	}
}

// TestJitterDefaults checks SPEC §9's defaults: full jitter for every
// policy of kind backoff that does not set one, none for the other kinds.
func TestJitterDefaults(t *testing.T) {
	c, diags := Parse("jitter.toml", []byte(`
[catalog]
name = "Jitter"
[envelope]
code = "code"
message = "message"
[retry.slow]
kind = "backoff"
[retry.soon]
kind = "once"
initial_delay = "1s"
[retry.steady]
kind = "backoff"
jitter = "none"
[retry.half]
kind = "once"
jitter = "equal"
[codes.A]
status = 503
retry = { kind = "backoff", max_retries = 2 }
description = "A."
`))
	if c == nil {
		t.Fatal(diags)
	}
	for name, want := range map[string]Jitter{
		"never": JitterNone, "after_action": JitterNone, "once": JitterNone, "backoff": JitterFull,
		"slow": JitterFull, "soon": JitterNone, "steady": JitterNone, "half": JitterEqual,
	} {
		if got := c.Policy(name).Jitter; got != want {
			t.Errorf("policy %s: jitter %v, want %v", name, got, want)
		}
	}
	if got := c.Code("A").Retry.Jitter; got != JitterFull {
		t.Errorf("inline backoff policy: jitter %v, want full", got)
	}
}

// TestOrder checks that categories and codes keep file order, however the
// file defines them.
func TestOrder(t *testing.T) {
	src := `
[catalog]
name = "Order"
[envelope]
code = "code"
message = "message"
[categories]
zeta = { status = 500 }
alpha = { status = 400 }
[codes.Z_LAST]
category = "zeta"
description = "z"
[codes]
M_MIDDLE = { category = "alpha", description = "m" }
"A FIRST".description = "never reached"
`
	_, diags := Parse("order.toml", []byte(src))
	if got := diagText(diags); !strings.Contains(got, `order.toml:15:1: code "A FIRST" contains whitespace`) {
		t.Errorf("quoted dotted key position: got\n%s", got)
	}
	src = strings.Replace(src, `"A FIRST".description = "never reached"`, `B_FIRST = { category = "zeta", description = "b" }`, 1)
	c, diags := Parse("order.toml", []byte(src))
	if c == nil {
		t.Fatal(diagText(diags))
	}
	var got []string
	for _, cat := range c.Categories {
		got = append(got, cat.Key)
	}
	for _, code := range c.Codes {
		got = append(got, code.Code)
	}
	if diff := cmp.Diff([]string{"zeta", "alpha", "Z_LAST", "M_MIDDLE", "B_FIRST"}, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestWordsAndTitle(t *testing.T) {
	for in, want := range map[string][]string{
		"MISSING_API_KEY":     {"MISSING", "API", "KEY"},
		"HTTPServerError":     {"HTTP", "Server", "Error"},
		"SHA256Mismatch":      {"SHA256", "Mismatch"},
		"rate-limit.exceeded": {"rate", "limit", "exceeded"},
		"!!!":                 nil,
	} {
		if diff := cmp.Diff(want, Words(in)); diff != "" {
			t.Errorf("Words(%q) (-want +got):\n%s", in, diff)
		}
	}
	for in, want := range map[string]string{"not_found": "Not Found", "api_errors": "Api Errors", "rateLimit": "Rate Limit"} {
		if got := defaultTitle(in); got != want {
			t.Errorf("defaultTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestKeyPositions checks the key scanner on the TOML forms a catalog may use.
func TestKeyPositions(t *testing.T) {
	src := `# comment [not.a.table]
[catalog]
name = """
[codes.FAKE]
not = "a key" """
  "quoted.key" = 'literal'
[codes. "SPACED" . inner]
a.b . c = { d = 1, e = { f = [1, { g = 2 }] } }
x = [
  "]",  # ] in a comment
]
y = 1
`
	ix := scanKeys([]byte(src))
	tests := []struct {
		path []string
		want Position
	}{
		{[]string{"catalog"}, Position{2, 2}},
		{[]string{"catalog", "name"}, Position{3, 1}},
		{[]string{"catalog", "quoted.key"}, Position{6, 3}},
		{[]string{"codes", "SPACED"}, Position{7, 9}},
		{[]string{"codes", "SPACED", "inner", "a", "b", "c"}, Position{8, 7}},
		{[]string{"codes", "SPACED", "inner", "a", "b", "c", "e", "f"}, Position{8, 26}},
		{[]string{"codes", "SPACED", "inner", "y"}, Position{12, 1}},
	}
	for _, tt := range tests {
		if got := ix.key(tt.path...); got != tt.want {
			t.Errorf("key %q at %v, want %v", tt.path, got, tt.want)
		}
	}
	if _, ok := ix.lookup("codes", "FAKE"); ok {
		t.Error("a header inside a multi-line string was indexed")
	}
	if got := ix.table("codes", "SPACED", "inner"); got != (Position{7, 1}) {
		t.Errorf("table header at %v, want 7:1", got)
	}
	checkKeyOf(t, ix)
}

// TestKeyOf holds keyIndex.keyOf to keyIndex.key on every test catalog.
func TestKeyOf(t *testing.T) {
	files, _ := filepath.Glob("../testdata/*/*/errors.toml")
	more, _ := filepath.Glob("../testdata/*/*.toml")
	if len(files) == 0 || len(more) == 0 {
		t.Fatal("no test catalogs")
	}
	for _, file := range append(files, more...) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		checkKeyOf(t, scanKeys(src))
	}
}

// checkKeyOf holds ix.keyOf to ix.key: for every indexed table, every key
// under it, a key it lacks and a path the index lacks.
func checkKeyOf(t *testing.T, ix *keyIndex) {
	t.Helper()
	var walk func(path []string, n *keyNode)
	walk = func(path []string, n *keyNode) {
		at := ix.keyOf(path)
		for _, k := range append(slices.Collect(maps.Keys(n.children)), "absent") {
			if got, want := at(k), ix.key(append(slices.Clip(path), k)...); got != want {
				t.Errorf("keyOf(%q)(%q) = %v, key says %v", path, k, got, want)
			}
		}
		missing := append(slices.Clip(path), "absent")
		if got, want := ix.keyOf(missing)("k"), ix.key(append(missing, "k")...); got != want {
			t.Errorf("keyOf(%q)(%q) = %v, key says %v", missing, "k", got, want)
		}
		for k, c := range n.children {
			walk(append(slices.Clip(path), k), c)
		}
	}
	walk(nil, &ix.root)
}

func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"../testdata/catalogs/*/errors.toml", "../testdata/bad/*.toml", "../testdata/warn/*.toml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Add([]byte("\uFEFF[codes.\"\\e[31m\\u202e\"]\nx = [[{a = 1}]]\n"))
	f.Add([]byte("[a.b.c.d.e.f.g]\nh.i.j = {k = [[{l = [1]}]]}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, diags := Parse("fuzz.toml", src)
		if (c == nil) != diags.HasErrors() {
			t.Fatalf("catalog %v with errors %v", c != nil, diags.HasErrors())
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range diags {
			if d.Pos.Line < 1 || d.Pos.Col < 1 || d.Pos.Line > lines || d.Message == "" {
				t.Fatalf("bad diagnostic %q", d)
			}
			if printable(d.Message) != d.Message {
				t.Fatalf("diagnostic with an unprintable character: %q", d.Message)
			}
		}
		checkIndexed(t, src)
		if doc := bytes.TrimPrefix(src, []byte("\uFEFF")); len(checkLimits(doc)) == 0 {
			// As Parse does, only documents within the limits are decoded;
			// and at the first, middle and last split, so that a fuzzed
			// catalog costs a few decodings, not one per code
			// (TestDecodeSplit tries every split of its documents).
			if at := splitsOf(doc); len(at) > 3 {
				checkSplitsAt(t, doc, []int{at[0], at[len(at)/2], at[len(at)-1]})
			} else {
				checkSplitsAt(t, doc, at)
			}
		}
		if c == nil {
			return
		}
		for _, code := range c.Codes {
			if code.Retry == nil {
				t.Fatalf("code %q resolved without a policy", code.Code)
			}
		}
	})
}

// checkIndexed checks, for a document src that passes the limits and
// decodes, that every key the decoder finds outside arrays is in the key
// index, and that the decoded document nests no deeper than MaxDepth.
func checkIndexed(t *testing.T, src []byte) {
	t.Helper()
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if len(checkLimits(src)) > 0 {
		return
	}
	var doc map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&doc); err != nil {
		return
	}
	ix := scanKeys(src)
	var walk func(path []string, m map[string]any)
	walk = func(path []string, m map[string]any) {
		for k, v := range m {
			p := extend(path, k)
			if _, ok := ix.lookup(p...); !ok {
				t.Fatalf("key %q is not indexed", p)
			}
			if sub, ok := v.(map[string]any); ok {
				walk(p, sub)
			}
		}
	}
	walk(nil, doc)
	if d := docDepth(doc); d > MaxDepth {
		t.Fatalf("the decoded document nests %d levels, more than %d", d, MaxDepth)
	}
}

// docDepth is how deeply v nests: each key and each array counts one.
func docDepth(v any) int {
	deepest := 0
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			deepest = max(deepest, 1+docDepth(e))
		}
	case []map[string]any:
		for _, e := range v {
			deepest = max(deepest, 1+docDepth(e))
		}
	case []any:
		for _, e := range v {
			deepest = max(deepest, 1+docDepth(e))
		}
	}
	return deepest
}

// TestSizeLimit checks that a catalog over MaxSize is refused before it is
// parsed.
func TestSizeLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.toml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	c, diags, err := Load(path)
	if c != nil || diags != nil || err == nil || !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Errorf("Load = %v, %v, %v; want a size error", c, diags, err)
	}
	if c, diags := Parse("huge.toml", make([]byte, MaxSize+1)); c != nil || !strings.Contains(diags.Error(), "larger than 64 MiB") {
		t.Errorf("Parse = %v, %v; want a size error", c, diags)
	}
}

// TestSyntaxPositions checks where TOML syntax errors are reported, with
// and without a UTF-8 byte order mark.
func TestSyntaxPositions(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"item without newline", "a = 1 b = 2\n", "s.toml:1:7: syntax error: expected a top-level item to end with a newline, comment, or EOF, but got 'b' instead"},
		{"header without newline", "[a] b = 2\n", "s.toml:1:5: syntax error: expected a top-level item to end with a newline, comment, or EOF, but got 'b' instead"},
		{"item without newline, non-ASCII", "a = 1  é\n", "s.toml:1:8: syntax error: expected a top-level item to end with a newline, comment, or EOF, but got 'é' instead"},
		{"invalid escape", "a = 1\nb = \"xyz\\qy\"\n", "s.toml:2:9: syntax error: invalid escape in string '\\q'"},
		{"invalid escape after non-ASCII", "b = \"éé\\q\"\n", "s.toml:1:10: syntax error: invalid escape in string '\\q'"},
		{"invalid escape, multi-line string", "a = \"\"\"\nline\nx\\qy\"\"\"\n", "s.toml:3:2: syntax error: invalid escape in string '\\q'"},
		{"short unicode escape", "a = \"ab\\u00\"\n", "s.toml:1:8: syntax error: expected four hexadecimal digits after '\\u', but got \"ab\\\\u00\\\"\" instead"},
		{"newline in string", "a = \"x\nb = 1\n", "s.toml:1:7: syntax error: strings cannot contain newlines"},
		{"missing value", "a = 1\nb = = 2\n", "s.toml:2:5: syntax error: expected value but found '=' instead"},
		{"control character", "a = \"x\x1by\"\n", "s.toml:1:7: syntax error: TOML files cannot contain control characters: '0x1b'"},
		{"control character first", "\x1b = 1\n", "s.toml:1:1: syntax error: TOML files cannot contain control characters: '0x1b'"},
		{"invalid UTF-8", "a = \"xy\xffz\"\n", "s.toml:1:8: syntax error: invalid UTF-8 byte: 0xff"},
		{"invalid UTF-8 in a key", "abc\xff = 1\n", "s.toml:1:4: syntax error: invalid UTF-8 byte: 0xff"},
	}
	for _, tt := range tests {
		for _, bom := range []string{"", "\uFEFF"} {
			t.Run(fmt.Sprintf("%s/bom=%v", tt.name, bom != ""), func(t *testing.T) {
				_, diags := Parse("s.toml", []byte(bom+tt.src))
				if len(diags) != 1 {
					t.Fatalf("want one diagnostic, got:\n%s", diagText(diags))
				}
				if diff := cmp.Diff(tt.want, diags[0].String()); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestQuotedKeyPositions checks that quoted keys with every TOML escape
// are found at their own position, not at an ancestor's.
func TestQuotedKeyPositions(t *testing.T) {
	src := "\uFEFF[codes]\n" +
		`"a\bb" = 1` + "\n" +
		`"a\fb" = 1` + "\n" +
		`"a\rb" = 1` + "\n" +
		`"a\eb" = 1` + "\n" +
		`"a\tb" = 1` + "\n" +
		`"a\nb" = 1` + "\n" +
		`"a\"b" = 1` + "\n" +
		`"a\\b" = 1` + "\n" +
		`"a\x41b" = 1` + "\n" +
		`"a\u00e9b" = 1` + "\n" +
		`"a\U0001F600b" = 1` + "\n" +
		`'a\c' = 1` + "\n" +
		`x."a\e[31m".y = 1` + "\n"
	var doc map[string]any
	if _, err := toml.Decode(src, &doc); err != nil {
		t.Fatal(err)
	}
	ix := scanKeys([]byte(strings.TrimPrefix(src, "\uFEFF")))
	want := map[string]Position{
		"a\bb": {2, 1}, "a\fb": {3, 1}, "a\rb": {4, 1}, "a\x1bb": {5, 1}, "a\tb": {6, 1}, "a\nb": {7, 1},
		`a"b`: {8, 1}, `a\b`: {9, 1}, "aAb": {10, 1}, "aéb": {11, 1}, "a😀b": {12, 1},
	}
	codes := doc["codes"].(map[string]any)
	for key, pos := range want {
		if _, ok := codes[key]; !ok {
			t.Errorf("the decoder has no key %q", key)
		}
		if got, ok := ix.lookup("codes", key); !ok || got != pos {
			t.Errorf("key %q at %v (found %v), want %v", key, got, ok, pos)
		}
	}
	if got, _ := ix.lookup("codes", "x", "a\x1b[31m", "y"); got != (Position{14, 13}) {
		t.Errorf("dotted key with an escape at %v, want 14:13", got)
	}
	if got := ix.table("codes"); got != (Position{1, 1}) {
		t.Errorf("[codes] after a byte order mark at %v, want 1:1", got)
	}
}

// TestRuntimePolicies checks the distinct runtime policies of a catalog:
// their order, the names that share each, and RuntimeIndex.
func TestRuntimePolicies(t *testing.T) {
	c := load(t, "kitchensink")
	var got []string
	for _, rp := range c.RuntimePolicies {
		got = append(got, fmt.Sprintf("%s max=%d %s-%s ×%g ra=%v io=%v %v", rp.Kind, rp.MaxRetries, rp.InitialDelay, rp.MaxDelay, rp.Multiplier, rp.RetryAfter, rp.IdempotentOnly, rp.Names))
	}
	want := []string{
		"never max=0 0s-0s ×0 ra=false io=false [never]",
		"after_action max=0 0s-0s ×0 ra=false io=false [after_action rotate_key]",
		"once max=1 0s-0s ×0 ra=false io=false [once]",
		"backoff max=4 500ms-30s ×2 ra=true io=false [backoff]",
		"backoff max=5 250ms-8s ×1.5 ra=false io=true [patient]",
		"once max=1 1s-30s ×2 ra=false io=false [inline]",
		"backoff max=2 100ms-1s ×3 ra=true io=false [inline]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("runtime policies (-want +got):\n%s", diff)
	}
	byScan := &Catalog{RuntimePolicies: c.RuntimePolicies} // no index: RuntimeIndex scans
	for _, code := range c.Codes {
		i := c.RuntimeIndex(code.Retry)
		if i < 0 || c.RuntimePolicies[i].Runtime != code.Retry.Runtime() {
			t.Errorf("code %s: RuntimeIndex = %d", code.Code, i)
		}
		if j := byScan.RuntimeIndex(code.Retry); j != i {
			t.Errorf("code %s: RuntimeIndex without an index = %d, want %d", code.Code, j, i)
		}
	}
	if i := c.RuntimeIndex(&Policy{Kind: RetryBackoff, MaxRetries: 99}); i != -1 {
		t.Errorf("RuntimeIndex of a policy not in the catalog = %d, want -1", i)
	}
	labelled := *c.Policy("patient")
	labelled.Name, labelled.Label, labelled.Action = "other", "Other label", "Other action"
	if c.RuntimeIndex(&labelled) != c.RuntimeIndex(c.Policy("patient")) {
		t.Error("a policy differing only in name and docs text has another index")
	}
}

// TestLookups checks the map lookups against a catalog built by hand,
// which has no maps and is searched.
func TestLookups(t *testing.T) {
	c := load(t, "kitchensink")
	byScan := &Catalog{Codes: c.Codes, Categories: c.Categories, Policies: c.Policies, Retired: c.Retired}
	for _, cc := range []*Catalog{c, byScan} {
		for _, code := range c.Codes {
			if cc.Code(code.Code) != code {
				t.Errorf("Code(%q) is not the code", code.Code)
			}
		}
		for _, cat := range c.Categories {
			if cc.Category(cat.Key) != cat {
				t.Errorf("Category(%q) is not the category", cat.Key)
			}
		}
		for _, p := range c.Policies {
			if cc.Policy(p.Name) != p {
				t.Errorf("Policy(%q) is not the policy", p.Name)
			}
		}
		for _, r := range c.Retired {
			if cc.RetiredCode(r.Code) != r {
				t.Errorf("RetiredCode(%q) is not the retired code", r.Code)
			}
		}
		if cc.Code("NOPE") != nil || cc.Category("nope") != nil || cc.Policy("nope") != nil || cc.RetiredCode("API_KEY_EXPIRED") != nil {
			t.Error("a lookup found what is not there")
		}
	}
}

// levenshtein is the plain edit distance, to check the bounded one.
func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// TestBoundedDistance compares the bounded edit distance with the plain
// one on many pairs of short strings over a small alphabet.
func TestBoundedDistance(t *testing.T) {
	var dr distancer
	words := []string{"", "a", "ab", "ba", "abc", "acb", "bca", "aaaa", "abab", "baba", "abcabc", "cbacba", "aabbcc", "ccbbaa", "abcdefgh", "abdcefhg", "bcdefgha", "é", "éa", "staus", "status", "retry_note"}
	for _, x := range words {
		for _, y := range words {
			a, b := []rune(x), []rune(y)
			d := levenshtein(a, b)
			for k := range 8 {
				got, _ := dr.distance(a, b, k)
				want := min(d, k+1)
				if got != want {
					t.Errorf("distance(%q, %q, %d) = %d, want %d", x, y, k, got, want)
				}
			}
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"category", "status", "description", "retry_note", "retry"}
	tests := []struct {
		in, want string
	}{
		{"staus", ` (did you mean "status"?)`},
		{"Descripton", ` (did you mean "description"?)`},
		{"retry_nte", ` (did you mean "retry_note"?)`},
		{"retyr", ` (did you mean "retry"?)`},
		{"zzzzzz", ""},
		{strings.Repeat("s", maxSuggestLen+1), ""},
	}
	for _, tt := range tests {
		l := &loader{suggestBudget: suggestBudget}
		if got := l.suggest(tt.in, keys); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := (&loader{}).suggest("staus", keys); got != "" {
		t.Errorf("suggest with no budget = %q, want none", got)
	}
}

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, é and 🚀", "plain text, é and 🚀"},
		{"a\nb\tc\rd", `a\nb\tc\rd`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"right\u202eleft\u2066x\u200bz\ufeff", `right\u202eleft\u2066x\u200bz\ufeff`},
		{"bad \xff byte", `bad \xff byte`},
		{"\u0085\u00a0\u2028", `\u0085\u00a0\u2028`},
	}
	for _, tt := range tests {
		if got := printable(tt.in); got != tt.want {
			t.Errorf("printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFixedDuplicates checks that a fixed member written twice counts once,
// at its last place, with its last value.
func TestFixedDuplicates(t *testing.T) {
	src := `[catalog]
name = "Fixed"
[envelope]
code = "code"
message = "message"
fixed = '{"a": 1, "b": 2, "a": 3, "c": 4, "b": 5}'
[codes.A]
status = 400
description = "d"
`
	c, diags := Parse("f.toml", []byte(src))
	if c == nil {
		t.Fatal(diagText(diags))
	}
	want := []FixedMember{{"a", []byte("3")}, {"c", []byte("4")}, {"b", []byte("5")}}
	if diff := cmp.Diff(want, c.Envelope.Fixed); diff != "" {
		t.Errorf("fixed (-want +got):\n%s", diff)
	}
}

// TestFixedNumberRange checks that a fixed member holding a number beyond
// a 64-bit float, at any depth, is refused at the fixed key, and that the
// numbers at the edges of the range are kept as written.
func TestFixedNumberRange(t *testing.T) {
	const large = `errors.toml:6:1: fixed member "n" holds a number too large for a 64-bit float: JSON readers reject it or read it as infinity`
	const small = `errors.toml:6:1: fixed member "n" holds a number too small for a 64-bit float: JSON readers read it as 0`
	for _, tc := range []struct {
		name, value, want string
	}{
		{"largest float", "1.7976931348623157e308", ""},
		{"above the largest float", "1.8e308", large},
		{"large exponent", "1e400", large},
		{"negative", "-1e400", large},
		{"huge exponent", "1E+99999999999999999999", large},
		{"nested in an array", `[1, 2, [3e999]]`, large},
		{"nested in an object", `{"a": {"b": 1e999}}`, large},
		{"smallest subnormal", "5e-324", ""},
		{"below the smallest subnormal", "1e-400", small},
		{"negative below the smallest subnormal", "-2.5e-400", small},
		{"zero with a large exponent", "0e999", ""},
		{"zero with a small exponent", "0.000e-999", ""},
		{"integer beyond 64 bits", "123456789012345678901234567890", ""},
		{"many digits", "3.14159265358979323846264338327950288419716939937510", ""},
		{"number-like string", `"1e400"`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "[catalog]\nname = \"N\"\n[envelope]\ncode = \"code\"\nmessage = \"message\"\n" +
				"fixed = '{\"n\": " + tc.value + "}'\n[codes.A]\nstatus = 400\ndescription = \"d\"\n"
			c, diags := Parse("errors.toml", []byte(src))
			if diff := cmp.Diff(tc.want, strings.TrimSuffix(diagText(diags), "\n")); diff != "" {
				t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
			}
			if (c == nil) != (tc.want != "") {
				t.Fatalf("Parse returned catalog %v with diagnostics %q", c != nil, tc.want)
			}
			if c != nil {
				var compact bytes.Buffer
				if err := json.Compact(&compact, []byte(tc.value)); err != nil {
					t.Fatal(err)
				}
				want := []FixedMember{{"n", compact.Bytes()}}
				if diff := cmp.Diff(want, c.Envelope.Fixed); diff != "" {
					t.Errorf("fixed (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestCompareEscapes checks that a change quoting catalog text that the
// name grammar does not cover (a fixed member's JSON) is printable.
func TestCompareEscapes(t *testing.T) {
	src := `[catalog]
name = "Fixed"
[envelope]
code = "code"
message = "message"
fixed = '{"a": "FIXED"}'
[codes.A]
status = 400
description = "d"
`
	old, diags := Parse("old.toml", []byte(src))
	if old == nil {
		t.Fatal(diagText(diags))
	}
	new, diags := Parse("new.toml", []byte(strings.Replace(src, "FIXED", "x\u202ey", 1)))
	if new == nil {
		t.Fatal(diagText(diags))
	}
	changes := Compare(old, new)
	if len(changes) != 1 {
		t.Fatalf("want one change, got %+v", changes)
	}
	if want := `fixed members {"a":"FIXED"} → {"a":"x\u202ey"}`; changes[0].Message != want {
		t.Errorf("message %q, want %q", changes[0].Message, want)
	}
}

// TestDiagnosticStringEscapes checks that a diagnostic made outside the
// loader, as targets make theirs, still prints no control character.
func TestDiagnosticStringEscapes(t *testing.T) {
	d := Diagnostic{File: "a\x1b[2Jb.toml", Pos: Position{1, 2}, Message: "code \x1b]0;title\x07 \u202e collides"}
	got := d.String()
	if strings.ContainsFunc(got, func(r rune) bool { return r < ' ' || r == 0x7f || r == '\u202e' }) {
		t.Errorf("String() = %q holds control characters", got)
	}
	if !strings.Contains(got, `\x1b`) {
		t.Errorf("String() = %q does not show the escape", got)
	}
}

// TestLoadRefusesSpecialFiles checks that a catalog that is a device or a
// directory is refused before it is read.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	link := filepath.Join(t.TempDir(), "errors.toml")
	if err := os.Symlink(os.DevNull, link); err != nil {
		t.Skip(err)
	}
	for _, path := range []string{link, t.TempDir()} {
		c, _, err := Load(path)
		if c != nil || err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Load(%s) = %v, %v; want a refusal", path, c, err)
		}
	}
}

func TestOneLineAndSentence(t *testing.T) {
	tests := []struct{ in, line, sentence string }{
		{"plain text", "plain text", "plain text."},
		{"  two\n\tlines \r\n", "two lines", "two lines."},
		{"a\u202eb\ufeffc\x00d", "abc d", "abc d."},
		{"Done!", "Done!", "Done!"},
		{"\u200e", "", ""},
		{"ends in `code`", "ends in `code`", "ends in `code`"},
	}
	for _, tt := range tests {
		if got := OneLine(tt.in); got != tt.line {
			t.Errorf("OneLine(%q) = %q, want %q", tt.in, got, tt.line)
		}
		if got := Sentence(tt.in); got != tt.sentence {
			t.Errorf("Sentence(%q) = %q, want %q", tt.in, got, tt.sentence)
		}
	}
}
