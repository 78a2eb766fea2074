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
