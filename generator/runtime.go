package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/errcat/errcat/catalog"
)

// Short names for the jennifer statements the runtime code repeats.
var (
	id   = jen.Id
	lit  = jen.Lit
	qual = jen.Qual
)

func errNew(msg string) *jen.Statement { return qual("errors", "New").Call(lit(msg)) }

// hasConstructors reports whether any code has a message constructor.
func (g *goGen) hasConstructors() bool {
	for _, code := range g.c.Codes {
		if code.Message != nil {
			return true
		}
	}
	return false
}

// prefix is how generated code starts its error messages: the package name.
func (g *goGen) prefix() string { return g.pkg + ": " }

func (g *goGen) errorType() {
	f := g.f
	f.Comment("Error is an error response of the " + oneLine(g.c.Name) + ": the code and message from its")
	f.Comment("JSON envelope, with the HTTP status and Retry-After of the response it came in.")
	f.Type().Id("Error").Struct(
		id("Code").Id("Code"),
		id("Message").String(),
		id("Status").Int().Comment("HTTP status; 0 when not known"),
		id("Details").Qual("encoding/json", "RawMessage").Comment("raw value at the envelope's details path, if any"),
		id("RetryAfter").Qual("time", "Duration").Comment("from a Retry-After header, when decoded from a response"),
	)
	f.Comment("New returns an error with code and message, and the code's HTTP status from the catalog.")
	if g.hasConstructors() {
		// Every message constructor calls New; inlined, its map lookup would
		// be compiled once per constructor, which for catalogs with
		// thousands of constructors makes the package slow to build.
		f.Comment("//go:noinline")
	}
	f.Func().Id("New").Params(id("code").Id("Code"), id("message").String()).Op("*").Id("Error").Block(
		jen.Return(jen.Op("&").Id("Error").Values(jen.Dict{
			id("Code"):    id("code"),
			id("Message"): id("message"),
			id("Status"):  id("code").Dot("HTTPStatus").Call(),
		})))
	f.Comment("Newf is New with a message formatted by fmt.Sprintf.")
	f.Func().Id("Newf").Params(id("code").Id("Code"), id("format").String(), id("args").Op("...").Any()).Op("*").Id("Error").Block(
		jen.Return(id("New").Call(id("code"), qual("fmt", "Sprintf").Call(id("format"), id("args").Op("...")))))
	g.constructors()

	e := func() *jen.Statement { return jen.Func().Params(id("e").Op("*").Id("Error")) }
	f.Comment(`Error returns "CODE: message", or just the code when the message is empty.`)
	f.Add(e()).Id("Error").Params().String().Block(
		jen.If(id("e").Dot("Message").Op("==").Lit("")).Block(jen.Return(jen.String().Parens(id("e").Dot("Code")))),
		jen.Return(jen.String().Parens(id("e").Dot("Code")).Op("+").Lit(": ").Op("+").Id("e").Dot("Message")),
	)
	f.Comment("Is reports whether target is e's Code, or an *Error with the same Code, so that")
	f.Comment("errors.Is(err, RateLimited) works on wrapped errors.")
	f.Add(e()).Id("Is").Params(id("target").Error()).Bool().Block(
		jen.Switch(id("t").Op(":=").Id("target").Assert(jen.Type())).Block(
			jen.Case(id("Code")).Block(jen.Return(id("e").Dot("Code").Op("==").Id("t"))),
			jen.Case(jen.Op("*").Id("Error")).Block(jen.Return(id("t").Op("!=").Nil().Op("&&").Id("e").Dot("Code").Op("==").Id("t").Dot("Code"))),
		),
		jen.Return(jen.False()),
	)
	f.Comment("status is the HTTP status to send e with: its own, else the catalog's, else 500.")
	f.Add(e()).Id("status").Params().Int().Block(
		jen.If(id("e").Dot("Status").Op(">=").Lit(100).Op("&&").Id("e").Dot("Status").Op("<=").Lit(599)).Block(jen.Return(id("e").Dot("Status"))),
		jen.If(id("s").Op(":=").Id("e").Dot("Code").Dot("HTTPStatus").Call(), id("s").Op("!=").Lit(0)).Block(jen.Return(id("s"))),
		jen.Return(qual("net/http", "StatusInternalServerError")),
	)
}

