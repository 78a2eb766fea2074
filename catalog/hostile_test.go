package catalog

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"

	"github.com/errcat/errcat/internal/hostile"
	"github.com/errcat/errcat/internal/synth"
)

// hostileCase is one input of the scale corpus: each row of the table in
// the issue about hostile input at scale, and each "also" item.
type hostileCase struct {
	name  string
	src   func() []byte
	first string // the first diagnostic; "" when the catalog is valid
	// errors is how many errors Parse must report (0: any number).
	errors int
	// maxMiB bounds the bytes Parse allocates in all, which bounds its
	// peak heap: generous, but far below what a quadratic stage needs.
	maxMiB float64
	// overDecoder, when set, bounds the bytes Parse allocates as a multiple
	// of what the TOML decoder alone allocates for the same input, for
	// inputs that pass the limits and so are decoded.
	overDecoder float64
	heavy       bool // skipped with -short
}

var deep = fmt.Sprintf("nested more than %d levels deep (keys, arrays and inline tables each count one)", MaxDepth)

var hostileCases = []hostileCase{
	{name: "nested arrays 20k", src: func() []byte { return hostile.NestedArrays(20_000) },
		first: "h.toml:1:20: " + deep, errors: 1, maxMiB: 1},
	{name: "nested arrays 200k", src: func() []byte { return hostile.NestedArrays(200_000) },
		first: "h.toml:1:20: " + deep, errors: 1, maxMiB: 1},
	{name: "nested inline tables 10k", src: func() []byte { return hostile.NestedInlineTables(10_000) },
		first: "h.toml:1:27: " + deep, errors: 1, maxMiB: 1},
	{name: "nested inline tables 100k", src: func() []byte { return hostile.NestedInlineTables(100_000) },
		first: "h.toml:1:27: " + deep, errors: 1, maxMiB: 1},
	{name: "3M open brackets", src: func() []byte { return hostile.OpenBrackets(3_000_000) },
		first: "h.toml:16:1: " + deep, errors: 1, maxMiB: 1},
	{name: "dotted key 20k segments", src: func() []byte { return hostile.DottedKey(20_000) },
		first: "h.toml:1:33: " + deep, errors: 1, maxMiB: 1},
	{name: "table header 20k segments", src: func() []byte { return hostile.TableHeader(20_000) },
		first: "h.toml:1:34: " + deep, errors: 1, maxMiB: 1},
	{name: "500 unknown 200-byte categories", src: func() []byte { return hostile.UnknownCategories(500, 1000, 200) },
		first: `h.toml:8:13: warning: category ` + strings.Repeat("c", 198) + `k0 is not used by any code`, errors: 500, maxMiB: 64},
	{name: "5000 unknown 64-byte categories", src: func() []byte { return hostile.UnknownCategories(5000, 1000, 64) },
		first: `h.toml:8:13: warning: category ` + strings.Repeat("c", 62) + `k0 is not used by any code`, errors: 5000, maxMiB: 64},
	{name: "message with 20k placeholders", src: func() []byte { return hostile.Placeholders(20_000, 20_000) },
		first: fmt.Sprintf("h.toml:11:1: string is longer than %d KiB", MaxStringLen>>10), errors: 1, maxMiB: 1},
	{name: "message with 12k placeholders, 32 names", src: func() []byte { return hostile.Placeholders(12_000, 32) },
		maxMiB: 4},
	{name: "message with 33 placeholder names", src: func() []byte { return hostile.Placeholders(33, 33) },
		first: fmt.Sprintf("h.toml:11:1: message has more than %d placeholders", MaxPlaceholders), errors: 1, maxMiB: 1},
	{name: "40k retired codes", src: func() []byte { return hostile.RetiredCodes(40_000) },
		maxMiB: 200, overDecoder: 1.6},
	{name: "66k inline policies", src: func() []byte { return hostile.InlinePolicies(66_000) },
		first:  fmt.Sprintf("h.toml:1005:42: more than %d distinct retry policies (policies that differ only in name, label or action count once)", MaxPolicies),
		errors: 1, maxMiB: 800, overDecoder: 1.6, heavy: true},
	{name: "2M array elements", src: func() []byte { return hostile.LongArray(MaxEntries) },
		first: fmt.Sprintf("h.toml:1:%d: more than %d entries (keys, tables and array elements)", 6+2*(MaxEntries-1), MaxEntries), errors: 1, maxMiB: 1},
	{name: "2M keys", src: func() []byte { return hostile.Keys(MaxEntries + 1) },
		first: fmt.Sprintf("h.toml:%d:1: more than %d entries (keys, tables and array elements)", MaxEntries+1, MaxEntries), errors: 1, maxMiB: 1},
	{name: "257-byte code", src: func() []byte { return hostile.LongCode(MaxKeyLen + 1) },
		first: fmt.Sprintf("h.toml:8:8: key is longer than %d bytes", MaxKeyLen), errors: 1, maxMiB: 1},
	{name: "256-byte code", src: func() []byte { return hostile.LongCode(MaxKeyLen) },
		maxMiB: 1},
	{name: "long description", src: func() []byte { return hostile.LongDescription(MaxStringLen + 1) },
		first: fmt.Sprintf("h.toml:10:1: string is longer than %d KiB", MaxStringLen>>10), errors: 1, maxMiB: 1},
	{name: "1001 categories", src: func() []byte { return hostile.Categories(MaxCategories + 1) },
		first: fmt.Sprintf("h.toml:1009:1: more than %d categories", MaxCategories), errors: 1, maxMiB: 16},
	{name: "1001 policies", src: func() []byte { return hostile.Policies(MaxPolicies + 1) },
		first: fmt.Sprintf("h.toml:1009:1: more than %d retry policies", MaxPolicies), errors: 1, maxMiB: 16},
}

