package openapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/openapi"
	"github.com/errcat/errcat/internal/golden"
	"github.com/errcat/errcat/internal/testcat"
	"github.com/errcat/errcat/templates"
)

// TestGolden compares the YAML document of every catalog under
// testdata/catalogs, and the kitchen sink's JSON document, with their
// goldens, and checks that a second run gives the same bytes.
func TestGolden(t *testing.T) {
	for _, name := range testcat.All {
		for _, f := range formats {
			if f.format == openapi.JSON && name != "kitchensink" {
				continue
			}
			t.Run(name+"/"+f.name, func(t *testing.T) {
				got := render(t, load(t, name), f.format)
				if again := render(t, load(t, name), f.format); !bytes.Equal(got, again) {
					t.Error("two runs generated different bytes")
				}
				golden.Check(t, filepath.Join(testcat.Dir(name), "openapi"+f.ext+".golden"), got)
			})
		}
	}
}

// TestFormatsAgree checks that the JSON and the YAML document of each
// catalog, the trap catalogs included, hold the same value, and that the
// JSON one is JSON.
func TestFormatsAgree(t *testing.T) {
	catalogs := map[string]*catalog.Catalog{"trap": parse(t, trapCatalog), "yaml11": parse(t, yaml11Catalog)}
	for _, name := range testcat.All {
		catalogs[name] = load(t, name)
	}
	for name, c := range catalogs {
		t.Run(name, func(t *testing.T) {
			js := render(t, c, openapi.JSON)
			if !json.Valid(js) {
				t.Fatal("the JSON document is not valid JSON")
			}
			var fromJSON, fromYAML any
			if err := json.Unmarshal(js, &fromJSON); err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal(render(t, c, openapi.YAML), &fromYAML); err != nil {
				t.Fatal(err)
			}
			// Compare through JSON, which gives both the same number types.
			y, err := json.Marshal(fromYAML)
			if err != nil {
				t.Fatal(err)
			}
			var fromYAMLJSON any
			if err := json.Unmarshal(y, &fromYAMLJSON); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(fromJSON, fromYAMLJSON); diff != "" {
				t.Errorf("JSON and YAML documents differ (-json +yaml):\n%s", diff)
			}
		})
	}
}

// TestDocument checks each catalog's document, in both formats, against
// what the catalog says: see checkDocument.
func TestDocument(t *testing.T) {
	for _, name := range testcat.All {
		for _, f := range formats {
			t.Run(name+"/"+f.name, func(t *testing.T) {
				c := load(t, name)
				checkDocument(t, c, render(t, c, f.format))
			})
		}
	}
}

// trapCatalog holds text that means something to YAML, JSON or Markdown
// in every place catalog text reaches the document.
const trapCatalog = `
[catalog]
name = "true"
version = "null"
description = "key: value\n- item\n  indented \n\ttab\r\nCRLF \u0001 control \u007f del \u2028 ls \uFEFF bom # hash"

[envelope]
code = "*alias.&anchor"
message = "!tag"
status = "%directive"
details = "---"
fixed = '{"...": [1.5e3, -0, true, null, {"": ""}], "#": "@` + "`" + `"}'

[retry.yes-no]
kind = "backoff"
initial_delay = "1s"
max_retries = 2

[retry.null]
kind = "after_action"
action = "'single' \"double\" \\ back\nslash"

[codes."404"]
status = 404
description = "   leading spaces and trailing   "

[codes."-dash"]
status = 404
description = "? question\n: colon"
retry = "null"

[codes."key:value"]
status = 500
description = "|\n  literal-looking\n>"
retry = "yes-no"
deprecated = "<b>raw html</b> and a \"quote\""

[codes.'{"json":[1]}']
status = 500
description = "{\"json\": [1]}"

[codes."~"]
go_name = "Tilde"
status = 503
retry = "backoff"
description = "~"

[codes."async"]
surfaces = ["async"]
description = "Only in webhooks."
`

func TestTrapText(t *testing.T) {
	c := parse(t, trapCatalog)
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			checkDocument(t, c, render(t, c, f.format))
		})
	}
}

