package typescript

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/ident"
)

// emitter writes the catalog's part of a module.
type emitter struct {
	c *catalog.Catalog
	b bytes.Buffer
}

func (e *emitter) line(parts ...string) {
	for _, p := range parts {
		e.b.WriteString(p)
	}
	e.b.WriteByte('\n')
}

// doc writes a doc comment at indent, each line through commentText: on
// one line when there is one, else as a block with a line per line.
func (e *emitter) doc(indent string, lines ...string) {
	if len(lines) == 1 {
		e.line(indent, "/** ", commentText(lines[0]), " */")
		return
	}
	e.line(indent, "/**")
	for _, l := range lines {
		e.line(indent, " * ", commentText(l))
	}
	e.line(indent, " */")
}

// codes writes the Code object and type, and codeTable.
func (e *emitter) codes() error {
	e.doc("", "Code holds the codes of the "+commentText(e.c.Name)+", in catalog order, by the names the Go package gives them.")
	e.line("export const Code = {")
	seen := map[string]string{}
	for _, code := range e.c.Codes {
		name := ident.Code(code)
		if name == "" {
			return fmt.Errorf("code %q has no name", code.Code)
		}
		if other, dup := seen[name]; dup {
			return fmt.Errorf("codes %q and %q have the same name %s", other, code.Code, name)
		}
		seen[name] = code.Code
		e.doc("  ", codeDoc(code, name)...)
		e.line("  ", jsKey(name), ": ", jsString(code.Code), ",")
	}
	e.line("} as const;")
	e.line()
	e.doc("", "Code is a code the catalog lists.")
	e.line("export type Code = (typeof Code)[keyof typeof Code];")
	e.line()
	e.doc("", "codeTable holds what the catalog says of every code, in catalog order: the code, its HTTP status (0 when it is never sent in a response), its category, its policy's index in policies, its title and its docs anchor.")
	e.line("const codeTable: readonly CodeRow[] = [")
	for _, code := range e.c.Codes {
		cat := ""
		if code.Category != nil {
			cat = code.Category.Key
		}
		i := e.c.RuntimeIndex(code.Retry)
		if i < 0 {
			return fmt.Errorf("code %q has no runtime policy", code.Code)
		}
		e.line("  [", jsString(code.Code), ", ", strconv.Itoa(code.Status), ", ", jsString(cat), ", ", strconv.Itoa(i), ", ",
			jsString(code.Title), ", ", jsString(catalog.Anchor(code.Code)), "],")
	}
	e.line("];")
	e.line()
	return nil
}

// codeDoc is the doc comment of a code's member of Code: a line, and one
// more for a deprecated code.
func codeDoc(code *catalog.Code, name string) []string {
	var s string
	switch {
	case code.AsyncOnly():
		s = fmt.Sprintf("%s is reported asynchronously (job status, webhooks), not in HTTP responses: %s", name, sentence(code.Description))
	case code.Async:
		s = fmt.Sprintf("%s comes with HTTP status %d, and is also reported asynchronously: %s", name, code.Status, sentence(code.Description))
	default:
		s = fmt.Sprintf("%s comes with HTTP status %d: %s", name, code.Status, sentence(code.Description))
	}
	if code.Fix != "" {
		s += " Fix: " + sentence(code.Fix)
	}
	if !code.Deprecated {
		return []string{s}
	}
	reason := sentence(code.Deprecation)
	if reason == "" {
		reason = "the API no longer recommends this code."
	}
	return []string{s, "@deprecated " + reason}
}

// categories writes the Category object and type.
func (e *emitter) categories() error {
	e.doc("", "Category holds the categories of the "+commentText(e.c.Name)+", in catalog order, by the names the Go package gives them (without its \"Category\" prefix).")
	e.line("export const Category = {")
	seen := map[string]string{}
	for _, cat := range e.c.Categories {
		name := strings.TrimPrefix(ident.Category(cat), "Category")
		if name == "" {
			return fmt.Errorf("category %q has no name", cat.Key)
		}
		if other, dup := seen[name]; dup {
			return fmt.Errorf("categories %q and %q have the same name %s", other, cat.Key, name)
		}
		seen[name] = cat.Key
		text := fmt.Sprintf("%s is the category %s.", name, jsString(commentText(cat.Title)))
		if d := sentence(cat.Description); d != "" {
			text += " " + d
		}
		e.doc("  ", text)
		e.line("  ", jsKey(name), ": ", jsString(cat.Key), ",")
	}
	e.line("} as const;")
	e.line()
	e.doc("", "Category is a category the catalog lists.")
	e.line("export type Category = (typeof Category)[keyof typeof Category];")
	e.line()
	return nil
}

