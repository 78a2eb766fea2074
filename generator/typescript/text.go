package typescript

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/errcat/errcat/catalog"
)

// Catalog text reaches the generated module in two ways only: inside
// string literals written by jsString, and inside comments through
// commentText. Nothing else in this package writes catalog text, so no
// catalog can end a string or a comment or otherwise change what the
// module means.

// jsString returns s as a double-quoted string literal that JavaScript and
// JSON read alike: quotes, backslashes and control characters escaped as
// JSON escapes them, and, escaped as \uXXXX too, the line and paragraph
// separators (which end a line in older JavaScript), <, > and & (so that
// the module can be inlined in HTML), and every character that is not
// printable or that reorders text on screen (bidirectional controls, zero
// width characters, the byte order mark). Invalid UTF-8 becomes U+FFFD.
func jsString(s string) string {
	if plainString(s) {
		return `"` + s + `"`
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\ufffd`)
		case r == '<' || r == '>' || r == '&' || escaped(r):
			writeUnicodeEscape(&b, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// escaped reports whether jsString writes r as an escape: control
// characters, line and paragraph separators, characters that are not
// printable, and the invisible ones of invisible.
func escaped(r rune) bool {
	return r < ' ' || r == 0x7f || r == '\u2028' || r == '\u2029' || !unicode.IsPrint(r) && r != ' ' || invisible(r)
}

// writeUnicodeEscape writes r as \uXXXX, or as a surrogate pair of them.
func writeUnicodeEscape(b *strings.Builder, r rune) {
	if r > 0xffff {
		r -= 0x10000
		fmt.Fprintf(b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		return
	}
	fmt.Fprintf(b, `\u%04x`, r)
}

// invisible reports whether r is a character that changes how text around
// it is shown without showing itself: a bidirectional control, a zero
// width character or the byte order mark.
func invisible(r rune) bool {
	return unicode.Is(unicode.Bidi_Control, r) || r >= '\u200b' && r <= '\u200f' || r == '\u2060' || r == '\ufeff'
}

// commentText returns catalog text as the text of a comment on one line,
// the only way catalog text reaches a comment: every run of white space or
// control characters (line breaks, U+2028 and U+2029 included) becomes one
// space; invisible characters are dropped; "*/", which would end a block
// comment, is written with a division slash (U+2215), which looks the same;
// and the text never starts with '/'.
func commentText(s string) string {
	if !catalog.PlainLine(s) {
		s = collapse(s)
	}
	if strings.Contains(s, "*/") {
		s = strings.ReplaceAll(s, "*/", "*\u2215")
	}
	if strings.HasPrefix(s, "/") {
		s = "\u2215" + s[1:]
	}
	return s
}

// collapse turns every run of white space or control characters into one
// space, trims the text, and drops invisible characters.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case invisible(r):
			continue
		case r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || !unicode.IsPrint(r):
			space = b.Len() > 0
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

// plainString reports whether s is printable ASCII that jsString writes as
// it is: no quote, backslash, <, > or &.
func plainString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// sentence is commentText ending with a full stop, unless the text
// already ends with punctuation.
func sentence(s string) string {
	s = commentText(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?:;)\"'`") {
		return s
	}
	return s + "."
}

// jsNumber returns f as a JavaScript number literal.
func jsNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// jsKey returns name as the key of an object literal: as it is when it is
// a plain ASCII identifier, else as a string literal.
func jsKey(name string) string {
	for i, r := range name {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return jsString(name)
		}
	}
	if name == "" {
		return `""`
	}
	return name
}
