package golang

import (
	"bytes"
	"fmt"
	doccomment "go/doc/comment"
	"go/token"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/ident"
)

type gen struct {
	c   *catalog.Catalog
	f   *jen.File
	pkg string

	policies *policySet
}

func newGen(c *catalog.Catalog, pkg string) *gen {
	return &gen{c: c, pkg: pkg, policies: newPolicySet(c)}
}

// writeCodeDoc writes the doc comment of a code's constant.
func writeCodeDoc(b *bytes.Buffer, code *catalog.Code, name string) {
	text, stop := sentenceParts(code.Description)
	switch {
	case code.AsyncOnly():
		writeComment(b, "\t", name, " is reported asynchronously (job status, webhooks), not in HTTP responses: ", text, stop)
	case code.Async:
		writeComment(b, "\t", name, " comes with HTTP status ", strconv.Itoa(code.Status), ", and is also reported asynchronously: ", text, stop)
	default:
		writeComment(b, "\t", name, " comes with HTTP status ", strconv.Itoa(code.Status), ": ", text, stop)
	}
	if code.Fix != "" {
		text, stop := sentenceParts(code.Fix)
		writeComment(b, "\t")
		writeComment(b, "\t", "Fix: ", text, stop)
	}
	if code.Since != "" {
		writeComment(b, "\t")
		writeComment(b, "\t", "Since: ", commentText(code.Since))
	}
	if code.Deprecated {
		writeComment(b, "\t")
		writeDeprecated(b, "\t", code.Deprecation)
	}
}

// writeDeprecated writes the Deprecated: line of a doc comment.
func writeDeprecated(b *bytes.Buffer, indent, reason string) {
	text, stop := sentenceParts(reason)
	if text == "" {
		text, stop = "the API no longer recommends this code.", ""
	}
	writeComment(b, indent, "Deprecated: ", text, stop)
}

// codeConsts writes the block of code constants, each with its doc
// comment, as gofmt writes it: it is most of the catalog's part, and
// formatting it took most of the rendering time (a third of generate at
// 10k codes) for text whose layout is fixed. Catalog text reaches it only
// as a string literal quoted by strconv.Quote, which is what jennifer's
// Lit writes, and through commentText in // lines; the names are
// ident.Code's, and a name that is no identifier is an error (notIdent).
// The goldens, TestBlankText and FuzzGenerate hold it to gofmt's bytes.
func (g *gen) codeConsts(b *bytes.Buffer) error {
	writeComment(b, "", "The codes of the ", commentText(g.c.Name), ", in catalog order.")
	b.WriteString("const (\n")
	for i, code := range g.c.Codes {
		if i > 0 {
			b.WriteByte('\n')
		}
		name := ident.Code(code)
		if err := notIdent(code, name); err != nil {
			return err
		}
		writeCodeDoc(b, code, name)
		b.WriteString("\t" + name + " Code = ")
		b.Write(strconv.AppendQuote(b.AvailableBuffer(), code.Code))
		b.WriteByte('\n')
	}
	b.WriteString(")\n")
	return nil
}

// firstSize is about the size of what codeConsts, codeTable and
// constructors write, so that their text is built in one allocation: each
// megabyte a run touches is about a millisecond of page faults.
func (g *gen) firstSize() int {
	n := 512
	for _, code := range g.c.Codes {
		n += 3*len(code.Code) + len(code.Title) + len(code.Description) + len(code.Fix) + len(code.Since) + len(code.Deprecation) + 100
		if code.Message != nil {
			n += 3*len(code.Message.Template) + 4*len(code.Code) + len(code.Deprecation) + 160
		}
	}
	return n
}

// writeComment writes indent and a // comment line of the text parts, as
// gofmt writes it: without the spaces a line would end in (a blank Fix:
// or Since:, or a field of characters commentText drops), as "//" when it
// is empty, and, in the doc comment of a top-level declaration (no
// indent), with gofmt's doc comment quotes (docText).
func writeComment(b *bytes.Buffer, indent string, parts ...string) {
	b.WriteString(indent)
	start := b.Len()
	b.WriteString("// ")
	for _, p := range parts {
		b.WriteString(p)
	}
	n := b.Len()
	for b.Bytes()[n-1] == ' ' {
		n--
	}
	b.Truncate(n)
	if indent == "" && n > start+3 {
		if line := b.Bytes()[start+3:]; bytes.Contains(line, []byte("``")) || bytes.Contains(line, []byte("''")) {
			text := docText(string(line))
			b.Truncate(start + 3)
			b.WriteString(text)
		}
	}
	b.WriteByte('\n')
}

// docText returns a line of text of a top-level doc comment as gofmt
// writes it. gofmt reprints such comments through go/doc/comment, which
// turns “ and ” in text into “ and ” (outside URLs and runs of three
// backticks); the lines errcat writes are each a paragraph, or a line of
// one, so the line is reprinted the same way. The doc comments of specs
// in a group are left as they are, by gofmt too.
func docText(line string) string {
	var p doccomment.Parser
	doc := p.Parse(line)
	if len(doc.Content) != 1 {
		return line
	}
	if _, ok := doc.Content[0].(*doccomment.Paragraph); !ok {
		return line
	}
	var pr doccomment.Printer
	out := strings.TrimSuffix(string(pr.Comment(doc)), "\n")
	if strings.Contains(out, "\n") {
		return line
	}
	return out
}

