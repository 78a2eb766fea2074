package openapi_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/errcat/errcat/generator/openapi"
	"github.com/errcat/errcat/internal/testcat"
)

// yaml11Catalog writes, in every place catalog text reaches the document,
// text that YAML 1.2 reads as a string and YAML 1.1 reads as something
// else: bool, null, int, float, timestamp, merge key, value.
const yaml11Catalog = `
[catalog]
name = "="
version = "3.1.0"
description = "no"

[envelope]
code = "on.y"
message = "Yes"
details = "<<"
status = "~"
fixed = '{"null": "off", "2001-12-14": ["12:30:00", "1_000", ".inf", "0b101", "y"], "n": 1e3, "NO": 1.5E3, "N": [2E-7, -0, 0.5, 123456789012345678901234567890]}'

[retry.OFF]
kind = "after_action"
action = "12:30:00"

[retry.TRUE]
kind = "backoff"
initial_delay = "1s"
max_delay = "1h"
multiplier = 1e21

[codes.no]
status = 400
description = "on"

[codes.on]
status = 400
description = "Yes"
retry = "OFF"

[codes.Yes]
status = 400
description = "~"

[codes."~"]
go_name = "Tilde"
status = 409
description = "null"

[codes.null]
status = 409
description = "0x1F"
retry = "TRUE"

[codes.0x1F]
go_name = "Hex"
status = 409
description = "1e3"

[codes.1e3]
go_name = "Exp"
status = 409
description = "12:30:00"

[codes."12:30:00"]
go_name = "Sexagesimal"
status = 409
description = "="

[codes."="]
go_name = "Value"
status = 503
description = "<<"

[codes."<<"]
go_name = "Merge"
status = 503
description = ".inf"

[codes.".inf"]
go_name = "Inf"
status = 503
description = "2001-12-14"

[codes.2001-12-14]
go_name = "Date"
status = 503
description = "2001-12-14t21:59:43.10-05:00"
deprecated = "NULL"

[codes."-.5"]
go_name = "Half"
status = 503
description = "1.2.3"

[codes."+12"]
go_name = "Plus"
status = 503
description = "190:20:30.15"

[codes.".NaN"]
go_name = "NaN"
status = 503
description = "0o17"
`

// TestYAML11 checks that every scalar of the YAML document of
// yaml11Catalog, of the trap catalog and of each catalog under
// testdata/catalogs reads the same under YAML 1.1 as under YAML 1.2 (see
// checkYAML11), and that the document still says what the catalog says.
func TestYAML11(t *testing.T) {
	docs := map[string][]byte{}
	for _, name := range testcat.All {
		docs[name] = render(t, load(t, name), openapi.YAML)
	}
	for name, src := range map[string]string{"yaml11": yaml11Catalog, "trap": trapCatalog} {
		c := parse(t, src)
		docs[name] = render(t, c, openapi.YAML)
		checkDocument(t, c, docs[name])
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) { checkYAML11(t, doc) })
	}
}

// yaml11Types are the implicit types of YAML 1.1 (yaml.org/type), each
// with the pattern a plain scalar of that type matches, and those of the
// YAML 1.1 reader most OpenAPI tools in Python use (PyYAML), where they
// are wider. A plain scalar matching none is a string.
var yaml11Types = []struct {
	tag     string
	pattern *regexp.Regexp
}{
	{"!!bool", regexp.MustCompile(`^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`)},
	{"!!null", regexp.MustCompile(`^(~|null|Null|NULL|)$`)},
	{"!!int", regexp.MustCompile(`^([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)$`)},
	{"!!float", regexp.MustCompile(`^([-+]?([0-9][0-9_]*)?\.[0-9_.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$`)},
	{"!!timestamp", regexp.MustCompile(`^([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](\.[0-9]*)?([ \t]*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?))?)$`)},
	{"!!merge", regexp.MustCompile(`^<<$`)},
	{"!!value", regexp.MustCompile(`^=$`)},
	{"!!yaml", regexp.MustCompile(`^[!&*]$`)},
}

// resolve11 returns the tag a YAML 1.1 reader gives the plain scalar s.
func resolve11(s string) string {
	for _, typ := range yaml11Types {
		if typ.pattern.MatchString(s) {
			return typ.tag
		}
	}
	return "!!str"
}

