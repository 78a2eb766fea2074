package catalog

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// parseOK parses src and fails the test unless it validates.
func parseOK(t *testing.T, src string) *Catalog {
	t.Helper()
	c, diags := Parse("errors.toml", []byte(src))
	if c == nil {
		t.Fatalf("catalog does not validate:\n%s", diagText(diags))
	}
	return c
}

const problemHead = `[catalog]
name = "Store"
docs_url = "https://example.com/probs"
`

const problemCodes = `
[codes.OUT_OF_CREDIT]
status = 403
title = "You do not have enough credit."
description = "The balance does not cover the purchase."

[codes.MISSING_API_KEY]
status = 401
description = "No key."
`

// paths returns the envelope's paths as field → dot path, in body order.
func paths(e *Envelope) [][2]string {
	var out [][2]string
	for _, p := range e.Paths() {
		out = append(out, [2]string{p.Field, strings.Join(p.Segments, ".")})
	}
	return out
}

// TestProblemEnvelope checks SPEC §10's preset: every path it sets, in
// RFC 9457's member order, any key set explicitly overriding it, "" leaving
// a preset path out, and the content type.
func TestProblemEnvelope(t *testing.T) {
	tests := []struct {
		name        string
		envelope    string
		paths       [][2]string
		contentType string
	}{
		{"preset", `format = "problem"`, [][2]string{
			{"doc_url", "type"}, {"title", "title"}, {"status", "status"}, {"message", "detail"},
			{"instance", "instance"}, {"code", "code"}, {"details", "errors"},
		}, "application/problem+json"},
		{"overrides", "format = \"problem\"\ncode = \"error_code\"\ndetails = \"invalid_params\"\ncontent_type = \"application/problem+json; charset=utf-8\"", [][2]string{
			{"doc_url", "type"}, {"title", "title"}, {"status", "status"}, {"message", "detail"},
			{"instance", "instance"}, {"code", "error_code"}, {"details", "invalid_params"},
		}, "application/problem+json; charset=utf-8"},
		{"paths left out", "format = \"problem\"\ninstance = \"\"\ndetails = \"\"\nstatus = \"\"", [][2]string{
			{"doc_url", "type"}, {"title", "title"}, {"message", "detail"}, {"code", "code"},
		}, "application/problem+json"},
		{"json", "code = \"error.code\"\nmessage = \"error.message\"\ntitle = \"error.title\"\ninstance = \"error.instance\"", [][2]string{
			{"code", "error.code"}, {"message", "error.message"}, {"title", "error.title"}, {"instance", "error.instance"},
		}, "application/json"},
		{"json explicitly", "format = \"json\"\ncode = \"code\"\nmessage = \"message\"\ncontent_type = \"application/vnd.api+json\"", [][2]string{
			{"code", "code"}, {"message", "message"},
		}, "application/vnd.api+json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := parseOK(t, problemHead+"\n[envelope]\n"+tt.envelope+"\n"+problemCodes)
			if diff := cmp.Diff(tt.paths, paths(&c.Envelope)); diff != "" {
				t.Errorf("paths (-want +got):\n%s", diff)
			}
			if c.Envelope.ContentType != tt.contentType {
				t.Errorf("content type %q, want %q", c.Envelope.ContentType, tt.contentType)
			}
		})
	}
}

// TestProblemExampleBody checks the example body of a problem catalog:
// RFC 9457's members in the order of its examples, the title included.
func TestProblemExampleBody(t *testing.T) {
	c := parseOK(t, problemHead+"\n[envelope]\nformat = \"problem\"\n"+problemCodes)
	got := string(c.ExampleBody(c.Code("OUT_OF_CREDIT"), "Your current balance is 30, but that costs 50."))
	want := `{"type":"https://example.com/probs#out_of_credit","title":"You do not have enough credit.","status":403,` +
		`"detail":"Your current balance is 30, but that costs 50.","code":"OUT_OF_CREDIT"}`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("example body (-want +got):\n%s", diff)
	}
	// Without docs_url there is no type: the RFC reads that as about:blank.
	c = parseOK(t, "[catalog]\nname = \"Store\"\n[envelope]\nformat = \"problem\"\n"+problemCodes)
	got = string(c.ExampleBody(c.Code("MISSING_API_KEY"), "No key."))
	want = `{"title":"Missing API key","status":401,"detail":"No key.","code":"MISSING_API_KEY"}`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("example body without docs_url (-want +got):\n%s", diff)
	}
}

