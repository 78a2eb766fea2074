package golang

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/ident"
)

// The envelope is encoded and decoded through unexported struct types that
// mirror its shape: one type per object, members named after their keys,
// json.RawMessage leaves, pointers to the objects inside (nil when they
// would hold nothing) and slices for arrays. MarshalJSON and UnmarshalJSON
// make one encoding/json call each; the fixed part turns the leaves into
// an Error and back.

// shapeType is the Go type built for an object of the envelope's shape.
type shapeType struct {
	name   string
	path   string // where the object is in the body, for its doc comment
	node   *catalog.Node
	fields []string // the Go name of each member, in order
}

type envelopeGen struct {
	types  []*shapeType
	byNode map[*catalog.Node]*shapeType
	taken  map[string]bool
	ptrIf  bool // an optional object is built
	listIf bool // an optional array is built
}

// declare names the types of the objects under n, depth first.
func (eg *envelopeGen) declare(n *catalog.Node, name, path string) {
	if n.Elem != nil {
		eg.declare(n.Elem, name+"Elem", path+"[0]")
		return
	}
	if !n.IsObject() {
		return
	}
	for base, i := name, 2; eg.taken[name]; i++ {
		name = base + strconv.Itoa(i)
	}
	eg.taken[name] = true
	t := &shapeType{name: name, path: path, node: n}
	eg.types = append(eg.types, t)
	eg.byNode[n] = t
	used := map[string]bool{}
	for _, m := range n.Members {
		field := ident.Exported(m.Key)
		if field == "" {
			field = "Member"
		}
		for base, i := field, 2; used[field]; i++ {
			field = base + strconv.Itoa(i)
		}
		used[field] = true
		t.fields = append(t.fields, field)
		sub := path + "." + m.Key
		if path == "" {
			sub = m.Key
		}
		eg.declare(m.Node, name+field, sub)
	}
}

// typeOf is the Go type of a member holding n.
func (eg *envelopeGen) typeOf(n *catalog.Node) *jen.Statement {
	switch {
	case n.Elem != nil:
		return jen.Index().Add(eg.elemType(n.Elem))
	case n.IsObject():
		return jen.Op("*").Id(eg.byNode[n].name)
	}
	return jen.Qual("encoding/json", "RawMessage")
}

// elemType is the Go type of an array's element.
func (eg *envelopeGen) elemType(n *catalog.Node) *jen.Statement {
	if n.IsObject() {
		return jen.Id(eg.byNode[n].name)
	}
	return eg.typeOf(n)
}

// fieldSet is the condition under which a node holds a value: a leaf of
// the error that is not nil. The message is always there.
func fieldSet(n *catalog.Node) (jen.Code, bool) {
	switch {
	case n.Fixed != nil || n.Field == catalog.FieldMessage:
		return nil, true
	case n.Field != "":
		return jen.Id("f").Dot(leafName(n.Field)).Op("!=").Nil(), false
	case n.Elem != nil:
		return fieldSet(n.Elem)
	}
	var conds []jen.Code
	for _, m := range n.Members {
		c, always := fieldSet(m.Node)
		if always {
			return nil, true
		}
		conds = append(conds, c)
	}
	if len(conds) == 0 {
		return nil, true
	}
	return jen.Add(joinOr(conds)), false
}

func joinOr(conds []jen.Code) *jen.Statement {
	s := jen.Add(conds[0])
	for _, c := range conds[1:] {
		s = s.Op("||").Add(c)
	}
	return s
}

// leafName is the envelopeFields member holding field.
func leafName(field string) string {
	if field == catalog.FieldDocURL {
		return "docURL"
	}
	return field
}

// value is the expression of a member holding n, when encoding.
func (eg *envelopeGen) value(n *catalog.Node) jen.Code {
	switch {
	case n.Fixed != nil:
		return jen.Qual("encoding/json", "RawMessage").Parens(jen.Lit(string(n.Fixed)))
	case n.Field != "":
		return jen.Id("f").Dot(leafName(n.Field))
	case n.Elem != nil:
		elem := eg.elemValue(n.Elem)
		if cond, always := fieldSet(n); !always {
			eg.listIf = true
			return jen.Id("listIf").Call(cond, elem)
		}
		return jen.Index().Add(eg.elemType(n.Elem)).Values(elem)
	}
	lit := eg.literal(n)
	if cond, always := fieldSet(n); !always {
		eg.ptrIf = true
		return jen.Id("ptrIf").Call(cond, lit)
	}
	return jen.Op("&").Add(lit)
}

