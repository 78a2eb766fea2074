package templates

import (
	"testing"

	_ "github.com/errcat/errcat/internal/golden" // registers -update, so that go test ./... -update runs here too
)

func TestHelpers(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"cell escapes pipes and HTML", Cell, "a | b <i>x</i>", `a \| b &lt;i&gt;x&lt;/i&gt;`},
		{"cell keeps code spans, escaping their pipes", Cell, "use `a|b` and `<x>`", "use `a\\|b` and `<x>`"},
		{"cell joins lines", Cell, "one\ntwo\r\n  three", "one two three"},
		{"cell keeps an unclosed backtick literal", Cell, "a ` b | c", "a ` b \\| c"},
		{"cell keeps a user's escape without swallowing the pipe", Cell, `a\|b`, `a\\\|b`},
		{"cell leaves plain text alone", Cell, "plain text", "plain text"},
		{"code fences around backticks", CodeSpan, "a`b", "``a`b``"},
		{"code pads a leading backtick", CodeSpan, "`x", "`` `x ``"},
		{"code is one line", CodeSpan, "a\nb", "`a b`"},
		{"heading escapes a closing hash", Heading, "C#", `C\#`},
		{"heading is one line", Heading, "a\nb <c>", "a b &lt;c&gt;"},
		{"paragraphs keep lines, escape HTML", Block, "<b>x</b>\n- item", "&lt;b&gt;x&lt;/b&gt;\n- item"},
		{"anchor", Anchor, "Weird Code|1.x", "weird-code-1-x"},
		{"anchor keeps - and _", Anchor, "NOT_FOUND-2", "not_found-2"},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestStatus(t *testing.T) {
	for _, tt := range []struct {
		status int
		async  bool
		want   string
	}{{404, false, "404"}, {0, true, "async"}, {400, true, "400, async"}} {
		if got := Status(tt.status, tt.async); got != tt.want {
			t.Errorf("Status(%d, %v) = %q, want %q", tt.status, tt.async, got, tt.want)
		}
	}
}

func TestDefaultParses(t *testing.T) {
	if Default().Lookup("codes") == nil {
		t.Error("the default template lacks its codes table")
	}
	if _, err := Parse("bad", "{{.Nope"); err == nil {
		t.Error("Parse accepted a broken template")
	}
}
