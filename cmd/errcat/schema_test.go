package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator"
	"github.com/errcat/errcat/internal/golden"
	"github.com/errcat/errcat/internal/synth"
	"github.com/errcat/errcat/internal/testcat"
)

// schemaOf runs errcat schema and compiles what it prints as a draft
// 2020-12 schema, which checks it against the draft's meta-schema.
func schemaOf(t *testing.T) *jsonschema.Schema {
	t.Helper()
	code, stdout, stderr := errcat(t, "schema")
	if code != 0 || stderr != "" {
		t.Fatalf("errcat schema: exit %d\n%s", code, stderr)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(stdout))
	if err != nil {
		t.Fatalf("errcat schema prints no JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("errcat.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("errcat.schema.json")
	if err != nil {
		t.Fatalf("errcat schema is not a valid draft 2020-12 schema: %v", err)
	}
	return s
}

// decoded returns a TOML document as JSON Schema tools see it: decoded,
// then written and read as JSON.
func decoded(t *testing.T, src []byte) any {
	t.Helper()
	var doc map[string]any
	if _, err := toml.Decode(string(bytes.TrimPrefix(src, []byte("\uFEFF"))), &doc); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return asJSON(t, doc)
}

func asJSON(t *testing.T, doc map[string]any) any {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSchemaCommand(t *testing.T) {
	want, err := catalog.Schema(outputKeys()...)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := errcat(t, "schema")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if diff := cmp.Diff(string(want), stdout); diff != "" {
		t.Errorf("errcat schema (-want +got):\n%s", diff)
	}
	if code, _, stderr := errcat(t, "schema", "errors.toml"); code != 2 || !strings.Contains(stderr, "takes no arguments") {
		t.Errorf("schema with an argument: exit %d, %s", code, stderr)
	}
	if code, _, stderr := errcat(t, "schema", "-h"); code != 0 || !strings.Contains(stderr, "#:schema ./errcat.schema.json") {
		t.Errorf("schema -h: exit %d, %s", code, stderr)
	}
}

// TestReferenceIsFresh checks docs/catalog-keys.md against the key table;
// go test ./cmd/errcat -run TestReferenceIsFresh -update rewrites it.
func TestReferenceIsFresh(t *testing.T) {
	ref, err := catalog.Reference(outputKeys()...)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join(testcat.Root(), "docs", "catalog-keys.md"), ref)
}

// TestSchemaAcceptsValidCatalogs checks every catalog of the repository
// that validates against the schema: the TOML files outside testdata/bad,
// the catalogs in txtar archives, the starter and a synthetic catalog.
func TestSchemaAcceptsValidCatalogs(t *testing.T) {
	schema := schemaOf(t)
	catalogs := map[string][]byte{"synth/500": synth.Catalog(500)}
	root := testcat.Root()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir() && (rel == ".git" || rel == "testdata/bad" || strings.HasPrefix(d.Name(), "zz_")):
			return filepath.SkipDir
		case strings.HasSuffix(rel, ".toml"):
			src, err := os.ReadFile(path)
			catalogs[rel] = src
			return err
		case strings.HasSuffix(rel, ".txtar"):
			a, err := txtar.ParseFile(path)
			if err != nil {
				return err
			}
			for _, f := range a.Files {
				if strings.HasSuffix(f.Name, ".toml") {
					catalogs[rel+"/"+f.Name] = f.Data
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, must := range []string{"cmd/errcat/starter.toml", "testdata/catalogs/kitchensink/errors.toml", "testdata/warn/never_on_429.toml", "testdata/diff/base.toml", "testdata/diff/added/new.toml"} {
		if catalogs[must] == nil {
			t.Fatalf("%s not found among %d catalogs", must, len(catalogs))
		}
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range catalogs {
			if !yield(k) {
				return
			}
		}
	}) {
		t.Run(name, func(t *testing.T) {
			src := catalogs[name]
			if c, diags := generator.Parse(filepath.Base(name), src); c == nil {
				if !mustValidate(name) {
					t.Skipf("not a valid catalog; only those must pass the schema:\n%s", diags.Error())
				}
				t.Fatalf("does not validate:\n%s", diags.Error())
			}
			if err := schema.Validate(decoded(t, src)); err != nil {
				t.Errorf("a valid catalog fails the schema: %v", err)
			}
		})
	}
}

// mustValidate reports whether the catalog at rel, a path from the
// repository's root, is one that must validate, rather than one found
// elsewhere that may be invalid on purpose.
func mustValidate(rel string) bool {
	for _, prefix := range []string{"testdata/catalogs/", "testdata/warn/", "testdata/diff/", "cmd/errcat/", "generator/golang/fixed/", "synth/"} {
		if strings.HasPrefix(rel, prefix) {
			return true
		}
	}
	return false
}

// The catalogs of testdata/bad, each with one defect, by what the schema
// makes of them. Every one of them is in exactly one list.
var (
	// structural defects: an unknown key, a value of the wrong type, a
	// word not among a key's words. The schema rejects them.
	badStructural = []string{
		"bom_positions",         // unknown key nmae
		"status_type",           // a string status
		"terminal_escapes",      // unknown key
		"unknown_code_style",    // not a code_style word
		"unknown_key",           // staus
		"unknown_kind",          // not a kind word
		"unknown_jitter",        // not a jitter word
		"unknown_format",        // not a format word
		"unknown_surface",       // not a surfaces word
		"unknown_table",         // codez
		"too_deep_array",        // surfaces nested in arrays
		"too_deep_header",       // an unknown table
		"too_deep_inline_table", // unknown keys
		"too_deep_key",          // unknown keys
	}
	// defects the schema rejects too, though they are not of its shape's
	// kind: a missing required key, a name or value outside its grammar,
	// a number out of bounds.
	badAlsoRejected = []string{
		"bad_duration",         // not a Go duration
		"bad_fallback_key",     // 4XX
		"category_key",         // not a name
		"code_invisible",       // NUL in a code (U+202E is validate's alone)
		"empty_code",           // ""
		"escaped_keys",         // control characters and whitespace in codes
		"missing_description",  // required
		"missing_envelope",     // required
		"missing_name",         // required
		"multiplier_below_one", // minimum 1
		"negative_delay",       // a negative duration
		"no_codes",             // [codes] required
		"policy_name",          // not a name
		"retired_invisible",    // whitespace in a retired code
		"status_range",         // 100-599
		"whitespace_code",      // whitespace in a code
	}
	// defects beyond what a schema can say: references, collisions, Go
	// names, message syntax, JSON in a string, keys required only in some
	// cases, limits on the text as written. The schema accepts them.
	badAccepted = []string{
		"bad_content_type", "bad_go_name", "output_control", "envelope_path_depth", "fixed_depth", "empty_title", "openapi_extension", "problem_fixed_overlap", "problem_path_overlap", "bad_package", "category_collision", "code_style", "constructor_collision",
		"duplicate_param", "envelope_member_name", "envelope_overlap",
		"fixed_not_object", "fixed_number_range", "fixed_overlap", "go_name_collision", "go_name_key_collision",
		"keyword_param", "listed_and_retired", "long_key", "malformed_placeholder", "max_below_initial",
		"missing_category", "missing_status", "once_max_retries", "output_escape",
		"package_documentation", "package_main", "reserved_name", "too_many_placeholders",
		"unknown_category", "unknown_example", "unknown_policy", "unmatched_brace",
	}
	// defects that keep the file from decoding as TOML at all.
	badUndecodable = []string{
		"bom_syntax_error", "syntax_after_item", "syntax_control_character", "syntax_error", "syntax_invalid_escape",
	}
)

// TestSchemaOnBadCatalogs checks the schema against every catalog of
// testdata/bad, as classified above; a case in no list fails the test.
func TestSchemaOnBadCatalogs(t *testing.T) {
	schema := schemaOf(t)
	class := map[string]string{}
	for name, list := range map[string][]string{"structural": badStructural, "also rejected": badAlsoRejected, "accepted": badAccepted, "undecodable": badUndecodable} {
		for _, c := range list {
			if class[c] != "" {
				t.Errorf("%s is both %s and %s", c, class[c], name)
			}
			class[c] = name
		}
	}
	files, err := filepath.Glob(testcat.Testdata("bad", "*.toml"))
	if err != nil || len(files) < 25 {
		t.Fatalf("found %d bad catalogs (%v)", len(files), err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".toml")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			_, derr := toml.Decode(string(bytes.TrimPrefix(src, []byte("\uFEFF"))), &doc)
			switch class[name] {
			case "":
				t.Fatalf("testdata/bad/%s.toml is not classified: add it to the list of structural defects if the schema should reject it, or to another list", name)
			case "undecodable":
				if derr == nil {
					t.Errorf("the catalog decodes")
				}
			case "structural", "also rejected":
				if derr != nil {
					t.Fatalf("decode: %v", derr)
				}
				if schema.Validate(asJSON(t, doc)) == nil {
					t.Errorf("the schema accepts a catalog with a %s defect", class[name])
				}
			case "accepted":
				if derr != nil {
					t.Fatalf("decode: %v", derr)
				}
				if err := schema.Validate(asJSON(t, doc)); err != nil {
					t.Errorf("the schema rejects a catalog whose defect is beyond it: %v", err)
				}
			}
		})
	}
	for c := range class {
		if _, err := os.Stat(testcat.Testdata("bad", c+".toml")); err != nil {
			t.Errorf("classified case %s: %v", c, err)
		}
	}
}

// instances names the entry of each table of named entries that the
// agreement test writes keys into: a policy, a fallback rule, a category,
// a code, a retired code, all in agreeBase.
var instances = map[string]string{
	"retry.NAME":      "p",
	"fallback.STATUS": "5xx",
	"categories.KEY":  "c",
	"codes.CODE":      "A",
	"retired.CODE":    "B",
}

// agreeBase returns a small valid catalog with one entry of each table.
func agreeBase() map[string]any {
	return map[string]any{
		"catalog":    map[string]any{"name": "Agree"},
		"envelope":   map[string]any{"code": "error.code", "message": "error.message"},
		"retry":      map[string]any{"p": map[string]any{"kind": "backoff"}},
		"fallback":   map[string]any{"5xx": "p"},
		"categories": map[string]any{"c": map[string]any{"status": int64(400)}},
		"codes":      map[string]any{"A": map[string]any{"category": "c", "description": "A."}},
		"retired":    map[string]any{"B": map[string]any{"reason": "Gone."}},
	}
}

// at returns the concrete path, in agreeBase, of the table at the key
// table's path, or false for a table of named entries it has no instance
// of.
func at(table string) ([]string, bool) {
	if table == "" {
		return nil, true
	}
	segs := strings.Split(table, ".")
	var path []string
	for i, seg := range segs {
		if strings.ToUpper(seg) == seg {
			name, ok := instances[strings.Join(segs[:i+1], ".")]
			if !ok {
				return nil, false
			}
			seg = name
		}
		path = append(path, seg)
	}
	return path, true
}

// tableAt returns the table at path in doc, making it as needed.
func tableAt(doc map[string]any, path []string) map[string]any {
	m := doc
	for _, seg := range path {
		next, ok := m[seg].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[seg] = next
		}
		m = next
	}
	return m
}

