package templates_test

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/errcat/errcat/internal/mdcheck"
	"github.com/errcat/errcat/templates"
)

// attacks is catalog text that tries to reach outside its field: raw HTML
// and comments, code spans and fences left open, block constructs, link
// tricks, escapes and invisible characters.
var attacks = []string{
	"`", "``", "```", "```go", "~~~", "a ` b",
	"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "`<img src=x onerror=alert(1)>`",
	"<!--", "-->", "<!-- the rest is hidden", "<", "<a", "</a>", `<a id="x">`,
	"[x](a`b) <img src=x onerror=alert(1)> `",
	"`a\n<script>alert(1)</script>\nb`",
	"# heading", "###### h6", "#", "Title\n===", "Title\n---", "---", "***", "___", "- - -", "=",
	"| a | b |\n| --- | --- |\n| c | d |", "a | b\n--- | ---", "|---|", ":--", "a\n:-:",
	"<div>\nblock\n</div>", "<!-- a -->\ntext", "    indented code", "\tindented",
	"1. list", "1) list", "2.0", "- item", "+ item", "* item", "> quote", "- - item",
	"[x]: javascript:alert(1)\n\n[x]", "[x]", "[click](javascript:alert(1))", "[c](JAVASCRIPT:alert(1))",
	"[c](java&#x09;script:alert(1))", "[c](<java script:alert(1)>)", "<javascript:alert(1)>",
	"![img](javascript:alert(1))", "![img](http://example.com/x.png)", "[ok](https://example.com/a_(b)?c=d&e=f)",
	"[t](http://x \"ti|tle\")", "<http://example.com>", "<a@b.c>", "http://example.com/<b>",
	"&lt;script&gt;", "&#60;script&#62;", "&amp;", "&", "a &", "AT&T",
	`\`, `a\`, "\\`", `\<b>`, `a\|b`, "`a|b`", "`a\\|b`", "`a\\`|b`", "`|`", "a|b|c",
	"*unclosed", "_unclosed", "**", "**bold**", "_under_score_", "snake_case_name", "[unclosed", "](", "~~strike~~",
	"x\x1b[31mred", "nul\x00byte", "\u202eevil\u202c", "zero\u200bwidth", "line\u2028sep", "bad\xffutf8",
	"line1\r\nline2", "a\n\n\nb", "\n\n```\nunterminated", "```\ncode\n````\nmore", "> ```\n> x",
	"- ```\n  a", "1. a\n\n   ```\n   x", "-\n  - - -", "- a\n-", "*\t*\t*", " ", "",
	"- a\n  ```\n  <b>x</b>\n  ```", "> a\n> - b\n>   ```\n>   <b>x</b>", "- > a\n  ```\n  <b>x</b>",
	"> > > > > > > > > > x\ny", "- - - - - - - - - 1. x\n<b>y</b>", "1. 1. 1. 1. 1. 1. 1. 1. 1. > ```\n<b>",
	"> > > > > > > > > - ```\n> > > > > > > > >   <b>", strings.Repeat("123456789. ", 8) + "x" + strings.Repeat("\ny", 50),
	`\![pixel](https://evil.example/p.png)`, "!<https://evil.example/h.png>", "![pixel](https://evil.example/p.png)",
	"!https://evil.example/p.png", "!", "wow!", "a!\n", "!!", `a\!`, "[a!](javascript:x)[b](http://e.example/)",
	"[x](https://evil.example/p.png)", "<https://evil.example/h.png>", "https://evil.example/p.png", "a@b.example",
	"@b.example<b>x</b>", "`@b.example<b>x</b>`", "*`a+b@c.example<b>x</b>`*", "0", "a.b",
}

// field is where a helper puts catalog text, with a page around it and
// what the page must hold.
type field struct {
	name string
	page func(a, b string) string // a and b are two fields of catalog text
	want func(a, b string, p *mdcheck.Page) []string
}

func headings(p *mdcheck.Page) []string {
	var hs []string
	for _, h := range p.Headings {
		hs = append(hs, fmt.Sprintf("h%d %s", h.Level, h.Text))
	}
	return hs
}

