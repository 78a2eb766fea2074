package templates

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Catalog text is hostile: it may come from an untrusted pull request, and
// the page it lands in is published as it is. So a field is never pasted
// into the page. It is parsed on its own as CommonMark (with goldmark, so
// that code spans, links and escapes are recognised exactly as a Markdown
// renderer recognises them), and its parse is written back out in a form
// in which every construct is closed inside the field and every other
// character is literal text:
//
//   - code spans, emphasis and links are written whole, so none can pair
//     with a backtick, bracket or star outside the field;
//   - text has every character that could open a construct escaped
//     (backslash, backtick, star, brackets, pipe, tilde, outer underscores,
//     an entity-like ampersand) and < and > as entities, so no raw HTML,
//     autolink or comment can form, here or together with the next field;
//   - a line never starts with a block marker (#, -, +, =, :, ordered list
//     numbers, indentation), so no heading, setext underline, thematic
//     break, table delimiter row, fence or HTML block can start;
//   - control and bidirectional formatting characters are shown as escapes.
//
// The field parse knows paragraphs only (plus lists, block quotes and code
// blocks in paragraphs mode, a fenced block written back indented, so
// that it has no fence to leave open): headings, thematic breaks, HTML
// blocks and tables in a field are plain text, and link reference
// definitions are not read, so a field cannot define a link for another.

// newParsers returns the parsers for a field, built when a field first
// needs one (most fields are plain text, see unchanged). A goldmark parser
// is safe for concurrent use.
var newParsers = sync.OnceValues(func() (inline, block parser.Parser) {
	return fieldParsers(linkifyParser{})
})

// fieldParsers returns the parsers for a field: inline for one-line
// contexts, blocks for the paragraphs helper. Their inline parsers are
// CommonMark's, plus linkify, GFM's bare URLs and email addresses (which a
// renderer may link even when they run into the next construct), so that
// errcat writes them as explicit links.
func fieldParsers(linkify parser.InlineParser) (inline, block parser.Parser) {
	inlines := append(parser.DefaultInlineParsers(), util.Prioritized(linkify, 999))
	inline = parser.NewParser(
		parser.WithBlockParsers(util.Prioritized(parser.NewParagraphParser(), 1000)),
		parser.WithInlineParsers(inlines...),
	)
	block = parser.NewParser(
		parser.WithBlockParsers(
			util.Prioritized(parser.NewListParser(), 300),
			util.Prioritized(parser.NewListItemParser(), 400),
			util.Prioritized(parser.NewCodeBlockParser(), 500),
			util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
			util.Prioritized(parser.NewBlockquoteParser(), 800),
			util.Prioritized(parser.NewParagraphParser(), 1000),
		),
		parser.WithInlineParsers(inlines...),
	)
	return inline, block
}

// place is where a field lands in the page.
type place int

const (
	inLine  place = iota // one line of running text
	inCell               // one line inside a GFM table cell
	inBlock              // its own blocks, line breaks kept
)

// renderInline writes s as inline Markdown on one line.
func renderInline(s string, ctx place) string {
	if unchanged(s) {
		return s
	}
	s = strings.TrimSpace(joinLines(s))
	if s == "" {
		return ""
	}
	// Most catalog text is plain, and a cell often holds just a code
	// span: both are written as their parse would be, without one. Text
	// beyond the limits of a parse is written as literal text.
	if plainText(s) || tooComplex(s) {
		w := &writer{ctx: ctx}
		w.text(s)
		return closeText(strings.TrimRight(w.b.String(), " "))
	}
	if code, ok := wholeCodeSpan(s); ok {
		w := &writer{ctx: ctx}
		w.codeSpan(code)
		return w.b.String()
	}
	src := []byte(s)
	inline, _ := newParsers()
	doc := inline.Parse(text.NewReader(src))
	w := &writer{ctx: ctx, src: src}
	for p := doc.FirstChild(); p != nil; p = p.NextSibling() {
		if p != doc.FirstChild() {
			w.text(" ")
		}
		w.inlines(p, false)
	}
	return closeText(strings.TrimRight(w.b.String(), " "))
}

