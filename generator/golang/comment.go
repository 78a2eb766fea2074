package golang

import (
	"strings"
	"unicode"

	"github.com/errcat/errcat/catalog"
)

// Catalog text reaches generated Go in two ways only: inside string
// literals that jennifer quotes (jen.Lit, struct tags) or that the text
// written as gofmt writes it (everything but the envelope's types and
// Error's JSON methods) quotes with strconv.Quote, which is what jen.Lit
// writes, or writes as a codeTable field, and inside // comments through
// commentText. Nothing else in this package writes catalog text, so no
// catalog can end a comment, start a directive or otherwise change what
// the generated code means.

// commentText returns catalog text as the text of one // comment line:
// every run of white space or control characters (line breaks included)
// becomes one space; characters Go source may not contain (NUL, a byte
// order mark) and those that reorder or hide text on screen (invisible)
// are dropped; and the text never starts with '/', which jennifer would
// take for a comment of its own ("//go:generate …").
func commentText(s string) string {
	if !catalog.PlainLine(s) {
		s = strings.Map(func(r rune) rune {
			if r != 0 && invisible(r) { // a NUL is a control, which OneLine spaces
				return -1
			}
			return r
		}, s)
	}
	s = catalog.OneLine(s)
	if strings.HasPrefix(s, "/") {
		s = "\u2215" + s[1:] // a division slash looks the same and is no comment marker
	}
	return s
}

// codeText is commentText for a line of a code block in a doc comment:
// spaces and tabs are kept as they are.
func codeText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == ' ':
			return r
		case unicode.IsSpace(r) || unicode.IsControl(r) || invisible(r):
			return -1
		}
		return r
	}, s)
	if strings.HasPrefix(s, "/") {
		s = "\u2215" + s[1:]
	}
	return s
}

// invisible reports whether r is a character to drop from comments: a
// NUL, or a character that takes no room on screen and can reorder or hide
// text there: a format character (Unicode category Cf: bidirectional
// controls, zero-width spaces and joiners, the byte order mark, tag
// characters, which can spell out hidden text) or a variation selector.
func invisible(r rune) bool {
	return r == 0 || r >= 0x80 && (unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r))
}

// sentence is commentText ending with a full stop, unless the text
// already ends with punctuation (catalog.Sentence).
func sentence(s string) string {
	text, stop := sentenceParts(s)
	return text + stop
}

// sentenceParts is sentence as two parts, the text and its full stop or
// "", for writing without building the sentence.
func sentenceParts(s string) (text, stop string) {
	text = commentText(s)
	if text != "" && !strings.ContainsAny(text[len(text)-1:], catalog.SentenceEnds) {
		stop = "."
	}
	return text, stop
}