// jsonNode is the envelope's shape: an object, an array of one element,
// or a leaf filled from the error (hole) or from the fixed members (raw).
type jsonNode struct {
	object []jsonMember
	array  *jsonNode
	hole   string // code, message, status, details, doc_url
	raw    json.RawMessage
}

type jsonMember struct {
	key  string
	node *jsonNode
}

func (n *jsonNode) insert(path []string, hole string) {
	if len(path) == 0 {
		n.hole = hole
		return
	}
	if path[0] == "0" {
		if n.array == nil {
			n.array = &jsonNode{}
		}
		n.array.insert(path[1:], hole)
		return
	}
	for _, m := range n.object {
		if m.key == path[0] {
			m.node.insert(path[1:], hole)
			return
		}
	}
	child := &jsonNode{}
	n.object = append(n.object, jsonMember{path[0], child})
	child.insert(path[1:], hole)
}

// envelopeShape builds the body's shape: fixed members first, then the
// envelope paths in the order code, message, status, details, doc_url.
func envelopeShape(e *catalog.Envelope) *jsonNode {
	root := &jsonNode{}
	for _, m := range e.Fixed {
		root.object = append(root.object, jsonMember{m.Key, &jsonNode{raw: m.Value}})
	}
	for _, p := range []struct {
		path []string
		hole string
	}{{e.Code, "code"}, {e.Message, "message"}, {e.Status, "status"}, {e.Details, "details"}, {e.DocURL, "doc_url"}} {
		if p.path != nil {
			root.insert(p.path, p.hole)
		}
	}
	return root
}

// expr renders the shape as a jsonObject/jsonArray literal whose leaves
// are json.RawMessage expressions.
func (n *jsonNode) expr() jen.Code {
	switch {
	case n.raw != nil:
		return qual("encoding/json", "RawMessage").Parens(lit(string(n.raw)))
	case n.array != nil:
		return id("jsonArray").Values(n.array.expr())
	case n.hole != "":
		return map[string]jen.Code{
			"code":    id("quoteJSON").Call(jen.String().Parens(id("e").Dot("Code"))),
			"message": id("quoteJSON").Call(id("e").Dot("Message")),
			"status":  id("statusJSON").Call(id("e")),
			"details": id("details"),
			"doc_url": id("docLink").Call(id("e").Dot("Code")),
		}[n.hole]
	}
	var members []jen.Code
	for _, m := range n.object {
		members = append(members, jen.Values(lit(m.key), m.node.expr()))
	}
	return id("jsonObject").Custom(multi(","), members...)
}

func pathArgs(path []string) []jen.Code {
	args := []jen.Code{id("b")}
	for _, s := range path {
		args = append(args, lit(s))
	}
	return args
}