// closeText escapes a ! that ends a field's text (or a paragraph of it),
// which a link right after it, written by the next helper, would make an
// image. Nothing errcat writes for a field but text ends with a !.
func closeText(s string) string {
	if strings.HasSuffix(s, "!") {
		return s[:len(s)-1] + `\!`
	}
	return s
}

// renderBlocks writes s as Markdown blocks: paragraphs, lists, block
// quotes and (indented) code blocks. What it writes is at most
// maxGrowth times as long as s, plus a little: text that its structure
// would make longer, which only a hostile field does (thousands of short
// lines lazily continuing a deeply nested paragraph), is written as
// literal text.
func renderBlocks(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	if tooComplex(s) {
		return literalBlocks(s)
	}
	src := []byte(s)
	_, block := newParsers()
	doc := block.Parse(text.NewReader(src))
	lines := blockLines(doc, src, true, 0)
	if len(lines) > 0 && (topCodeBlock(doc) || codeFirst(lines[0])) {
		// An indented line after a list, even past a blank line, continues
		// its last item, and so does a line of text right after it: a field
		// with a code block of its own would join a list the field before
		// it ends with, and its code would be read as Markdown there. And
		// code on the field's first line (a list item or block quote that
		// opens with a code block) would be read as text after text a
		// template writes right before the field. An empty HTML comment ends a list
		// (CommonMark's own idiom for this), even right after it, takes the
		// first line, and shows nothing.
		lines = append([]string{listEnd, ""}, lines...)
	}
	out := strings.Join(lines, "\n")
	if len(out) > maxGrowth*len(s)+growthSlack {
		return literalBlocks(s)
	}
	return out
}

// listEnd is the one line of raw HTML paragraphs writes: an empty comment
// before a field that could otherwise put code where a list or text
// written before it takes it in.
const listEnd = "<!-- -->"

// topCodeBlock reports whether doc has a code block outside its lists and
// block quotes, which paragraphs writes indented by four spaces.
func topCodeBlock(doc ast.Node) bool {
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if isCodeBlock(c) {
			return true
		}
	}
	return false
}

// codeFirst reports whether a line paragraphs wrote holds code after the
// markers of the block quotes and list items it opens: four spaces, which
// text never starts with.
func codeFirst(line string) bool {
	for {
		rest := strings.TrimPrefix(strings.TrimPrefix(line, "> "), "+ ")
		if rest == line {
			if n := strings.IndexFunc(line, func(r rune) bool { return r < '0' || r > '9' }); n > 0 &&
				(strings.HasPrefix(line[n:], ". ") || strings.HasPrefix(line[n:], ") ")) {
				rest = line[n+2:]
			}
		}
		if rest == line {
			return strings.HasPrefix(line, "    ")
		}
		line = rest
	}
}

// literalBlocks writes s as literal paragraphs, one line of text per line.
func literalBlocks(s string) string {
	var out []string
	end := func() {
		if len(out) > 0 && out[len(out)-1] != "" {
			out[len(out)-1] = closeText(out[len(out)-1])
			out = append(out, "")
		}
	}
	for l := range strings.SplitSeq(s, "\n") {
		w := &writer{ctx: inBlock}
		w.text(l)
		if l := strings.TrimRight(w.b.String(), " "); l != "" {
			out = append(out, l)
		} else {
			end()
		}
	}
	end()
	if len(out) > 0 {
		out = out[:len(out)-1] // the blank line end added
	}
	return strings.Join(out, "\n")
}

// Every helper writes at most maxGrowth bytes for each byte of its text,
// plus growthSlack: an escape such as \\x1b, written for a control
// character, is five. renderBlocks holds to it by writing literal text
// where block structure would take more; the others by what they write.
// Templates that build text are bounded with the same figures (see
// RenderLimit).
const (
	maxGrowth   = 6
	growthSlack = 64
)

