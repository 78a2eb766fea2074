package golang

import (
	"bytes"
	"strconv"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/ident"
)

// exampleCode is the code doc comments use in examples: the envelope's
// example, else the first code.
func (g *gen) exampleCode() *catalog.Code {
	if g.c.Envelope.Example != nil {
		return g.c.Envelope.Example
	}
	return g.c.Codes[0]
}

// errors writes Error.Is, whose doc comment shows a code of the catalog.
func (g *gen) errors(b *bytes.Buffer) {
	b.WriteString("\n// Is reports whether target is e's Code, or an *Error with the same Code, so that\n")
	writeComment(b, "", "errors.Is(err, ", ident.Code(g.exampleCode()), ") works on wrapped errors. A nil e matches nothing.")
	b.WriteString(`func (e *Error) Is(target error) bool {
	if e == nil {
		return false
	}
	switch t := target.(type) {
	case Code:
		return e.Code == t
	case *Error:
		return t != nil && e.Code == t.Code
	}
	return false
}
`)
}

// constructors writes New<GoName> for every code with a message template,
// and the helper they share, as gofmt writes them: like the code
// constants, they are one short function per code, and formatting them
// took most of the time jennifer's part did. Catalog text reaches them
// only as string literals quoted by strconv.Quote and through commentText
// in // lines; the names are generator/ident's, and a name that is no
// identifier is an error (notIdent).
func (g *gen) constructors(b *bytes.Buffer) error {
	any := false
	for _, code := range g.c.Codes {
		if code.Message == nil {
			continue
		}
		any = true
		name, goName := ident.Constructor(code), ident.Code(code)
		params := make([]string, len(code.Message.Params))
		for i, p := range code.Message.Params {
			params[i] = ident.Param(p)
		}
		if err := notIdent(code, append(params, name)...); err != nil {
			return err
		}
		b.WriteByte('\n')
		writeComment(b, "", name, " returns New(", goName, ", message), the message being the catalog's template")
		writeComment(b, "", strconv.Quote(commentText(code.Message.Template)), " with its placeholders filled in.")
		if code.Deprecated {
			writeComment(b, "")
			writeDeprecated(b, "", code.Deprecation)
		}
		b.WriteString("func " + name + "(")
		for i, p := range params {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(p)
		}
		if len(params) > 0 {
			b.WriteString(" string")
		}
		b.WriteString(") *Error {\n\treturn " + goName + ".newError(")
		if len(code.Message.Parts) == 0 {
			b.WriteString(`""`)
		}
		for i, part := range code.Message.Parts {
			if i > 0 {
				b.WriteString(" + ")
			}
			if part.Param >= 0 {
				b.WriteString(params[part.Param])
			} else {
				b.Write(strconv.AppendQuote(b.AvailableBuffer(), part.Text))
			}
		}
		b.WriteString(")\n}\n")
	}
	if !any {
		return nil
	}
	// Inlined, New's map lookup would be compiled once per constructor,
	// which for catalogs with thousands of them makes the package slow to
	// build; New itself stays inlinable for other callers.
	// A method, so that no message parameter can shadow it.
	b.WriteString(`
// newError is New(c, message) for the message constructors, kept out of line.
//
//go:noinline
func (c Code) newError(message string) *Error {
	return New(c, message)
}
`)
	return nil
}
