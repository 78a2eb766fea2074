package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The document is built as a tree of plain values before it is encoded,
// so that both encodings write the same thing and catalog text only ever
// reaches them as data, for the encoder to quote. A value is one of:
// string, bool, int, float64, json.Number, nil, object or list.

// object is a JSON object whose members keep the order they were added in.
type object []member

type member struct {
	key   string
	value any
}

// list is a JSON array.
type list []any

// add appends a member.
func (o *object) add(key string, value any) { *o = append(*o, member{key, value}) }

// rawValue turns compact JSON, such as an example body or a fixed member's
// value, into a value of the tree, keeping the order of object members and
// the text of numbers. A number beyond a 64-bit float is an error.
func rawValue(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("trailing data after JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := object{}
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				o.add(key.(string), v)
			}
			_, err := dec.Token()
			return o, err
		case '[':
			l := list{}
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				l = append(l, v)
			}
			_, err := dec.Token()
			return l, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	}
	if n, ok := tok.(json.Number); ok {
		// Validation refuses such numbers in fixed members; a document
		// never carries one that readers reject or read as infinity.
		if _, err := strconv.ParseFloat(string(n), 64); err != nil {
			return nil, fmt.Errorf("number %.40s is beyond a 64-bit float", n)
		}
	}
	return tok, nil // string, bool, json.Number or nil
}

// encodeJSON writes v as JSON indented by two spaces, with a final newline.
// Strings are not HTML-escaped: the document is read by people and tools,
// not embedded in pages.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := writeJSON(&b, v, 0); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func writeJSON(b *bytes.Buffer, v any, depth int) error {
	newline := func(d int) {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("  ", d))
	}
	switch v := v.(type) {
	case object:
		if len(v) == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteByte('{')
		for i, m := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			writeString(b, m.key)
			b.WriteString(": ")
			if err := writeJSON(b, m.value, depth+1); err != nil {
				return err
			}
		}
		newline(depth)
		b.WriteByte('}')
	case list:
		if len(v) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			if err := writeJSON(b, e, depth+1); err != nil {
				return err
			}
		}
		newline(depth)
		b.WriteByte(']')
	case string:
		writeString(b, v)
	case nil, bool, int, float64, json.Number:
		out, err := json.Marshal(v)
		if err != nil {
			return err
		}
		b.Write(out)
	default:
		return fmt.Errorf("openapi: cannot encode %T", v)
	}
	return nil
}

// writeString writes s as a JSON string: escaped as encoding/json escapes
// it but for HTML characters, and with the characters YAML does not allow
// in a document escaped too, since many OpenAPI tools read JSON with a
// YAML parser. Invalid UTF-8 becomes U+FFFD, as in encoding/json.
func writeString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r < 0x20 || r == '\u2028' || r == '\u2029' || notYAML(r):
			b.WriteString(`\u`)
			for shift := 12; shift >= 0; shift -= 4 {
				b.WriteByte(hex[r>>shift&0xf])
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// notYAML reports whether r may not appear as itself in a YAML document:
// control characters but tab and newlines, the byte order mark and the
// noncharacters U+FFFE and U+FFFF.
func notYAML(r rune) bool {
	return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' || r == 0xFEFF || r == 0xFFFE || r == 0xFFFF
}

// encodeYAML writes v as a YAML document indented by two spaces, with
// header as its first comment. The encoder quotes every string that needs
// it; the only style chosen here is a literal block for multi-line text,
// which the encoder replaces with a quoted string where a block cannot
// hold the text exactly.
func encodeYAML(v any, header string) ([]byte, error) {
	root, err := yamlNode(v)
	if err != nil {
		return nil, err
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}, HeadComment: header}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return b.Bytes(), nil
}

func yamlNode(v any) (*yaml.Node, error) {
	scalar := func(tag, value string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
	}
	switch v := v.(type) {
	case object:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if len(v) == 0 {
			n.Style = yaml.FlowStyle
		}
		for _, m := range v {
			val, err := yamlNode(m.value)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, yamlString(m.key), val)
		}
		return n, nil
	case list:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		if len(v) == 0 {
			n.Style = yaml.FlowStyle
		}
		for _, e := range v {
			val, err := yamlNode(e)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, val)
		}
		return n, nil
	case string:
		return yamlString(v), nil
	case nil:
		return scalar("!!null", "null"), nil
	case bool:
		return scalar("!!bool", strconv.FormatBool(v)), nil
	case int:
		return scalar("!!int", strconv.Itoa(v)), nil
	case float64:
		out, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		return yamlNumber(string(out)), nil
	case json.Number:
		return yamlNumber(string(v)), nil
	}
	return nil, fmt.Errorf("openapi: cannot encode %T", v)
}

// yamlString is s as a string scalar that YAML 1.2 and YAML 1.1 readers
// both read as s: plain where plainString allows, a literal block for
// text with line feeds, single-quoted otherwise, and double-quoted, with
// escapes, when s holds a character YAML 1.1 reads as a line break though
// YAML 1.2 does not, or a carriage return: written raw, a reader folds or
// normalises it. The encoder overrides only to quote: a plain string
// YAML's syntax does not allow plain, a block or a single-quoted string
// that cannot hold s exactly (control characters, a byte order mark).
func yamlString(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	switch {
	case strings.ContainsAny(s, "\r\u0085\u2028\u2029"):
		n.Style = yaml.DoubleQuotedStyle
	case strings.Contains(s, "\n"):
		n.Style = yaml.LiteralStyle
	case !plainString(s):
		n.Style = yaml.SingleQuotedStyle
	}
	return n
}

// plainString reports whether s reads as a string when written plain,
// under YAML 1.2 and under the YAML 1.1 that many OpenAPI tools still read
// (PyYAML, SnakeYAML, older js-yaml), whose implicit types are wider: bool
// (yes, no, on, off, y, n in any case), null (~), int (0x1F, 0b1, 1_000,
// 1:30), float (.inf, 1.2.3, 1:30.5), timestamp (2001-12-14), merge (<<)
// and value (=). Each of those but the bool and null words begins with an
// ASCII digit or one of -+.~<=, so s is plain when it begins with a letter,
// _ or $ and is none of those words in any case.
func plainString(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(r) && r != '_' && r != '$' {
		return false
	}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "true", "false", "on", "off", "null":
		return false
	}
	return true
}

// yamlNumber is a JSON number's text as a plain YAML number that YAML 1.1
// reads as a number too. JSON's number syntax is a subset of YAML 1.2's,
// but YAML 1.1 reads an exponent only after a fraction and with a sign:
// 1e3 is written 1.0e+3, the same value.
func yamlNumber(text string) *yaml.Node {
	if i := strings.IndexAny(text, "eE"); i >= 0 {
		mantissa, exp := text[:i], text[i+1:]
		if !strings.Contains(mantissa, ".") {
			mantissa += ".0"
		}
		if exp[0] != '+' && exp[0] != '-' {
			exp = "+" + exp
		}
		text = mantissa + text[i:i+1] + exp
	}
	// Untagged, the scalar is written plain as it is; the text reads as a
	// number under every resolver.
	return &yaml.Node{Kind: yaml.ScalarNode, Value: text}
}