// oneItem is the want of a page of one list item and an End heading.
func oneItem(_, _ string, p *mdcheck.Page) []string {
	if !slices.Equal(headings(p), []string{"h1 End"}) || len(p.Items) != 1 || len(p.Tables) != 0 || len(p.CodeBlocks) != 0 {
		return []string{fmt.Sprintf("headings %q, %d list items, %d tables, %d code blocks", headings(p), len(p.Items), len(p.Tables), len(p.CodeBlocks))}
	}
	return nil
}

// fields covers every helper, each placed where a block would start if the
// text could start one, and next to another field.
var fields = []field{
	{"cell", func(a, b string) string {
		return "| A | B |\n| --- | --- |\n| " + templates.Cell(a) + " " + templates.Cell(b) + " | " + templates.Cell(b) + " |\n| end | end |\n"
	}, func(a, b string, p *mdcheck.Page) []string {
		if len(p.Tables) != 1 || len(p.Headings) != 0 || len(p.Tables[0].Rows) != 2 || len(p.Tables[0].Rows[0]) != 2 ||
			!slices.Equal(p.Tables[0].Rows[1], []string{"end", "end"}) {
			return []string{fmt.Sprintf("tables %q, headings %q", p.Tables, headings(p))}
		}
		return nil
	}},
	{"code in cell", func(a, b string) string {
		return "| A | B |\n| --- | --- |\n| " + templates.Cell(templates.CodeSpan(a)) + " | " + templates.Cell(templates.CodeSpan(b)) + " |\n"
	}, func(a, b string, p *mdcheck.Page) []string {
		if len(p.Tables) != 1 || len(p.Tables[0].Rows) != 1 || !slices.Equal(p.Tables[0].Rows[0], []string{strings.TrimSpace(code(a)), strings.TrimSpace(code(b))}) {
			return []string{fmt.Sprintf("tables %q, want one row %q", p.Tables, []string{code(a), code(b)})}
		}
		return nil
	}},
	{"inline", func(a, b string) string {
		return templates.Inline(a) + " x" + templates.Inline(b) + "\n" + templates.Inline(b) + "\n\n- " + templates.Inline(a) + " " + templates.Inline(b) + "\n\n# End\n"
	}, func(a, b string, p *mdcheck.Page) []string {
		if !slices.Equal(headings(p), []string{"h1 End"}) || len(p.Tables) != 0 || len(p.Items) != 1 || len(p.CodeBlocks) != 0 {
			return []string{fmt.Sprintf("headings %q, %d tables, %d list items, %d code blocks", headings(p), len(p.Tables), len(p.Items), len(p.CodeBlocks))}
		}
		return nil
	}},
	{"heading", func(a, b string) string {
		return "## " + templates.Heading(a) + " " + templates.Heading(b) + "\n### " + templates.Heading(b) + "\n\n# End\n"
	}, func(a, b string, p *mdcheck.Page) []string {
		if len(p.Headings) != 3 || p.Headings[0].Level != 2 || p.Headings[1].Level != 3 || p.Headings[2] != (mdcheck.Heading{Level: 1, Text: "End"}) || len(p.Tables) != 0 {
			return []string{fmt.Sprintf("headings %q, %d tables", headings(p), len(p.Tables))}
		}
		return nil
	}},
	{"paragraphs", func(a, b string) string {
		return "# Start\n\n" + templates.Block(a) + "\n\n" + templates.Block(b) + "\n\n# End\n\n| A |\n| --- |\n| x |\n"
	}, func(a, b string, p *mdcheck.Page) []string {
		if !slices.Equal(headings(p), []string{"h1 Start", "h1 End"}) || len(p.Tables) != 1 || len(p.Tables[0].Rows) != 1 {
			return []string{fmt.Sprintf("headings %q, tables %q", headings(p), p.Tables)}
		}
		return nil
	}},
	{"paragraphs without blank lines", func(a, b string) string {
		return "x" + templates.Block(a) + "\n" + templates.Block(b) + "\n# End\n"
	}, func(a, b string, p *mdcheck.Page) []string {
		if !slices.Equal(headings(p), []string{"h1 End"}) || len(p.Tables) != 0 {
			return []string{fmt.Sprintf("headings %q, tables %q", headings(p), p.Tables)}
		}
		return nil
	}},
	{"text", func(a, b string) string {
		return templates.Text(a) + " " + templates.Text(b) + "\n\n# End\n"
	}, func(a, b string, p *mdcheck.Page) []string {
		// GitHub links bare URLs (extended autolinks), so only unsafe
		// links count (Hygiene).
		if !slices.Equal(headings(p), []string{"h1 End"}) || len(p.Items) != 0 || len(p.CodeBlocks) != 0 || len(p.Tables) != 0 {
			return []string{fmt.Sprintf("headings %q, %d list items, %d code blocks", headings(p), len(p.Items), len(p.CodeBlocks))}
		}
		return nil
	}},
	{"code after text", func(a, b string) string {
		// A template's own letters right before a field could be the
		// local part of an email address running into it.
		return "- ID" + templates.CodeSpan(a) + " x" + templates.Inline(b) + "\n\n# End\n"
	}, oneItem},
	{"in parentheses", func(a, b string) string {
		// What docs/templates.md allows right against a helper.
		return "- (" + templates.Inline(a) + "), (" + templates.CodeSpan(b) + "): " + templates.Inline(b) + "; " + templates.Inline(a) + ".\n\n# End\n"
	}, oneItem},
	{"code", func(a, b string) string {
		return "- " + templates.CodeSpan(a) + " " + templates.CodeSpan(b) + "\n\n# End\n"
	}, func(a, b string, p *mdcheck.Page) []string {
		want := strings.TrimSpace(code(a) + " " + code(b))
		if !slices.Equal(headings(p), []string{"h1 End"}) || !slices.Equal(p.Items, []string{want}) {
			return []string{fmt.Sprintf("headings %q, items %q, want [%q]", headings(p), p.Items, want)}
		}
		return nil
	}},
}

