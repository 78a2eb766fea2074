// Package hostile builds the inputs an attacker would try on errcat: small
// catalogs that cost a naive implementation much time or memory, such as
// deeply nested values, huge keys, thousands of near-miss names or one
// message with thousands of placeholders. Tests assert that each is refused
// with a position or handled within bounds, and benchmarks measure them.
//
// Every builder is deterministic and returns a whole catalog file, built in
// memory, so that no large file is committed. Except where a builder says
// otherwise, the catalog around the hostile part is valid.
package hostile

import (
	"bytes"
	"fmt"
	"strings"
)

// header is the smallest valid start of a catalog: everything but codes.
const header = `[catalog]
name = "Hostile"

[envelope]
code = "code"
message = "message"

`

// code is a valid code table without a retry policy.
const code = `category = %q
description = "d"
status = 400
`

// NestedArrays returns x = [[[…]]] with depth nested arrays.
func NestedArrays(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("x = ")
	b.WriteString(strings.Repeat("[", depth))
	b.WriteString(strings.Repeat("]", depth))
	b.WriteString("\n")
	return b.Bytes()
}

// NestedInlineTables returns x = {a={a=…}} with depth nested inline tables.
func NestedInlineTables(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("x = ")
	b.WriteString(strings.Repeat("{a=", depth))
	b.WriteString("1")
	b.WriteString(strings.Repeat("}", depth))
	b.WriteString("\n")
	return b.Bytes()
}

// OpenBrackets returns x = followed by n unclosed '[', one per line: two
// bytes each, so 3,000,000 of them make 6 MB.
func OpenBrackets(n int) []byte {
	return append([]byte("x = "), bytes.Repeat([]byte("[\n"), n)...)
}

// LongArray returns x = [1,1,…] with n elements.
func LongArray(n int) []byte {
	return []byte("x = [" + strings.Repeat("1,", n) + "]\n")
}

// Keys returns n top-level keys, one per line: k0 = 1, k1 = 1, …
func Keys(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "k%d = 1\n", i)
	}
	return b.Bytes()
}

// DottedKey returns a.a.….a = 1 with segments keys.
func DottedKey(segments int) []byte {
	return []byte(strings.Repeat("a.", segments-1) + "a = 1\n")
}

// TableHeader returns [a.a.….a] with segments keys.
func TableHeader(segments int) []byte {
	return []byte("[" + strings.Repeat("a.", segments-1) + "a]\n")
}

// LongCode returns a catalog whose one code is n bytes long.
func LongCode(n int) []byte {
	return []byte(header + "[codes." + strings.Repeat("A", n) + "]\ndescription = \"d\"\nstatus = 400\n")
}

// LongDescription returns a catalog whose one code has a description of n
// bytes.
func LongDescription(n int) []byte {
	return []byte(header + "[codes.A]\nstatus = 400\ndescription = \"" + strings.Repeat("d", n) + "\"\n")
}

// UnknownCategories returns a catalog that declares categories categories
// and then lists codes codes, each naming a different category that does
// not exist. Every name, declared or not, is length bytes long and differs
// from the others only in its last characters, so each is close to all the
// others: the worst case for "did you mean" suggestions.
func UnknownCategories(codes, categories, length int) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	name := func(prefix string, i int) string {
		s := fmt.Sprintf("%s%d", prefix, i)
		return strings.Repeat("c", max(0, length-len(s))) + s
	}
	for i := range categories {
		fmt.Fprintf(&b, "[categories.%s]\n", name("k", i))
	}
	for i := range codes {
		fmt.Fprintf(&b, "[codes.C%d]\n"+code, i, name("u", i))
	}
	return b.Bytes()
}

// Placeholders returns a catalog whose one code has a message of n
// placeholders, cycling through distinct names: {p0}{p1}…
func Placeholders(n, distinct int) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("[codes.A]\ndescription = \"d\"\nstatus = 400\nmessage = \"")
	for i := range n {
		fmt.Fprintf(&b, "{p%d}", i%distinct)
	}
	b.WriteString("\"\n")
	return b.Bytes()
}

// RetiredCodes returns a catalog with one listed code and n retired ones.
func RetiredCodes(n int) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("[codes.A]\ndescription = \"d\"\nstatus = 400\n\n[retired]\n")
	for i := range n {
		fmt.Fprintf(&b, "R%d = {reason = \"r\"}\n", i)
	}
	return b.Bytes()
}

// InlinePolicies returns a catalog of n codes, each with its own inline
// backoff policy: n distinct runtime policies.
func InlinePolicies(n int) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("[codes]\n")
	for i := range n {
		fmt.Fprintf(&b, "C%d = {description = \"d\", status = 503, retry = {kind = \"backoff\", max_retries = %d}}\n", i, i+1)
	}
	return b.Bytes()
}

// Codes returns a catalog of n minimal codes, one per line.
func Codes(n int) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("[codes]\n")
	for i := range n {
		fmt.Fprintf(&b, "C%d = {description = \"d\", status = 400}\n", i)
	}
	return b.Bytes()
}

// Categories returns a catalog declaring n categories, each used by one
// code.
func Categories(n int) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("[categories]\n")
	for i := range n {
		fmt.Fprintf(&b, "k%d = {status = 400}\n", i)
	}
	b.WriteString("[codes]\n")
	for i := range n {
		fmt.Fprintf(&b, "C%d = {category = \"k%d\", description = \"d\"}\n", i, i)
	}
	return b.Bytes()
}

// Policies returns a catalog declaring n retry policies, all alike, and one
// code.
func Policies(n int) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("[retry]\n")
	for i := range n {
		fmt.Fprintf(&b, "p%d = {kind = \"once\"}\n", i)
	}
	b.WriteString("[codes.A]\ndescription = \"d\"\nstatus = 400\n")
	return b.Bytes()
}