// allocMiB returns the MiB f allocates, goroutines it starts included.
func allocMiB(f func()) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / (1 << 20)
}

// parseAllocs parses src and returns the diagnostics and the MiB Parse
// allocated.
func parseAllocs(src []byte) (c *Catalog, diags Diagnostics, mib float64) {
	mib = allocMiB(func() { c, diags = Parse("h.toml", src) })
	return c, diags, mib
}

// TestHostile checks that each input of the scale corpus is refused at the
// right place, or handled, within a bound on memory.
func TestHostile(t *testing.T) {
	for _, tt := range hostileCases {
		t.Run(tt.name, func(t *testing.T) {
			if tt.heavy && testing.Short() {
				t.Skip("a large input")
			}
			src := tt.src()
			c, diags, mib := parseAllocs(src)
			t.Logf("%d bytes, allocated %.1f MiB, %d diagnostics", len(src), mib, len(diags))
			if mib > tt.maxMiB {
				t.Errorf("allocated %.1f MiB, want at most %.0f", mib, tt.maxMiB)
			}
			if tt.overDecoder > 0 {
				floor := allocMiB(func() {
					var doc map[string]any
					if _, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&doc); err != nil {
						t.Fatal(err)
					}
				})
				if mib > tt.overDecoder*floor {
					t.Errorf("allocated %.1f MiB, %.2f× the decoder's %.1f MiB; want at most %.2f×", mib, mib/floor, floor, tt.overDecoder)
				}
			}
			var errs int
			for _, d := range diags {
				if !d.Warning {
					errs++
				}
			}
			switch {
			case tt.first == "" && c == nil:
				t.Fatalf("want a valid catalog, got:\n%.2000s", diagText(diags))
			case tt.first == "":
				return
			case len(diags) == 0:
				t.Fatal("no diagnostics")
			case tt.errors > 0 && errs != tt.errors:
				t.Errorf("got %d errors, want %d:\n%.2000s", errs, tt.errors, diagText(diags))
			}
			if c != nil && diags.HasErrors() {
				t.Error("a catalog with errors was returned")
			}
			if diff := cmp.Diff(tt.first, diags[0].String()); diff != "" {
				t.Errorf("first diagnostic (-want +got):\n%s", diff)
			}
		})
	}
}