// code is what a code span of s shows.
func code(s string) string { return templates.Visible(s) }

// helpers are the helpers that render catalog text.
var helpers = []struct {
	name string
	fn   func(string) string
}{
	{"text", templates.Text}, {"cell", templates.Cell}, {"inline", templates.Inline}, {"heading", templates.Heading},
	{"paragraphs", templates.Block}, {"code", templates.CodeSpan},
}

// checkSize checks that no helper writes more for s than its bound.
func checkSize(t *testing.T, s string) {
	t.Helper()
	for _, h := range helpers {
		if n, most := len(h.fn(s)), templates.MaxGrowth*len(s)+templates.GrowthSlack; n > most {
			t.Errorf("%s of %d bytes (%.40q) writes %d bytes, more than %d", h.name, len(s), s, n, most)
		}
	}
}

// checkSeams puts the one-line helpers of a right before those of b, as a
// template may, and checks that no ! ending one makes a link starting the
// next an image. (Only images, and not where one field ends with a code
// span and the next starts with one: their backticks make one run, which
// can pair differently, so a template keeps two helpers apart.)
func checkSeams(t *testing.T, a, b string) {
	t.Helper()
	var src strings.Builder
	for _, x := range helpers[:4] {
		for _, y := range helpers[1:4] {
			if l, r := x.fn(a), y.fn(b); !strings.HasSuffix(l, "`") || !strings.HasPrefix(r, "`") {
				src.WriteString("x" + l + r + "\n\n")
			}
		}
	}
	if p := mdcheck.Parse([]byte(src.String())); len(p.Images) > 0 {
		t.Errorf("helpers of %q and %q side by side make images %q:\n%s", a, b, p.Images, src.String())
	}
}

// checkFields renders a and b with every helper and checks each page.
func checkFields(t *testing.T, a, b string) {
	t.Helper()
	checkSeams(t, a, b)
	for _, f := range fields {
		src := f.page(a, b)
		p := mdcheck.Parse([]byte(src))
		problems := append(mdcheck.Hygiene(p, []byte(src), false), f.want(a, b, p)...)
		for _, problem := range problems {
			t.Errorf("%s of %q and %q: %s\n%s", f.name, a, b, problem, src)
		}
	}
}

// TestHelpersContain renders every attack, alone and beside every other,
// with every helper, and checks that the page keeps exactly its own
// headings, tables, rows and list items, and has no raw HTML, image,
// unsafe link or invisible character, that no helper right before another
// makes an image, and that no helper writes more than its bound.
func TestHelpersContain(t *testing.T) {
	for _, a := range attacks {
		checkSize(t, a)
		for _, b := range attacks {
			checkFields(t, a, b)
		}
	}
}