// sample returns a value of k's type that the schema allows.
func sample(k catalog.Key) any {
	if k.Default != nil {
		return k.Default
	}
	word := "c"
	if len(k.Words) > 0 {
		word = k.Words[0]
	}
	switch k.Type {
	case catalog.TypeDuration:
		return "1s"
	case catalog.TypeInteger:
		return int64(max(k.Bounds.Min, 1))
	case catalog.TypeNumber:
		return max(k.Bounds.Min, 1.5)
	case catalog.TypeBoolean:
		return true
	case catalog.TypeStrings:
		return []string{word}
	case catalog.TypeTable:
		return map[string]any{}
	case catalog.TypePolicy:
		return "never"
	}
	return word
}

// agreement writes doc as TOML and returns its diagnostics and whether the
// schema accepts it.
func agreement(t *testing.T, schema *jsonschema.Schema, doc map[string]any) (catalog.Diagnostics, error) {
	t.Helper()
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(doc); err != nil {
		t.Fatal(err)
	}
	_, diags := generator.Parse("agree.toml", buf.Bytes())
	return diags, schema.Validate(asJSON(t, doc))
}

func hasMessage(diags catalog.Diagnostics, prefix string) bool {
	return slices.ContainsFunc(diags, func(d catalog.Diagnostic) bool { return strings.HasPrefix(d.Message, prefix) })
}

