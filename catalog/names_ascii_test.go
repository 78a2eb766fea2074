package catalog

import "testing"

// TestDefaultTitleASCII holds defaultTitleASCII to defaultCodeTitleWords,
// the form for any code, on every string of up to four characters over an
// alphabet that reaches each rule, and on a few longer ones.
func TestDefaultTitleASCII(t *testing.T) {
	inputs := []string{"MISSING_API_KEY", "getHTTP2Response", "HTTPServerID", "api-key.v2", "9LIVES", "userID",
		"JSONAPIError", "OAuth2Token", "XMLHttpRequest", "A_B_C", "e_tag", "__"}
	var walk func(prefix string)
	walk = func(prefix string) {
		inputs = append(inputs, prefix)
		if len(prefix) < 4 {
			for _, c := range "aZ0_I" {
				walk(prefix + string(c))
			}
		}
	}
	walk("")
	for _, s := range inputs {
		checkDefaultTitle(t, s)
	}
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
