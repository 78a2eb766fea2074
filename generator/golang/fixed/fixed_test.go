package fixed

import (
	"encoding/json"
	"net/http/httptest"
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

// TestTitles checks the titles read from codeTable, a quoted one included,
// and that an unknown code has none.
func TestTitles(t *testing.T) {
	for code, want := range map[Code]string{
		MissingAPIKey: "Missing API key",
		UpstreamFlaky: " An `upstream` failed ",
		JobFailed:     "Job failed",
		"NO_SUCH":     "",
		"":            "",
	} {
		if got := code.Title(); got != want {
			t.Errorf("%q.Title() = %q, want %q", code, got, want)
		}
	}
}

// TestEncodeTitleAndInstance checks that a body carries the code's title
// and the instance, and leaves out an empty one.
func TestEncodeTitleAndInstance(t *testing.T) {
	for _, tt := range []struct {
		name string
		e    Error
		want string
	}{
		{"listed", Error{Code: RateLimited, Message: "m", Instance: "/requests/42"},
			`{"ok":false,"error":{"code":"RATE_LIMITED","message":"m","doc":"https://example.com/errors#rate_limited","title":"Rate limited","instance":"/requests/42"},"meta":{"status":429}}`},
		{"unknown, no instance", Error{Code: "NEW", Message: "m"},
			`{"ok":false,"error":{"code":"NEW","message":"m"}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.e)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("body %s, want %s", got, tt.want)
			}
		})
	}
}

// TestDecodeByLink checks SPEC §10's decoding: a code at the code path
// wins; without one, the listed code the docs link names; without either,
// an error, since this envelope is not a problem body.
func TestDecodeByLink(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		code       Code
		instance   string
		err        bool
	}{
		{"code wins", `{"error":{"code":"INTERNAL","doc":"https://example.com/errors#rate_limited"}}`, Internal, "", false},
		{"link only", `{"error":{"doc":"https://example.com/errors#rate_limited","instance":"/r/1"}}`, RateLimited, "/r/1", false},
		{"null code", `{"error":{"code":null,"doc":"https://example.com/errors#upstream_flaky"}}`, UpstreamFlaky, "", false},
		{"empty code", `{"error":{"code":"","doc":"https://example.com/errors#upstream_flaky"}}`, UpstreamFlaky, "", false},
		{"unknown anchor", `{"error":{"doc":"https://example.com/errors#nope"}}`, "", "", true},
		{"other site", `{"error":{"doc":"https://example.org/errors#rate_limited"}}`, "", "", true},
		{"anchor in another case", `{"error":{"doc":"https://example.com/errors#RATE_LIMITED"}}`, "", "", true},
		{"link not a string", `{"error":{"doc":42}}`, "", "", true},
		{"instance not a string", `{"error":{"code":"INTERNAL","instance":7}}`, Internal, "", false},
		{"meta not an object", `{"meta":"x","error":{"code":"INTERNAL","instance":"/r/2"}}`, Internal, "/r/2", false},
		{"meta an array", `{"meta":[{"status":500}],"error":{"code":"INTERNAL"}}`, Internal, "", false},
		{"error not an object", `{"error":"INTERNAL"}`, "", "", true},
		{"truncated after a type error", `{"meta":5,"error":{"code":"INTERNAL"}`, "", "", true},
		{"invalid after a type error", `{"meta":5,"error":{"code":"INTERNAL"}} x`, "", "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Decode([]byte(tt.body))
			if (err != nil) != tt.err {
				t.Fatalf("Decode = %+v, %v", e, err)
			}
			if err == nil && (e.Code != tt.code || e.Instance != tt.instance) {
				t.Errorf("Decode = %+v, want code %q and instance %q", e, tt.code, tt.instance)
			}
		})
	}
}

// TestDecodeNotAnObject checks that only a JSON object can be an error body.
func TestDecodeNotAnObject(t *testing.T) {
	for _, body := range []string{"null", " [] ", `"INTERNAL"`, "42", "true", "{", "\n\t{} x"} {
		if e, err := Decode([]byte(body)); err == nil {
			t.Errorf("Decode(%q) = %+v, want an error", body, e)
		}
	}
}

// TestWriteContentType checks that Write sends the catalog's content type,
// replacing one the handler set.
func TestWriteContentType(t *testing.T) {
	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", "text/html")
	Write(rec, New(MissingAPIKey, "no key"))
	if got := rec.Header().Values("Content-Type"); len(got) != 1 || got[0] != "application/vnd.fixed+json" {
		t.Errorf("Content-Type %q", got)
	}
}
