package golang

import (
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

// errors emits Error.Is, whose doc comment shows a code of the catalog,
// and the message constructors.
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
	g.constructors()
}

// constructors emits New<GoName> for every code with a message template,
// and the helper they share.
func (g *gen) constructors() {
	any := false
	for _, code := range g.c.Codes {
		if code.Message == nil {
			continue
		}
		any = true
		var params []jen.Code
		for _, p := range code.Message.Params {
			params = append(params, jen.Id(ident.Param(p)))
		}
		if len(params) > 0 {
			params[len(params)-1] = jen.Add(params[len(params)-1]).String()
		}
		var msg *jen.Statement
		for _, part := range code.Message.Parts {
			var term jen.Code = jen.Lit(part.Text)
			if part.Param >= 0 {
				term = jen.Id(ident.Param(code.Message.Params[part.Param]))
			}
			if msg == nil {
				msg = jen.Add(term)
			} else {
				msg = msg.Op("+").Add(term)
			}
		}
		if msg == nil {
			msg = jen.Lit("")
		}
		name, goName := ident.Constructor(code), ident.Code(code)
		g.f.Comment(fmt.Sprintf("%s returns New(%s, message), the message being the catalog's template", name, goName))
		g.f.Comment(strconv.Quote(commentText(code.Message.Template)) + " with its placeholders filled in.")
		if code.Deprecated {
			g.f.Comment("")
			reason := sentence(code.Deprecation)
			if reason == "" {
				reason = "the API no longer recommends this code."
			}
			g.f.Comment("Deprecated: " + reason)
		}
		g.f.Func().Id(name).Params(params...).Op("*").Id("Error").Block(
			jen.Return(jen.Id(goName).Dot("newError").Call(msg)))
	}
	if !any {
		return
	}
	// Inlined, New's map lookup would be compiled once per constructor,
	// which for catalogs with thousands of them makes the package slow to
	// build; New itself stays inlinable for other callers.
	// A method, so that no message parameter can shadow it.
	g.f.Comment("newError is New(c, message) for the message constructors, kept out of line.")
	g.f.Comment("")
	g.f.Comment("//go:noinline")
	g.f.Func().Params(jen.Id("c").Id("Code")).Id("newError").Params(jen.Id("message").String()).Op("*").Id("Error").Block(
		jen.Return(jen.Id("New").Call(jen.Id("c"), jen.Id("message"))))
}