// elemValue is the expression of an array's element.
func (eg *envelopeGen) elemValue(n *catalog.Node) jen.Code {
	if n.IsObject() {
		return eg.literal(n)
	}
	return eg.value(n)
}

// literal is the composite literal of an object.
func (eg *envelopeGen) literal(n *catalog.Node) *jen.Statement {
	t := eg.byNode[n]
	d := jen.Dict{}
	for i, m := range n.Members {
		d[jen.Id(t.fields[i])] = eg.value(m.Node)
	}
	return jen.Id(t.name).Values(d)
}

// reads are the statements that copy the leaves under n, reached through
// the expression at, into f. Objects below the top level are reached
// through pointers, array elements are not.
func (eg *envelopeGen) reads(n *catalog.Node, at *jen.Statement, pointer bool) []jen.Code {
	switch {
	case n.Fixed != nil:
		return nil
	case n.Field != "":
		return []jen.Code{jen.Id("f").Dot(leafName(n.Field)).Op("=").Add(at)}
	case n.Elem != nil:
		inner := eg.reads(n.Elem, jen.Add(at).Index(jen.Lit(0)), false)
		if len(inner) == 0 {
			return nil
		}
		return []jen.Code{jen.If(jen.Len(at).Op(">").Lit(0)).Block(inner...)}
	}
	t := eg.byNode[n]
	var out []jen.Code
	for i, m := range n.Members {
		out = append(out, eg.reads(m.Node, jen.Add(at).Dot(t.fields[i]), true)...)
	}
	if pointer && len(out) > 0 {
		return []jen.Code{jen.If(jen.Add(at).Op("!=").Nil()).Block(out...)}
	}
	return out
}

// envelope emits the envelope's types and Error's JSON methods.
func (g *gen) envelope() {
	f := g.f
	shape := g.c.Envelope.Shape()
	eg := &envelopeGen{byNode: map[*catalog.Node]*shapeType{}, taken: reservedIdents()}
	eg.declare(shape, "envelope", "")

	for i, t := range eg.types {
		var fields []jen.Code
		for j, m := range t.node.Members {
			fields = append(fields, jen.Id(t.fields[j]).Add(eg.typeOf(m.Node)).Tag(map[string]string{"json": m.Key + ",omitempty"}))
		}
		if i == 0 {
			f.Comment("envelope mirrors an error body; its members are in the order bodies are written.")
		} else {
			f.Comment(t.name + " mirrors the object at " + strconv.Quote(commentText(t.path)) + " in an error body.")
		}
		f.Type().Id(t.name).Struct(fields...)
	}

	rootName := eg.types[0].name
	f.Comment("MarshalJSON encodes e in the API's error envelope:")
	f.Comment("")
	for _, line := range strings.Split(exampleJSON(shape), "\n") {
		f.Comment("\t" + codeText(line))
	}
	f.Comment("")
	if g.c.Envelope.Title != nil || g.c.Envelope.Instance != nil {
		f.Comment("Fixed members are included; an empty code, a zero status, nil details, an")
		f.Comment("empty title or instance and objects holding nothing else are left out. The")
		f.Comment("receiver is a value, so that an Error, or a struct field of type Error,")
		f.Comment("encodes as the envelope too.")
	} else {
		f.Comment("Fixed members are included; an empty code, a zero status, nil details and")
		f.Comment("objects holding nothing else are left out. The receiver is a value, so that")
		f.Comment("an Error, or a struct field of type Error, encodes as the envelope too.")
	}
	f.Func().Params(jen.Id("e").Id("Error")).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.List(jen.Id("f"), jen.Id("err")).Op(":=").Id("e").Dot("fields").Call(),
		jen.If(jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id("err"))),
		jen.Return(jen.Qual("encoding/json", "Marshal").Call(eg.literal(shape))),
	)

	switch {
	case g.c.Envelope.IsProblem():
		f.Comment("UnmarshalJSON decodes e from an RFC 9457 problem body. A code the catalog")
		f.Comment("does not list is kept. A body without a code takes the listed code its docs")
		f.Comment("link points to, else an empty code: another service's problem decodes too.")
		f.Comment("Member names match as encoding/json matches them: exactly, else ignoring case.")
	case g.c.Envelope.DocURL != nil && g.c.DocsURL != "":
		f.Comment("UnmarshalJSON decodes e from the API's error envelope. A code the catalog does")
		f.Comment("not list is kept. A body without a code takes the listed code its docs link")
		f.Comment("points to; a body with neither is an error. Member names match as")
		f.Comment("encoding/json matches them: exactly, else ignoring case.")
	default:
		f.Comment("UnmarshalJSON decodes e from the API's error envelope. A code the catalog does")
		f.Comment("not list is kept; a body without a code is an error. Member names match as")
		f.Comment("encoding/json matches them: exactly, else ignoring case.")
	}
	body := []jen.Code{
		jen.Var().Id("body").Id(rootName),
		jen.If(jen.Id("err").Op(":=").Id("unmarshalEnvelope").Call(jen.Id("b"), jen.Op("&").Id("body")), jen.Id("err").Op("!=").Nil()).Block(
			jen.Return(jen.Id("err"))),
		jen.Var().Id("f").Id("envelopeFields"),
	}
	body = append(body, eg.reads(shape, jen.Id("body"), false)...)
	body = append(body, jen.Return(jen.Id("e").Dot("setFields").Call(jen.Id("f"))))
	f.Func().Params(jen.Id("e").Op("*").Id("Error")).Id("UnmarshalJSON").Params(jen.Id("b").Index().Byte()).Error().Block(body...)

	if eg.ptrIf {
		f.Comment("ptrIf returns &v when ok, else nil.")
		f.Func().Id("ptrIf").Types(jen.Id("T").Any()).Params(jen.Id("ok").Bool(), jen.Id("v").Id("T")).Op("*").Id("T").Block(
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Nil())),
			jen.Return(jen.Op("&").Id("v")))
	}
	if eg.listIf {
		f.Comment("listIf returns a one-element slice of v when ok, else nil.")
		f.Func().Id("listIf").Types(jen.Id("T").Any()).Params(jen.Id("ok").Bool(), jen.Id("v").Id("T")).Index().Id("T").Block(
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Nil())),
			jen.Return(jen.Index().Id("T").Values(jen.Id("v"))))
	}
}