// TestCodeTitle checks a code's title: the catalog's, else SPEC §10's
// sentence case of its words with initialisms in upper case.
func TestCodeTitle(t *testing.T) {
	for code, want := range map[string]string{
		"PRODUCT_NOT_FOUND":  "Product not found",
		"MISSING_API_KEY":    "Missing API key",
		"API_KEY_EXPIRED":    "API key expired",
		"checkout-not-found": "Checkout not found",
		"InvalidApiKey":      "Invalid API key",
		"HTTPServerError":    "HTTP server error",
		"SHA256Mismatch":     "Sha256 mismatch",
		"url":                "URL",
		"2FA_REQUIRED":       "2 fa required", // a capital after a digit starts a word (SPEC §7)
		"ÉCHEC_DU_PAIEMENT":  "Échec du paiement",
		"!!!":                "",
	} {
		if got := defaultCodeTitle(code); got != want {
			t.Errorf("defaultCodeTitle(%q) = %q, want %q", code, got, want)
		}
	}
	c := parseOK(t, problemHead+"\n[envelope]\nformat = \"problem\"\n"+problemCodes)
	for code, want := range map[string]string{"OUT_OF_CREDIT": "You do not have enough credit.", "MISSING_API_KEY": "Missing API key"} {
		if got := c.Code(code).Title; got != want {
			t.Errorf("%s title %q, want %q", code, got, want)
		}
	}
}

