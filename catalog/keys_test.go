package catalog

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

// TestKeyTableWellFormed checks each row of the key table for what the
// unknown-key check, the schema and the reference rely on.
func TestKeyTableWellFormed(t *testing.T) {
	tables := map[string]bool{"": true}
	for _, k := range keyTable {
		if k.Type == TypeTable {
			tables[k.Path()] = true
		}
	}
	seen := map[string]bool{}
	for _, k := range keyTable {
		t.Run(k.Path(), func(t *testing.T) {
			if seen[k.Path()] {
				t.Errorf("key listed twice")
			}
			seen[k.Path()] = true
			if !tables[k.Table] {
				t.Errorf("table %q is not a table of the format", k.Table)
			}
			kids := children(keyTable, k.Table)
			if k.Names != "" {
				if _, err := regexp.Compile(k.Names); err != nil {
					t.Errorf("Names: %v", err)
				}
				if strings.ToUpper(k.Name) != k.Name || len(kids) != 1 {
					t.Errorf("a row with Names must have an upper-case Name and be its table's only row; Name %q, %d rows", k.Name, len(kids))
				}
			} else if !regexp.MustCompile(`^[a-z][a-z0-9_]*$`).MatchString(k.Name) {
				t.Errorf("key %q is not a lower-case bare key", k.Name)
			}
			if k.Pattern != "" {
				if _, err := regexp.Compile(k.Pattern); err != nil {
					t.Errorf("Pattern: %v", err)
				}
				if k.Type != TypeString {
					t.Errorf("Pattern on a %s", k.Type)
				}
			}
			if k.Words != nil && k.Type != TypeString && k.Type != TypeStrings {
				t.Errorf("Words on a %s", k.Type)
			}
			if (k.Bounds.HasMin || k.Bounds.HasMax) && k.Type != TypeInteger && k.Type != TypeNumber {
				t.Errorf("Bounds on a %s", k.Type)
			}
			checkDefault(t, k)
			d := k.Description
			if d == "" || strings.ContainsAny(d, "\n|") || !unicode.IsUpper([]rune(d)[0]) || !strings.HasSuffix(d, ".") {
				t.Errorf("description %q: want one sentence on one line, without '|'", d)
			}
		})
	}
}

// checkDefault checks that k's default is a value of its type and, where
// the key has words, one of them.
func checkDefault(t *testing.T, k Key) {
	t.Helper()
	var words []string
	switch d := k.Default.(type) {
	case nil:
		return
	case string:
		if k.Type != TypeString && k.Type != TypeDuration && k.Type != TypePolicy {
			t.Errorf("default %q on a %s", d, k.Type)
		}
		words = []string{d}
	case int64:
		if k.Type != TypeInteger && k.Type != TypeNumber {
			t.Errorf("default %d on a %s", d, k.Type)
		}
	case float64:
		if k.Type != TypeNumber {
			t.Errorf("default %v on a %s", d, k.Type)
		}
	case bool:
		if k.Type != TypeBoolean {
			t.Errorf("default %v on a %s", d, k.Type)
		}
	case []string:
		if k.Type != TypeStrings {
			t.Errorf("default %q on a %s", d, k.Type)
		}
		words = d
	default:
		t.Errorf("default %#v is of no type a key takes", d)
	}
	for _, w := range words {
		if k.Words != nil && !slices.Contains(k.Words, w) {
			t.Errorf("default %q is not one of %q", w, k.Words)
		}
	}
}

// TestKnownKeys checks the unknown-key lists drawn from the table against
// the keys each table had when they were written by hand: none lost, in
// the same order, so that suggestions between equally close keys stay.
func TestKnownKeys(t *testing.T) {
	before := map[string][]string{
		"":               {"catalog", "output", "envelope", "retry", "fallback", "categories", "codes", "retired"},
		"catalog":        {"name", "package", "description", "code_style", "docs_url"},
		"envelope":       {"code", "message", "status", "details", "fixed", "example", "doc_url"},
		"retry.NAME":     {"kind", "max_retries", "initial_delay", "max_delay", "multiplier", "retry_after", "idempotent_only", "label", "action"},
		"categories.KEY": {"title", "description", "status", "retry"},
		"codes.CODE":     {"category", "status", "description", "fix", "retry", "retry_note", "message", "surfaces", "deprecated", "since", "go_name"},
		"retired.CODE":   {"reason", "removed"},
	}
	got := map[string][]string{}
	for table, keys := range knownKeys {
		got[table] = slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return !slices.Contains(before[table], k) })
	}
	if diff := cmp.Diff(before, got); diff != "" {
		t.Errorf("known keys of each table (-want +got):\n%s", diff)
	}
}