// unchanged reports whether s is written as it is in every context: plain
// text (see plainText) with nothing that text escapes or collapses, a
// start that cannot continue a block marker or a bare URL before it, and
// an end that cannot make a link after it an image.
func unchanged(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		ascii = ascii && c < utf8.RuneSelf
		if !special[c] {
			continue
		}
		switch {
		case c == ' ' && s[i-1] != ' ' && i+1 < len(s):
		case c == ':' && !endsWithFold(s[:i], "http", "https", "ftp"):
		case c == '.' && !endsWithFold(s[:i], "www"):
		default:
			return false
		}
	}
	return s[len(s)-1] != '!' && !strings.Contains(s, "://") && (ascii || visibleText(s, "") == s)
}

// Limits on what a field may hold to be parsed as Markdown. A parser
// spends time quadratic in the length of a line on some inputs (many
// unmatched backtick runs, many brackets or "](" that open no link); text
// beyond these limits, which no catalog writes by hand, is shown as
// literal text, so that a hostile catalog cannot make generate run for
// hours.
const (
	maxParsed   = 16 << 10 // bytes
	maxBrackets = 200      // [ characters
	maxLinks    = 100      // "](" sequences
	maxTickRuns = 500      // runs of backticks
)

// tooComplex reports whether s exceeds the limits of a Markdown parse.
func tooComplex(s string) bool {
	if len(s) > maxParsed || strings.Count(s, "[") > maxBrackets || strings.Count(s, "](") > maxLinks {
		return true
	}
	runs := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' && (i == 0 || s[i-1] != '`') {
			if runs++; runs > maxTickRuns {
				return true
			}
		}
	}
	return false
}

// plainText reports whether s parses as a single text node, as written:
// nothing in it can start an inline construct (a code span, emphasis, a
// link, an autolink or bare URL, raw HTML, an entity or an escape), and it
// holds no control character.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		if notPlain[s[i]] {
			return false
		}
	}
	return !strings.Contains(s, "://") && !strings.Contains(s, "www.")
}

// notPlain marks the bytes plainText looks for; special, those text
// escapes or looks at.
var notPlain, special = func() (np, sp [256]bool) {
	for c := range 256 {
		np[c] = c < ' ' || c == 0x7f || strings.IndexByte("`*_[<&\\@", byte(c)) >= 0
		sp[c] = c < ' ' || c == 0x7f || strings.IndexByte("`*_[]<>&\\@|~:. \t", byte(c)) >= 0
	}
	return np, sp
}()

// wholeCodeSpan reports whether s is one code span and nothing else, and
// returns its code as CommonMark reads it (one space stripped from each
// end when both ends have one), for the writer to write as the parse
// would.
func wholeCodeSpan(s string) (string, bool) {
	n := run(s, '`')
	if n == 0 || n == len(s) {
		return "", false
	}
	for i := n; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		m := run(s[i:], '`')
		if m == n {
			inner := s[n:i]
			if i+m != len(s) || strings.Trim(inner, " ") == "" {
				return "", false
			}
			if inner[0] == ' ' && inner[len(inner)-1] == ' ' {
				inner = inner[1 : len(inner)-1]
			}
			return inner, true
		}
		i += m
	}
	return "", false
}

// joinLines replaces every line break with a space.
func joinLines(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
}

// maxNesting is how deeply block quotes and lists nest in what
// paragraphs writes. Each level prefixes every line inside it, a lazy
// continuation line too (one the source writes without the markers), so
// that deeper nesting would write, and cost, the depth times the lines of
// the field. A block quote or list nested deeper is written as the text of
// its blocks, with its markers as literal text (see flattener).
const maxNesting = 8

// blockLines renders the child blocks of n, depth block quotes and lists
// deep, as lines; loose separates them with a blank line.
func blockLines(n ast.Node, src []byte, loose bool, depth int) []string {
	var out []string
	var prev ast.Node
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		lines := block(c, src, depth)
		if len(lines) == 0 {
			continue
		}
		if len(out) > 0 && (loose || isCodeBlock(c)) {
			// Right after a line of text, an indented line continues the
			// paragraph (an indented code block cannot interrupt one), and
			// the code in it would be read as Markdown.
			out = append(out, "")
		}
		if _, ok := prev.(*ast.List); ok && isCodeBlock(c) {
			// A list goes on past a blank line, and an indented line
			// after it would be a paragraph of its last item: end it.
			out = append(out, listEnd, "")
		}
		out = append(out, lines...)
		prev = c
	}
	return out
}

