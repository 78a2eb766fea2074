package storeerr_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/moogar0880/problems"

	"github.com/errcat/errcat/internal/storeerr"
)

// fieldError is one member of the validation problem's "errors", as RFC
// 9457 §3 shows them.
type fieldError struct {
	Detail  string `json:"detail"`
	Pointer string `json:"pointer"`
}

// storeProblem is a problem as a client using the problems library reads
// the store's: the library's RFC 9457 members, and the store's extension
// members embedded beside them, as the library's documentation does.
type storeProblem struct {
	problems.Problem
	Code   string       `json:"code"`
	Errors []fieldError `json:"errors"`
}

// serve answers every request with the generated Write of e, from a
// handler that first sets a Content-Type of its own.
func serve(t *testing.T, e *storeerr.Error) *http.Response {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		storeerr.Write(w, e)
	}))
	t.Cleanup(srv.Close)
	resp, err := srv.Client().Get(srv.URL + "/purchase")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// readProblem reads a response as a problems library client does: by its
// media type, into the library's Problem, which it then validates.
func readProblem(t *testing.T, resp *http.Response) storeProblem {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); ct != problems.ProblemMediaType {
		t.Errorf("Content-Type %q, want the library's %q", ct, problems.ProblemMediaType)
	}
	var p storeProblem
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Validate(); err != nil {
		t.Errorf("the library refuses the problem %+v: %v", p.Problem, err)
	}
	return p
}

// TestProblemsReadsOutOfCredit checks RFC 9457's first example, written by
// the generated Write, as the problems library reads it.
func TestProblemsReadsOutOfCredit(t *testing.T) {
	e := storeerr.NewOutOfCredit("30", "50")
	e.Instance = "/account/12345/msgs/abc"
	resp := serve(t, e)
	got := readProblem(t, resp)
	want := storeProblem{
		Problem: problems.Problem{
			Type:     "https://example.com/probs#out-of-credit",
			Title:    "You do not have enough credit.",
			Status:   http.StatusForbidden,
			Detail:   "Your current balance is 30, but that costs 50.",
			Instance: "/account/12345/msgs/abc",
		},
		Code: "out-of-credit",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problem (-want +got):\n%s", diff)
	}
	if resp.StatusCode != got.Status {
		t.Errorf("response status %d, body status %d", resp.StatusCode, got.Status)
	}
}

// TestProblemsReadsValidationErrors checks RFC 9457's second example: the
// invalid members travel in the "errors" extension.
func TestProblemsReadsValidationErrors(t *testing.T) {
	e := storeerr.New(storeerr.ValidationError, "2 members are not valid.")
	e.Details = json.RawMessage(`[{"detail": "must be a positive integer", "pointer": "#/age"},
		{"detail": "must be 'green', 'red' or 'blue'", "pointer": "#/profile/color"}]`)
	got := readProblem(t, serve(t, e))
	want := storeProblem{
		Problem: problems.Problem{
			Type:   "https://example.com/probs#validation-error",
			Title:  "Your request is not valid.",
			Status: http.StatusUnprocessableEntity,
			Detail: "2 members are not valid.",
		},
		Code: "validation-error",
		Errors: []fieldError{
			{"must be a positive integer", "#/age"},
			{"must be 'green', 'red' or 'blue'", "#/profile/color"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problem (-want +got):\n%s", diff)
	}
}

// TestProblemsReadsEveryCode checks that every listed code makes a problem
// the library accepts: a title, and a type that is a URI whose fragment is
// the code's anchor in the docs.
func TestProblemsReadsEveryCode(t *testing.T) {
	for _, code := range storeerr.Codes() {
		t.Run(string(code), func(t *testing.T) {
			resp := serve(t, storeerr.New(code, "occurred"))
			got := readProblem(t, resp)
			if got.Title != code.Title() || got.Status != code.HTTPStatus() || got.Status != resp.StatusCode || got.Detail != "occurred" || got.Code != string(code) {
				t.Errorf("problem %+v", got)
			}
			u, err := url.Parse(got.Type)
			if err != nil || u.Scheme != "https" || u.Fragment != string(code) {
				t.Errorf("type %q (%v): want a link to #%s", got.Type, err, code)
			}
		})
	}
}

// TestFromResponseReadsProblems checks the other way: problems the
// library's handler writes are read by the generated FromResponse. Its
// about:blank problem has no code and a type this catalog does not list;
// one whose type is a code's docs link is that code.
func TestFromResponseReadsProblems(t *testing.T) {
	for _, tt := range []struct {
		name    string
		problem *problems.Problem
		code    storeerr.Code
		retry   bool
	}{
		{"about:blank", problems.NewDetailedProblem(http.StatusNotFound, "No route /v2/items."), "", false},
		{"about:blank, retryable status", problems.NewStatusProblem(http.StatusServiceUnavailable), "", true},
		{"a listed type", problems.NewDetailedProblem(http.StatusTooManyRequests, "Slow down.").
			WithType("https://example.com/probs#rate-limited").WithInstance("/requests/7"), storeerr.RateLimited, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(problems.ProblemHandler(tt.problem))
			defer srv.Close()
			resp, err := srv.Client().Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			e, err := storeerr.FromResponse(resp)
			if err != nil {
				t.Fatalf("FromResponse: %v", err)
			}
			want := &storeerr.Error{Code: tt.code, Message: tt.problem.Detail, Status: tt.problem.Status, Instance: tt.problem.Instance}
			if diff := cmp.Diff(want, e); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if _, retry := storeerr.ShouldRetry(e, 0); retry != tt.retry {
				t.Errorf("ShouldRetry = %v, want %v", retry, tt.retry)
			}
			if body, _ := io.ReadAll(resp.Body); len(body) == 0 {
				t.Error("FromResponse consumed the body")
			}
		})
	}
}