// TestResolve11 checks the YAML 1.1 resolver of the tests against values
// the YAML 1.1 type pages and PyYAML give.
func TestResolve11(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"no", "!!bool"}, {"On", "!!bool"}, {"Y", "!!bool"}, {"nO", "!!str"},
		{"~", "!!null"}, {"", "!!null"}, {"NULL", "!!null"},
		{"0x1F", "!!int"}, {"0b101", "!!int"}, {"017", "!!int"}, {"1_000", "!!int"}, {"190:20:30", "!!int"}, {"-0", "!!int"}, {"+12", "!!int"},
		{"1.5", "!!float"}, {"1.0e+3", "!!float"}, {"1e3", "!!str"}, {"1.5e3", "!!str"}, {".inf", "!!float"}, {"-.Inf", "!!float"}, {".NaN", "!!float"}, {"3.1.0", "!!float"}, {"190:20:30.15", "!!float"},
		{"2001-12-14", "!!timestamp"}, {"2001-12-14t21:59:43.10-05:00", "!!timestamp"}, {"2001-12-14 21:59:43.10 -5", "!!timestamp"},
		{"<<", "!!merge"}, {"=", "!!value"}, {"*", "!!yaml"},
		{"12:30:00", "!!int"}, {"Error404", "!!str"}, {"$ref", "!!str"}, {"yes please", "!!str"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := resolve11(tc.in); got != tc.want {
				t.Errorf("resolve11(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

// kind is a scalar's tag, but for a number, which is a number whether
// integer or float: a JSON integer beyond 64 bits is an !!int under YAML
// 1.1 and 1.2's core schema, and a !!float to go.yaml.in/yaml/v3.
func kind(tag string) string {
	if tag == "!!int" || tag == "!!float" {
		return "number"
	}
	return tag
}

// checkYAML11 checks that a YAML 1.1 reader reads doc as a YAML 1.2 reader
// does: no scalar carries an explicit tag, every plain scalar resolves to
// the same kind under both (resolve11, kind), and no character that YAML 1.1
// takes for a line break (CR, NEL, U+2028, U+2029) is written raw, where a
// YAML 1.1 reader could fold or normalise it. Quoted and block scalars are
// strings under both.
func checkYAML11(t testing.TB, doc []byte) {
	t.Helper()
	for _, r := range "\r\u0085\u2028\u2029" {
		if i := bytes.IndexRune(doc, r); i >= 0 {
			t.Errorf("raw %U at byte %d", r, i)
		}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		t.Fatalf("the document does not parse: %v", err)
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Style&yaml.TaggedStyle != 0 {
			t.Errorf("line %d: explicit tag %s on %q", n.Line, n.Tag, n.Value)
		}
		if n.Kind == yaml.ScalarNode && n.Style&^yaml.TaggedStyle == 0 {
			if got := resolve11(n.Value); kind(got) != kind(n.ShortTag()) {
				t.Errorf("line %d: plain %q is %s under YAML 1.2 and %s under YAML 1.1", n.Line, n.Value, n.ShortTag(), got)
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&root)
}

// pyyamlCompare loads a YAML and a JSON document with PyYAML's safe_load
// and Python's json and prints the first place where they differ in type
// or value, keys and member order included.
const pyyamlCompare = `
import json, sys, yaml
def diff(a, b, path):
    if type(a) is not type(b):
        return "%s: %s %r in YAML, %s %r in JSON" % (path, type(a).__name__, a, type(b).__name__, b)
    if isinstance(a, dict):
        if list(a) != list(b):
            return "%s: keys %r in YAML, %r in JSON" % (path, list(a), list(b))
        for k in a:
            d = diff(a[k], b[k], path + "/" + str(k))
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d items in YAML, %d in JSON" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = diff(x, y, "%s/%d" % (path, i))
            if d:
                return d
        return None
    if a != b:
        return "%s: %r in YAML, %r in JSON" % (path, a, b)
    return None
with open(sys.argv[1], encoding="utf-8") as f:
    y = yaml.safe_load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    j = json.load(f)
d = diff(y, j, "")
if d:
    print(d)
    sys.exit(1)
`

// TestPyYAML reads the YAML document of yaml11Catalog, the trap catalog and
// each catalog under testdata/catalogs with PyYAML, a YAML 1.1 reader, and
// checks that it holds exactly what the JSON document holds. Without
// python3 and PyYAML the test is skipped, or fails when
// ERRCAT_REQUIRE_PYYAML=1.
func TestPyYAML(t *testing.T) {
	if testing.Short() {
		t.Skip("runs python3")
	}
	python, err := exec.LookPath("python3")
	if err == nil {
		err = exec.Command(python, "-c", "import yaml").Run()
	}
	if err != nil {
		if os.Getenv("ERRCAT_REQUIRE_PYYAML") == "1" {
			t.Fatalf("python3 with PyYAML: %v (ERRCAT_REQUIRE_PYYAML=1)", err)
		}
		t.Skipf("python3 with PyYAML: %v; skipping the YAML 1.1 reading", err)
	}
	sources := map[string]string{"yaml11": yaml11Catalog, "trap": trapCatalog}
	for _, name := range testcat.All {
		src, err := os.ReadFile(filepath.Join(testcat.Dir(name), "errors.toml"))
		if err != nil {
			t.Fatal(err)
		}
		sources[name] = string(src)
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "compare.py")
	if err := os.WriteFile(script, []byte(pyyamlCompare), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			c := parse(t, src)
			yamlFile, jsonFile := filepath.Join(dir, name+".yaml"), filepath.Join(dir, name+".json")
			if err := os.WriteFile(yamlFile, render(t, c, openapi.YAML), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(jsonFile, render(t, c, openapi.JSON), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(python, script, yamlFile, jsonFile).CombinedOutput(); err != nil {
				t.Errorf("PyYAML and JSON read different documents: %v\n%s", err, out)
			}
		})
	}
}
