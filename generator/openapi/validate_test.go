package openapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	liberrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/openapi"
	"github.com/errcat/errcat/internal/golden"
	"github.com/errcat/errcat/internal/testcat"
)

// The tests in this file hold the documents to an independent OpenAPI
// 3.1 implementation: github.com/pb33f/libopenapi builds the model, and
// github.com/pb33f/libopenapi-validator checks the document against the
// OpenAPI 3.1 schema and bodies against the Error schema (JSON Schema
// 2020-12).

// model loads a document with libopenapi and checks it against the
// OpenAPI schema, failing the test on any problem.
func model(t testing.TB, doc []byte) *v3.Document {
	t.Helper()
	d, err := libopenapi.NewDocument(doc)
	if err != nil {
		t.Fatalf("libopenapi: %v", err)
	}
	if v := d.GetVersion(); v != openapi.Version {
		t.Errorf("libopenapi reads version %q", v)
	}
	m, errs := d.BuildV3Model()
	if len(errs) > 0 {
		t.Fatalf("libopenapi: building the model: %v", errs)
	}
	v, errs := validator.NewValidator(d)
	if len(errs) > 0 {
		t.Fatalf("libopenapi-validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		t.Fatalf("the document does not validate against the OpenAPI 3.1 schema:\n%s", validationText(verrs))
	}
	return &m.Model
}

func validationText(errs []*liberrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "%s: %s\n", e.Message, e.Reason)
		for _, f := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\t%s (at %q, %s)\n", f.Reason, f.Location, f.DeepLocation)
		}
	}
	return b.String()
}

// errorSchema returns the document's Error schema.
func errorSchema(t testing.TB, m *v3.Document) *base.Schema {
	t.Helper()
	proxy, ok := m.Components.Schemas.Get(openapi.ErrorSchema)
	if !ok {
		t.Fatal("no Error schema")
	}
	s := proxy.Schema()
	if s == nil {
		t.Fatalf("Error schema: %v", proxy.GetBuildError())
	}
	return s
}

// validBody reports whether body validates against the Error schema, and
// why not.
func validBody(t testing.TB, s *base.Schema, body []byte) (bool, string) {
	t.Helper()
	ok, errs := schema_validation.NewSchemaValidator().ValidateSchemaBytes(s, body)
	return ok, validationText(errs)
}

// TestValidates loads every catalog's document, in both formats, with
// libopenapi, validates it against the OpenAPI 3.1 schema, and validates
// every example of every response against the Error schema.
func TestValidates(t *testing.T) {
	for _, name := range testcat.All {
		for _, f := range formats {
			t.Run(name+"/"+f.name, func(t *testing.T) {
				c := load(t, name)
				m := model(t, render(t, c, f.format))
				schema := errorSchema(t, m)
				if _, ok := m.Components.Schemas.Get(openapi.CodeSchema); !ok {
					t.Error("no ErrorCode schema")
				}
				examples := 0
				for name, r := range m.Components.Responses.FromOldest() {
					media, ok := r.Content.Get(c.Envelope.ContentType)
					if !ok {
						t.Fatalf("%s: no %s content", name, c.Envelope.ContentType)
					}
					for code, ex := range media.Examples.FromOldest() {
						var value any
						if err := ex.Value.Decode(&value); err != nil {
							t.Fatalf("%s %s: %v", name, code, err)
						}
						body, err := json.Marshal(value)
						if err != nil {
							t.Fatalf("%s %s: %v", name, code, err)
						}
						if ok, why := validBody(t, schema, body); !ok {
							t.Errorf("%s: example %s does not validate against Error:\n%s%s", name, code, why, body)
						}
						examples++
					}
				}
				want := 0
				for _, code := range c.Codes {
					if code.Response {
						want++
					}
				}
				if examples != want {
					t.Errorf("%d examples, want one per response code (%d)", examples, want)
				}
			})
		}
	}
}