// TestListSeams checks fields that end with a list next to fields with a
// code block of their own: an indented line, or a line of text right after
// the list, would continue its last item and take the code in; and code on
// a field's first line would be text after text written right before it.
func TestListSeams(t *testing.T) {
	lists := []string{"- item", "p\n\n- item", "* 0", "1. a\n   - b"}
	codes := []string{
		"\t#", "    # code", "*\n```\n<A>", "text\n\n    # code", "text\n\n    <b>x</b>",
		"text\n\n    | a | b |\n    | - | - |", "> q\n\n    # code", "* ```\n  <b>`", ">     <b>x</b>",
		"1. ```\n   # code\n   ```",
	}
	for _, a := range lists {
		for _, b := range codes {
			checkFields(t, a, b)
			checkFields(t, b, a) // code on b's first line, after text a template writes
		}
	}
}

// FuzzHelpers checks that no text reaches outside its field, whatever
// helper renders it and whatever field comes next, and that no helper
// writes more than its bound.
func FuzzHelpers(f *testing.F) {
	for i, a := range attacks {
		f.Add(a, attacks[(i+1)%len(attacks)])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		checkSize(t, a)
		checkSize(t, b)
		checkFields(t, a, b)
	})
}

// TestHelpersShowText checks that what a reader sees is the catalog text:
// literal text stays literal, and code spans, emphasis and links render.
func TestHelpersShowText(t *testing.T) {
	tests := []struct {
		name, in, want string
		render         func(string) string
	}{
		{"HTML shows literally", "a <b>x</b> & <!-- c", "a <b>x</b> & <!-- c", templates.Inline},
		{"code span", "use `a|b` here", "use a|b here", templates.Inline},
		{"emphasis", "**bold** and *em*", "bold and em", templates.Inline},
		{"link", "see [the docs](https://example.com/docs)", "see the docs", templates.Inline},
		{"unsafe link is text", "[click](javascript:alert(1))", "click", templates.Inline},
		{"escapes resolve", `a\*b\_c &amp; &lt;`, "a*b_c & <", templates.Inline},
		{"backticks left open", "a ` b `` c", "a ` b `` c", templates.Inline},
		{"heading markers", "# not a heading", "# not a heading", templates.Inline},
		{"controls show", "a\x1bb\u202ec", `a\x1bb\u202ec`, templates.Inline},
		{"text is literal", "**x** `y` [z](http://z) <w>", "**x** `y` [z](http://z) <w>", templates.Text},
		{"text shows line breaks", "a\nb\tc", `a\nb\tc`, templates.Text},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.render(tt.in)
			p := mdcheck.Parse([]byte("- " + src))
			if len(p.Items) != 1 || p.Items[0] != tt.want {
				t.Errorf("%q renders as %q, shows %q, want %q", tt.in, src, p.Items, tt.want)
			}
		})
	}
}

// TestHelpersLimits checks that text beyond the limits of a Markdown parse
// shows as literal text, and that inputs on which a parser spends
// quadratic time stay fast at the limits.
func TestHelpersLimits(t *testing.T) {
	links := strings.Repeat("[a](https://example.com) ", 101)
	if p := mdcheck.Parse([]byte(templates.Inline(links))); len(p.Links) != 0 {
		t.Errorf("101 links render %d links, want literal text", len(p.Links))
	}
	if p := mdcheck.Parse([]byte(templates.Inline(strings.Repeat("[a](https://example.com) ", 100)))); len(p.Links) != 100 {
		t.Errorf("100 links render %d links", len(p.Links))
	}
	long := "`code` " + strings.Repeat("x", 16<<10)
	if got := templates.Inline(long); strings.HasPrefix(got, "`code`") {
		t.Errorf("text over 16 KiB keeps its code span: %.20q", got)
	}
	if got, want := templates.Block("a\n\n\n`b`\n# c"+strings.Repeat("x", 16<<10)), "a\n\n\\`b\\`\n\\# cxx"; !strings.HasPrefix(got, want) {
		t.Errorf("long paragraphs start %.20q, want %q", got, want)
	}
	var ticks strings.Builder
	for i := 1; ticks.Len() < 16<<10; i++ {
		ticks.WriteString(strings.Repeat("`", i%40+1) + "a")
	}
	cut := func(s string) string { return s[:16<<10] }
	start := time.Now()
	for _, s := range []string{
		ticks.String(), cut(strings.Repeat("[", 20000)), cut(strings.Repeat("[a](", 5000)),
		strings.Repeat("[", 200) + strings.Repeat("]", 200) + cut(strings.Repeat("(", 20000)),
		strings.Repeat("[a](", 100) + cut(strings.Repeat("(", 20000)), strings.Repeat("`a", 500) + cut(strings.Repeat("b", 20000)),
		cut(strings.Repeat("*a", 20000)), cut(strings.Repeat("<a href='", 5000)), cut(strings.Repeat("http://a.b ", 5000)),
	} {
		templates.Cell(s)
		templates.Block(s)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("pathological fields at the limits took %v", d)
	}
}

