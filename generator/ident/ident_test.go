package ident

import "testing"

func TestExported(t *testing.T) {
	tests := []struct{ in, want string }{
		{"MISSING_API_KEY", "MissingAPIKey"},
		{"INVALID_URI", "InvalidURI"},
		{"invalid_request", "InvalidRequest"},
		{"BadRequest", "BadRequest"},
		{"JOB_NOT_FOUND", "JobNotFound"},
		{"InvalidApiKey", "InvalidAPIKey"},
		{"KMSNotFound", "KMSNotFound"},
		{"TOOMANYREQUESTS", "Toomanyrequests"},
		{"notFound", "NotFound"},
		{"HTTPServerError", "HTTPServerError"},
		{"SHA256Mismatch", "SHA256Mismatch"},
		{"sha256_mismatch", "Sha256Mismatch"},
		{"UTF8_INVALID", "UTF8Invalid"},
		{"404_NOT_FOUND", "Code404NotFound"},
		{"rate-limit.exceeded", "RateLimitExceeded"},
		{"user id", "UserID"},
		{"xmlHttpRequest", "XMLHTTPRequest"},
		{"épée_cassée", "ÉpéeCassée"},
		{"!!!", ""},
	}
	for _, tt := range tests {
		if got := Exported(tt.in); got != tt.want {
			t.Errorf("Exported(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParam(t *testing.T) {
	for in, want := range map[string]string{"external_id": "externalID", "url": "url", "project_url": "projectURL", "a_b_c": "aBC", "_x": "x"} {
		if got := Param(in); got != want {
			t.Errorf("Param(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExportedASCII holds exportedASCII to exported, the form for any
// string.
func TestExportedASCII(t *testing.T) {
	inputs := []string{"", "_", "__A__", "MISSING_API_KEY", "invalid_request", "BadRequest", "HTTPServer",
		"HTTPServerID", "getHTTP2Response", "a1B2c3", "9LIVES", "9lives", "x", "X", "ID", "Id", "iD", "api-key.v2",
		"userID", "UserIDs", "ABCdef", "abcDEF", "A_B_C", "id_url_http", "JSONAPIError", "OAuth2Token", "e_tag", "-",
		"V2_RATE_LIMITED", "Rate-Limited", "rate limited", "A9b", "URLs", "xmlHTTPRequest", "XMLHttpRequest"}
	for _, s := range inputs {
		checkExportedASCII(t, s)
	}
	// Every string of up to three characters of an alphabet that reaches
	// each rule.
	const alphabet = "aZ0_I"
	var walk func(prefix string)
	walk = func(prefix string) {
		checkExportedASCII(t, prefix)
		if len(prefix) < 4 {
			for _, c := range alphabet {
				walk(prefix + string(c))
			}
		}
	}
	walk("")
}

func FuzzExportedASCII(f *testing.F) {
	f.Add("MISSING_API_KEY")
	f.Add("getHTTP2Response")
	f.Fuzz(func(t *testing.T, s string) {
		if _, ok := exportedASCII(s); ok {
			checkExportedASCII(t, s)
		}
	})
}

func checkExportedASCII(t *testing.T, s string) {
	t.Helper()
	got, ok := exportedASCII(s)
	if want := exported(s); !ok || got != want {
		t.Errorf("exportedASCII(%q) = %q, %v; exported gives %q", s, got, ok, want)
	}
}
