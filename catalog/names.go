package catalog

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// initialisms is staticcheck's ST1003 list: words written in upper case in
// Go names and in titles.
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true,
	"EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "JSON": true, "QPS": true, "RAM": true, "RPC": true, "SLA": true,
	"SMTP": true, "SQL": true, "SSH": true, "TCP": true, "TLS": true, "TTL": true,
	"UDP": true, "UI": true, "GID": true, "UID": true, "UUID": true, "URI": true,
	"URL": true, "UTF8": true, "VM": true, "XML": true, "XMPP": true, "XSRF": true,
	"XSS": true, "SIP": true, "RTP": true, "AMQP": true, "DB": true, "TS": true,
}

// IsInitialism reports whether w, in upper case, is one of staticcheck's
// ST1003 initialisms (API, HTTP, ID, URL, …), which names and titles write
// in upper case.
func IsInitialism(w string) bool {
	if len(w) < 2 || len(w) > 5 {
		return false // every initialism has two to five letters
	}
	var buf [5]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	return initialisms[string(buf[:len(w)])]
}

// Words splits a code, key or placeholder into words (SPEC §7): at '_',
// '-', '.', spaces and any other character that is neither a letter nor a
// digit, and at case changes: "lowerUpper", "UPPERUpperlower" (HTTPServer →
// HTTP, Server), and a capital after a digit. Digits stay with the word
// before them.
func Words(s string) []string {
	var words []string
	start := -1 // byte offset of the word being read, or -1
	var prev rune
	for i, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if start >= 0 {
				words = append(words, s[start:i])
			}
			start = -1
			continue
		}
		if start < 0 {
			start, prev = i, r
			continue
		}
		split := false
		switch {
		case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			split = true
		case unicode.IsUpper(r) && unicode.IsUpper(prev):
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			split = unicode.IsLower(next)
		}
		if split {
			words = append(words, s[start:i])
			start = i
		}
		prev = r
	}
	if start >= 0 {
		words = append(words, s[start:])
	}
	return words
}

// OneCase reports whether s has no lower-case or no upper-case letters, as
// SCREAMING_SNAKE_CASE and snake_case codes do.
func OneCase(s string) bool {
	var upper, lower bool
	for _, r := range s {
		upper = upper || unicode.IsUpper(r)
		lower = lower || unicode.IsLower(r)
	}
	return !(upper && lower)
}

func upperFirst(w string) string {
	rs := []rune(w)
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

// defaultTitle is a category's title when the catalog gives none: its key
// split into words, each word's first letter upper-cased, joined by spaces.
func defaultTitle(key string) string {
	words := Words(key)
	for i, w := range words {
		words[i] = upperFirst(w)
	}
	return strings.Join(words, " ")
}

// defaultCodeTitle is a code's title when the catalog gives none (SPEC
// §10): its words in sentence case, joined by spaces. The first word's
// first letter is upper case and the rest of every word lower case, except
// initialisms, which are upper case: MISSING_API_KEY → "Missing API key".
func defaultCodeTitle(code string) string {
	if title, ok := defaultTitleASCII(code); ok {
		return title
	}
	return defaultCodeTitleWords(code)
}

// defaultCodeTitleWords is defaultCodeTitle for any code.
func defaultCodeTitleWords(code string) string {
	words := Words(code)
	for i, w := range words {
		switch {
		case IsInitialism(w):
			words[i] = strings.ToUpper(w)
		case i == 0:
			words[i] = upperFirst(strings.ToLower(w))
		default:
			words[i] = strings.ToLower(w)
		}
	}
	return strings.Join(words, " ")
}

// defaultTitleASCII is defaultCodeTitle for an ASCII code, in one
// allocation; it reports false for anything else. TestDefaultTitleASCII
// holds it to defaultCodeTitleWords.
func defaultTitleASCII(code string) (string, bool) {
	b := make([]byte, 0, len(code))
	ok := WordsASCII(code, func(w string) {
		first := len(b) == 0
		if !first {
			b = append(b, ' ')
		}
		initialism := IsInitialism(w)
		for k := 0; k < len(w); k++ {
			if initialism || k == 0 && first {
				b = append(b, UpperASCII(w[k]))
			} else {
				b = append(b, LowerASCII(w[k]))
			}
		}
	})
	return string(b), ok
}

// WordsASCII is Words for an ASCII s without building a list: it calls
// word with each word of s in turn and reports true, or, for an s that is
// not ASCII, calls nothing and reports false. Names of codes are built
// from their words several times a run, and codes are nearly always
// ASCII. TestWordsASCII holds it to Words.
func WordsASCII(s string, word func(w string)) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	for i := 0; i < len(s); {
		if !isAlnumASCII(s[i]) {
			i++
			continue
		}
		// The word at i runs to the next separator or the next split: an
		// upper-case letter after a lower-case letter or a digit, or
		// before a lower-case letter after an upper-case one (HTTPServer:
		// HTTP, Server).
		j := i + 1
		for ; j < len(s) && isAlnumASCII(s[j]); j++ {
			c, prev := s[j], s[j-1]
			if isUpperASCII(c) && (isLowerASCII(prev) || isDigitASCII(prev) || isUpperASCII(prev) && j+1 < len(s) && isLowerASCII(s[j+1])) {
				break
			}
		}
		word(s[i:j])
		i = j
	}
	return true
}

func isAlnumASCII(c byte) bool { return isUpperASCII(c) || isLowerASCII(c) || isDigitASCII(c) }

// UpperASCII returns c in upper case when it is an ASCII letter.
func UpperASCII(c byte) byte {
	if isLowerASCII(c) {
		return c - ('a' - 'A')
	}
	return c
}

// LowerASCII returns c in lower case when it is an ASCII letter.
func LowerASCII(c byte) byte {
	if isUpperASCII(c) {
		return c + ('a' - 'A')
	}
	return c
}

// OneLine is catalog text as one line, as the targets print it in comments
// and notes: every run of white space or control characters becomes one
// space, the text is trimmed, and characters that show nothing but change
// how text around them reads (a byte order mark, bidirectional controls)
// are dropped.
func OneLine(s string) string {
	if PlainLine(s) {
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

// SentenceEnds are the characters after which Sentence adds no full stop.
const SentenceEnds = ".!?:;)\"'`"

// Sentence is OneLine ending with a full stop, unless the text already
// ends with punctuation or is empty.
func Sentence(s string) string {
	s = OneLine(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], SentenceEnds) {
		return s
	}
	return s + "."
}

// PlainLine reports whether s is printable ASCII with single spaces and
// no space at either end, which OneLine leaves as it is, and so does any
// target's own one-line form of catalog text.
func PlainLine(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}