func isCodeBlock(n ast.Node) bool {
	switch n.(type) {
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return true
	}
	return false
}

// block renders one block node, depth block quotes and lists deep, as
// lines.
func block(n ast.Node, src []byte, depth int) []string {
	switch n := n.(type) {
	case *ast.List, *ast.Blockquote:
		if depth >= maxNesting {
			f := &flattener{src: src}
			f.block(n)
			return f.out
		}
	}
	switch n := n.(type) {
	case *ast.List:
		return list(n, src, depth+1)
	case *ast.Blockquote:
		lines := blockLines(n, src, true, depth+1)
		for i, l := range lines {
			lines[i] = strings.TrimRight("> "+l, " ")
		}
		return lines
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return codeBlock(n, src)
	}
	return paragraph(n, src, nil)
}

// paragraph renders a paragraph, or the text of a tight list item, as
// lines, after the literal text prefix.
func paragraph(n ast.Node, src []byte, prefix []byte) []string {
	w := &writer{ctx: inBlock, src: src}
	w.text(string(prefix))
	if n != nil {
		w.inlines(n, false)
	}
	var lines []string
	for l := range strings.SplitSeq(w.b.String(), "\n") {
		if l = strings.TrimRight(l, " "); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > 0 {
		lines[len(lines)-1] = closeText(lines[len(lines)-1])
	}
	return lines
}

// list renders a list, depth block quotes and lists deep with its own,
// with each item's blocks indented under its marker. A bullet is always
// +: a line of - or * and spaces (an item whose text is a code block of
// stars, or a list in a list in a list) would be a thematic break, and a
// lone - under a line of text a heading.
func list(n *ast.List, src []byte, depth int) []string {
	var out []string
	number := n.Start
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "+"
		if n.IsOrdered() {
			marker = strconv.Itoa(number) + string(n.Marker)
			number++
		}
		lines := blockLines(item, src, !n.IsTight, depth)
		if len(lines) == 0 {
			// An empty item says nothing.
			continue
		}
		if len(out) > 0 && !n.IsTight {
			out = append(out, "")
		}
		indent := strings.Repeat(" ", len(marker)+1)
		out = append(out, marker+" "+lines[0])
		for _, l := range lines[1:] {
			if l != "" {
				l = indent + l
			}
			out = append(out, l)
		}
	}
	return out
}

// flattener writes a block quote or list nested deeper than maxNesting as
// the paragraphs and code blocks in it, one after another with a blank
// line between, and the markers of the block quotes and list items that
// hold them (> , - , 1. ) as literal text at the start of the first
// paragraph after them, as they stand in the source. Each marker is
// written once, so what it writes is in proportion to the source.
type flattener struct {
	src     []byte
	markers []byte // not yet written
	out     []string
}

func (f *flattener) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.Blockquote:
		f.markers = append(f.markers, "> "...)
		f.children(n)
	case *ast.List:
		number := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			if n.IsOrdered() {
				f.markers = strconv.AppendInt(f.markers, int64(number), 10)
				number++
			}
			f.markers = append(f.markers, n.Marker, ' ')
			f.children(item)
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		if len(f.markers) > 0 {
			// The markers as a paragraph of their own: a code block
			// cannot follow text on its line.
			f.add(paragraph(nil, f.src, f.markers))
			f.markers = f.markers[:0]
		}
		f.add(codeBlock(n, f.src))
	default:
		f.add(paragraph(n, f.src, f.markers))
		f.markers = f.markers[:0]
	}
}

func (f *flattener) children(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		f.block(c)
	}
}

func (f *flattener) add(lines []string) {
	if len(lines) == 0 {
		return
	}
	if len(f.out) > 0 {
		f.out = append(f.out, "")
	}
	f.out = append(f.out, lines...)
}

