package typescript

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestJSString checks that every string literal reads back as the text it
// was made from (JSON and JavaScript read the same escapes) and shows no
// character that could end it, end a line or hide text.
func TestJSString(t *testing.T) {
	for _, s := range []string{
		"", "plain", `quote " and backslash \`, "*/ /* // <!-- --> </script>", "line\nbreak\r\n\ttab",
		"separators \u2028 \u2029", "rtl \u202eevil\u202c bom \ufeff zero\u200bwidth", "nul \x00 del \x7f esc \x1b",
		"emoji 🚀 and é", "${template} `backtick`", "invalid \xff utf-8",
	} {
		t.Run(s, func(t *testing.T) {
			lit := jsString(s)
			var back string
			if err := json.Unmarshal([]byte(lit), &back); err != nil {
				t.Fatalf("jsString(%q) = %s: not a JSON string: %v", s, lit, err)
			}
			if want := strings.ToValidUTF8(s, "\ufffd"); back != want {
				t.Errorf("jsString(%q) = %s reads back as %q", s, lit, back)
			}
			inner := lit[1 : len(lit)-1]
			for _, r := range inner {
				if r < ' ' || r == 0x7f || r == '\u2028' || r == '\u2029' || invisible(r) || !unicode.IsPrint(r) {
					t.Errorf("jsString(%q) = %s holds %U", s, lit, r)
				}
			}
			if strings.ContainsAny(inner, "<>&") || regexp.MustCompile(`(^|[^\\])(\\\\)*"`).MatchString(inner) {
				t.Errorf("jsString(%q) = %s holds an unescaped quote or <, >, &", s, lit)
			}
		})
	}
}

// TestCommentText checks the one sanitiser of comment text.
func TestCommentText(t *testing.T) {
	for in, want := range map[string]string{
		"plain text.":               "plain text.",
		"  padded  ":                "padded",
		"line\nbreak\r\n\tand tab":  "line break and tab",
		"sep\u2028and\u2029para":    "sep and para",
		"ends a comment */ here":    "ends a comment *\u2215 here",
		"**/ twice */":              "**\u2215 twice *\u2215",
		"//go:generate":             "\u2215/go:generate",
		"rtl \u202eevil\u202c done": "rtl evil done",
		"zero\u200bwidth \ufeff":    "zerowidth",
		"nul\x00byte":               "nul byte",
		"ünïcode 🚀":                 "ünïcode 🚀",
		"":                          "",
	} {
		got := commentText(in)
		if got != want {
			t.Errorf("commentText(%q) = %q, want %q", in, got, want)
		}
		if commentText(got) != got {
			t.Errorf("commentText is not idempotent on %q", got)
		}
	}
}

// FuzzCommentText checks that no text leaves a comment or a line.
func FuzzCommentText(f *testing.F) {
	for _, s := range []string{"*/", "a*\n/", "\u2028", "*\u200b/", "/*/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := commentText(s)
		if strings.Contains(got, "*/") || strings.ContainsAny(got, "\n\r\u2028\u2029") || strings.HasPrefix(got, "/") || !utf8.ValidString(got) {
			t.Errorf("commentText(%q) = %q", s, got)
		}
	})
}

// TestFoldPattern checks the member-name patterns against Go's rule,
// bytes.EqualFold, for names and keys that fold in unusual ways.
func TestFoldPattern(t *testing.T) {
	names := []string{"code", "message", "status", "kind", "err|or.co<de", "ßtraße", "Σίσυφος", "İı", "a.b", "[x]", "$^", "0"}
	keys := []string{"CODE", "Code", "cOdE", "code ", "cod", "mesſage", "\u212aind", "KIND", "ERR|OR.CO<DE", "ẞTRASSE", "ẞtraße",
		"σίσυφοσ", "ΣΊΣΥΦΟς", "iI", "İı", "A.B", "aXb", "[X]", "$^", "0", "00"}
	for _, name := range names {
		re := regexp.MustCompile(goRegexp(foldPattern(name)))
		for _, key := range append(keys, name) {
			if got, want := re.MatchString(key), strings.EqualFold(key, name); got != want {
				t.Errorf("pattern of %q matches %q: %v, EqualFold says %v", name, key, got, want)
			}
		}
	}
}

// goRegexp rewrites a pattern's \u{X} escapes into Go's \x{X}.
func goRegexp(p string) string { return strings.ReplaceAll(p, `\u{`, `\x{`) }
