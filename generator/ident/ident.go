// Package ident derives the identifiers that generated code gives a
// catalog's codes, categories, message constructors and message parameters
// (SPEC §7), and reports the names that cannot be used. The Go target
// declares them; the Markdown data model shows them and the TypeScript
// target uses the same names as keys, so clients in both languages say
// the same thing.
package ident

import (
	"fmt"
	"go/token"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/errcat/errcat/catalog"
)

// Exported derives the exported Go identifier of a code or category key:
// MISSING_API_KEY → MissingAPIKey, invalid_request → InvalidRequest,
// BadRequest → BadRequest. It returns "" when s has no letters or digits.
func Exported(s string) string {
	if name, ok := exportedASCII(s); ok {
		return name
	}
	return exported(s)
}

// exported is Exported for any s.
func exported(s string) string {
	words := catalog.Words(s)
	if len(words) == 0 {
		return ""
	}
	single := catalog.OneCase(s)
	var b strings.Builder
	b.Grow(len(s))
	for i, w := range words {
		switch {
		case catalog.IsInitialism(w):
			b.WriteString(strings.ToUpper(w))
		case single:
			writeTitle(&b, w)
		case i == 0:
			writeUpperFirst(&b, w)
		default:
			b.WriteString(w)
		}
	}
	name := b.String()
	if r, _ := utf8.DecodeRuneInString(name); !unicode.IsUpper(r) {
		// Digits, and letters without case, cannot start an exported name.
		name = "Code" + name
	}
	return name
}

// exportedASCII is Exported for an ASCII s, in one allocation: it names
// every code several times a run (validate, the Go file, the docs), and
// codes are nearly always ASCII. It reports false for anything else.
// TestExportedASCII and FuzzExportedASCII hold it to exported.
func exportedASCII(s string) (string, bool) {
	single := catalog.OneCase(s)
	b := make([]byte, 0, len(s)+len("Code"))
	ok := catalog.WordsASCII(s, func(w string) {
		switch {
		case catalog.IsInitialism(w):
			for k := 0; k < len(w); k++ {
				b = append(b, catalog.UpperASCII(w[k]))
			}
		case single:
			b = append(b, catalog.UpperASCII(w[0]))
			for k := 1; k < len(w); k++ {
				b = append(b, catalog.LowerASCII(w[k]))
			}
		case len(b) == 0:
			b = append(append(b, catalog.UpperASCII(w[0])), w[1:]...)
		default:
			b = append(b, w...)
		}
	})
	switch {
	case !ok:
		return "", false
	case len(b) == 0:
		return "", true
	case b[0] < 'A' || b[0] > 'Z':
		// Digits cannot start an exported name.
		return "Code" + string(b), true
	}
	return string(b), true
}

// writeTitle writes w with its first letter upper case and the rest lower.
func writeTitle(b *strings.Builder, w string) {
	r, n := utf8.DecodeRuneInString(w)
	b.WriteRune(unicode.ToUpper(r))
	b.WriteString(strings.ToLower(w[n:]))
}

// writeUpperFirst writes w with its first letter upper case.
func writeUpperFirst(b *strings.Builder, w string) {
	r, n := utf8.DecodeRuneInString(w)
	b.WriteRune(unicode.ToUpper(r))
	b.WriteString(w[n:])
}

// Code returns the Go name of a code: its go_name, else derived from the
// code.
func Code(code *catalog.Code) string {
	if code.GoNameKey != "" {
		return code.GoNameKey
	}
	return Exported(code.Code)
}

// Category returns the name of a category's constant: "Category" and the
// Go name of its key.
func Category(cat *catalog.Category) string {
	if name := Exported(cat.Key); name != "" {
		return "Category" + name
	}
	return ""
}

// Constructor returns the name of a code's message constructor, or "" for
// a code without a message template.
func Constructor(code *catalog.Code) string {
	if code.Message == nil {
		return ""
	}
	return "New" + Code(code)
}

// Param derives a lowerCamel parameter name from a message placeholder:
// external_id → externalID.
func Param(name string) string {
	var b strings.Builder
	for i, w := range catalog.Words(name) {
		switch {
		case i == 0:
			w = strings.ToLower(w)
		case catalog.IsInitialism(w):
			w = strings.ToUpper(w)
		default:
			writeTitle(&b, w)
			continue
		}
		b.WriteString(w)
	}
	return b.String()
}

// Check reports the names of c that cannot be declared: a code or category
// without letters or digits, a go_name that is not an exported identifier,
// a message placeholder that makes a keyword or the same parameter as
// another, two codes, categories or constructors with the same name, and a
// name among reserved (the identifiers a target declares itself). Each
// diagnostic points at the offending key; of two colliding names, at the
// later one.
func Check(c *catalog.Catalog, reserved []string) catalog.Diagnostics {
	var diags catalog.Diagnostics
	errorf := func(p catalog.Position, format string, args ...any) {
		diags = append(diags, catalog.Diagnostic{File: c.File, Pos: p, Message: fmt.Sprintf(format, args...)})
	}
	// An owner's description, its what before its key, is built only for
	// a diagnostic.
	type owner struct {
		name, what, key string
		pos             catalog.Position
	}
	describe := func(o owner) string { return o.what + o.key }
	all := make([]owner, 0, len(c.Categories)+2*len(c.Codes))
	for _, cat := range c.Categories {
		name := Category(cat)
		if name == "" {
			errorf(cat.Pos, "category %q has no letters or digits to derive a Go name from", cat.Key)
			continue
		}
		all = append(all, owner{name, "category ", cat.Key, cat.Pos})
	}
	for _, code := range c.Codes {
		pos, name := code.Pos, Code(code)
		switch {
		case code.GoNameKey != "":
			pos = c.KeyPos("codes", code.Code, "go_name")
			if !token.IsIdentifier(code.GoNameKey) || !token.IsExported(code.GoNameKey) {
				errorf(pos, "go_name %q is not an exported Go identifier", code.GoNameKey)
				continue
			}
		case name == "":
			errorf(pos, "code %q has no letters or digits to derive a Go name from; set go_name", code.Code)
			continue
		}
		all = append(all, owner{name, "code ", code.Code, pos})
		if code.Message == nil {
			continue
		}
		at := c.KeyPos("codes", code.Code, "message")
		all = append(all, owner{Constructor(code), "the constructor of code ", code.Code, at})
		var params []string
		for _, p := range code.Message.Params {
			name := Param(p)
			switch {
			case name == "":
				errorf(at, "message placeholder {%s} has no letters or digits to name a parameter", p)
			case !token.IsIdentifier(name):
				errorf(at, "message placeholder {%s} makes parameter %q, which is a Go keyword or not an identifier", p, name)
			}
			if i := slices.Index(params, name); i >= 0 && name != "" {
				errorf(at, "message placeholders {%s} and {%s} both make parameter %q", code.Message.Params[i], p, name)
			}
			params = append(params, name)
		}
	}
	slices.SortStableFunc(all, func(a, b owner) int { return comparePos(a.pos, b.pos) })
	seen := make(map[string]owner, len(all))
	for _, o := range all {
		if slices.Contains(reserved, o.name) {
			errorf(o.pos, "%s: Go name %s collides with an identifier errcat generates; set go_name", describe(o), o.name)
			continue
		}
		if first, dup := seen[o.name]; dup {
			errorf(o.pos, "%s: Go name %s is already used by %s at line %d", describe(o), o.name, describe(first), first.pos.Line)
			continue
		}
		seen[o.name] = o
	}
	return diags
}

func comparePos(a, b catalog.Position) int {
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	return a.Col - b.Col
}
