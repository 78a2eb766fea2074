// Package templates holds errcat's Markdown templates and the data model
// and helper functions every docs template, built in or the user's, is
// executed with.
package templates

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"
)

//go:embed default.md.tmpl
var defaultText string

// defaultTemplate is the built-in template, parsed once, when Default is
// first called: a run with the built-in template renders it with
// renderDefault and never needs it. text/template is safe for concurrent
// use.
var (
	defaultOnce     sync.Once
	defaultTemplate atomic.Pointer[template.Template]
)

// Default returns the built-in docs template.
func Default() *template.Template {
	defaultOnce.Do(func() {
		defaultTemplate.Store(template.Must(Parse("default.md.tmpl", defaultText)))
	})
	return defaultTemplate.Load()
}

// Parse parses a docs template with errcat's helper functions. Referring
// to a field the data model does not have is an error when it runs.
func Parse(name, text string) (*template.Template, error) {
	return template.New(name).Funcs(Funcs()).Option("missingkey=error").Parse(text)
}

// Funcs returns the helper functions available in templates. Each renders
// catalog text for one place in the page, so that nothing in the text can
// reach outside it: code spans, emphasis and links render, everything
// else (raw HTML, headings, tables, fences) shows as literal text.
//
//	cell TEXT       inline Markdown on one line, safe in a GFM table cell
//	inline TEXT     inline Markdown on one line, anywhere in a line
//	paragraphs TEXT Markdown blocks: paragraphs, lists, block quotes, code blocks; keep blank lines around it
//	heading TEXT    inline Markdown for the text of an ATX heading
//	code TEXT       TEXT as a code span, whatever it holds; in a table, cell (code TEXT)
//	text TEXT       TEXT as literal text on one line: no Markdown at all
//	anchor CODE     the code's stable anchor: lower case, characters outside [a-z0-9_-] as -
//	join LIST SEP   strings.Join
func Funcs() template.FuncMap {
	return template.FuncMap{
		"cell":       Cell,
		"inline":     Inline,
		"paragraphs": Block,
		"code":       CodeSpan,
		"text":       Text,
		"heading":    Heading,
		"anchor":     Anchor,
		"join":       strings.Join,
	}
}

// Cell renders catalog text as inline Markdown on one line, safe in a GFM
// table cell: line breaks become spaces and every | is escaped, in code
// spans too.
func Cell(s string) string { return renderInline(s, inCell) }

// Inline renders catalog text as inline Markdown on one line: line breaks
// become spaces, and nothing in it can start a block, even at the start of
// a line.
func Inline(s string) string { return renderInline(s, inLine) }

// Heading renders catalog text as the content of an ATX heading: Inline,
// with a closing run of # escaped so that it stays part of the text.
func Heading(s string) string {
	h := renderInline(s, inLine)
	j := len(h)
	for j > 0 && h[j-1] == '#' {
		j--
	}
	if j < len(h) && (j == 0 || h[j-1] == ' ') {
		h = h[:j] + `\` + h[j:]
	}
	return h
}

// Block renders catalog text as Markdown blocks: paragraphs with their
// line breaks, lists, block quotes and fenced code blocks, each closed
// within the text. Headings, thematic breaks, tables and HTML in the text
// are shown as literal text. The result needs a blank line before and
// after it, as any block does.
func Block(s string) string { return renderBlocks(s) }

// Text renders s as literal text on one line: every character that
// Markdown or HTML could read is escaped, and line breaks, controls and
// other invisible characters show as Go escapes (\n, \x1b, \u202e).
func Text(s string) string {
	w := &writer{ctx: inLine}
	w.text(Visible(s))
	return closeText(w.b.String())
}

// CodeSpan renders s as a code span on one line: fenced by more backticks
// than any run inside it, padded with spaces where CommonMark would strip
// them, with invisible characters shown as Go escapes (see Visible). In a
// table cell, pass it through Cell: {{cell (code .Code)}}.
//
// Content with an @ is padded too, which CommonMark strips again: the
// email autolinks of GFM renderers such as goldmark take a backtick as a
// character of an address's local part, so text just before the span
// ("0" in 0`@example.com<b>`) would otherwise start an address that
// swallows the opening fence and leaves the rest of the span as Markdown.
func CodeSpan(s string) string {
	s = Visible(s)
	if s == "" {
		return ""
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if s[0] == '`' || s[len(s)-1] == '`' || strings.Contains(s, "@") || s[0] == ' ' && s[len(s)-1] == ' ' && strings.Trim(s, " ") != "" {
		s = " " + s + " "
	}
	return fence + s + fence
}

// Anchor returns a code's stable anchor: the code in lower case with every
// character outside [a-z0-9_-] replaced by '-'.
func Anchor(code string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			return r
		}
		return '-'
	}, strings.ToLower(code))
}

// Status formats a code's status for a table: the number, "async" for a
// code never sent in a response, and "404, async" for one sent in both.
func Status(status int, async bool) string {
	switch {
	case status == 0:
		return "async"
	case async:
		return strconv.Itoa(status) + ", async"
	}
	return strconv.Itoa(status)
}