// TestWordsOfTheLoader checks that the words the table allows are those the
// loader accepts, for the keys whose words it keeps lists of.
func TestWordsOfTheLoader(t *testing.T) {
	var styles []string
	for s := range codeStyles {
		styles = append(styles, s)
	}
	tests := []struct {
		path string
		want []string
	}{
		{"catalog.code_style", styles},
		{"retry.NAME.kind", kindNames[:]},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, words(tt.path), cmp.Transformer("sort", func(s []string) []string {
				return slices.Sorted(slices.Values(s))
			})); diff != "" {
				t.Errorf("words (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPatterns checks the table's patterns against the loader's own checks
// of the same things.
func TestPatterns(t *testing.T) {
	names := []string{"a", "Z9", "top_up", "back-off", "x_-1", "", "1a", "_a", "-a", "a b", "a.b", "é", "aé", "a\n", "a\x00"}
	nameRE := regexp.MustCompile(namePattern)
	for _, s := range names {
		if got, want := nameRE.MatchString(s), isName(s); got != want {
			t.Errorf("namePattern matches %q: %v, isName says %v", s, got, want)
		}
	}

	fallbackKeys := []string{"429", "100", "599", "5xx", "1xx", "default", "600", "6xx", "4XX", "42", "4290", "xx", "Default", " 429"}
	for _, s := range fallbackKeys {
		if got, want := regexp.MustCompile(fallbackPattern).MatchString(s), isFallbackKey(s); got != want {
			t.Errorf("fallbackPattern matches %q: %v, the loader says %v", s, got, want)
		}
	}

	// Durations too long for time.ParseDuration match the pattern: the
	// schema cannot count.
	durations := []string{"0", "+0", "-0", "-0s", "-0.0ms", "-.0h", "-00m0s", "1s", "500ms", "1m30s", "1.5h", ".5s", "5.s", "1us", "1µs", "1μs", "2h45m0.5s", "+3s",
		"", "-1s", "-0.1s", "-0m1s", "s", "1", "1 s", "1sec", "1d", ".s", "1.2.3s", " 1s", "1S", "-", "+"}
	durationRE := regexp.MustCompile(durationPattern)
	for _, s := range durations {
		d, err := time.ParseDuration(s)
		want := err == nil && d >= 0
		if got := durationRE.MatchString(s); got != want {
			t.Errorf("durationPattern matches %q: %v, time.ParseDuration and the loader say %v", s, got, want)
		}
	}

	// The code pattern is looser than the loader: whatever the loader
	// accepts, it matches.
	codes := []string{"NOT_FOUND", "notFound", "a.b", "x-y", "ÉCHEC", "日本", "", "NOT FOUND", "TAB\t", "NUL\x00", "DEL\x7f", "NBSP\u00a0", "LRO\u202e"}
	codeRE := regexp.MustCompile(codePattern)
	for _, s := range codes {
		l := &loader{}
		if l.codeName(Position{}, "code", s) && !codeRE.MatchString(s) {
			t.Errorf("codePattern refuses %q, which the loader accepts", s)
		}
	}
}

// TestCodeStyles holds each code style's matcher to its pattern on every
// string of up to five characters over an alphabet that reaches each
// rule, and on a few longer ones.
func TestCodeStyles(t *testing.T) {
	patterns := map[string]*regexp.Regexp{
		"SCREAMING_SNAKE_CASE": regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`),
		"PascalCase":           regexp.MustCompile(`^[A-Z][a-zA-Z0-9]*$`),
		"snake_case":           regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`),
	}
	if len(patterns) != len(codeStyles)-1 {
		t.Fatalf("codeStyles has %d styles besides any; the test knows %d", len(codeStyles)-1, len(patterns))
	}
	inputs := append([]string{"MISSING_API_KEY", "InvalidApiKey2", "not_found_404", "É", "A\n", "A_É", "Aé", "_A", "A__B"}, allStrings("aZ0_-", 5)...)
	for style, re := range patterns {
		for _, s := range inputs {
			if got, want := codeStyles[style](s), re.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v, the pattern says %v", style, s, got, want)
			}
		}
	}
}

// TestHandMatchers holds the matchers written out for speed to the
// patterns they stand for, on every string of up to 4 characters over an
// alphabet that reaches each rule.
func TestHandMatchers(t *testing.T) {
	for _, m := range []struct {
		name    string
		pattern *regexp.Regexp
		match   func(string) bool
		alpha   string
	}{
		{"isFallbackKey", regexp.MustCompile(fallbackPattern), isFallbackKey, "0159x6"},
		{"isFallbackKey", regexp.MustCompile(fallbackPattern), isFallbackKey, "defaultx"},
		{"isPlaceholderName", regexp.MustCompile(`^[a-z_][a-z0-9_]*$`), isPlaceholderName, "az_09A-é"},
	} {
		for _, s := range append([]string{"default", "defaults", "xdefault", "599", "600", "099", "5xx", "6xx", "a_b9", "é"}, allStrings(m.alpha, 4)...) {
			if got, want := m.match(s), m.pattern.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v, the pattern says %v", m.name, s, got, want)
			}
		}
	}
}
