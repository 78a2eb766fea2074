package catalog

import (
	"go/token"
	"strings"
	"unicode"
)

// initialisms is staticcheck's ST1003 list: words written in upper case in
// Go names.
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true,
	"EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "JSON": true, "QPS": true, "RAM": true, "RPC": true, "SLA": true,
	"SMTP": true, "SQL": true, "SSH": true, "TCP": true, "TLS": true, "TTL": true,
	"UDP": true, "UI": true, "GID": true, "UID": true, "UUID": true, "URI": true,
	"URL": true, "UTF8": true, "VM": true, "XML": true, "XMPP": true, "XSRF": true,
	"XSS": true, "SIP": true, "RTP": true, "AMQP": true, "DB": true, "TS": true,
}

// splitWords splits s into words at '_', '-', '.', spaces and any other
// character that cannot appear in a Go identifier, and at case changes:
// "lowerUpper", "UPPERUpperlower" (HTTPServer → HTTP, Server), and a capital
// after a digit. Digits stay with the word before them.
func splitWords(s string) []string {
	var words []string
	rs := []rune(s)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, string(rs[start:end]))
		}
		start = -1
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return words
}

// oneCase reports whether s has no lower-case or no upper-case letters.
func oneCase(s string) bool {
	var upper, lower bool
	for _, r := range s {
		upper = upper || unicode.IsUpper(r)
		lower = lower || unicode.IsLower(r)
	}
	return !(upper && lower)
}

func titleWord(w string) string {
	rs := []rune(strings.ToLower(w))
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

func upperFirst(w string) string {
	rs := []rune(w)
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

// GoName derives the exported Go identifier for a code or category key
// (SPEC §7): MISSING_API_KEY → MissingAPIKey, invalid_request →
// InvalidRequest, BadRequest → BadRequest. It returns "" when s has no
// letters or digits.
func GoName(s string) string {
	words := splitWords(s)
	if len(words) == 0 {
		return ""
	}
	single := oneCase(s)
	var b strings.Builder
	for i, w := range words {
		switch {
		case initialisms[strings.ToUpper(w)]:
			w = strings.ToUpper(w)
		case single:
			w = titleWord(w)
		case i == 0:
			w = upperFirst(w)
		}
		b.WriteString(w)
	}
	name := b.String()
	if r := []rune(name)[0]; !unicode.IsUpper(r) {
		// Digits, and letters without case, cannot start an exported name.
		name = "Code" + name
	}
	return name
}

// paramName derives a lowerCamel Go parameter name from a placeholder:
// external_id → externalID.
func paramName(s string) string {
	words := splitWords(s)
	var b strings.Builder
	for i, w := range words {
		switch {
		case i == 0:
			w = strings.ToLower(w)
		case initialisms[strings.ToUpper(w)]:
			w = strings.ToUpper(w)
		default:
			w = titleWord(w)
		}
		b.WriteString(w)
	}
	return b.String()
}

// defaultTitle is a category's title when the catalog gives none: its key
// split into words, each word's first letter upper-cased, joined by spaces.
func defaultTitle(key string) string {
	words := splitWords(key)
	for i, w := range words {
		words[i] = upperFirst(w)
	}
	return strings.Join(words, " ")
}

// isExportedIdent reports whether s can name an exported Go identifier.
func isExportedIdent(s string) bool {
	return token.IsIdentifier(s) && token.IsExported(s)
}

// reserved lists the identifiers the generator emits at package level in
// every generated file. A code's Go name or constructor may not be one.
var reserved = []string{
	"Code", "Codes", "ParseCode",
	"Category", "Categories",
	"RetryKind", "RetryNever", "RetryAfterAction", "RetryOnce", "RetryBackoff",
	"RetryPolicy", "RetryPolicyFor",
	"Error", "New", "Newf", "Decode", "FromResponse", "Write",
	"ShouldRetry", "CheckRetry", "Backoff", "MaxBodyBytes",
}

// Reserved returns the exported identifiers every generated package
// declares besides its codes, categories and constructors.
func Reserved() []string { return append([]string(nil), reserved...) }

func isIdent(s string) bool { return token.IsIdentifier(s) }

func isPackageName(s string) bool { return token.IsIdentifier(s) && s != "_" }
