package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	if b := c.Policy("backoff"); b.Builtin || b.MaxRetries != 4 || !b.RetryAfter || b.InitialDelay != 500*time.Millisecond || b.Jitter != JitterFull {
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
	f.Fuzz(func(t *testing.T, src []byte) {
		c, diags := Parse("fuzz.toml", src)
		if (c == nil) != diags.HasErrors() {
			t.Fatalf("catalog %v with errors %v", c != nil, diags.HasErrors())
		}
		for _, d := range diags {
			if d.Pos.Line < 1 || d.Pos.Col < 1 || d.Message == "" {
				t.Fatalf("bad diagnostic %q", d)
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
