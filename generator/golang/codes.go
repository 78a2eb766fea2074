package golang

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/ident"
)

// literalCodes is the largest catalog whose per-code table is a Go
// composite literal, one line per code, so that a change of status,
// category or policy reads as one changed line in review. Larger tables
// are packed into strings, as stringer packs its tables: a literal of tens
// of thousands of elements is slow to format and to compile.
const literalCodes = 2000

type gen struct {
	c   *catalog.Catalog
	f   *jen.File
	pkg string

	policies *policySet
}

func newGen(c *catalog.Catalog, pkg string) *gen {
	return &gen{c: c, pkg: pkg, policies: newPolicySet(c)}
}

// codeDoc is the doc comment of a code's constant.
func codeDoc(code *catalog.Code) []string {
	name := ident.Code(code)
	var lead string
	switch {
	case code.AsyncOnly():
		lead = fmt.Sprintf("%s is reported asynchronously (job status, webhooks), not in HTTP responses:", name)
	case code.Async:
		lead = fmt.Sprintf("%s comes with HTTP status %d, and is also reported asynchronously:", name, code.Status)
	default:
		lead = fmt.Sprintf("%s comes with HTTP status %d:", name, code.Status)
	}
	lines := []string{lead + " " + sentence(code.Description)}
	if code.Fix != "" {
		lines = append(lines, "", "Fix: "+sentence(code.Fix))
	}
	if code.Since != "" {
		lines = append(lines, "", "Since: "+commentText(code.Since))
	}
	if code.Deprecated {
		reason := sentence(code.Deprecation)
		if reason == "" {
			reason = "the API no longer recommends this code."
		}
		lines = append(lines, "", "Deprecated: "+reason)
	}
	return lines
}

// codes emits the code constants and the per-code table.
func (g *gen) codes() {
	var defs []jen.Code
	for i, code := range g.c.Codes {
		if i > 0 {
			defs = append(defs, jen.Line())
		}
		defs = append(defs, specComments(codeDoc(code)...)...)
		defs = append(defs, jen.Id(ident.Code(code)).Id("Code").Op("=").Lit(code.Code))
	}
	g.f.Comment("The codes of the " + commentText(g.c.Name) + ", in catalog order.")
	g.f.Const().Defs(defs...)

	g.f.Comment("codePath is where an error body holds its code.")
	g.f.Const().Id("codePath").Op("=").Lit(strings.Join(g.c.Envelope.Code, "."))
	g.f.Comment("errorPrefix starts the messages of errors this package returns.")
	g.f.Const().Id("errorPrefix").Op("=").Lit(g.pkg + ": ")

	if len(g.c.Codes) <= literalCodes {
		g.codeRows()
	} else {
		g.packedCodeRows()
	}
}

// codeRows emits the per-code table as a literal, one line per code.
func (g *gen) codeRows() {
	rows := make([]jen.Code, len(g.c.Codes))
	for i, code := range g.c.Codes {
		cat := jen.Lit("")
		if code.Category != nil {
			cat = jen.Id(ident.Category(code.Category))
		}
		rows[i] = jen.Values(jen.Id(ident.Code(code)), jen.Lit(code.Status), cat, jen.Id(g.policies.ident(code.Retry)))
	}
	g.f.Comment("codeRows holds what the catalog says of every code, in catalog order: its")
	g.f.Comment("HTTP status, category and retry policy.")
	g.f.Var().Id("codeRows").Op("=").Index().Id("codeRow").Custom(multi(","), rows...)
}