// codeBlock renders a code block as an indented one, which has no fence
// to leave open: wherever the template puts it, it ends at the first line
// that is not indented.
func codeBlock(n ast.Node, src []byte) []string {
	var out []string
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		l := strings.TrimRight(string(seg.Value(src)), "\r\n")
		if seg.Padding > 0 {
			l = strings.Repeat(" ", seg.Padding) + l
		}
		if l = visibleText(l, "\t"); strings.TrimSpace(l) == "" {
			l = ""
		} else {
			l = "    " + l
		}
		out = append(out, l)
	}
	// Blank lines at either end are not part of an indented code block.
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// writer accumulates the Markdown of one field.
type writer struct {
	b     bytes.Buffer
	ctx   place
	src   []byte
	after string // the source right after the text being written
}

// atLineStart reports whether the next character starts a line.
func (w *writer) atLineStart() bool {
	b := w.b.Bytes()
	return len(b) == 0 || b[len(b)-1] == '\n'
}

// inlines writes the inline children of n. Inside a link's text, links
// and images are written as their text.
func (w *writer) inlines(n ast.Node, inLink bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			// The source after a text node tells whether an underscore
			// at its end is inside a word.
			w.after = ""
			if stop := c.Segment.Stop; stop < len(w.src) && !c.SoftLineBreak() && !c.HardLineBreak() {
				w.after = string(w.src[stop:min(stop+utf8.UTFMax, len(w.src))])
			}
			w.text(decode(c.Segment.Value(w.src)))
			w.after = ""
			if c.SoftLineBreak() || c.HardLineBreak() {
				w.lineBreak()
			}
		case *ast.String:
			w.text(string(c.Value))
		case *ast.CodeSpan:
			var b strings.Builder
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Segment.Value(w.src))
				}
			}
			w.codeSpan(joinLines(b.String()))
		case *ast.Emphasis:
			delim := strings.Repeat("*", c.Level)
			w.raw(delim)
			w.inlines(c, inLink)
			w.raw(delim)
		case *ast.Link:
			w.link(c, decode(c.Destination), decode(c.Title), inLink)
		case *ast.Image:
			w.link(c, decode(c.Destination), decode(c.Title), inLink)
		case *ast.AutoLink:
			label := string(c.Label(w.src))
			dest := string(c.URL(w.src))
			if c.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				dest = "mailto:" + dest
			}
			if inLink || !safeURL(dest) {
				w.text("<" + label + ">")
				continue
			}
			w.openLink()
			w.text(label)
			w.raw("](" + destination(dest, w.ctx) + ")")
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				seg := c.Segments.At(i)
				w.text(string(seg.Value(w.src)))
			}
		default:
			w.inlines(c, inLink)
		}
	}
}

// link writes a link, or an image as a link to it, when its destination
// is safe; else, and inside another link, only its text.
func (w *writer) link(n ast.Node, dest, title string, inLink bool) {
	if inLink || !safeURL(dest) {
		w.inlines(n, true)
		return
	}
	w.openLink()
	w.inlines(n, true)
	w.raw("](" + destination(dest, w.ctx))
	if title != "" {
		w.raw(` "` + escapeAll(visibleText(joinLines(title), "")) + `"`)
	}
	w.raw(")")
}

// lineBreak ends a line of a paragraph, or is a space on one line.
// Trailing spaces are trimmed with the lines of a paragraph.
func (w *writer) lineBreak() {
	if w.ctx != inBlock {
		w.raw(" ")
		return
	}
	w.b.WriteByte('\n')
}

func (w *writer) raw(s string) { w.b.WriteString(s) }

// openLink writes the [ that opens a link. Right after a ! that text
// wrote, it would open an image, which a renderer shows by fetching its
// URL: the ! is escaped.
func (w *writer) openLink() {
	if b := w.b.Bytes(); len(b) > 0 && b[len(b)-1] == '!' {
		w.b.Truncate(len(b) - 1)
		w.b.WriteString(`\!`)
	}
	w.b.WriteByte('[')
}

// endsWithFold reports whether what w wrote ends with any of the words,
// ignoring case.
func (w *writer) endsWithFold(words ...string) bool {
	b := w.b.Bytes()
	return endsWithFold(string(b[max(0, len(b)-8):]), words...)
}