// retry writes the policies and the fallback table.
func (e *emitter) retry() error {
	e.doc("", "policies holds the catalog's distinct retry policies, each with the names the catalog gives it.")
	e.line("const policies: readonly RetryPolicy[] = [")
	for _, rp := range e.c.RuntimePolicies {
		p := rp.Runtime
		e.line("  // ", commentText(strings.Join(rp.Names, ", ")))
		e.line("  { kind: ", jsString(p.Kind.String()),
			", maxRetries: ", strconv.Itoa(p.MaxRetries),
			", initialDelayMs: ", millis(p.InitialDelay),
			", maxDelayMs: ", millis(p.MaxDelay),
			", multiplier: ", jsNumber(p.Multiplier),
			", retryAfter: ", strconv.FormatBool(p.RetryAfter),
			", idempotentOnly: ", strconv.FormatBool(p.IdempotentOnly),
			", jitter: ", jsString(p.Jitter.String()), " },")
	}
	e.line("];")
	e.line()
	index := func(p *catalog.Policy) (string, error) {
		i := e.c.RuntimeIndex(p)
		if i < 0 {
			return "", fmt.Errorf("policy %q has no runtime policy", p.Name)
		}
		return strconv.Itoa(i), nil
	}
	var exact, classes []string
	otherwise, err := index(e.c.Policy("never"))
	if err != nil {
		return err
	}
	for _, r := range e.c.Fallback {
		i, err := index(r.Policy)
		if err != nil {
			return err
		}
		switch {
		case r.Status != 0:
			exact = append(exact, "["+strconv.Itoa(r.Status)+", "+i+"]")
		case r.Class != 0:
			classes = append(classes, "["+strconv.Itoa(r.Class)+", "+i+"]")
		default:
			otherwise = i
		}
	}
	e.doc("", "fallbackTable gives the policy of a code the catalog does not list, by its HTTP status: an exact status first, then a status class (5 for 5xx), then the default.")
	e.line("const fallbackTable: FallbackTable = { exact: [", strings.Join(exact, ", "), "], classes: [", strings.Join(classes, ", "), "], otherwise: ", otherwise, " };")
	e.line()
	return nil
}

// millis returns d in milliseconds as a JavaScript number.
func millis(d time.Duration) string {
	return jsNumber(float64(d) / float64(time.Millisecond))
}

// envelope writes the envelope's shape and what the runtime needs besides.
func (e *emitter) envelope() {
	env := &e.c.Envelope
	e.doc("", "envelopeShape is the shape of an error body.")
	e.line("const envelopeShape: ShapeNode = ", shapeNode(env.Shape(), ""), ";")
	e.line()
	docsURL := ""
	if env.DocURL != nil {
		docsURL = e.c.DocsURL
	}
	e.doc("", "docsURL is where the docs links of listed codes point, before the code's anchor; \"\" when error bodies carry no link.")
	e.line("const docsURL: string = ", jsString(docsURL), ";")
	e.line()
	e.doc("", "codePath is where an error body holds its code.")
	e.line("const codePath: string = ", jsString(strings.Join(env.Code, ".")), ";")
	e.line()
	e.doc("", "problemFormat says whether error bodies are RFC 9457 problem details, which decode without a code.")
	e.line("const problemFormat: boolean = ", strconv.FormatBool(env.IsProblem()), ";")
	e.line()
}

// shapeNode writes n as a ShapeNode literal, indented for its depth.
func shapeNode(n *catalog.Node, indent string) string {
	switch {
	case n.Fixed != nil:
		var compact bytes.Buffer
		if json.Compact(&compact, n.Fixed) != nil {
			compact.Reset()
			compact.Write(n.Fixed)
		}
		return "{ fixed: " + jsString(compact.String()) + " }"
	case n.Field != "":
		return "{ field: " + jsString(n.Field) + " }"
	case n.Elem != nil:
		return "{ array: " + shapeNode(n.Elem, indent) + " }"
	}
	var b strings.Builder
	b.WriteString("{ object: [\n")
	for _, m := range n.Members {
		b.WriteString(indent + "  [" + jsString(m.Key) + ", " + jsString(foldPattern(m.Key)) + ", " + shapeNode(m.Node, indent+"  ") + "],\n")
	}
	b.WriteString(indent + "] }")
	return b.String()
}

// foldPattern returns a regular expression (for JavaScript's u flag) that
// matches the names encoding/json decodes into a struct field named name
// when no member has exactly that name: name with each character replaced
// by any of the characters Unicode simple case folding makes equal to it,
// as bytes.EqualFold compares. Every character but an ASCII letter or
// digit is written as an escape.
func foldPattern(name string) string {
	var b strings.Builder
	b.WriteString("^")
	for _, r := range name {
		orbit := []rune{r}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			orbit = append(orbit, f)
		}
		if len(orbit) > 1 {
			b.WriteString("[")
		}
		for _, o := range orbit {
			if o < utf8.RuneSelf && (unicode.IsLetter(o) || unicode.IsDigit(o)) {
				b.WriteRune(o)
			} else {
				fmt.Fprintf(&b, `\u{%x}`, o)
			}
		}
		if len(orbit) > 1 {
			b.WriteString("]")
		}
	}
	b.WriteString("$")
	return b.String()
}