// packedCodeRows emits the per-code table packed in two strings, unpacked
// into codeRows at init.
func (g *gen) packedCodeRows() {
	catIndex := map[*catalog.Category]int{}
	for i, cat := range g.c.Categories {
		catIndex[cat] = i + 1
	}
	var names strings.Builder
	table := make([]byte, 0, 10*len(g.c.Codes))
	for _, code := range g.c.Codes {
		names.WriteString(code.Code)
		end, status, cat, pol := names.Len(), code.Status, catIndex[code.Category], g.policies.index(code.Retry)
		table = append(table, byte(end>>24), byte(end>>16), byte(end>>8), byte(end),
			byte(status>>8), byte(status), byte(cat>>8), byte(cat), byte(pol>>8), byte(pol))
	}
	f := g.f
	f.Comment("codeNames holds the wire value of every code, back to back, in catalog order.")
	f.Const().Id("codeNames").Op("=").Lit(names.String())
	f.Comment("codeTable holds a 10-byte record per code, in catalog order: where its name")
	f.Comment("ends in codeNames (4 bytes), its HTTP status (2), its category's index in")
	f.Comment("categoryList plus one, or 0 for none (2), and its retry policy's index in")
	f.Comment("policies (2), all big-endian. The catalog has too many codes for a table")
	f.Comment("that is quick to format and compile as a composite literal.")
	f.Const().Id("codeTable").Op("=").Lit(string(table))
	f.Comment("codeRows is unpacked from codeNames and codeTable at init.")
	f.Var().Id("codeRows").Op("=").Id("unpackCodes").Call()

	be := func(i int) *jen.Statement {
		return jen.Int().Parens(jen.Id("r").Index(jen.Lit(i))).Op("<<").Lit(8).Op("|").Int().Parens(jen.Id("r").Index(jen.Lit(i + 1)))
	}
	f.Comment("unpackCodes decodes codeNames and codeTable.")
	f.Func().Id("unpackCodes").Params().Index().Id("codeRow").Block(
		jen.Id("rows").Op(":=").Make(jen.Index().Id("codeRow"), jen.Lit(0), jen.Len(jen.Id("codeTable")).Op("/").Lit(10)),
		jen.Id("start").Op(":=").Lit(0),
		jen.For(jen.Id("r").Op(":=").Id("codeTable"), jen.Len(jen.Id("r")).Op(">=").Lit(10), jen.Id("r").Op("=").Id("r").Index(jen.Lit(10).Op(":"))).Block(
			jen.Id("end").Op(":=").Parens(be(0)).Op("<<").Lit(16).Op("|").Add(be(2)),
			jen.Var().Id("category").Id("Category"),
			jen.If(jen.Id("i").Op(":=").Add(be(6)), jen.Id("i").Op(">").Lit(0)).Block(
				jen.Id("category").Op("=").Id("categoryList").Index(jen.Id("i").Op("-").Lit(1))),
			jen.Id("rows").Op("=").Append(jen.Id("rows"), jen.Id("codeRow").Values(
				jen.Id("Code").Parens(jen.Id("codeNames").Index(jen.Id("start").Op(":").Id("end"))),
				be(4), jen.Id("category"), be(8))),
			jen.Id("start").Op("=").Id("end"),
		),
		jen.Return(jen.Id("rows")),
	)
}

// multi is a multi-line composite literal body.
func multi(sep string) jen.Options {
	return jen.Options{Open: "{", Close: "}", Separator: sep, Multi: true}
}

// categories emits the category constants, their list and their titles.
func (g *gen) categories() {
	if len(g.c.Categories) > 0 {
		var defs []jen.Code
		for i, cat := range g.c.Categories {
			if i > 0 {
				defs = append(defs, jen.Line())
			}
			name := ident.Category(cat)
			lead := fmt.Sprintf("%s is the category %s.", name, strconv.Quote(commentText(cat.Title)))
			if d := sentence(cat.Description); d != "" {
				lead += " " + d
			}
			defs = append(defs, specComments(lead)...)
			defs = append(defs, jen.Id(name).Id("Category").Op("=").Lit(cat.Key))
		}
		g.f.Comment("The categories of the " + commentText(g.c.Name) + ", in catalog order.")
		g.f.Const().Defs(defs...)
	}
	var list, titles []jen.Code
	for _, cat := range g.c.Categories {
		list = append(list, jen.Id(ident.Category(cat)))
		titles = append(titles, jen.Id(ident.Category(cat)).Op(":").Lit(cat.Title))
	}
	g.f.Comment("categoryList holds every category in catalog order.")
	g.f.Var().Id("categoryList").Op("=").Index(jen.Op("...")).Id("Category").Custom(multi(","), list...)
	g.f.Comment("categoryTitles holds the docs heading of every category.")
	g.f.Var().Id("categoryTitles").Op("=").Map(jen.Id("Category")).String().Custom(multi(","), titles...)
}