// TestHostileHandled checks what the inputs that are not refused resolve to.
func TestHostileHandled(t *testing.T) {
	c, diags := Parse("h.toml", hostile.Placeholders(12_000, 32))
	if c == nil {
		t.Fatal(diagText(diags))
	}
	if m := c.Code("A").Message; len(m.Params) != 32 || len(m.Parts) != 12_000 {
		t.Errorf("message has %d params and %d parts, want 32 and 12000", len(m.Params), len(m.Parts))
	}
	c, diags = Parse("h.toml", hostile.RetiredCodes(40_000))
	if c == nil {
		t.Fatal(diagText(diags))
	}
	if len(c.Retired) != 40_000 || c.RetiredCode("R39999") == nil || c.RetiredCode("A") != nil {
		t.Errorf("%d retired codes; R39999 %v", len(c.Retired), c.RetiredCode("R39999"))
	}
	// The policies up to the limit resolve; the one past it is refused.
	src := hostile.InlinePolicies(MaxPolicies - 4)
	if c, diags = Parse("h.toml", src); c == nil {
		t.Fatal(diagText(diags))
	}
	if len(c.RuntimePolicies) != MaxPolicies {
		t.Errorf("%d runtime policies, want %d", len(c.RuntimePolicies), MaxPolicies)
	}
}

// TestSuggestionsUnderBudget checks that suggestions stop when the budget
// is spent, and that the catalog's first typos still get theirs.
func TestSuggestionsUnderBudget(t *testing.T) {
	_, diags := Parse("h.toml", hostile.UnknownCategories(5000, 1000, 64))
	var with, without int
	for _, d := range diags {
		switch {
		case d.Warning:
		case strings.Contains(d.Message, "did you mean"):
			with++
		default:
			without++
		}
	}
	if with == 0 || without == 0 || !strings.Contains(diags[1000].Message, "did you mean") {
		t.Errorf("%d errors with a suggestion, %d without; want both, the first ones with one", with, without)
	}
}

// TestLimitCodes checks the limits on listed and retired codes, lowered
// to 1000: the same check on MaxCodes needs 8 MB.
func TestLimitCodes(t *testing.T) {
	const limit = 1000
	for _, tt := range []struct {
		name  string
		src   []byte
		first string
	}{
		{"codes", hostile.Codes(limit + 1), fmt.Sprintf("h.toml:%d:1: more than %d codes", 9+limit, limit)},
		{"retired", hostile.RetiredCodes(limit + 1), fmt.Sprintf("h.toml:%d:1: more than %d retired codes", 13+limit, limit)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if c, diags := parse("h.toml", tt.src, limit+1); c == nil {
				t.Fatalf("refused below the limit:\n%.1000s", diagText(diags))
			}
			c, diags := parse("h.toml", tt.src, limit)
			if c != nil || len(diags) != 1 {
				t.Fatalf("want one error, got %d diagnostics:\n%.1000s", len(diags), diagText(diags))
			}
			if diff := cmp.Diff(tt.first, diags[0].String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestSynthAtScale checks that a synthetic catalog of 100k codes, half
// MaxCodes, still validates.
func TestSynthAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 25 MB")
	}
	c, diags := Parse("synth.toml", synth.Catalog(100_000))
	if c == nil || len(diags) > 0 {
		t.Fatalf("%.2000s", diagText(diags))
	}
}

// BenchmarkHostile parses each input of the scale corpus.
func BenchmarkHostile(b *testing.B) {
	for _, tt := range hostileCases {
		src := tt.src()
		b.Run(strings.ReplaceAll(tt.name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for range b.N {
				Parse("h.toml", src)
			}
		})
	}
}
