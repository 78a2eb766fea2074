package openapi

import (
	"bytes"
	"encoding/json"
	"testing"

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