// checkDocument checks that doc, parsed back, says what c says: catalog
// text exactly as written (descriptions with raw HTML escaped, as in the
// Markdown docs), the codes in catalog order, one response per status in
// order of status with one example per code whose value is exactly the
// body generated code writes, the retry policies, and the Retry-After
// header where a policy honours it.
func checkDocument(t testing.TB, c *catalog.Catalog, doc []byte) {
	t.Helper()
	root := parseDoc(t, doc)
	if diff := cmp.Diff([]string{"openapi", "info", "components"}, keys(root)); diff != "" {
		t.Errorf("top-level keys (-want +got):\n%s", diff)
	}
	if got := str(t, root, "openapi"); got != "3.1.0" {
		t.Errorf("openapi = %q", got)
	}
	if got := str(t, root, "info", "title"); got != c.Name {
		t.Errorf("info.title = %q, want %q", got, c.Name)
	}
	version := c.Version
	if version == "" {
		version = "0.0.0"
	}
	if got := str(t, root, "info", "version"); got != version {
		t.Errorf("info.version = %q, want %q", got, version)
	}
	if want := templates.Block(c.Description); want != "" {
		if got := str(t, root, "info", "description"); got != want {
			t.Errorf("info.description = %q, want %q", got, want)
		}
	} else if get(root, "info", "description") != nil {
		t.Error("info.description without a catalog description")
	}

	codeSchema := get(root, "components", "schemas", "ErrorCode")
	var codes []string
	for _, code := range c.Codes {
		codes = append(codes, code.Code)
	}
	var enum []string
	for _, e := range get(codeSchema, "enum").Content {
		enum = append(enum, e.Value)
	}
	if diff := cmp.Diff(codes, enum); diff != "" {
		t.Errorf("ErrorCode enum (-want +got):\n%s", diff)
	}
	descriptions := get(codeSchema, "x-enumDescriptions")
	if diff := cmp.Diff(codes, keys(descriptions)); diff != "" {
		t.Errorf("x-enumDescriptions keys (-want +got):\n%s", diff)
	}
	for _, code := range c.Codes {
		d := str(t, descriptions, code.Code)
		checkDescription(t, code, d)
	}

	responses := get(root, "components", "responses")
	statuses := statusesOf(c)
	slices.Sort(statuses)
	var names []string
	for _, s := range statuses {
		names = append(names, fmt.Sprintf("Error%d", s))
	}
	if diff := cmp.Diff(names, keys(responses)); diff != "" {
		t.Errorf("responses (-want +got):\n%s", diff)
	}
	anyRetryAfter := false
	for _, status := range statuses {
		name := fmt.Sprintf("Error%d", status)
		r := get(responses, name)
		if str(t, r, "description") == "" {
			t.Errorf("%s: empty description", name)
		}
		media := get(r, "content", c.Envelope.ContentType)
		if got := str(t, media, "schema", "$ref"); got != "#/components/schemas/Error" {
			t.Errorf("%s: schema $ref %q", name, got)
		}
		examples := get(media, "examples")
		var want []string
		retryAfter := false
		for _, code := range c.Codes {
			if !code.Response || code.Status != status {
				continue
			}
			want = append(want, code.Code)
			retryAfter = retryAfter || code.Retry.Retryable() && code.Retry.RetryAfter
			ex := get(examples, code.Code)
			if got := str(t, ex, "summary"); got != code.Code {
				t.Errorf("%s: summary %q", code.Code, got)
			}
			checkDescription(t, code, str(t, ex, "description"))
			value, err := compactJSON(get(ex, "value"))
			if err != nil {
				t.Fatalf("%s: example value: %v", code.Code, err)
			}
			want, err := compactJSON(parseValue(t, c.ExampleBody(code, code.Description)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(value, want) {
				t.Errorf("%s: example value\n got %.300s\nwant %.300s", code.Code, value, want)
			}
			checkRetry(t, code, get(ex, "x-errcat-retry"))
		}
		if diff := cmp.Diff(want, keys(examples)); diff != "" {
			t.Errorf("%s examples (-want +got):\n%s", name, diff)
		}
		h := get(r, "headers", "Retry-After", "$ref")
		if retryAfter != (h != nil) {
			t.Errorf("%s: Retry-After header %v, want %v", name, h != nil, retryAfter)
		}
		anyRetryAfter = anyRetryAfter || retryAfter
	}
	if got := get(root, "components", "headers", "Retry-After") != nil; got != anyRetryAfter {
		t.Errorf("Retry-After header component %v, want %v", got, anyRetryAfter)
	}
}

func checkDescription(t testing.TB, code *catalog.Code, got string) {
	t.Helper()
	want := templates.Block(code.Description)
	if code.Deprecated {
		want += "\n\n**Deprecated.**"
		if r := templates.Block(code.Deprecation); r != "" {
			want += " " + r
		}
	}
	if got != want {
		t.Errorf("%s: description %q, want %q", code.Code, got, want)
	}
}

func checkRetry(t testing.TB, code *catalog.Code, n *yaml.Node) {
	t.Helper()
	p := code.Retry
	if got := str(t, n, "kind"); got != p.Kind.String() {
		t.Errorf("%s: retry kind %q, want %q", code.Code, got, p.Kind)
	}
	if p.Name != "" && p.Name != p.Kind.String() {
		if got := str(t, n, "policy"); got != p.Name {
			t.Errorf("%s: retry policy %q, want %q", code.Code, got, p.Name)
		}
	}
	if p.Kind == catalog.RetryAfterAction && p.Action != "" {
		if got := str(t, n, "action"); got != p.Action {
			t.Errorf("%s: action %q, want %q", code.Code, got, p.Action)
		}
	}
	var got struct {
		MaxRetries     *int     `yaml:"max_retries"`
		InitialDelay   string   `yaml:"initial_delay"`
		MaxDelay       string   `yaml:"max_delay"`
		Multiplier     *float64 `yaml:"multiplier"`
		RetryAfter     *bool    `yaml:"retry_after"`
		IdempotentOnly *bool    `yaml:"idempotent_only"`
	}
	if err := n.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if !p.Retryable() {
		if got.MaxRetries != nil || got.RetryAfter != nil {
			t.Errorf("%s: retry parameters for a policy that does not retry", code.Code)
		}
		return
	}
	if got.MaxRetries == nil || *got.MaxRetries != p.MaxRetries ||
		got.RetryAfter == nil || *got.RetryAfter != p.RetryAfter ||
		got.IdempotentOnly == nil || *got.IdempotentOnly != p.IdempotentOnly {
		t.Errorf("%s: x-errcat-retry %+v does not match policy %+v", code.Code, got, p)
	}
	if p.InitialDelay > 0 && (got.InitialDelay != p.InitialDelay.String() || got.MaxDelay != p.MaxDelay.String() ||
		got.Multiplier == nil || *got.Multiplier != p.Multiplier) {
		t.Errorf("%s: delays %q %q %v, want %s %s %v", code.Code, got.InitialDelay, got.MaxDelay, got.Multiplier, p.InitialDelay, p.MaxDelay, p.Multiplier)
	}
}

func TestFormatFor(t *testing.T) {
	for _, tc := range []struct {
		name string
		want openapi.Format
		ok   bool
	}{
		{"api.json", openapi.JSON, true},
		{"docs/api.yaml", openapi.YAML, true},
		{"API.YML", openapi.YAML, true},
		{`dir\errors.Json`, openapi.JSON, true},
		{"api.txt", 0, false},
		{"api", 0, false},
		{"yaml", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := openapi.FormatFor(tc.name)
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("FormatFor(%q) = %v, %v; want %v, ok %v", tc.name, got, err, tc.want, tc.ok)
			}
		})
	}
}

