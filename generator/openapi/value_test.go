package openapi

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// TestWriteString checks the JSON string writer: JSON and YAML parsers
// both read the string back as it was (each byte of invalid UTF-8 as U+FFFD, as encoding/json does), and
// nothing YAML forbids in a document is left unescaped.
func TestWriteString(t *testing.T) {
	for _, tc := range []struct{ name, s string }{
		{"plain", "No widget has this id."},
		{"empty", ""},
		{"quotes and backslashes", `"quoted" C:\path\ \"`},
		{"html", "<script>alert('x')</script> & more"},
		{"whitespace", "a\nb\r\nc\td"},
		{"controls", "nul \x00 bell \x07 backspace \b formfeed \f esc \x1b del \x7f c1 \u0085 \u009f"},
		{"line separators", "ls \u2028 ps \u2029"},
		{"bom and noncharacters", "\uFEFFbom \uFFFE \uFFFF"},
		{"bidi and zero width", "\u202Eevil\u202C zero\u200Bwidth"},
		{"astral", "emoji 🚀 and 𝄞"},
		{"invalid utf-8", "bad \xff\xfe byte \xc3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			writeString(&b, tc.s)
			out := b.Bytes()
			want := string([]rune(tc.s)) // each invalid byte becomes U+FFFD
			var fromJSON string
			if err := json.Unmarshal(out, &fromJSON); err != nil {
				t.Fatalf("%s is not a JSON string: %v", out, err)
			}
			if fromJSON != want {
				t.Errorf("JSON reads %q, want %q", fromJSON, want)
			}
			var fromYAML string
			if err := yaml.Unmarshal(out, &fromYAML); err != nil {
				t.Fatalf("%s does not parse as YAML: %v", out, err)
			}
			if fromYAML != want {
				t.Errorf("YAML reads %q, want %q", fromYAML, want)
			}
			if i := bytes.IndexFunc(out, notYAML); i >= 0 {
				t.Errorf("unescaped %q in %s", []rune(string(out[i:]))[0], out)
			}
		})
	}
}

// TestRawValueRange checks that rawValue refuses a number beyond a 64-bit
// float, which validation refuses in fixed members, and keeps the text of
// the numbers it accepts.
func TestRawValueRange(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"in range", `{"a": [1.5e3, -0, 123456789012345678901234567890]}`, true},
		{"too large", `{"a": [1, 1e400]}`, false},
		{"too large, negative", `-1.8e308`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := rawValue([]byte(tc.in))
			if (err == nil) != tc.ok {
				t.Fatalf("rawValue(%s) = %v, %v; want ok %v", tc.in, v, err, tc.ok)
			}
			if tc.ok {
				want := object{{"a", list{json.Number("1.5e3"), json.Number("-0"), json.Number("123456789012345678901234567890")}}}
				if diff := cmp.Diff(want, v, cmp.AllowUnexported(member{})); diff != "" {
					t.Errorf("rawValue mismatch (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestYAMLNumber checks that a JSON number is written as a YAML number that
// YAML 1.1 reads as a number of the same value: an exponent only after a
// fraction and with its sign.
func TestYAMLNumber(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0", "0"},
		{"-0", "-0"},
		{"404", "404"},
		{"123456789012345678901234567890", "123456789012345678901234567890"},
		{"0.5", "0.5"},
		{"-2.25", "-2.25"},
		{"1e3", "1.0e+3"},
		{"1E3", "1.0E+3"},
		{"1.5e3", "1.5e+3"},
		{"2E-7", "2.0E-7"},
		{"-1.25e+21", "-1.25e+21"},
		{"1e+21", "1.0e+21"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			n := yamlNumber(tc.in)
			if n.Value != tc.want || n.Tag != "" || n.Style != 0 {
				t.Errorf("yamlNumber(%s) = %q tag %q style %v, want plain untagged %q", tc.in, n.Value, n.Tag, n.Style, tc.want)
			}
			want, _ := strconv.ParseFloat(tc.in, 64)
			var got float64
			if err := yaml.Unmarshal([]byte(n.Value), &got); err != nil || got != want {
				t.Errorf("YAML reads %s as %v, %v; want %v", n.Value, got, err, want)
			}
		})
	}
}

// TestYAMLString checks the style each string is given: plain only where
// YAML 1.1 reads the plain text as a string too.
func TestYAMLString(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want yaml.Style
	}{
		{"Error404", 0},
		{"$ref", 0},
		{"_private", 0},
		{"application/json", 0},
		{"No widget has this id.", 0},
		{"Ärger", 0},
		{"yes please", 0},
		{"nO", yaml.SingleQuotedStyle},
		{"no", yaml.SingleQuotedStyle},
		{"On", yaml.SingleQuotedStyle},
		{"YES", yaml.SingleQuotedStyle},
		{"y", yaml.SingleQuotedStyle},
		{"N", yaml.SingleQuotedStyle},
		{"Null", yaml.SingleQuotedStyle},
		{"TRUE", yaml.SingleQuotedStyle},
		{"", yaml.SingleQuotedStyle},
		{"~", yaml.SingleQuotedStyle},
		{"=", yaml.SingleQuotedStyle},
		{"<<", yaml.SingleQuotedStyle},
		{".inf", yaml.SingleQuotedStyle},
		{"0x1F", yaml.SingleQuotedStyle},
		{"12:30:00", yaml.SingleQuotedStyle},
		{"2001-12-14", yaml.SingleQuotedStyle},
		{"3.1.0", yaml.SingleQuotedStyle},
		{"500ms", yaml.SingleQuotedStyle},
		{"#/components/schemas/Error", yaml.SingleQuotedStyle},
		{"line\nbreak", yaml.LiteralStyle},
		{"carriage\r\nreturn", yaml.DoubleQuotedStyle},
		{"next\u0085line", yaml.DoubleQuotedStyle},
		{"line\u2028separator", yaml.DoubleQuotedStyle},
		{"paragraph\u2029separator\n", yaml.DoubleQuotedStyle},
	} {
		t.Run(tc.s, func(t *testing.T) {
			if got := yamlString(tc.s).Style; got != tc.want {
				t.Errorf("yamlString(%q).Style = %v, want %v", tc.s, got, tc.want)
			}
		})
	}
}
