package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Position is a line and column in a catalog file, both starting at 1.
// Columns count bytes, as Go's own tools do.
type Position struct {
	Line, Col int
}

func (p Position) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

func (p Position) compare(q Position) int {
	return cmp.Or(cmp.Compare(p.Line, q.Line), cmp.Compare(p.Col, q.Col))
}

// Diagnostic is one problem found in a catalog.
type Diagnostic struct {
	File    string
	Pos     Position
	Warning bool
	Message string
}

// String formats d as FILE:LINE:COL: message, with "warning: " before the
// message of a warning.
// Unprintable characters in either, which could come from any check of the
// catalog's text, are escaped, so that none reaches a terminal raw.
func (d Diagnostic) String() string {
	if d.Warning {
		return fmt.Sprintf("%s:%s: warning: %s", printable(d.File), d.Pos, printable(d.Message))
	}
	return fmt.Sprintf("%s:%s: %s", printable(d.File), d.Pos, printable(d.Message))
}

// Diagnostics is a list of problems, sorted by position.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error rather than a warning.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return !d.Warning })
}

// Error returns the diagnostics one per line.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// Sort sorts ds by position, then message, as errcat prints them.
func (ds Diagnostics) Sort() { ds.sort() }

func (ds Diagnostics) sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(a.Pos.compare(b.Pos), strings.Compare(a.Message, b.Message))
	})
}

// Suggest returns ` (did you mean "X"?)` for the candidate closest to s, or
// "" when none is close: the hint unknown-name diagnostics end with, for
// checks outside this package. Each call has a budget of its own.
func Suggest(s string, candidates []string) string {
	l := &loader{suggestBudget: suggestBudget}
	return l.suggest(s, candidates)
}

// suggestBudget bounds the work of all suggestions for one catalog, in
// steps of the edit distance: enough for thousands of typos in a real
// catalog, and a few tens of milliseconds on a hostile one.
const suggestBudget = 20_000_000

// maxSuggestLen is the longest name, in bytes, for which a suggestion is
// looked for; nobody mistypes a longer one.
const maxSuggestLen = 64

// suggest returns ` (did you mean "X"?)` for the candidate closest to s, or
// "" when none is close: within max(2, len/3) edits, in runes, ignoring
// case. Names longer than maxSuggestLen get no suggestion, and none is
// looked for once the loader's budget is spent, so that all suggestions
// together take bounded time whatever the catalog holds.
func (l *loader) suggest(s string, candidates []string) string {
	if len(s) > maxSuggestLen || l.suggestBudget <= 0 {
		return ""
	}
	a := lowerRunes(s, nil)
	limit := max(2, len(a)/3)
	best, bestDist := "", limit+1
	var b []rune
	for _, c := range candidates {
		if l.suggestBudget <= 0 {
			break
		}
		if len(c) > 4*(len(a)+limit) { // surely more than limit runes longer
			continue
		}
		b = lowerRunes(c, b[:0])
		d, cost := l.dist.distance(a, b, bestDist-1)
		l.suggestBudget -= cost + len(b)
		if d < bestDist {
			best, bestDist = c, d
			if d == 0 {
				break
			}
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// lowerRunes appends the runes of s, in lower case, to buf.
func lowerRunes(s string, buf []rune) []rune {
	for _, r := range s {
		buf = append(buf, unicode.ToLower(r))
	}
	return buf
}

// distancer computes bounded edit distances, reusing its rows.
type distancer struct{ prev, cur []int }

// distance is the Levenshtein distance between a and b when it is at most
// k, else k+1. It fills only the band of cells within k of the diagonal
// and stops at the first row whose every cell exceeds k, so it costs
// O(k·len(a)) steps; it returns that cost too.
func (dr *distancer) distance(a, b []rune, k int) (dist, cost int) {
	if abs(len(a)-len(b)) > k {
		return k + 1, 1
	}
	inf := k + 1
	if cap(dr.prev) < len(b)+1 {
		dr.prev, dr.cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur := dr.prev[:len(b)+1], dr.cur[:len(b)+1]
	for j := range prev {
		prev[j] = min(j, inf)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(len(b), i+k)
		cur[0] = min(i, inf)
		if lo > 1 {
			cur[lo-1] = inf
		}
		rowMin := cur[0]
		for j := lo; j <= hi; j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			v := min(sub, cur[j-1]+1, inf)
			if j <= i+k-1 { // prev[j] is inside the previous row's band
				v = min(v, prev[j]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		cost += hi - lo + 1
		if rowMin > k {
			return inf, cost
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], inf), cost + 1
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// printable returns s with every character that is not printable (control
// characters, format characters such as bidi overrides, invalid UTF-8)
// written as a Go escape, so that text from a catalog cannot move a
// terminal's cursor, change its colours or reorder what it shows.
func printable(s string) string {
	ok := true
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsPrint(r):
			b.WriteString(s[i : i+size])
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}
