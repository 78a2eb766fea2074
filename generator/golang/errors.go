package golang

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/dave/jennifer/jen"

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

// errors emits Error.Is, whose doc comment shows a code of the catalog.
func (g *gen) errors() {
	f := g.f
	e := func() *jen.Statement { return jen.Func().Params(jen.Id("e").Op("*").Id("Error")) }
	f.Comment("Is reports whether target is e's Code, or an *Error with the same Code, so that")
	f.Comment(fmt.Sprintf("errors.Is(err, %s) works on wrapped errors. A nil e matches nothing.", ident.Code(g.exampleCode())))
	f.Add(e()).Id("Is").Params(jen.Id("target").Error()).Bool().Block(
		jen.If(jen.Id("e").Op("==").Nil()).Block(jen.Return(jen.False())),
		jen.Switch(jen.Id("t").Op(":=").Id("target").Assert(jen.Type())).Block(
			jen.Case(jen.Id("Code")).Block(jen.Return(jen.Id("e").Dot("Code").Op("==").Id("t"))),
			jen.Case(jen.Op("*").Id("Error")).Block(jen.Return(jen.Id("t").Op("!=").Nil().Op("&&").Id("e").Dot("Code").Op("==").Id("t").Dot("Code"))),
		),
		jen.Return(jen.False()),
	)
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