func (g *goGen) envelope() {
	f := g.f
	env := &g.c.Envelope
	shape := envelopeShape(env)
	var example bytes.Buffer
	example.WriteString(exampleJSON(shape))

	f.Comment("MarshalJSON encodes e in the API's error envelope:")
	f.Comment("")
	for _, line := range strings.Split(example.String(), "\n") {
		f.Comment("\t" + codeLine(line))
	}
	f.Comment("")
	f.Comment("Fixed members are included; nil Details are left out.")
	var marshal []jen.Code
	if env.Details != nil {
		marshal = append(marshal,
			jen.List(id("details"), id("err")).Op(":=").Id("compactJSON").Call(id("e").Dot("Details")),
			jen.If(id("err").Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), qual("fmt", "Errorf").Call(lit(g.prefix()+"encode %s: details: %w"), id("e").Dot("Code"), id("err")))))
	}
	marshal = append(marshal, jen.Return(id("appendJSON").Call(jen.Nil(), shape.expr()), jen.Nil()))
	f.Func().Params(id("e").Op("*").Id("Error")).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(marshal...)

	f.Comment("UnmarshalJSON decodes e from the API's error envelope. A code the catalog does")
	f.Comment("not list is kept; a body without a code is an error.")
	body := []jen.Code{
		jen.If(jen.Op("!").Qual("encoding/json", "Valid").Call(id("b"))).Block(
			jen.Return(errNew(g.prefix() + "error body is not valid JSON"))),
		jen.List(id("code"), id("ok")).Op(":=").Id("jsonText").Call(id("lookupJSON").Call(pathArgs(env.Code)...)),
		jen.If(jen.Op("!").Id("ok").Op("||").Id("code").Op("==").Lit("")).Block(
			jen.Return(errNew(g.prefix() + "error body has no code at " + strings.Join(env.Code, ".")))),
		jen.List(id("message"), id("_")).Op(":=").Id("jsonText").Call(id("lookupJSON").Call(pathArgs(env.Message)...)),
		jen.Op("*").Id("e").Op("=").Id("Error").Values(jen.Dict{id("Code"): id("Code").Parens(id("code")), id("Message"): id("message")}),
	}
	if env.Status != nil {
		body = append(body, jen.If(
			jen.List(id("s"), id("ok")).Op(":=").Id("jsonText").Call(id("lookupJSON").Call(pathArgs(env.Status)...)), id("ok")).Block(
			jen.If(jen.List(id("n"), id("err")).Op(":=").Qual("strconv", "Atoi").Call(id("s")), id("err").Op("==").Nil()).Block(
				id("e").Dot("Status").Op("=").Id("n"))))
	}
	if env.Details != nil {
		body = append(body, jen.If(
			id("d").Op(":=").Id("lookupJSON").Call(pathArgs(env.Details)...),
			id("d").Op("!=").Nil().Op("&&").String().Parens(id("d")).Op("!=").Lit("null")).Block(
			id("e").Dot("Details").Op("=").Append(qual("encoding/json", "RawMessage").Parens(jen.Nil()), id("d").Op("..."))))
	}
	body = append(body, jen.Return(jen.Nil()))
	f.Func().Params(id("e").Op("*").Id("Error")).Id("UnmarshalJSON").Params(id("b").Index().Byte()).Error().Block(body...)

	f.Comment("Decode decodes an error body in the API's envelope. Codes the catalog does not")
	f.Comment("list are kept, not rejected. Status is set only when the envelope carries it.")
	f.Func().Id("Decode").Params(id("body").Index().Byte()).Params(jen.Op("*").Id("Error"), jen.Error()).Block(
		id("e").Op(":=").New(id("Error")),
		jen.If(id("err").Op(":=").Id("e").Dot("UnmarshalJSON").Call(id("body")), id("err").Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), id("err"))),
		jen.Return(id("e"), jen.Nil()),
	)

	g.jsonHelpers(env)
}

// exampleJSON renders the shape with placeholder values, for doc comments.
func exampleJSON(n *jsonNode) string {
	var b strings.Builder
	var walk func(n *jsonNode, indent string)
	walk = func(n *jsonNode, indent string) {
		switch {
		case n.raw != nil:
			b.Write(n.raw)
		case n.array != nil:
			b.WriteString("[")
			walk(n.array, indent)
			b.WriteString("]")
		case n.hole != "":
			b.WriteString(map[string]string{"code": `"CODE"`, "message": `"message"`, "status": "429", "details": "{…}", "doc_url": `"https://…"`}[n.hole])
		default:
			b.WriteString("{\n")
			for i, m := range n.object {
				key, _ := json.Marshal(m.key)
				fmt.Fprintf(&b, "%s  %s: ", indent, key)
				walk(m.node, indent+"  ")
				if i < len(n.object)-1 {
					b.WriteString(",")
				}
				b.WriteString("\n")
			}
			b.WriteString(indent + "}")
		}
	}
	walk(n, "")
	return b.String()
}