// TestErrorSchema checks that the Error schema accepts what the catalog
// promises clients (codes it does not list, members it does not name) and
// rejects bodies that break the envelope, so that the validation above
// can fail.
func TestErrorSchema(t *testing.T) {
	for _, tc := range []struct {
		catalog, name, body string
		valid               bool
	}{
		{"tryon", "listed code", `{"code":"RATE_LIMITED","message":"m","status":429}`, true},
		{"tryon", "unlisted code", `{"code":"SOMETHING_NEW","message":"m"}`, true},
		{"tryon", "details of any kind", `{"code":"X","message":"m","details":[{"path":"a","message":"b"}]}`, true},
		{"tryon", "other members", `{"code":"X","message":"m","trace_id":"abc"}`, true},
		{"tryon", "no code", `{"message":"m","status":400}`, false},
		{"tryon", "no message", `{"code":"X"}`, false},
		{"tryon", "code not a string", `{"code":7,"message":"m"}`, false},
		{"tryon", "status as a string", `{"code":"X","message":"m","status":"429"}`, false},
		{"tryon", "status out of range", `{"code":"X","message":"m","status":600}`, false},
		{"genapi", "fixed members", `{"success":false,"data":null,"error":{"code":"x","message":"m"}}`, true},
		{"genapi", "fixed member changed", `{"success":true,"data":null,"error":{"code":"x","message":"m"}}`, false},
		{"genapi", "fixed member missing", `{"success":false,"error":{"code":"x","message":"m"}}`, false},
		{"genapi", "no error object", `{"success":false,"data":null}`, false},
		{"kitchensink", "errors array", `{"jsonapi":{"version":"1.1"},"errors":[{"code":"X","detail":"d","status":404,"type":"https://x#y","meta":{"a":1}}]}`, true},
		{"kitchensink", "empty errors array", `{"jsonapi":{"version":"1.1"},"errors":[]}`, false},
		{"kitchensink", "errors not an array", `{"jsonapi":{"version":"1.1"},"errors":{"code":"X","detail":"d"}}`, false},
		{"kitchensink", "doc link not a string", `{"jsonapi":{"version":"1.1"},"errors":[{"code":"X","detail":"d","type":1}]}`, false},
		{"hostile", "odd member names", `{"we&ird":"<x>","back*/tick":["*/","|"],"nl":"a\nb","err|or":{"co<de":"A|B","mess|age":"m"}}`, true},
		{"hostile", "fixed array changed", `{"we&ird":"<x>","back*/tick":["*/"],"nl":"a\nb","err|or":{"co<de":"A|B","mess|age":"m"}}`, false},
	} {
		t.Run(tc.catalog+"/"+tc.name, func(t *testing.T) {
			schema := errorSchema(t, model(t, render(t, load(t, tc.catalog), openapi.YAML)))
			if ok, why := validBody(t, schema, []byte(tc.body)); ok != tc.valid {
				t.Errorf("valid = %v, want %v\n%s", ok, tc.valid, why)
			}
		})
	}
}

// TestValidatorRejects checks that the document validation can fail: a
// response without its required description is reported.
func TestValidatorRejects(t *testing.T) {
	doc := string(render(t, load(t, "tryon"), openapi.YAML))
	broken := strings.Replace(doc, "      description: Not Found\n", "", 1)
	if broken == doc {
		t.Fatal("no Error404 description to remove")
	}
	d, err := libopenapi.NewDocument([]byte(broken))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := validator.NewValidator(d)
	if ok, _ := v.ValidateDocument(); ok {
		t.Error("a response without a description validates")
	}
}

// TestDocsExample checks the docs example (docs/examples/openapi): the
// committed errors.yaml is what errcat generates from errors.toml, and the
// hand-written openapi.yaml that $refs its responses loads with them,
// validates, and through them accepts the body generated code sends for a
// 404 and rejects a body without a code.
func TestDocsExample(t *testing.T) {
	dir := filepath.Join(testcat.Root(), "docs", "examples", "openapi")
	c, diags, err := catalog.Load(filepath.Join(dir, "errors.toml"))
	if err != nil || c == nil {
		t.Fatalf("%v\n%v", err, diags)
	}
	golden.Check(t, filepath.Join(dir, "errors.yaml"), render(t, c, openapi.YAML))

	spec, err := os.ReadFile(filepath.Join(dir, "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := libopenapi.NewDocumentWithConfiguration(spec, &datamodel.DocumentConfiguration{BasePath: dir, AllowFileReferences: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, errs := d.BuildV3Model(); len(errs) > 0 {
		t.Fatalf("building the model: %v", errs)
	}
	v, errs := validator.NewValidator(d)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		t.Fatalf("openapi.yaml does not validate:\n%s", validationText(verrs))
	}
	notFound := c.Code("WIDGET_NOT_FOUND")
	for _, tc := range []struct {
		name  string
		body  []byte
		valid bool
	}{
		{"generated body", c.ExampleBody(notFound, "No widget w-42."), true},
		{"unlisted code", []byte(`{"error":{"code":"WIDGET_GONE","message":"m"}}`), true},
		{"no code", []byte(`{"error":{"message":"m","status":404}}`), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "https://api.widgets.dev/v1/widgets/w-42", nil)
			resp := &http.Response{
				StatusCode: http.StatusNotFound,
				Header:     http.Header{"Content-Type": {"application/json"}},
				Body:       io.NopCloser(bytes.NewReader(tc.body)),
				Request:    req,
			}
			ok, verrs := v.ValidateHttpResponse(req, resp)
			if ok != tc.valid {
				t.Errorf("valid = %v, want %v\n%s", ok, tc.valid, validationText(verrs))
			}
		})
	}
}
