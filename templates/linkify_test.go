package templates

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// linkifyInputs are fields with bare URLs and email addresses where
// linkify's rules have edges: trailing punctuation, parentheses, entity
// references, emphasis delimiters, ports, and what is not a link.
var linkifyInputs = []string{
	"see https://example.com/docs.", "(https://example.com/a_(b)) and (http://x.io/y)).",
	"www.example.com/path?q=1&amp; and www.example.com/a&b;", "ftp://files.example.org:21/x",
	"mail ops@example.com, or ops@example.com. or ops@example.com- or a@b", "*www.example.com*",
	"_https://e.example/x_", "~www.x.io~", "http://localhost", "http://a.b:8080/x?y=z#f",
	"https://e.example/h.png!", "[https://inside.example](https://outer.example)",
	"`https://code.example`", "x@y.z_", "user.name+tag@sub.example.co.uk.", "www.", "http://",
	"a\nhttps://second.line.example\n  www.indented.example", "https://e.example/&quot;x",
	"trailing: https://e.example/a;b; and https://e.example/&amp;&lt;", "<https://angle.example>",
	"HTTP://UPPER.EXAMPLE", "https://e.example/a~ and www.e.example/b~~.", "https://例え.jp", "ａ@ｂ.ｃ", "- item https://list.example\n> quote www.q.example",
}

// TestLinkifyMatchesGoldmark shows that errcat's copy of goldmark's
// linkify parser parses fields as the original does.
func TestLinkifyMatchesGoldmark(t *testing.T) {
	for _, in := range linkifyInputs {
		checkLinkify(t, in)
	}
}

// FuzzLinkify checks the same on any field.
func FuzzLinkify(f *testing.F) {
	for _, in := range linkifyInputs {
		f.Add(in)
	}
	f.Fuzz(checkLinkify)
}

func checkLinkify(t *testing.T, in string) {
	t.Helper()
	ourInline, ourBlock := fieldParsers(linkifyParser{})
	theirInline, theirBlock := fieldParsers(extension.NewLinkifyParser())
	src := []byte(in)
	if diff := cmp.Diff(dump(theirInline.Parse(text.NewReader(src)), src), dump(ourInline.Parse(text.NewReader(src)), src)); diff != "" {
		t.Errorf("inline parse of %q differs from goldmark's linkify (-goldmark +errcat):\n%s", in, diff)
	}
	if diff := cmp.Diff(dump(theirBlock.Parse(text.NewReader(src)), src), dump(ourBlock.Parse(text.NewReader(src)), src)); diff != "" {
		t.Errorf("block parse of %q differs from goldmark's linkify (-goldmark +errcat):\n%s", in, diff)
	}
}

// dump writes a parse as one line per node: its kind, its text, and an
// autolink's type, protocol and URL.
func dump(doc ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		fmt.Fprintf(&b, "%s", n.Kind())
		switch n := n.(type) {
		case *ast.Text:
			fmt.Fprintf(&b, " %q soft=%v hard=%v", n.Segment.Value(src), n.SoftLineBreak(), n.HardLineBreak())
		case *ast.AutoLink:
			fmt.Fprintf(&b, " type=%d protocol=%q url=%q label=%q", n.AutoLinkType, n.Protocol, n.URL(src), n.Label(src))
		case *ast.String:
			fmt.Fprintf(&b, " %q", n.Value)
		}
		b.WriteString("\n")
		return ast.WalkContinue, nil
	})
	return b.String()
}