// envelopeConsts writes the constants that describe error bodies, as
// gofmt writes them; the docs URL is quoted by strconv.Quote.
func (g *gen) envelopeConsts(b *bytes.Buffer) {
	docsURL := ""
	if g.c.Envelope.DocURL != nil {
		docsURL = g.c.DocsURL
	}
	b.WriteString(`
// docsURL is where the docs links of listed codes point, before the code's
// anchor; "" when error bodies carry no link.
const docsURL = `)
	b.WriteString(strconv.Quote(docsURL))
	b.WriteString("\n\n// contentType is the Content-Type Write sends.\nconst contentType = ")
	b.WriteString(strconv.Quote(g.c.Envelope.ContentType))
	b.WriteString("\n\n// problemBodies says whether error bodies are RFC 9457 problems, which decode\n// without a code.\nconst problemBodies = ")
	b.WriteString(strconv.FormatBool(g.c.Envelope.IsProblem()))
	b.WriteByte('\n')
}

// exampleJSON renders the shape with placeholder values, for doc comments.
func exampleJSON(n *catalog.Node) string {
	var b strings.Builder
	var walk func(n *catalog.Node, indent string)
	walk = func(n *catalog.Node, indent string) {
		switch {
		case n.Fixed != nil:
			b.Write(n.Fixed)
		case n.Elem != nil:
			b.WriteString("[")
			walk(n.Elem, indent)
			b.WriteString("]")
		case n.Field != "":
			b.WriteString(map[string]string{
				catalog.FieldCode: `"CODE"`, catalog.FieldMessage: `"message"`, catalog.FieldStatus: "429",
				catalog.FieldDetails: "{…}", catalog.FieldDocURL: `"https://…"`,
				catalog.FieldTitle: `"Title"`, catalog.FieldInstance: `"/…"`,
			}[n.Field])
		default:
			b.WriteString("{\n")
			for i, m := range n.Members {
				key, _ := json.Marshal(m.Key)
				b.WriteString(indent + "  " + string(key) + ": ")
				walk(m.Node, indent+"  ")
				if i < len(n.Members)-1 {
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
