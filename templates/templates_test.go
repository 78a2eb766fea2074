package templates

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	_ "github.com/errcat/errcat/internal/golden" // registers -update, so that go test ./... -update runs here too
)

// TestHelpers pins the Markdown each helper writes for typical catalog
// text; TestHelpersContain and FuzzHelpers check what a renderer makes of
// it.
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
		{"cell escapes an unclosed backtick", Cell, "a ` b | c", "a \\` b \\| c"},
		{"cell keeps an escaped pipe a pipe", Cell, `a\|b`, `a\|b`},
		{"cell writes a list marker as it is", Cell, "1. x", "1. x"},
		{"cell leaves plain text alone", Cell, "plain text, v1.2 (beta); 50% off", "plain text, v1.2 (beta); 50% off"},
		{"cell keeps emphasis and links", Cell, "**b** _e_ [l](https://x.example/a_b)", "**b** *e* [l](https://x.example/a\\_b)"},
		{"cell links a bare URL", Cell, "see https://x.example/docs.", "see [https\\://x.example/docs](https://x.example/docs)."},
		{"cell drops a javascript link", Cell, "[click](javascript:alert(1))", "click"},
		{"inline escapes a leading heading marker", Inline, "# x", `\# x`},
		{"inline escapes a leading list marker", Inline, "1. x", `1\. x`},
		{"inline shows controls", Inline, "a\x1bb\u202ec", `a\\x1bb\\u202ec`},
		{"inline keeps an intraword underscore", Inline, "snake_case _x", `snake_case \_x`},
		{"inline pads a code span after text", Inline, "a`@b`", "a` @b `"},
		{"inline pads a whole code span holding an @", Inline, "`@b.example<b>`", "` @b.example<b> `"},
		{"inline writes a whole code span with the fewest backticks", Inline, "``a``", "`a`"},
		{"cell escapes a whole code span's pipes", Cell, "` a|b `", "`a\\|b`"},
		{"code fences around backticks", CodeSpan, "a`b", "``a`b``"},
		{"code pads a leading backtick", CodeSpan, "`x", "`` `x ``"},
		{"code shows a line break", CodeSpan, "a\nb", "`a\\nb`"},
		{"code of nothing is nothing", CodeSpan, "", ""},
		{"heading escapes a closing sequence", Heading, "C #", `C \#`},
		{"heading keeps a hash in a word", Heading, "C#", `C#`},
		{"heading is one line", Heading, "a\nb <c>", "a b &lt;c&gt;"},
		{"paragraphs keep lines and lists (bullets as +), escape HTML", Block, "<b>x</b>\ny\n- item", "&lt;b&gt;x&lt;/b&gt;\ny\n\n+ item"},
		{"paragraphs indent a fenced block, which no fence can leave open", Block, "a\n\n```go\nx", "<!-- -->\n\na\n\n    x"},
		{"paragraphs end a list before a field with code", Block, "```go\nx", "<!-- -->\n\n    x"},
		{"paragraphs show a heading as text", Block, "# T\n\nText\n---", "\\# T\n\nText\n\\---"},
		{"paragraphs keep a code block apart from the text before it", Block, "- a\n  ```\n  <b>x</b>\n  ```", "+ a\n\n      <b>x</b>"},
		{"paragraphs keep eight block quotes, the rest as text", Block, "> > > > > > > > > > x\ny", "> > > > > > > > &gt; &gt; x\n> > > > > > > > y"},
		{"paragraphs keep eight lists, the rest as text", Block, "- - - - - - - - - 1. x\ny", "+ + + + + + + + \\- 1. x\n                y"},
		{"paragraphs write markers before a deep code block as text", Block, "> > > > > > > > > - ```\n> > > > > > > > >   <b>",
			"> > > > > > > > &gt; -\n> > > > > > > >\n> > > > > > > >     <b>"},
		{"paragraphs write text that nesting would make too long as literal text", Block,
			strings.Repeat("123456789. ", 8) + "x" + strings.Repeat("\ny", 100),
			"123456789\\. " + strings.Repeat("123456789. ", 7) + "x" + strings.Repeat("\ny", 100)},
		{"paragraphs escape a ! ending a paragraph", Block, "Done!\n\n    code!", "<!-- -->\n\nDone\\!\n\n    code!"},
		{"inline escapes a ! before a link", Inline, `\![p](https://e.example/p.png)`, `\![p](https://e.example/p.png)`},
		{"inline escapes a ! before an autolink", Inline, "!<https://e.example/h.png>", `\![https\://e.example/h.png](https://e.example/h.png)`},
		{"inline escapes a ! before a link after a link shown as text", Inline, "[a!](javascript:x)[b](https://e.example/)", `a\![b](https://e.example/)`},
		{"inline escapes an image's ! as it writes a link", Inline, "![p](https://e.example/p.png)", "[p](https://e.example/p.png)"},
		{"cell escapes a ! ending the text", Cell, "wow!", `wow\!`},
		{"heading escapes a ! ending the text", Heading, "a <b>!", `a &lt;b&gt;\!`},
		{"text escapes a ! ending the text", Text, "a!", `a\!`},
		{"text escapes everything", Text, "*a* `b` [c](d) <e> | f_", `\*a\* \` + "`" + `b\` + "`" + ` \[c\](d) &lt;e&gt; \| f\_`},
		{"anchor", Anchor, "Weird Code|1.x", "weird-code-1-x"},
		{"anchor keeps - and _", Anchor, "NOT_FOUND-2", "not_found-2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.fn(tt.in)); diff != "" {
				t.Errorf("%q mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
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

// TestWholeCodeSpan checks that a field that is one code span, which
// renderInline writes without a parse, comes out as the parse of the same
// span after text writes it.
func TestWholeCodeSpan(t *testing.T) {
	for _, span := range []string{"`a`", "``a`b``", "` a `", "`  a  `", "` `` `", "`@b`", "` a@b `", "`a|b`", "`\u202e`", "`<b>`"} {
		for _, fn := range []func(string) string{Inline, Cell, Heading} {
			if got, want := fn(span), strings.TrimPrefix(fn("x "+span), "x "); got != want {
				t.Errorf("%q alone is %q, after text %q", span, got, want)
			}
		}
	}
}
