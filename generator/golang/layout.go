package golang

import (
	"bytes"
	"math"
	"strings"
	"unicode/utf8"
)

// writeKeyed writes the elements of a composite literal, key: value, one
// per line after indent, as gofmt writes them. gofmt aligns the values of
// consecutive lines in one column, except where go/printer's exprList
// starts a new section: when a key or the key before it is longer than 40
// bytes and the key's length is 2.5 times or more, or 1/2.5 or less, the
// geometric mean of the lengths of the keys since the section began. A
// column is as wide as its widest key and colon, in characters, plus one
// space.
//
// The keys are identifiers and the values single-line expressions of under
// a megabyte (catalog strings are limited to 64 KiB), so every element
// counts in exprList's sizes. TestWriteKeyed holds this to go/format.
func writeKeyed(b *bytes.Buffer, indent string, keys, values []string) {
	const smallSize, ratio = 40, 2.5 // go/printer's
	start, lnsum, count := 0, 0.0, 0
	for i, key := range keys {
		if i > 0 && (len(keys[i-1]) > smallSize || len(key) > smallSize) {
			r := float64(len(key)) / math.Exp(lnsum/float64(count))
			if ratio*r <= 1 || ratio <= r {
				writeAligned(b, indent, keys[start:i], values[start:i])
				start, lnsum, count = i, 0, 0
			}
		}
		lnsum += math.Log(float64(len(key)))
		count++
	}
	writeAligned(b, indent, keys[start:], values[start:])
}

// writeAligned writes one section of writeKeyed.
func writeAligned(b *bytes.Buffer, indent string, keys, values []string) {
	width := 0
	for _, key := range keys {
		width = max(width, utf8.RuneCountInString(key))
	}
	for i, key := range keys {
		b.WriteString(indent)
		b.WriteString(key)
		b.WriteByte(':')
		pad(b, width-utf8.RuneCountInString(key)+1)
		b.WriteString(values[i])
		b.WriteString(",\n")
	}
}

// writeIota writes the specs of a const block, "= iota" on the first,
// each with a // comment (text from commentText) at the end of its line,
// as gofmt writes them: the names in one column, then "= iota" or its
// width in spaces, then the comments. TestWriteIota holds it to go/format.
func writeIota(b *bytes.Buffer, names, comments []string) {
	width := 0
	for _, name := range names {
		width = max(width, utf8.RuneCountInString(name))
	}
	for i, name := range names {
		b.WriteByte('\t')
		b.WriteString(name)
		pad(b, width-utf8.RuneCountInString(name)+1)
		if i == 0 {
			b.WriteString("= iota ")
		} else {
			pad(b, len("= iota "))
		}
		b.WriteString(strings.TrimRight("// "+comments[i], " "))
		b.WriteByte('\n')
	}
}

// pad writes n spaces.
func pad(b *bytes.Buffer, n int) {
	for range n {
		b.WriteByte(' ')
	}
}