const small = `[catalog]
name = "Small"
%s
[envelope]
code = "code"
message = "message"

[codes.NOPE]
status = 404
description = "No."
`

func TestVersion(t *testing.T) {
	for _, tc := range []struct {
		name, line, want string
	}{
		{"default", "", "0.0.0"},
		{"set", `version = "2.4.1"`, "2.4.1"},
		{"number-like", `version = "1.10"`, "1.10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := parse(t, fmt.Sprintf(small, tc.line))
			for _, f := range formats {
				if got := str(t, parseDoc(t, render(t, c, f.format)), "info", "version"); got != tc.want {
					t.Errorf("%s: info.version = %q, want %q", f.name, got, tc.want)
				}
			}
		})
	}
}

// TestYAMLHeader checks the YAML document's generated-file comment, and
// that a catalog path cannot end it early.
func TestYAMLHeader(t *testing.T) {
	c := parse(t, fmt.Sprintf(small, ""))
	out, err := openapi.OpenAPI(c, openapi.Options{Format: openapi.YAML, Source: "../api/errors.toml\nopenapi: 2.0"})
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	if want := "# Code generated by errcat from ../api/errors.toml?openapi: 2.0. DO NOT EDIT."; first != want {
		t.Errorf("first line %q, want %q", first, want)
	}
	if got := str(t, parseDoc(t, out), "openapi"); got != "3.1.0" {
		t.Errorf("openapi = %q", got)
	}
}

// TestOutputKey checks that [output] openapi is a known key and that its
// file name must tell the format.
func TestOutputKey(t *testing.T) {
	for _, tc := range []struct {
		name, file, want string
	}{
		{"yaml", "api/openapi.yaml", ""},
		{"json", "openapi.json", ""},
		{"off", "", ""},
		{"unknown extension", "openapi.txt", `errors.toml:4:1: [output] openapi "openapi.txt" must end in .json, .yaml or .yml for the OpenAPI target (a flag may name any file)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf(small, fmt.Sprintf("[output]\nopenapi = %q\n", tc.file))
			c, diags := parseRaw(src)
			var got string
			for _, d := range diags {
				got += d.String()
			}
			if got != tc.want || (tc.want == "") != (c != nil) {
				t.Errorf("diagnostics %q, want %q", got, tc.want)
			}
		})
	}
}