// TestKeysAgree checks that validation, the schema and the reference agree
// on every key of the table and of [output]: each key is accepted by
// validation and by the schema and has a row in the reference; an unknown
// key is refused by both in each table; each allowed word is accepted and
// another refused; each required key is missed by both.
func TestKeysAgree(t *testing.T) {
	schema := schemaOf(t)
	ref, err := catalog.Reference(outputKeys()...)
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{}
	for _, s := range strings.Split(string(ref), "\n## ")[1:] {
		heading, body, _ := strings.Cut(s, "\n")
		sections[heading] = body
	}
	diags, err := agreement(t, schema, agreeBase())
	if diags.HasErrors() || err != nil {
		t.Fatalf("the base catalog is not valid:\n%s\nschema: %v", diags.Error(), err)
	}

	keys := append(catalog.Keys(), outputKeys()...)
	tables := map[string]bool{"": true}
	for _, k := range keys {
		if k.Type == catalog.TypeTable {
			tables[k.Path()] = true
		}
	}
	// Tables of named entries have no unknown key; nor do their entries
	// when they are not tables.
	for _, k := range keys {
		if k.Names != "" {
			delete(tables, k.Table)
		}
	}
	for table := range tables {
		path, ok := at(table)
		if !ok {
			t.Errorf("table %q: no instance in the base catalog; add one to instances", table)
			continue
		}
		name := table
		if name == "" {
			name = "the top level"
		}
		t.Run("unknown key in "+name, func(t *testing.T) {
			doc := agreeBase()
			tableAt(doc, path)["zz_unknown"] = "x"
			diags, err := agreement(t, schema, doc)
			if !hasMessage(diags, `unknown key "zz_unknown" in `) {
				t.Errorf("validation does not report the unknown key:\n%s", diags.Error())
			}
			if err == nil {
				t.Errorf("the schema accepts the unknown key")
			}
		})
	}

	for _, k := range keys {
		t.Run(k.Path(), func(t *testing.T) {
			// The reference.
			heading := "The top level"
			if k.Table != "" {
				heading = "`[" + k.Table + "]`"
			}
			if k.Names != "" && k.Type == catalog.TypeTable {
				if _, ok := sections["`["+k.Path()+"]`"]; !ok {
					t.Errorf("the reference has no section %s", k.Path())
				}
			} else if !strings.Contains(sections[heading], "\n| `"+k.Name+"`") {
				t.Errorf("the reference has no row for the key in section %s", heading)
			}
			if k.Names != "" {
				return // no key of its own to write
			}

			// Validation and the schema, where the table is written
			// itself and, for the keys of a policy, inline.
			var places [][]string
			if path, ok := at(k.Table); ok {
				places = append(places, path)
			} else {
				t.Fatalf("table %q: no instance in the base catalog; add one to instances", k.Table)
			}
			if k.Table == "retry.NAME" {
				for _, p := range keys {
					if p.Type == catalog.TypePolicy {
						path, _ := at(p.Table)
						name := p.Name
						if p.Names != "" {
							name = instances[p.Path()]
						}
						places = append(places, append(path, name))
					}
				}
			}
			for i, path := range places {
				set := func(v any) map[string]any {
					doc := agreeBase()
					table := tableAt(doc, path)
					if _, ok := table["kind"]; !ok && i > 0 {
						table["kind"] = "never" // an inline policy needs one
					}
					if v != nil {
						table[k.Name] = v
					} else if _, ok := table[k.Name]; !ok {
						table[k.Name] = sample(k)
					}
					return doc
				}
				where := strings.Join(path, ".")
				diags, err := agreement(t, schema, set(nil))
				if hasMessage(diags, fmt.Sprintf("unknown key %q", k.Name)) {
					t.Errorf("%s: validation does not know the key:\n%s", where, diags.Error())
				}
				if err != nil {
					t.Errorf("%s: the schema refuses %v: %v", where, sample(k), err)
				}
				for _, w := range k.Words {
					v := any(w)
					if k.Type == catalog.TypeStrings {
						v = []string{w}
					}
					diags, err := agreement(t, schema, set(v))
					if strings.Contains(diags.Error(), strconv.Quote(w)) {
						t.Errorf("%s: validation refuses the word %q:\n%s", where, w, diags.Error())
					}
					if err != nil {
						t.Errorf("%s: the schema refuses the word %q: %v", where, w, err)
					}
				}
				if k.Words != nil {
					v := any("zz_word")
					if k.Type == catalog.TypeStrings {
						v = []string{"zz_word"}
					}
					diags, err := agreement(t, schema, set(v))
					if !diags.HasErrors() || !strings.Contains(diags.Error(), `"zz_word"`) {
						t.Errorf("%s: validation accepts a word not among %q:\n%s", where, k.Words, diags.Error())
					}
					if err == nil {
						t.Errorf("%s: the schema accepts a word not among %q", where, k.Words)
					}
				}
				if k.Required {
					doc := agreeBase()
					delete(tableAt(doc, path), k.Name)
					diags, err := agreement(t, schema, doc)
					if !diags.HasErrors() {
						t.Errorf("%s: validation does not miss the required key", where)
					}
					if err == nil {
						t.Errorf("%s: the schema does not miss the required key", where)
					}
				}
			}
		})
	}
}

