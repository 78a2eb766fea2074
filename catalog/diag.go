package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
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
func (d Diagnostic) String() string {
	if d.Warning {
		return fmt.Sprintf("%s:%s: warning: %s", d.File, d.Pos, d.Message)
	}
	return fmt.Sprintf("%s:%s: %s", d.File, d.Pos, d.Message)
}

// Diagnostics is a list of problems, sorted by position.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error rather than a warning.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return !d.Warning })
}

// Err returns ds as an error when it holds any error, else nil.
func (ds Diagnostics) Err() error {
	if ds.HasErrors() {
		return ds
	}
	return nil
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
// "" when none is close: the hint unknown-name diagnostics end with.
func Suggest(s string, candidates []string) string { return suggest(s, candidates) }

// suggest returns ` (did you mean "X"?)` for the candidate closest to s, or
// "" when none is close.
func suggest(s string, candidates []string) string {
	best, bestDist := "", 0
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if d < bestDist || best == "" {
			best, bestDist = c, d
		}
	}
	if best == "" || bestDist > max(2, len([]rune(s))/3) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
