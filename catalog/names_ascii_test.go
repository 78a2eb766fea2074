package catalog

import (
	"slices"
	"testing"
)

// TestDefaultTitleASCII holds defaultTitleASCII to defaultCodeTitleWords,
// the form for any code, on every string of up to four characters over an
// alphabet that reaches each rule, and on a few longer ones.
func TestDefaultTitleASCII(t *testing.T) {
	for _, s := range append(asciiWordInputs, allStrings("aZ0_I", 4)...) {
		checkDefaultTitle(t, s)
	}
}

// TestWordsASCII holds WordsASCII to Words.
func TestWordsASCII(t *testing.T) {
	for _, s := range append(asciiWordInputs, allStrings("aZ0_I-", 4)...) {
		var got []string
		if !WordsASCII(s, func(w string) { got = append(got, w) }) {
			t.Fatalf("WordsASCII(%q) reports it is not ASCII", s)
		}
		if want := Words(s); !slices.Equal(got, want) {
			t.Errorf("WordsASCII(%q) gives %q, Words %q", s, got, want)
		}
	}
	if WordsASCII("café", func(string) { t.Error("a word of a string that is not ASCII") }) {
		t.Error(`WordsASCII("café") reports ASCII`)
	}
}

// asciiWordInputs are codes whose words split in every way Words splits.
var asciiWordInputs = []string{"MISSING_API_KEY", "getHTTP2Response", "HTTPServerID", "api-key.v2", "9LIVES", "userID",
	"JSONAPIError", "OAuth2Token", "XMLHttpRequest", "A_B_C", "e_tag", "__"}

// allStrings returns every string of up to max characters of alphabet.
func allStrings(alphabet string, max int) []string {
	out := []string{""}
	for last := out; max > 0; max-- {
		var next []string
		for _, p := range last {
			for _, c := range alphabet {
				next = append(next, p+string(c))
			}
		}
		out, last = append(out, next...), next
	}
	return out
}

func FuzzDefaultTitleASCII(f *testing.F) {
	f.Add("MISSING_API_KEY")
	f.Fuzz(func(t *testing.T, s string) {
		if _, ok := defaultTitleASCII(s); ok {
			checkDefaultTitle(t, s)
		}
	})
}

func checkDefaultTitle(t *testing.T, s string) {
	t.Helper()
	got, ok := defaultTitleASCII(s)
	if want := defaultCodeTitleWords(s); !ok || got != want {
		t.Errorf("defaultTitleASCII(%q) = %q, %v; defaultCodeTitleWords gives %q", s, got, ok, want)
	}
}