// TestStarterPointsAtSchema checks the starter's first line and that the
// directive it asks for keeps the catalog valid.
func TestStarterPointsAtSchema(t *testing.T) {
	first, rest, _ := strings.Cut(string(starter), "\n")
	for _, want := range []string{"errcat schema > errcat.schema.json"} {
		if !strings.Contains(first, want) {
			t.Errorf("the starter's first line %q does not say %q", first, want)
		}
	}
	if !strings.Contains(string(starter), "`#:schema ./errcat.schema.json`") {
		t.Error("the starter does not give the #:schema directive")
	}
	src := "#:schema ./errcat.schema.json\n" + rest
	if c, diags := generator.Parse("errors.toml", []byte(src)); c == nil || len(diags) > 0 {
		t.Errorf("the starter with its directive does not validate cleanly:\n%s", diags.Error())
	}
	if !regexp.MustCompile(`(?m)^#`).MatchString(first) {
		t.Errorf("the starter's first line is not a comment: %q", first)
	}
}

// TestSchemaShapes checks that validation and the schema agree on shapes
// the table alone does not spell out: a built-in overridden without a
// kind, inline policies, names of entries, empty arrays.
func TestSchemaShapes(t *testing.T) {
	const base = `[catalog]
name = "Shapes"

[envelope]
code = "code"
message = "message"

[categories.c]
status = 400

[codes.A]
category = "c"
description = "A."
`
	tests := []struct {
		name  string
		extra string
		valid bool
	}{
		{"built-in overridden without kind", "[retry.backoff]\nmax_retries = 3\n", true},
		{"declared policy without kind", "[retry.custom]\nmax_retries = 3\n", false},
		{"inline policy", "[codes.B]\ncategory = \"c\"\ndescription = \"B.\"\nretry = { kind = \"once\", label = \"Once\" }\n", true},
		{"inline policy without kind", "[codes.B]\ncategory = \"c\"\ndescription = \"B.\"\nretry = { max_retries = 1 }\n", false},
		{"inline fallback policy", "[fallback]\n\"5xx\" = { kind = \"backoff\", max_retries = 2 }\ndefault = \"never\"\n", true},
		{"fallback class in upper case", "[fallback]\n\"5XX\" = \"backoff\"\n", false},
		{"retry as a number", "[codes.B]\ncategory = \"c\"\ndescription = \"B.\"\nretry = 3\n", false},
		{"category key with a space", "[categories.\"c d\"]\nstatus = 400\n", false},
		{"policy name with a dot", "[retry.\"a.b\"]\nkind = \"never\"\n", false},
		{"empty surfaces", "[codes.B]\ncategory = \"c\"\ndescription = \"B.\"\nsurfaces = []\n", false},
		{"both surfaces", "[codes.B]\ncategory = \"c\"\ndescription = \"B.\"\nsurfaces = [\"response\", \"async\"]\n", true},
		{"integer multiplier", "[retry.slow]\nkind = \"backoff\"\nmultiplier = 3\n", true},
		{"multiplier below one", "[retry.slow]\nkind = \"backoff\"\nmultiplier = 0.5\n", false},
		{"negative max_retries", "[retry.slow]\nkind = \"backoff\"\nmax_retries = -1\n", false},
		{"fractional delay", "[retry.slow]\nkind = \"backoff\"\ninitial_delay = \"1.5s\"\nmax_delay = \"1m30s\"\n", true},
		{"empty retired table", "[retired]\n", true},
		{"empty output table", "[output]\n", true},
	}
	schema := schemaOf(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(base + "\n" + tt.extra)
			c, diags := generator.Parse("shapes.toml", src)
			if got := c != nil; got != tt.valid {
				t.Errorf("validation: valid %v, want %v\n%s", got, tt.valid, diags.Error())
			}
			err := schema.Validate(decoded(t, src))
			if got := err == nil; got != tt.valid {
				t.Errorf("schema: valid %v, want %v (%v)", got, tt.valid, err)
			}
		})
	}
}
