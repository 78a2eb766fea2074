package generator

import (
	"strings"
	"unicode"

	"github.com/dave/jennifer/jen"
)

// oneLine turns catalog text into a single line that is safe and stable in a
// // comment: every run of whitespace or control characters becomes one
// space, and characters that Go source may not contain (NUL, a byte order
// mark) or that reorder text on screen (bidirectional controls) are
// dropped.
func oneLine(s string) string {
	if plainLine(s) {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = b.Len() > 0
			continue
		case r == '\uFEFF' || unicode.Is(unicode.Bidi_Control, r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// specComments renders the doc comment of a spec inside a const block,
// one // line each; an empty line is a paragraph break. jen.Comment turns
// text with a newline into a /* */ block, which a "*/" in catalog text
// would end early, so lines are emitted one at a time.
//
// Each line starts with a tab: jennifer does not indent, and gofmt takes an
// unindented comment for a top-level doc comment and re-parses it with
// go/doc/comment, which for 10k codes was a fifth of the rendering time. The
// formatted output is the same either way.
func specComments(lines ...string) []jen.Code {
	var out []jen.Code
	for _, l := range lines {
		out = append(out, jen.Op("\t").Comment(l))
	}
	return out
}

// sentence makes s end with a full stop unless it already ends with
// punctuation.
func sentence(s string) string {
	s = oneLine(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?:;)\"'`") {
		return s
	}
	return s + "."
}

// codeLine keeps a line's spacing for a code block in a doc comment, but
// drops what oneLine drops.
func codeLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == ' ' {
			return r
		}
		if unicode.IsControl(r) || r == '\uFEFF' || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s)
}

// plainLine reports whether s is printable ASCII with single spaces and
// no space at either end, which oneLine would return unchanged.
func plainLine(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}
