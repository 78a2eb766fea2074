package catalog

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var testOutputKey = Key{Table: "output", Name: "go", Type: TypeString, Default: "errors_gen.go", Description: "The Go file."}

// compileSchema compiles a schema as draft 2020-12, which also checks it
// against that draft's meta-schema.
func compileSchema(t *testing.T, schema []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("errcat.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("errcat.schema.json")
	if err != nil {
		t.Fatalf("the schema does not compile as draft 2020-12: %v", err)
	}
	return s
}

// TestSchemaCompiles checks that the schema is a draft 2020-12 schema that
// Schema writes the same way every time.
func TestSchemaCompiles(t *testing.T) {
	first, err := Schema(testOutputKey)
	if err != nil {
		t.Fatal(err)
	}
	compileSchema(t, first)
	var head struct {
		Schema string `json:"$schema"`
	}
	if err := json.Unmarshal(first, &head); err != nil || head.Schema != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %q (%v), want draft 2020-12", head.Schema, err)
	}
	for range 3 {
		again, _ := Schema(testOutputKey)
		if !bytes.Equal(first, again) {
			t.Fatal("Schema gives different bytes on another call")
		}
	}
	ref1, _ := Reference(testOutputKey)
	ref2, _ := Reference(testOutputKey)
	if !bytes.Equal(ref1, ref2) {
		t.Fatal("Reference gives different bytes on another call")
	}
}

// TestSchemaExtra checks which extra rows Schema and Reference take.
func TestSchemaExtra(t *testing.T) {
	tests := []struct {
		name  string
		extra Key
		err   string // "" when the row is taken
	}{
		{"output key", testOutputKey, ""},
		{"no such table", Key{Table: "outputs", Name: "go"}, `no table "outputs"`},
		{"not a table", Key{Table: "catalog.name", Name: "go"}, `no table "catalog.name"`},
		{"a key the table has", Key{Table: "catalog", Name: "name"}, "already has it"},
		{"a table of named entries", Key{Table: "codes", Name: "extra"}, "holds named entries"},
		{"a pattern row", Key{Table: "output", Name: "X", Names: "^x$"}, "want a plain key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Schema(tt.extra)
			_, rerr := Reference(tt.extra)
			for _, err := range []error{err, rerr} {
				switch {
				case tt.err == "" && err != nil:
					t.Errorf("error %v, want none", err)
				case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
					t.Errorf("error %v, want one saying %q", err, tt.err)
				}
			}
		})
	}
}