// codes writes the declarations that go with the code constants: where a
// body holds its code and the error prefix.
func (g *gen) codes(b *bytes.Buffer) {
	b.WriteString("\n// codePath is where an error body holds its code.\nconst codePath = ")
	b.WriteString(strconv.Quote(strings.Join(g.c.Envelope.Code, ".")))
	b.WriteString("\n\n// errorPrefix starts the messages of errors this package returns.\nconst errorPrefix = ")
	b.WriteString(strconv.Quote(g.pkg + ": "))
	b.WriteByte('\n')
}

// codeTable writes what the catalog says of every code as a text table,
// one line per code: a change of status, category or policy reads as one
// changed line in review, at any size. A string constant costs the
// compiler next to nothing, where a composite literal of thousands of
// elements is slow to format and to compile. It is written as gofmt
// writes it, like codeConsts: a raw string is never reformatted.
func (g *gen) codeTable(b *bytes.Buffer) {
	b.WriteString(`// codeTable holds what the catalog says of every code, a line per code in
// catalog order: the code, its HTTP status (0 when it is never sent in a
// response), its category (- for none), its retry policy and its title.
const codeTable = ` + "`\n")
	for _, code := range g.c.Codes {
		start := b.Len()
		b.WriteString(tableField(code.Code))
		b.WriteByte(' ')
		b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(code.Status), 10))
		b.WriteByte(' ')
		if code.Category != nil {
			b.WriteString(tableField(code.Category.Key))
		} else {
			b.WriteByte('-')
		}
		b.WriteString(" " + g.policies.name(code.Retry) + " ")
		b.WriteString(titleField(code.Title))
		if bytes.ContainsAny(b.Bytes()[start:], "`\r") {
			panic("golang: codeTable line holds a backtick or a carriage return")
		}
		b.WriteByte('\n')
	}
	b.WriteString("`\n")
}

// tableField returns s as a field of codeTable: as it is, or quoted as a
// Go string when it holds anything but printable characters other than
// space, starts with a quote, or holds a backtick (which would end the raw
// string). The quoted form holds no space or backtick either.
func tableField(s string) string {
	plain, ascii := plainASCII(s, false)
	if !ascii {
		plain = !strings.ContainsFunc(s, func(r rune) bool {
			return r == '`' || r == utf8.RuneError || !unicode.IsPrint(r) || unicode.IsSpace(r) || invisible(r)
		})
	}
	plain = plain && s != "" && s != "-" && !strings.HasPrefix(s, `"`)
	if plain {
		return s
	}
	return strings.NewReplacer("`", `\x60`, " ", `\x20`).Replace(strconv.QuoteToASCII(s))
}

// plainASCII reports, for an ASCII s (ascii true), whether it holds only
// printable characters other than the backtick, and spaces when spaces is
// set: what tableField and titleField ask of every character, without
// decoding runes. For any other s, ascii is false.
func plainASCII(s string, spaces bool) (plain, ascii bool) {
	plain = true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			return false, false
		case c == ' ':
			plain = plain && spaces
		case c < ' ' || c == 0x7f || c == '`':
			plain = false
		}
	}
	return plain, true
}

// titleField returns s as the last field of a codeTable line, which runs
// to the end of the line: as it is, or quoted as a Go string when it is
// empty, starts with a quote, has space at either end, or holds a backtick
// or anything but printable characters and spaces. The quoted form holds
// no backtick.
func titleField(s string) string {
	plain, ascii := plainASCII(s, true)
	if !ascii {
		plain = !strings.ContainsFunc(s, func(r rune) bool {
			return r == '`' || r == utf8.RuneError || !unicode.IsPrint(r) || r != ' ' && unicode.IsSpace(r) || invisible(r)
		})
	}
	plain = plain && s != "" && !strings.HasPrefix(s, `"`) && strings.TrimSpace(s) == s
	if plain {
		return s
	}
	return strings.ReplaceAll(strconv.QuoteToASCII(s), "`", `\x60`)
}

// categories writes the category constants, their list and their titles,
// as gofmt writes them. Catalog text reaches them only as string literals
// quoted by strconv.Quote and through commentText in // lines.
func (g *gen) categories(b *bytes.Buffer) error {
	names := make([]string, len(g.c.Categories))
	titles := make([]string, len(g.c.Categories))
	for i, cat := range g.c.Categories {
		names[i], titles[i] = ident.Category(cat), strconv.Quote(cat.Title)
		if !token.IsIdentifier(names[i]) {
			return fmt.Errorf("category %q: %q is not a Go identifier (see Check)", cat.Key, names[i])
		}
	}
	if len(g.c.Categories) > 0 {
		b.WriteByte('\n')
		writeComment(b, "", "The categories of the ", commentText(g.c.Name), ", in catalog order.")
		b.WriteString("const (\n")
		for i, cat := range g.c.Categories {
			if i > 0 {
				b.WriteByte('\n')
			}
			lead := fmt.Sprintf("%s is the category %s.", names[i], strconv.Quote(commentText(cat.Title)))
			if d := sentence(cat.Description); d != "" {
				lead += " " + d
			}
			writeComment(b, "\t", commentText(lead))
			b.WriteString("\t" + names[i] + " Category = " + strconv.Quote(cat.Key) + "\n")
		}
		b.WriteString(")\n")
	}
	b.WriteString("\n// categoryList holds every category in catalog order.\nvar categoryList = [...]Category{")
	if len(names) > 0 {
		b.WriteByte('\n')
		for _, name := range names {
			b.WriteString("\t" + name + ",\n")
		}
	}
	b.WriteString("}\n\n// categoryTitles holds the docs heading of every category.\nvar categoryTitles = map[Category]string{")
	if len(names) > 0 {
		b.WriteByte('\n')
		writeKeyed(b, "\t", names, titles)
	}
	b.WriteString("}\n")
	return nil
}
