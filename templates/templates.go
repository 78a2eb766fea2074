// Package templates holds errcat's Markdown templates and the data model
// and helper functions every docs template, built in or the user's, is
// executed with.
package templates

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"text/template"
)

//go:embed default.md.tmpl
var defaultText string

// defaultTemplate is parsed once; text/template is safe for concurrent use.
var defaultTemplate = template.Must(Parse("default.md.tmpl", defaultText))

// Default returns the built-in docs template.
func Default() *template.Template { return defaultTemplate }

// Parse parses a docs template with errcat's helper functions. Referring
// to a field the data model does not have is an error when it runs.
func Parse(name, text string) (*template.Template, error) {
	return template.New(name).Funcs(Funcs()).Option("missingkey=error").Parse(text)
}

// Render executes t with d into memory, within the bounds of
// RenderContext but with no deadline.
func Render(t *template.Template, d *Data) ([]byte, error) {
	return RenderContext(context.Background(), t, d)
}

// Funcs returns the helper functions available in templates:
//
//	cell TEXT       inline Markdown safe in a table cell: raw HTML escaped, | escaped, newlines as spaces
//	inline TEXT     inline Markdown on one line: raw HTML escaped, newlines as spaces
//	paragraphs TEXT Markdown paragraphs: raw HTML escaped, line breaks kept
//	code TEXT       TEXT as a code span, whatever backticks it holds; in a table, cell (code TEXT)
//	heading TEXT    TEXT for an ATX heading: one line, raw HTML escaped
//	anchor CODE     the code's stable anchor: lower case, characters outside [a-z0-9_-] as -
//	join LIST SEP   strings.Join
func Funcs() template.FuncMap {
	return template.FuncMap{
		"cell":       Cell,
		"inline":     func(s string) string { return escapeInline(oneLine(s), false) },
		"paragraphs": Block,
		"code":       CodeSpan,
		"heading":    Heading,
		"anchor":     Anchor,
		"join":       strings.Join,
	}
}

// oneLine replaces each run of white space that holds a line break, and
// any leading or trailing space, so that s fits on one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") && strings.TrimSpace(s) == s {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// Cell makes inline Markdown safe in a GFM table cell.
func Cell(s string) string { return escapeInline(oneLine(s), true) }

// Heading makes text safe as the content of an ATX heading.
func Heading(s string) string {
	h := escapeInline(oneLine(s), false)
	if strings.HasSuffix(h, "#") {
		h = h[:len(h)-1] + `\#`
	}
	return h
}

// Block escapes raw HTML in Markdown paragraphs, keeping line breaks.
func Block(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = escapeInline(l, false)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// escapeInline escapes '<' and '>' outside code spans so raw HTML shows
// literally, and in a table cell also every '|'.
func escapeInline(s string, cell bool) string {
	special := "<>`\\"
	if cell {
		special += "|"
	}
	if !strings.ContainsAny(s, special) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if c == '`' {
			n := run(s[i:], '`')
			if end := closing(s, i+n, n); end >= 0 {
				span := s[i : end+n]
				if cell {
					span = strings.ReplaceAll(span, "|", `\|`)
				}
				b.WriteString(span)
				i = end + n
				continue
			}
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		switch {
		case c == '\\' && i+1 < len(s):
			// Keep an escape, unless it would swallow the cell's own \| escape.
			if s[i+1] == '|' || s[i+1] == '<' || s[i+1] == '>' {
				b.WriteString(`\\`)
				i++
				continue
			}
			b.WriteString(s[i : i+2])
			i += 2
			continue
		case c == '<':
			b.WriteString("&lt;")
		case c == '>':
			b.WriteString("&gt;")
		case c == '|' && cell:
			b.WriteString(`\|`)
		default:
			b.WriteByte(c)
		}
		i++
	}
	return b.String()
}

// run counts the leading bytes of s equal to c.
func run(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// closing finds, from i on, a run of exactly n backticks.
func closing(s string, i, n int) int {
	for i < len(s) {
		if s[i] != '`' {
			i++
			continue
		}
		m := run(s[i:], '`')
		if m == n {
			return i
		}
		i += m
	}
	return -1
}

// CodeSpan renders s as a code span: fenced by more backticks than any run
// inside it, padded with spaces when it starts or ends with a backtick, on
// one line. In a table cell, pass it through Cell: {{cell (code .Code)}}.
func CodeSpan(s string) string {
	s = oneLine(s)
	longest := 0
	for i := 0; i < len(s); {
		if s[i] == '`' {
			n := run(s[i:], '`')
			longest = max(longest, n)
			i += n
			continue
		}
		i++
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || (strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") && strings.TrimSpace(s) != "") {
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
		return fmt.Sprintf("%d, async", status)
	}
	return fmt.Sprint(status)
}