// TestProblemDiagnostics checks the positioned errors of SPEC §10's keys.
func TestProblemDiagnostics(t *testing.T) {
	tests := []struct {
		name, envelope, codes string
		want                  string
	}{
		{"unknown format", `format = "problems"`, problemCodes,
			`errors.toml:6:1: unknown envelope format "problems": want json or problem (did you mean "problem"?)`},
		{"format not a string", `format = 1`, problemCodes,
			`errors.toml:6:1: format must be a string, not an integer`},
		{"path overlaps the preset", "format = \"problem\"\ncode = \"status.code\"", problemCodes,
			`errors.toml:7:1: envelope code path "status.code" overlaps the status path "status" (format "problem")`},
		{"preset overlaps a path", "format = \"problem\"\ninstance = \"type.occurrence\"", problemCodes,
			`errors.toml:7:1: envelope instance path "type.occurrence" overlaps the doc_url path "type" (format "problem")`},
		{"title path overlaps", "code = \"error.code\"\nmessage = \"error.message\"\ntitle = \"error.code\"", problemCodes,
			`errors.toml:8:1: envelope title path "error.code" overlaps the code path "error.code"`},
		{"fixed overlaps the preset", "format = \"problem\"\nfixed = '{\"type\": \"about:blank\"}'", problemCodes,
			`errors.toml:7:1: fixed member "type" overlaps envelope path "type"`},
		{"content type", "format = \"problem\"\ncontent_type = \"problem json\"", problemCodes,
			`errors.toml:7:1: content_type "problem json" is not a media type such as "application/problem+json"`},
		{"content type without subtype", "format = \"problem\"\ncontent_type = \"json\"", problemCodes,
			`errors.toml:7:1: content_type "json" is not a media type such as "application/problem+json"`},
		{"content type header injection", "format = \"problem\"\ncontent_type = \"application/json\\r\\nX-Evil: 1\"", problemCodes,
			`errors.toml:7:1: content_type "application/json\r\nX-Evil: 1" is not a media type such as "application/problem+json"`},
		{"empty title", `format = "problem"`, "[codes.A]\nstatus = 400\ndescription = \"d\"\ntitle = \" \"\n",
			`errors.toml:10:1: title must not be empty`},
		{"code required without format", `message = "detail"`, problemCodes,
			`errors.toml:5:1: [envelope] is missing required key "code"`},
		{"code must not be empty under problem", "format = \"problem\"\ncode = \"\"", problemCodes,
			`errors.toml:7:1: code must not be empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, diags := Parse("errors.toml", []byte(problemHead+"\n[envelope]\n"+tt.envelope+"\n"+tt.codes))
			if c != nil {
				t.Fatalf("catalog validates; diagnostics:\n%s", diagText(diags))
			}
			if diff := cmp.Diff(tt.want+"\n", diagText(diags)); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDocURLWithoutDocsURL checks SPEC §10's amendment of §7: doc_url no
// longer needs docs_url; nothing is written there. Set explicitly, it
// draws a warning; set by the preset, it does not.
func TestDocURLWithoutDocsURL(t *testing.T) {
	for _, tt := range []struct {
		name, envelope string
		warnings       string
	}{
		{"explicit", "code = \"code\"\nmessage = \"message\"\ndoc_url = \"type\"",
			"errors.toml:7:1: warning: envelope doc_url is unused without docs_url in [catalog]: error bodies carry no link there\n"},
		{"preset", `format = "problem"`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, diags := Parse("errors.toml", []byte("[catalog]\nname = \"S\"\n\n[envelope]\n"+tt.envelope+"\n"+problemCodes))
			if c == nil {
				t.Fatal(diagText(diags))
			}
			if diff := cmp.Diff(tt.warnings, diagText(diags)); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			if link := c.DocLink("OUT_OF_CREDIT"); link != "" {
				t.Errorf("DocLink = %q, want none", link)
			}
			if body := string(c.ExampleBody(c.Code("OUT_OF_CREDIT"), "m")); strings.Contains(body, "type") {
				t.Errorf("example body %s has a type", body)
			}
		})
	}
}

// TestCompareProblem checks how diff rates SPEC §10's changes: a changed
// format or path is breaking, a changed title or content type notable.
func TestCompareProblem(t *testing.T) {
	base := problemHead + "\n[envelope]\nformat = \"problem\"\n" + problemCodes
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"format", "[catalog]\nname = \"Store\"\n[envelope]\ncode = \"code\"\nmessage = \"detail\"\n" + problemCodes,
			"[catalog]\nname = \"Store\"\n[envelope]\nformat = \"problem\"\ndoc_url = \"\"\ninstance = \"\"\nstatus = \"\"\ndetails = \"\"\ntitle = \"\"\n" + problemCodes,
			[]string{`breaking envelope: format "json" → "problem"`, `notable envelope: content type "application/json" → "application/problem+json"`}},
		{"title path", base, strings.Replace(base, `format = "problem"`, "format = \"problem\"\ntitle = \"summary\"", 1),
			[]string{`breaking envelope: title path "title" → "summary"`}},
		{"instance path dropped", base, strings.Replace(base, `format = "problem"`, "format = \"problem\"\ninstance = \"\"", 1),
			[]string{`breaking envelope: instance path "instance" → (none)`}},
		{"content type", base, strings.Replace(base, `format = "problem"`, "format = \"problem\"\ncontent_type = \"application/json\"", 1),
			[]string{`notable envelope: content type "application/problem+json" → "application/json"`}},
		{"explicit title", base, strings.Replace(base, "description = \"No key.\"", "description = \"No key.\"\ntitle = \"No API key\"", 1),
			[]string{`notable MISSING_API_KEY: title "Missing API key" → "No API key"`}},
		{"default title", base, strings.Replace(base, "title = \"You do not have enough credit.\"\n", "", 1),
			[]string{`notable OUT_OF_CREDIT: title "You do not have enough credit." → "Out of credit"`}},
		{"the preset written out", base, strings.Replace(base, `format = "problem"`, `format = "problem"
code = "code"
message = "detail"
status = "status"
title = "title"
doc_url = "type"
instance = "instance"
details = "errors"
content_type = "application/problem+json"`, 1), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, ch := range Compare(parseOK(t, tt.old), parseOK(t, tt.new)) {
				got = append(got, ch.Severity.String()+" "+ch.Subject+": "+ch.Message)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestProblemOrderHasEveryField checks that problem bodies write every
// field an envelope can hold, each once.
func TestProblemOrderHasEveryField(t *testing.T) {
	want := slices.Sorted(slices.Values(EnvelopeFields()))
	got := slices.Sorted(slices.Values(problemOrder))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problemOrder (-want +got):\n%s", diff)
	}
	for field := range problemPreset {
		if !slices.Contains(want, field) {
			t.Errorf("the preset sets %q, which is not an envelope field", field)
		}
	}
}