// codeSpan writes a code span holding s, as CodeSpan writes it (a span
// holding an @ padded, so that no bare email address can run from the
// text before it through its opening backticks).
func (w *writer) codeSpan(s string) {
	span := CodeSpan(s)
	if w.ctx == inCell {
		span = strings.ReplaceAll(span, "|", `\|`)
	}
	w.raw(span)
}

// text writes s as literal text.
func (w *writer) text(s string) {
	s = visibleText(s, "\t\n")
	for i := 0; i < len(s); {
		if w.atLineStart() {
			// Indentation would make a code block; a marker, a block.
			for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
				i++
			}
			if i == len(s) {
				return
			}
			i += w.lineStart(s[i:])
		}
		if i == len(s) {
			return
		}
		c := s[i]
		if !special[c] {
			// Copy the run of ordinary bytes up to the next special one.
			j := i + 1
			for j < len(s) && !special[s[j]] {
				j++
			}
			w.b.WriteString(s[i:j])
			i = j
			continue
		}
		switch {
		case c == '\n':
			w.lineBreak()
		case c == ' ' || c == '\t':
			// Runs of spaces show as one; keeping one keeps the source short.
			if b := w.b.Bytes(); b[len(b)-1] != ' ' {
				w.b.WriteByte(' ')
			}
		case c == '_':
			// An underscore between letters or digits neither opens nor
			// closes emphasis.
			prev, _ := utf8.DecodeLastRune(w.b.Bytes())
			next, _ := utf8.DecodeRuneInString(s[i+1:] + w.after)
			if isWordRune(prev) && isWordRune(next) {
				w.b.WriteByte('_')
			} else {
				w.b.WriteString(`\_`)
			}
		case c == '@', c == ':' && w.endsWithFold("http", "https", "ftp"), c == '.' && w.endsWithFold("www"):
			// Keep a renderer from linking a bare URL or email address
			// that runs into what follows: those errcat links itself.
			w.b.WriteByte('\\')
			w.b.WriteByte(c)
		case c == '&':
			if i+1 == len(s) || isEntityStart(s[i+1]) {
				w.b.WriteString(`\&`)
			} else {
				w.b.WriteByte('&')
			}
		case c == '<':
			w.b.WriteString("&lt;")
		case c == '>':
			w.b.WriteString("&gt;")
		case strings.IndexByte("\\`*[]|~", c) >= 0:
			w.b.WriteByte('\\')
			w.b.WriteByte(c)
		default:
			w.b.WriteByte(c)
		}
		i++
	}
}

