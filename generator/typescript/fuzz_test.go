package typescript

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/golang"
	"github.com/errcat/errcat/internal/testcat"
)

// fuzzCatalog is a catalog with text in every place free text reaches the
// module's catalog part (the catalog's name, a code's description, fix and
// deprecation, a category's title and description, a fixed member's
// value), and name as a code. The names the module
// declares do not depend on either (go_name and the category key are
// fixed), so every such catalog gives a module of the same shape.
func fuzzCatalog(text, name string) []byte {
	q, n := testcat.TOMLString(text), testcat.TOMLString(name)
	fixed := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(strings.ReplaceAll(fmt.Sprintf(`{"k": %s}`, jsString(text)), `\`, `\\`))
	return fmt.Appendf(nil, `[catalog]
name = %[1]s

[envelope]
code = "error.code"
message = "error.message"
fixed = "%[2]s"

[retry.p]
kind = "backoff"

[categories.cat]
title = %[1]s
description = %[1]s
status = 400

[codes.%[3]s]
category = "cat"
description = %[1]s
fix = %[1]s
deprecated = %[1]s
go_name = "Fuzzed"
retry = "p"
`, q, fixed, n)
}

// skeleton returns src with the contents of its string literals and
// comments removed, tokenized as JavaScript does: a line comment ends at
// any line terminator, a string at its closing quote.
func skeleton(src string) string {
	var b strings.Builder
	for i := 0; i < len(src); {
		switch {
		case strings.HasPrefix(src[i:], "//"):
			b.WriteString("//")
			i += 2
			for i < len(src) {
				r, n := utf8.DecodeRuneInString(src[i:])
				if r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' {
					break
				}
				i += n
			}
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return b.String() + "/* unterminated"
			}
			b.WriteString("/**/")
			i += 2 + end + 2
		case src[i] == '"':
			b.WriteString(`""`)
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
				if i < len(src) && (src[i] == '\n' || src[i] == '\r') {
					return b.String() + " unterminated string"
				}
			}
			i++
		default:
			b.WriteByte(src[i])
			i++
		}
	}
	return b.String()
}

// catalogPart renders the catalog's part of fuzzCatalog(text, name), or
// reports that the catalog is not one errcat generates from.
func catalogPart(t *testing.T, text, name string) (string, bool) {
	c, _ := catalog.Parse("errors.toml", fuzzCatalog(text, name))
	if c == nil || golang.Check(c).HasErrors() {
		return "", false
	}
	part, err := render(c, Options{Source: text})
	if err != nil {
		t.Fatal(err)
	}
	return string(part), true
}

// FuzzTypeScript checks that no catalog text changes the shape of the
// module: with its string literals and comments emptied, the catalog part
// of a module made from any text is that of a module made from "x".
func FuzzTypeScript(f *testing.F) {
	for _, s := range []string{"x", `*/ evil(); /*`, "line\nbreak", "\u2028alert(1)//", `"; evil(); "`, `\`, "</script>", "\u202e", "${x}`", "A|B <b>"} {
		f.Add(s, strings.Map(func(r rune) rune {
			if r <= ' ' || r == '\u2028' {
				return '_'
			}
			return r
		}, s))
	}
	f.Fuzz(func(t *testing.T, text, name string) {
		if !utf8.ValidString(text) || !utf8.ValidString(name) || strings.ContainsRune(text+name, 0) {
			t.Skip()
		}
		want, ok := catalogPart(t, "x", "X")
		if !ok {
			t.Fatal("the plain catalog does not load")
		}
		got, ok := catalogPart(t, text, name)
		if !ok {
			t.Skip()
		}
		if skeleton(got) != skeleton(want) {
			t.Errorf("text %q, name %q change the module's shape:\n%s", text, name, got)
		}
	})
}
