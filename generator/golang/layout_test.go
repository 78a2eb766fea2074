package golang

import (
	"bytes"
	"go/format"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// randomIdent returns an identifier of n characters, some of them letters
// outside ASCII, whose widths in bytes and in characters differ.
func randomIdent(r *rand.Rand, n int) string {
	letters := []rune("abcxyzABCXYZ_éßЖλ")
	var b strings.Builder
	for i := range n {
		if i > 0 && r.IntN(5) == 0 {
			b.WriteByte(byte('0' + r.IntN(10)))
			continue
		}
		b.WriteRune(letters[r.IntN(len(letters))])
	}
	return b.String()
}

// keyLengths returns the key lengths of one literal: runs of similar
// lengths on either side of go/printer's 40-byte threshold, and jumps
// around its 2.5 ratio.
func keyLengths(r *rand.Rand) []int {
	n := 1 + r.IntN(12)
	lengths := make([]int, n)
	base := 1 + r.IntN(60)
	for i := range lengths {
		switch r.IntN(4) {
		case 0:
			base = 1 + r.IntN(130)
		case 1:
			base = max(1, int(float64(base)*(2+r.Float64())))
		}
		base = min(base, 300)
		lengths[i] = base + r.IntN(3)
	}
	return lengths
}

// TestWriteKeyed holds writeKeyed to go/format on literals whose key
// lengths make go/printer align and break its sections every way.
func TestWriteKeyed(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var keys, values []string
		for _, n := range keyLengths(r) {
			keys = append(keys, randomIdent(r, n))
			switch r.IntN(3) {
			case 0:
				values = append(values, strconv.Quote(randomIdent(r, r.IntN(30))+" \"é\t"))
			case 1:
				values = append(values, "{Kind: RetryBackoff, InitialDelay: 500 * time.Millisecond, Multiplier: 2.0}")
			default:
				values = append(values, randomIdent(r, 1+r.IntN(20)))
			}
		}
		var b bytes.Buffer
		b.WriteString("package p\n\nvar x = map[string]any{\n")
		writeKeyed(&b, "\t", keys, values)
		b.WriteString("}\n")
		checkGofmt(t, "writeKeyed", b.Bytes())
	}
}

// checkGofmt fails t unless src is as gofmt writes it.
func checkGofmt(t *testing.T, writer string, src []byte) {
	t.Helper()
	formatted, err := format.Source(src)
	if err != nil {
		t.Fatalf("%v:\n%s", err, src)
	}
	if !bytes.Equal(formatted, src) {
		t.Fatalf("%s wrote\n%s\ngofmt writes\n%s", writer, src, formatted)
	}
}

// TestWriteIota holds writeIota to go/format.
func TestWriteIota(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		var names, comments []string
		for _, n := range keyLengths(r) {
			names = append(names, randomIdent(r, n))
			comments = append(comments, commentText(randomIdent(r, r.IntN(20))+", é  "))
		}
		var b bytes.Buffer
		b.WriteString("package p\n\nconst (\n")
		writeIota(&b, names, comments)
		b.WriteString(")\n")
		checkGofmt(t, "writeIota", b.Bytes())
	}
}

// TestTableFieldsASCII holds tableField and titleField, which take a fast
// path for ASCII text, to their rules over runes, on every string of up to
// 3 characters over an alphabet that reaches each rule.
func TestTableFieldsASCII(t *testing.T) {
	quoteTable := func(s string) string {
		return strings.NewReplacer("`", `\x60`, " ", `\x20`).Replace(strconv.QuoteToASCII(s))
	}
	quoteTitle := func(s string) string { return strings.ReplaceAll(strconv.QuoteToASCII(s), "`", `\x60`) }
	table := func(s string) string {
		if s != "" && s != "-" && !strings.HasPrefix(s, `"`) && !strings.ContainsFunc(s, func(r rune) bool {
			return r == '`' || r == utf8.RuneError || !unicode.IsPrint(r) || unicode.IsSpace(r) || invisible(r)
		}) {
			return s
		}
		return quoteTable(s)
	}
	title := func(s string) string {
		if s != "" && !strings.HasPrefix(s, `"`) && strings.TrimSpace(s) == s && !strings.ContainsFunc(s, func(r rune) bool {
			return r == '`' || r == utf8.RuneError || !unicode.IsPrint(r) || r != ' ' && unicode.IsSpace(r) || invisible(r)
		}) {
			return s
		}
		return quoteTitle(s)
	}
	alphabet := []string{"a", " ", "\t", "\x00", "\x7f", "`", `"`, "-", "~", "é", "\u00a0", "\u200e", "\xff"}
	inputs := []string{""}
	for last := inputs; len(last[0]) < 3; {
		var next []string
		for _, p := range last {
			for _, c := range alphabet {
				next = append(next, p+c)
			}
		}
		inputs, last = append(inputs, next...), next
	}
	for _, s := range inputs {
		if got, want := tableField(s), table(s); got != want {
			t.Errorf("tableField(%q) = %q, want %q", s, got, want)
		}
		if got, want := titleField(s), title(s); got != want {
			t.Errorf("titleField(%q) = %q, want %q", s, got, want)
		}
	}
}