// lineStart writes the start of a line of text so that it cannot begin a
// block, and returns how many bytes of s it wrote. A table cell holds
// inline content only.
func (w *writer) lineStart(s string) int {
	next := byte(' ')
	if len(s) > 1 {
		next = s[1]
	}
	if w.b.Len() == 0 && strings.IndexByte(".):@", s[0]) >= 0 {
		// Whatever comes before the field could make this ". " the end
		// of an ordered list marker, or "://x" or "@x" part of a bare URL
		// or email address that a renderer links.
		w.b.WriteByte('\\')
		w.b.WriteByte(s[0])
		return 1
	}
	if w.ctx == inCell {
		return 0
	}
	switch c := s[0]; {
	case c == '#' || c == ':',
		// A list item, a thematic break, a setext underline or a table
		// delimiter row.
		strings.IndexByte("-+=", c) >= 0 && strings.IndexByte(" \t-+=:|", next) >= 0:
		w.b.WriteByte('\\')
		w.b.WriteByte(c)
		return 1
	}
	digits := 0
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') &&
		(digits+1 == len(s) || s[digits+1] == ' ' || s[digits+1] == '\t') {
		w.b.WriteString(s[:digits] + `\` + s[digits:digits+1])
		return digits + 1
	}
	return 0
}

// endsWithFold reports whether s ends with any of the words, ignoring
// case.
func endsWithFold(s string, words ...string) bool {
	for _, w := range words {
		if len(s) >= len(w) && strings.EqualFold(s[len(s)-len(w):], w) {
			return true
		}
	}
	return false
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func isEntityStart(c byte) bool {
	return c == '#' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// escapeAll backslash-escapes every ASCII punctuation character of s, as
// in a link title, where any of them may be escaped.
func escapeAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; util.IsPunct(c) {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// safeURL reports whether a link may point at u: a URL with no scheme
// (relative, or an #anchor), or one with scheme http, https or mailto.
// Anything else before a colon (javascript:, data:, a scheme with a tab
// in it that a browser would drop) is refused.
func safeURL(u string) bool {
	end := strings.IndexAny(u, "/?#")
	if end < 0 {
		end = len(u)
	}
	scheme, _, found := strings.Cut(u[:end], ":")
	if !found {
		return true
	}
	switch strings.ToLower(scheme) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// destination writes u as a link destination: ASCII punctuation that
// Markdown could read escaped, spaces, controls and non-ASCII bytes
// percent-encoded.
func destination(u string, ctx place) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c <= ' ' || c >= 0x7f:
			fmt.Fprintf(&b, "%%%02X", c)
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("/:.?#=-%+,;@!$~", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	return b.String()
}

// decode returns the text a Markdown renderer shows for raw inline source:
// backslash escapes and entity references resolved, NUL replaced.
func decode(raw []byte) string {
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\\' && i+1 < len(raw) && util.IsPunct(raw[i+1]):
			b.WriteByte(raw[i+1])
			i++
			continue
		case c == 0:
			b.WriteRune(utf8.RuneError)
			continue
		case c == '&':
			if r, n := entity(raw[i:]); n > 0 {
				b.WriteString(r)
				i += n - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// entity resolves the entity or numeric character reference at the start
// of s, returning its text and length, or 0 when there is none.
func entity(s []byte) (string, int) {
	end := 1
	for end < len(s) && end < 40 && s[end] != ';' {
		end++
	}
	if end >= len(s) || s[end] != ';' || end == 1 {
		return "", 0
	}
	name := string(s[1:end])
	if name[0] == '#' {
		num, base := name[1:], 10
		if len(num) > 0 && (num[0] == 'x' || num[0] == 'X') {
			num, base = num[1:], 16
		}
		if len(num) == 0 || len(num) > 7 {
			return "", 0
		}
		v, err := strconv.ParseUint(num, base, 32)
		if err != nil {
			return "", 0
		}
		r := rune(v)
		if r == 0 || !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		return string(r), end + 1
	}
	for _, c := range []byte(name) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return "", 0
		}
	}
	if e, ok := util.LookUpHTML5EntityByName(name); ok {
		return string(e.Characters), end + 1
	}
	return "", 0
}

// longestRun returns the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest := 0
	for i := 0; i < len(s); {
		if s[i] != c {
			i++
			continue
		}
		n := run(s[i:], c)
		longest = max(longest, n)
		i += n
	}
	return longest
}

// run counts the leading bytes of s equal to c.
func run(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// Visible returns s with every character that is not printable (controls,
// line breaks, tabs, bidirectional and other formatting characters,
// invalid UTF-8) written as a Go escape such as \x1b or \u202e, so that
// it shows as what it is in a terminal or a code span. Backslashes are
// left alone.
func Visible(s string) string {
	return visible(s, func(r rune) bool { return r == ' ' || unicode.IsPrint(r) })
}

// visibleText is Visible for prose: it escapes controls (except those in
// keep), bidirectional controls and line and paragraph separators, and
// keeps other formatting characters, such as the joiners of emoji.
func visibleText(s, keep string) string {
	return visible(s, func(r rune) bool {
		switch {
		case r < 0x80:
			return r >= ' ' && r != 0x7f || strings.IndexByte(keep, byte(r)) >= 0
		case r <= 0x9f, r == '\u2028', r == '\u2029':
			return false
		}
		return !unicode.Is(unicode.Bidi_Control, r)
	})
}

func visible(s string, ok func(rune) bool) string {
	// Printable ASCII is by far the most common: check it byte by byte.
	clean := true
	for i := 0; i < len(s); {
		if c := s[i]; c >= ' ' && c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || !ok(r) {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == utf8.RuneError && n == 3 && ok(r):
			b.WriteRune(r)
		case !ok(r) || r == utf8.RuneError:
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
