package fixed

import (
	"encoding/json"
	"testing"
)

func TestTooManyRedirects(t *testing.T) {
	for msg, want := range map[string]bool{
		"stopped after 10 redirects":              true,
		"proxy: stopped after 3 redirects":        true,
		"stopped after 10 redirects, then more":   false,
		"stopped after redirects":                 false,
		"stopped after ten redirects":             false,
		"stopped after 10 redirects\n":            false,
		"connection reset by peer":                false,
		"stopped after 1x0 redirects":             false,
		"":                                        false,
		"stopped after  redirects":                false,
		"not stopped after 2 redirects":           true,
		"stopped after 2 redirects stopped after": false,
	} {
		if got := tooManyRedirects(msg); got != want {
			t.Errorf("tooManyRedirects(%q) = %v, want %v", msg, got, want)
		}
	}
}

func TestJSONStatus(t *testing.T) {
	for raw, want := range map[string]int{
		"429": 429, "429.0": 429, "4.29e2": 429, `"429"`: 429, `"4.29e2"`: 429, "-1": -1, "0": 0,
	} {
		if got, ok := jsonStatus(json.RawMessage(raw)); !ok || got != want {
			t.Errorf("jsonStatus(%s) = %d, %v; want %d", raw, got, ok, want)
		}
	}
	for _, raw := range []string{"", "null", "true", `"x"`, `" 429"`, `"0x1AD"`, "429.5", "1e10", "1e400", "{}", "[429]", `"NaN"`, `"Inf"`} {
		if got, ok := jsonStatus(json.RawMessage(raw)); ok {
			t.Errorf("jsonStatus(%s) = %d, want no status", raw, got)
		}
	}
}
