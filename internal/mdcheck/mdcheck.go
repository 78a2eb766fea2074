// Package mdcheck parses Markdown the way GitHub reads it (CommonMark with
// the GFM extensions, through goldmark) and checks errcat's Markdown
// outputs against what the catalog says they must hold: the docs page has
// exactly errcat's headings, tables and rows, the diff report exactly one
// list item per change, and neither has raw HTML other than errcat's own
// anchors, an image, an unsafe link, or an invisible character.
package mdcheck

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// Page is the structure of a parsed Markdown document.
type Page struct {
	Headings   []Heading
	Tables     []Table
	HTML       []string // raw HTML, inline or block, as written, but ListEnds
	ListEnds   int      // empty comments errcat writes to end a list (see listEnd)
	Items      []string // the text of every list item, nested ones included
	Links      []string // destinations of links, images and autolinks
	Images     []string // destinations of images
	CodeBlocks []string // the content of every code block
	Breaks     int      // thematic breaks
}

// Heading is a heading and its visible text.
type Heading struct {
	Level int
	Text  string
}

// Table is a GFM table: the visible text of each cell.
type Table struct {
	Header []string
	Rows   [][]string
}

var gfm = goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(ghtml.WithUnsafe()))

var tags = regexp.MustCompile(`<[^>]*>`)

// visible renders a node's children to HTML and returns their text as a
// reader sees it: tags removed, entities resolved. Raw HTML counts as
// nothing.
func visible(n ast.Node, src []byte) string {
	var b bytes.Buffer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*ast.RawHTML); ok {
			continue
		}
		if err := gfm.Renderer().Render(&b, src, c); err != nil {
			panic(err)
		}
	}
	return html.UnescapeString(tags.ReplaceAllString(b.String(), ""))
}

// Parse parses src as GitHub-flavoured Markdown.
func Parse(src []byte) *Page {
	doc := gfm.Parser().Parse(text.NewReader(src))
	p := &Page{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			p.Headings = append(p.Headings, Heading{n.Level, strings.TrimSpace(visible(n, src))})
		case *east.Table:
			var t Table
			for row := n.FirstChild(); row != nil; row = row.NextSibling() {
				var cells []string
				for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
					cells = append(cells, strings.TrimSpace(visible(cell, src)))
				}
				if _, header := row.(*east.TableHeader); header {
					t.Header = cells
				} else {
					t.Rows = append(t.Rows, cells)
				}
			}
			p.Tables = append(p.Tables, t)
		case *ast.HTMLBlock:
			var b strings.Builder
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(seg.Value(src))
			}
			if n.HasClosure() {
				seg := n.ClosureLine
				b.Write(seg.Value(src))
			}
			if strings.TrimSpace(b.String()) == listEnd {
				p.ListEnds++
				break
			}
			p.HTML = append(p.HTML, b.String())
		case *ast.RawHTML:
			var b strings.Builder
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				b.Write(seg.Value(src))
			}
			if b.String() == listEnd {
				p.ListEnds++
				break
			}
			p.HTML = append(p.HTML, b.String())
		case *ast.ListItem:
			p.Items = append(p.Items, strings.TrimSpace(visible(n, src)))
		case *ast.Link:
			p.Links = append(p.Links, string(n.Destination))
		case *ast.Image:
			p.Links = append(p.Links, string(n.Destination))
			p.Images = append(p.Images, string(n.Destination))
		case *ast.AutoLink:
			p.Links = append(p.Links, string(n.URL(src)))
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			var b strings.Builder
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(seg.Value(src))
			}
			p.CodeBlocks = append(p.CodeBlocks, b.String())
		case *ast.ThematicBreak:
			p.Breaks++
		}
		return ast.WalkContinue, nil
	})
	return p
}

// listEnd is what the paragraphs helper writes before a field that starts
// with a code block (templates' listEnd): a block of its own, or inline
// where a template writes the field right after text.
const listEnd = "<!-- -->"

// anchor is the only other raw HTML errcat writes: an empty anchor before
// a code.
var anchor = regexp.MustCompile(`^<a id="[a-z0-9_-]+">$|^</a>$`)

// Invisible returns the first character of src that a reader cannot see
// for what it is, with its byte offset: a control character other than
// newline and tab, a bidirectional control, a line or paragraph
// separator, or a byte that is not UTF-8. It returns -1 when there is none.
func Invisible(src []byte) (rune, int) {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && n == 1,
			r != '\n' && r != '\t' && unicode.IsControl(r),
			unicode.Is(unicode.Bidi_Control, r), r == '\u2028', r == '\u2029':
			return r, i
		}
		i += n
	}
	return -1, -1
}

// safeLink reports whether a link destination is one errcat writes: no
// scheme, or http, https or mailto.
func safeLink(u string) bool {
	end := strings.IndexAny(u, "/?#")
	if end < 0 {
		end = len(u)
	}
	scheme, _, found := strings.Cut(u[:end], ":")
	return !found || slices.Contains([]string{"http", "https", "mailto"}, strings.ToLower(scheme))
}

// Hygiene lists the problems any errcat Markdown output must not have: raw
// HTML other than errcat's anchors (anchors allowed only when anchors is
// true), images (which a renderer fetches: errcat writes an image in
// catalog text as a link to it), links to anything but http, https, mailto
// or relative URLs, thematic breaks, and invisible characters.
func Hygiene(p *Page, src []byte, anchors bool) []string {
	var problems []string
	for _, h := range p.HTML {
		if !anchors || !anchor.MatchString(h) {
			problems = append(problems, fmt.Sprintf("raw HTML reaches the page: %q", h))
		}
	}
	for _, src := range p.Images {
		problems = append(problems, fmt.Sprintf("image reaches the page: %q", src))
	}
	for _, l := range p.Links {
		if !safeLink(l) {
			problems = append(problems, fmt.Sprintf("unsafe link: %q", l))
		}
	}
	if p.Breaks > 0 {
		problems = append(problems, fmt.Sprintf("%d thematic breaks", p.Breaks))
	}
	if r, at := Invisible(src); at >= 0 {
		problems = append(problems, fmt.Sprintf("invisible character %U at byte %d", r, at))
	}
	return problems
}