func (g *goGen) jsonHelpers(env *catalog.Envelope) {
	f := g.f
	rawMsg := func() *jen.Statement { return qual("encoding/json", "RawMessage") }

	f.Comment("jsonObject is a JSON object whose members keep their order.")
	f.Type().Id("jsonObject").Index().Struct(id("key").String(), id("value").Any())
	f.Comment("jsonArray is a JSON array of one element.")
	f.Type().Id("jsonArray").Struct(id("elem").Any())

	f.Comment("appendJSON appends v to b; members whose value is empty are left out.")
	f.Func().Id("appendJSON").Params(id("b").Index().Byte(), id("v").Any()).Index().Byte().Block(
		jen.Switch(id("v").Op(":=").Id("v").Assert(jen.Type())).Block(
			jen.Case(rawMsg()).Block(jen.Return(jen.Append(id("b"), id("v").Op("...")))),
			jen.Case(id("jsonArray")).Block(
				id("b").Op("=").Append(id("b"), jen.LitRune('[')),
				id("b").Op("=").Id("appendJSON").Call(id("b"), id("v").Dot("elem")),
				jen.Return(jen.Append(id("b"), jen.LitRune(']'))),
			),
			jen.Case(id("jsonObject")).Block(
				id("b").Op("=").Append(id("b"), jen.LitRune('{')),
				id("first").Op(":=").True(),
				jen.For(jen.List(id("_"), id("m")).Op(":=").Range().Id("v")).Block(
					jen.If(id("emptyJSON").Call(id("m").Dot("value"))).Block(jen.Continue()),
					jen.If(jen.Op("!").Id("first")).Block(id("b").Op("=").Append(id("b"), jen.LitRune(','))),
					id("first").Op("=").False(),
					id("b").Op("=").Append(id("b"), id("quoteJSON").Call(id("m").Dot("key")).Op("...")),
					id("b").Op("=").Append(id("b"), jen.LitRune(':')),
					id("b").Op("=").Id("appendJSON").Call(id("b"), id("m").Dot("value")),
				),
				jen.Return(jen.Append(id("b"), jen.LitRune('}'))),
			),
		),
		jen.Return(jen.Append(id("b"), lit("null").Op("..."))),
	)
	f.Comment("emptyJSON reports whether v encodes to nothing: a nil leaf, or only such leaves.")
	f.Func().Id("emptyJSON").Params(id("v").Any()).Bool().Block(
		jen.Switch(id("v").Op(":=").Id("v").Assert(jen.Type())).Block(
			jen.Case(rawMsg()).Block(jen.Return(id("v").Op("==").Nil())),
			jen.Case(id("jsonArray")).Block(jen.Return(id("emptyJSON").Call(id("v").Dot("elem")))),
			jen.Case(id("jsonObject")).Block(
				jen.For(jen.List(id("_"), id("m")).Op(":=").Range().Id("v")).Block(
					jen.If(jen.Op("!").Id("emptyJSON").Call(id("m").Dot("value"))).Block(jen.Return(jen.False()))),
				jen.Return(jen.True()),
			),
		),
		jen.Return(jen.True()),
	)
	f.Comment("quoteJSON returns s as a JSON string.")
	f.Func().Id("quoteJSON").Params(id("s").String()).Add(rawMsg()).Block(
		jen.List(id("b"), id("_")).Op(":=").Qual("encoding/json", "Marshal").Call(id("s")),
		jen.Return(id("b")),
	)
	if env.Details != nil {
		f.Comment("compactJSON returns raw without insignificant space, or an error when it is not JSON.")
		f.Func().Id("compactJSON").Params(id("raw").Add(rawMsg())).Params(rawMsg(), jen.Error()).Block(
			jen.If(id("raw").Op("==").Nil()).Block(jen.Return(jen.Nil(), jen.Nil())),
			jen.Var().Id("buf").Qual("bytes", "Buffer"),
			jen.If(id("err").Op(":=").Qual("encoding/json", "Compact").Call(jen.Op("&").Id("buf"), id("raw")), id("err").Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), id("err"))),
			jen.Return(id("buf").Dot("Bytes").Call(), jen.Nil()),
		)
	}
	if env.Status != nil {
		f.Comment("statusJSON is the status member of e's body: its own status, else the catalog's, else left out.")
		f.Func().Id("statusJSON").Params(id("e").Op("*").Id("Error")).Add(rawMsg()).Block(
			id("s").Op(":=").Id("e").Dot("Status"),
			jen.If(id("s").Op("==").Lit(0)).Block(id("s").Op("=").Id("e").Dot("Code").Dot("HTTPStatus").Call()),
			jen.If(id("s").Op("==").Lit(0)).Block(jen.Return(jen.Nil())),
			jen.Return(rawMsg().Parens(qual("strconv", "Itoa").Call(id("s")))),
		)
	}
	if env.DocURL != nil {
		f.Comment("docLink is the link to a listed code's entry in the docs, as JSON; nil for other codes.")
		f.Func().Id("docLink").Params(id("c").Id("Code")).Add(rawMsg()).Block(
			jen.If(jen.Op("!").Id("c").Dot("Known").Call()).Block(jen.Return(jen.Nil())),
			id("anchor").Op(":=").Qual("strings", "Map").Call(jen.Func().Params(id("r").Rune()).Rune().Block(
				jen.If(id("r").Op(">=").LitRune('a').Op("&&").Id("r").Op("<=").LitRune('z').Op("||").
					Id("r").Op(">=").LitRune('0').Op("&&").Id("r").Op("<=").LitRune('9').Op("||").
					Id("r").Op("==").LitRune('_').Op("||").Id("r").Op("==").LitRune('-')).Block(jen.Return(id("r"))),
				jen.Return(jen.LitRune('-')),
			), qual("strings", "ToLower").Call(jen.String().Parens(id("c")))),
			jen.Return(id("quoteJSON").Call(lit(g.c.DocsURL+"#").Op("+").Id("anchor"))),
		)
	}
	f.Comment("lookupJSON returns the raw value at path in b, or nil. A segment \"0\" steps into")
	f.Comment("the first element of an array.")
	f.Func().Id("lookupJSON").Params(id("b").Add(rawMsg()), id("path").Op("...").String()).Add(rawMsg()).Block(
		jen.For(jen.List(id("_"), id("key")).Op(":=").Range().Id("path")).Block(
			jen.If(id("key").Op("==").Lit("0")).Block(
				jen.Var().Id("arr").Index().Add(rawMsg()),
				jen.If(qual("encoding/json", "Unmarshal").Call(id("b"), jen.Op("&").Id("arr")).Op("!=").Nil().Op("||").Len(id("arr")).Op("==").Lit(0)).Block(
					jen.Return(jen.Nil())),
				id("b").Op("=").Id("arr").Index(lit(0)),
				jen.Continue(),
			),
			jen.Var().Id("obj").Map(jen.String()).Add(rawMsg()),
			jen.If(qual("encoding/json", "Unmarshal").Call(id("b"), jen.Op("&").Id("obj")).Op("!=").Nil()).Block(jen.Return(jen.Nil())),
			id("b").Op("=").Id("obj").Index(id("key")),
		),
		jen.Return(id("b")),
	)
	f.Comment("jsonText returns a JSON string's value, or a number's text.")
	f.Func().Id("jsonText").Params(id("raw").Add(rawMsg())).Params(jen.String(), jen.Bool()).Block(
		jen.Var().Id("s").String(),
		jen.If(qual("encoding/json", "Unmarshal").Call(id("raw"), jen.Op("&").Id("s")).Op("==").Nil()).Block(jen.Return(id("s"), jen.True())),
		jen.Var().Id("n").Qual("encoding/json", "Number"),
		jen.If(qual("encoding/json", "Unmarshal").Call(id("raw"), jen.Op("&").Id("n")).Op("==").Nil()).Block(jen.Return(id("n").Dot("String").Call(), jen.True())),
		jen.Return(lit(""), jen.False()),
	)
}