// nested is catalog text that nests block quotes and lists as deeply as a
// field of 16 KiB, the most that is parsed, can: thousands of levels on
// the first line, then thousands of lines that continue the innermost
// paragraph lazily, without the markers.
var nested = []struct{ name, text string }{
	{"block quotes", strings.Repeat("> ", 4000) + "x" + strings.Repeat("\ny", 4000)},
	{"bullet lists", strings.Repeat("- ", 4000) + "x" + strings.Repeat("\ny", 4000)},
	{"ordered lists", strings.Repeat("1. ", 2700) + "x" + strings.Repeat("\ny", 2700)},
	{"quotes and lists", strings.Repeat("> 1) ", 1600) + "x" + strings.Repeat("\ny", 4000)},
	{"quotes without spaces", strings.Repeat(">", 8000) + "x" + strings.Repeat("\ny", 4000)},
	{"eight wide markers", strings.Repeat("123456789. ", 8) + "x" + strings.Repeat("\ny", 8000)},
	{"seven quotes", strings.Repeat("> ", 7) + "x" + strings.Repeat("\ny", 8000)},
	{"quotes on every line", strings.Repeat(strings.Repeat("> ", 64)+"x\n", 126)},
	{"code in deep lists", strings.Repeat("- ", 4000) + "```\n" + strings.Repeat("<b>\n", 2000)},
}

// TestBlockNesting checks that paragraphs costs time and memory in
// proportion to its text however deeply the text nests: it writes at most
// MaxGrowth bytes for each byte (where every level of nesting would write
// each line again), allocating at most 2 KiB for each byte (each level
// would allocate each line again, 8 GiB for 8 KB of block quotes), and the
// page stays whole.
func TestBlockNesting(t *testing.T) {
	for _, tt := range nested {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.text) > 16<<10 {
				t.Fatalf("%d bytes of text are not parsed", len(tt.text))
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			out := templates.Block(tt.text)
			runtime.ReadMemStats(&after)
			if most := templates.MaxGrowth*len(tt.text) + templates.GrowthSlack; len(out) > most {
				t.Errorf("%d bytes of text write %d bytes, more than %d", len(tt.text), len(out), most)
			}
			if alloc, most := after.TotalAlloc-before.TotalAlloc, uint64(2<<10*len(tt.text)); alloc > most {
				t.Errorf("%d bytes of text allocate %d KiB, more than %d KiB", len(tt.text), alloc>>10, most>>10)
			}
			src := "# Start\n\n" + out + "\n\n# End\n"
			p := mdcheck.Parse([]byte(src))
			if problems := mdcheck.Hygiene(p, []byte(src), false); len(problems) > 0 || !slices.Equal(headings(p), []string{"h1 Start", "h1 End"}) {
				t.Errorf("headings %q, problems %q", headings(p), problems)
			}
		})
	}
}

// BenchmarkBlockNesting measures paragraphs on deeply nested text; compare
// BenchmarkBlockPlain, 16 KiB of short lines.
func BenchmarkBlockNesting(b *testing.B) {
	for _, tt := range nested {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(tt.text)))
			for b.Loop() {
				templates.Block(tt.text)
			}
		})
	}
}

func BenchmarkBlockPlain(b *testing.B) {
	text := strings.Repeat("x\n", 8<<10)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		templates.Block(text)
	}
}
