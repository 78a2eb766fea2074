package openapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator"
	"github.com/errcat/errcat/generator/openapi"
	"github.com/errcat/errcat/internal/testcat"
)

var formats = []struct {
	name   string
	format openapi.Format
	ext    string
}{{"yaml", openapi.YAML, ".yaml"}, {"json", openapi.JSON, ".json"}}

// load loads a catalog under testdata/catalogs, checked for every target.
func load(t testing.TB, name string) *catalog.Catalog {
	t.Helper()
	c := testcat.Load(t, name)
	if diags := generator.Check(c); diags.HasErrors() {
		t.Fatalf("check %s:\n%v", name, diags)
	}
	return c
}

// parse parses catalog source, failing the test on any error.
func parse(t testing.TB, src string) *catalog.Catalog {
	t.Helper()
	c, diags := generator.Parse("errors.toml", []byte(src))
	if c == nil {
		t.Fatalf("catalog does not validate:\n%v", diags)
	}
	return c
}

func render(t testing.TB, c *catalog.Catalog, f openapi.Format) []byte {
	t.Helper()
	out, err := openapi.OpenAPI(c, openapi.Options{Format: f, Source: "errors.toml"})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// parseDoc parses a document, JSON or YAML, into its root mapping node.
func parseDoc(t testing.TB, doc []byte) *yaml.Node {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(doc, &n); err != nil {
		t.Fatalf("the document does not parse: %v", err)
	}
	if n.Kind != yaml.DocumentNode || len(n.Content) != 1 || n.Content[0].Kind != yaml.MappingNode {
		t.Fatalf("the document is not one mapping")
	}
	return n.Content[0]
}

// get follows keys through mappings; nil when one is missing.
func get(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
				break
			}
		}
		n = next
	}
	return n
}

// keys returns a mapping's keys in order.
func keys(n *yaml.Node) []string {
	var ks []string
	if n == nil {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		ks = append(ks, n.Content[i].Value)
	}
	return ks
}

// str returns the string at keys, failing when it is not a string.
func str(t testing.TB, n *yaml.Node, keys ...string) string {
	t.Helper()
	v := get(n, keys...)
	if v == nil || v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" {
		t.Fatalf("%v: not a string", keys)
	}
	return v.Value
}

// compactJSON writes a parsed value as compact JSON in the order it is
// written, strings escaped as encoding/json escapes them, numbers by their
// exact value (see exactNumber): for the same value, the bytes of
// catalog.ExampleBody passed through compactJSON.
func compactJSON(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	if err := writeCompact(&b, n); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writeCompact(b *bytes.Buffer, n *yaml.Node) error {
	switch n.Kind {
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(n.Content[i].Value)
			b.Write(k)
			b.WriteByte(':')
			if err := writeCompact(b, n.Content[i+1]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, e := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeCompact(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str":
			s, _ := json.Marshal(n.Value)
			b.Write(s)
		case "!!int", "!!float":
			exact, err := exactNumber(n.Value)
			if err != nil {
				return err
			}
			b.WriteString(exact)
		case "!!bool":
			v, err := strconv.ParseBool(n.Value)
			if err != nil {
				return err
			}
			b.WriteString(strconv.FormatBool(v))
		case "!!null":
			b.WriteString("null")
		default:
			return fmt.Errorf("unexpected scalar %s %q", n.ShortTag(), n.Value)
		}
	default:
		return fmt.Errorf("unexpected node kind %v", n.Kind)
	}
	return nil
}

// statusesOf returns the statuses the catalog's response codes use, each
// once, in order.
func statusesOf(c *catalog.Catalog) []int {
	seen := map[int]bool{}
	var out []int
	for _, code := range c.Codes {
		if code.Response && !seen[code.Status] {
			seen[code.Status] = true
			out = append(out, code.Status)
		}
	}
	return out
}

// parseRaw parses and checks catalog source for every target.
func parseRaw(src string) (*catalog.Catalog, catalog.Diagnostics) {
	return generator.Parse("errors.toml", []byte(src))
}

// parseValue parses one JSON value into a node.
func parseValue(t testing.TB, js []byte) *yaml.Node {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(js, &n); err != nil {
		t.Fatalf("%s does not parse: %v", js, err)
	}
	return n.Content[0]
}

// numberSyntax is a decimal number as JSON, YAML 1.1 and YAML 1.2 write
// it, and the parts exactNumber reads.
var numberSyntax = regexp.MustCompile(`^([-+]?)([0-9]+)(?:\.([0-9]*))?(?:[eE]([-+]?[0-9]+))?$`)

// exactNumber writes a decimal number's exact value in one spelling, sign,
// digits without leading or trailing zeros and a power of ten (1.5e3,
// 1500 and 1.50e+3 are all 15e2), so that numbers written differently
// compare by value, with no rounding and no work in proportion to the
// exponent.
func exactNumber(text string) (string, error) {
	m := numberSyntax.FindStringSubmatch(text)
	if m == nil {
		return "", fmt.Errorf("%q is not a decimal number", text)
	}
	sign, digits, exp := m[1], m[2]+m[3], new(big.Int)
	if m[4] != "" {
		exp.SetString(strings.TrimPrefix(m[4], "+"), 10)
	}
	exp.Sub(exp, big.NewInt(int64(len(m[3]))))
	digits = strings.TrimLeft(digits, "0")
	trimmed := strings.TrimRight(digits, "0")
	exp.Add(exp, big.NewInt(int64(len(digits)-len(trimmed))))
	if trimmed == "" {
		return sign + "0", nil
	}
	return strings.TrimPrefix(sign, "+") + trimmed + "e" + exp.String(), nil
}
