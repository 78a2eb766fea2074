package tryonerr_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/go-retryablehttp"

	"github.com/errcat/errcat/internal/tryonerr"
)

// These tests run the generated retry hooks inside the real
// go-retryablehttp client against real HTTP servers that send errors with
// the generated Write, as an application would.

// reply is one response of a test server.
type reply struct {
	err    *tryonerr.Error // sent with Write; nil for a page without an envelope
	status int             // the status of a page without an envelope
	page   string          // the body of a page without an envelope
}

// server answers every request with the next reply, repeating the last
// one, and keeps the bytes of each body it sent.
type server struct {
	*httptest.Server
	mu      sync.Mutex
	replies []reply
	sent    [][]byte
}

func newServer(t *testing.T, replies ...reply) *server {
	s := startServer(replies...)
	t.Cleanup(s.Close)
	return s
}

// startServer starts a server that answers with replies; closing it is
// the caller's job.
func startServer(replies ...reply) *server {
	s := &server{replies: replies}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		rep := s.replies[min(len(s.sent), len(s.replies)-1)]
		rec := httptest.NewRecorder()
		if rep.err != nil {
			tryonerr.Write(rec, rep.err)
		} else {
			rec.Header().Set("Content-Type", "text/html")
			rec.WriteHeader(rep.status)
			rec.WriteString(rep.page)
		}
		s.sent = append(s.sent, rec.Body.Bytes())
		s.mu.Unlock()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	}))
	return s
}

// requests returns how many requests the server answered.
func (s *server) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sent)
}

// lastSent returns the body of the last response the server sent.
func (s *server) lastSent() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent[len(s.sent)-1]
}

// recording counts the attempts a client makes and records the waits the
// generated Backoff chooses, without sleeping them.
type recording struct {
	attempts int
	waits    []time.Duration
}

// newClient returns a go-retryablehttp client set up as the README says,
// whose Backoff records the generated Backoff's wait instead of sleeping.
func newClient(rec *recording, retryMax int) *retryablehttp.Client {
	c := retryablehttp.NewClient()
	c.Logger = nil
	c.RetryMax = retryMax
	c.RetryWaitMin, c.RetryWaitMax = time.Millisecond, time.Minute
	c.CheckRetry = tryonerr.CheckRetry
	c.Backoff = func(lo, hi time.Duration, attemptNum int, resp *http.Response) time.Duration {
		rec.waits = append(rec.waits, tryonerr.Backoff(lo, hi, attemptNum, resp))
		return 0
	}
	c.RequestLogHook = func(retryablehttp.Logger, *http.Request, int) { rec.attempts++ }
	c.ErrorHandler = retryablehttp.PassthroughErrorHandler
	return c
}

// span is the range a wait must fall in.
type span struct{ lo, hi time.Duration }

func exactly(d time.Duration) span { return span{d, d} }

// waitSpan is the range of the wait before retry n under p (SPEC §9),
// clamped to the client's RetryWaitMin of 1ms as Backoff clamps it.
func waitSpan(p tryonerr.RetryPolicy, n int) span {
	d := p.Delay(n)
	lo := d
	switch p.Jitter {
	case tryonerr.JitterFull:
		lo = 0
	case tryonerr.JitterEqual:
		lo = d / 2
	}
	return span{max(time.Millisecond, lo), max(time.Millisecond, d)}
}

func withRetryAfter(e *tryonerr.Error, d time.Duration) *tryonerr.Error {
	e.RetryAfter = d
	return e
}

func TestRetryablehttpWaits(t *testing.T) {
	shed, conflict, upstream := tryonerr.Overloaded.Retry(), tryonerr.EditConflict.Retry(), tryonerr.UpstreamTimeout.Retry()
	careful, backoffPolicy := tryonerr.RenderFailed.Retry(), tryonerr.RateLimited.Retry()
	proxyPage := reply{status: http.StatusBadGateway, page: "<html><body>502 Bad Gateway</body></html>"}
	for _, tt := range []struct {
		name         string
		reason       string
		reply        reply
		method       string
		key          string // Idempotency-Key header
		retryMax     int
		wantAttempts int
		wantWaits    []span
	}{{
		name:   "503 code with Retry-After",
		reason: "the code's policy honours Retry-After; the 5xx fallback does not",
		reply:  reply{err: withRetryAfter(tryonerr.New(tryonerr.Overloaded, "shedding"), 2*time.Second)},
		method: "GET", retryMax: 3, wantAttempts: 4,
		wantWaits: []span{exactly(2 * time.Second), exactly(2 * time.Second), exactly(2 * time.Second)},
	}, {
		name:   "503 code without Retry-After",
		reason: "the code's own delays, not the fallback's",
		reply:  reply{err: tryonerr.New(tryonerr.Overloaded, "shedding")},
		method: "GET", retryMax: 3, wantAttempts: 4,
		wantWaits: []span{waitSpan(shed, 1), waitSpan(shed, 2), waitSpan(shed, 3)},
	}, {
		name:   "409 backoff code with Retry-After",
		reason: "the fallback for 409 does not retry at all",
		reply:  reply{err: withRetryAfter(tryonerr.New(tryonerr.EditConflict, "changed meanwhile"), time.Second)},
		method: "POST", retryMax: 2, wantAttempts: 3,
		wantWaits: []span{exactly(time.Second), exactly(time.Second)},
	}, {
		name:   "409 backoff code without Retry-After",
		reply:  reply{err: tryonerr.New(tryonerr.EditConflict, "changed meanwhile")},
		method: "POST", retryMax: 2, wantAttempts: 3,
		wantWaits: []span{waitSpan(conflict, 1), waitSpan(conflict, 2)},
	}, {
		name:   "once code with RetryMax 1",
		reason: "RetryMax is the only limit go-retryablehttp applies",
		reply:  reply{err: tryonerr.New(tryonerr.UpstreamTimeout, "upstream slow")},
		method: "GET", retryMax: 1, wantAttempts: 2,
		wantWaits: []span{waitSpan(upstream, 1)},
	}, {
		name:   "429 code under the built-in backoff",
		reply:  reply{err: tryonerr.New(tryonerr.RateLimited, "slow down")},
		method: "GET", retryMax: 3, wantAttempts: 4,
		wantWaits: []span{waitSpan(backoffPolicy, 1), waitSpan(backoffPolicy, 2), waitSpan(backoffPolicy, 3)},
	}, {
		name:   "429 code with Retry-After",
		reply:  reply{err: withRetryAfter(tryonerr.New(tryonerr.RateLimited, "slow down"), 3*time.Second)},
		method: "GET", retryMax: 1, wantAttempts: 2,
		wantWaits: []span{exactly(3 * time.Second)},
	}, {
		name:   "proxy page on GET",
		reason: "no envelope: the fallback for 502 retries safe requests",
		reply:  proxyPage,
		method: "GET", retryMax: 2, wantAttempts: 3,
		wantWaits: []span{waitSpan(careful, 1), waitSpan(careful, 2)},
	}, {
		name:   "proxy page on POST",
		reply:  proxyPage,
		method: "POST", retryMax: 2, wantAttempts: 1,
	}, {
		name:   "idempotent-only code on POST",
		reply:  reply{err: tryonerr.New(tryonerr.RenderFailed, "render failed")},
		method: "POST", retryMax: 2, wantAttempts: 1,
	}, {
		name:   "idempotent-only code on POST with an Idempotency-Key",
		reply:  reply{err: tryonerr.New(tryonerr.RenderFailed, "render failed")},
		method: "POST", key: "order-7", retryMax: 2, wantAttempts: 3,
		wantWaits: []span{waitSpan(careful, 1), waitSpan(careful, 2)},
	}, {
		name:   "unlisted code with 501",
		reason: "Not Implemented cannot change on a retry, whatever the 5xx fallback says",
		reply:  reply{err: &tryonerr.Error{Code: "NOT_BUILT_YET", Message: "soon", Status: http.StatusNotImplemented}},
		method: "GET", retryMax: 3, wantAttempts: 1,
	}, {
		name:   "proxy page with 501",
		reply:  reply{status: http.StatusNotImplemented, page: "<html>501</html>"},
		method: "GET", retryMax: 3, wantAttempts: 1,
	}, {
		name:   "never code",
		reply:  reply{err: tryonerr.NewProductNotFound("shirt-42")},
		method: "GET", retryMax: 3, wantAttempts: 1,
	}, {
		name:   "after-action code",
		reply:  reply{err: withRetryAfter(tryonerr.New(tryonerr.InsufficientCredits, "top up"), time.Second)},
		method: "POST", key: "order-8", retryMax: 3, wantAttempts: 1,
	}} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tt.reply)
			rec := &recording{}
			req, err := retryablehttp.NewRequest(tt.method, srv.URL+"/v1/tryon", strings.NewReader(`{"product":"shirt-42"}`))
			if err != nil {
				t.Fatal(err)
			}
			if tt.key != "" {
				req.Header.Set("Idempotency-Key", tt.key)
			}
			resp, err := newClient(rec, tt.retryMax).Do(req)
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			defer resp.Body.Close()
			if rec.attempts != tt.wantAttempts {
				t.Errorf("%d attempts, want %d", rec.attempts, tt.wantAttempts)
			}
			if len(rec.waits) != len(tt.wantWaits) {
				t.Errorf("waits %v, want %d of them in %v", rec.waits, len(tt.wantWaits), tt.wantWaits)
			}
			for i, w := range rec.waits {
				if i < len(tt.wantWaits) && (w < tt.wantWaits[i].lo || w > tt.wantWaits[i].hi) {
					t.Errorf("wait %d is %v, want it in [%v, %v]", i+1, w, tt.wantWaits[i].lo, tt.wantWaits[i].hi)
				}
			}
			// The caller still reads the final error in full.
			e, decodeErr := tryonerr.FromResponse(resp)
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(srv.lastSent()), string(body)); diff != "" {
				t.Errorf("body the caller reads (-want +got):\n%s", diff)
			}
			switch {
			case tt.reply.err != nil && (decodeErr != nil || e.Code != tt.reply.err.Code || e.Status != resp.StatusCode):
				t.Errorf("FromResponse = %+v, %v; want code %s", e, decodeErr, tt.reply.err.Code)
			case tt.reply.err == nil && decodeErr == nil:
				t.Errorf("FromResponse of a page without an envelope = %+v", e)
			}
		})
	}
}

// resettingServer accepts requests and resets their connections without
// answering.
func resettingServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		if tcp, ok := conn.(*net.TCPConn); ok {
			tcp.SetLinger(0)
		}
		conn.Close()
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRetryablehttpTransportErrors(t *testing.T) {
	tlsServer := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	tlsServer.Config.ErrorLog = log.New(io.Discard, "", 0) // the client's failed handshakes
	tlsServer.StartTLS()
	t.Cleanup(tlsServer.Close)
	loop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	}))
	t.Cleanup(loop.Close)
	reset := resettingServer(t)
	for _, tt := range []struct {
		name         string
		reason       string
		method, url  string
		header       http.Header
		wantAttempts int
	}{
		{name: "untrusted certificate", method: "GET", url: tlsServer.URL, wantAttempts: 1},
		{name: "redirect loop", method: "GET", url: loop.URL + "/again", wantAttempts: 1},
		{name: "unsupported scheme", method: "GET", url: "ftp://example.com/file", wantAttempts: 1},
		{name: "invalid header value", method: "GET", url: reset.URL, header: http.Header{"X-Note": {"line\nbreak"}}, wantAttempts: 1},
		{name: "invalid header name", method: "GET", url: reset.URL, header: http.Header{"Bad Name": {"x"}}, wantAttempts: 1},
		{
			name: "connection reset on GET", method: "GET", url: reset.URL, wantAttempts: 4,
			reason: "decided as a 503 without a code: the fallback retries safe requests",
		},
		{
			name: "connection reset on POST", method: "POST", url: reset.URL, wantAttempts: 1,
			reason: "the 5xx fallback is idempotent_only, and a POST is not safe to repeat",
		},
		{
			name: "connection reset on POST with an Idempotency-Key", method: "POST", url: reset.URL,
			header: http.Header{"Idempotency-Key": {"k1"}}, wantAttempts: 1,
			reason: "without a response, CheckRetry sees only the method",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recording{}
			req, err := retryablehttp.NewRequest(tt.method, tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header[k] = v
			}
			resp, err := newClient(rec, 3).Do(req)
			if err == nil {
				resp.Body.Close()
				t.Fatalf("Do succeeded with status %d", resp.StatusCode)
			}
			if rec.attempts != tt.wantAttempts {
				t.Errorf("%d attempts, want %d (error %v)", rec.attempts, tt.wantAttempts, err)
			}
			// Without a response, Backoff applies the catalog's backoff policy.
			backoffPolicy := tryonerr.RateLimited.Retry()
			for i, w := range rec.waits {
				if want := waitSpan(backoffPolicy, i+1); w < want.lo || w > want.hi {
					t.Errorf("wait %d is %v, want it in [%v, %v]", i+1, w, want.lo, want.hi)
				}
			}
			if len(rec.waits) != tt.wantAttempts-1 {
				t.Errorf("%d waits for %d attempts", len(rec.waits), rec.attempts)
			}
		})
	}
}

// policyBackOff is a cenkalti/backoff BackOff that waits what ShouldRetry
// last said.
type policyBackOff struct{ next time.Duration }

func (b *policyBackOff) NextBackOff() time.Duration { return b.next }
func (b *policyBackOff) Reset()                     {}

// getWithBackOff gets url with cenkalti/backoff retrying as ShouldRetry
// says, and returns the body of the first success and the waits.
func getWithBackOff(url string) (string, []time.Duration, error) {
	b := &policyBackOff{}
	attempt := 0
	var waits []time.Duration
	body, err := backoff.Retry(context.Background(), func() (string, error) {
		resp, err := http.Get(url)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		if resp.StatusCode < 400 {
			body, err := io.ReadAll(resp.Body)
			return string(body), err
		}
		e, err := tryonerr.FromResponse(resp)
		if err == nil {
			err = e
		}
		wait, ok := tryonerr.ShouldRetry(err, attempt)
		if !ok {
			return "", backoff.Permanent(err)
		}
		attempt++
		b.next = wait
		return "", err
	}, backoff.WithBackOff(b), backoff.WithMaxTries(10), backoff.WithNotify(func(_ error, d time.Duration) {
		waits = append(waits, d)
	}))
	return body, waits, err
}

func TestBackOffV5ShouldRetry(t *testing.T) {
	t.Run("proxy page, then a code, then success", func(t *testing.T) {
		srv := newServer(t,
			reply{status: http.StatusServiceUnavailable, page: "<html>503 Service Unavailable</html>"},
			reply{err: tryonerr.New(tryonerr.Overloaded, "shedding")},
			reply{status: http.StatusOK, page: "done"})
		body, waits, err := getWithBackOff(srv.URL)
		if err != nil || body != "done" {
			t.Fatalf("got %q, %v; want done", body, err)
		}
		careful, shed := tryonerr.RetryPolicyFor("", 503), tryonerr.Overloaded.Retry()
		want := []span{waitSpan(careful, 1), waitSpan(shed, 2)}
		if len(waits) != len(want) {
			t.Fatalf("waits %v, want %v", waits, want)
		}
		for i, w := range waits {
			if w < want[i].lo || w > want[i].hi {
				t.Errorf("wait %d is %v, want it in [%v, %v]", i+1, w, want[i].lo, want[i].hi)
			}
		}
	})
	t.Run("proxy page with 400", func(t *testing.T) {
		srv := newServer(t, reply{status: http.StatusBadRequest, page: "<html>400 Bad Request</html>"})
		_, waits, err := getWithBackOff(srv.URL)
		var e *tryonerr.Error
		if !errors.As(err, &e) || e.Status != http.StatusBadRequest || e.Code != "" || len(waits) != 0 {
			t.Errorf("got %v (status %v), waits %v; want one attempt and the status in the error", err, e, waits)
		}
	})
}

// TestOldREADMESnippetOnProxyPage runs the client snippet the README used
// to show on a proxy's HTML page.
func TestOldREADMESnippetOnProxyPage(t *testing.T) {
	srv := newServer(t, reply{status: http.StatusServiceUnavailable, page: "<html>503</html>"})
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	e, err := tryonerr.FromResponse(resp)
	if errors.Is(e, tryonerr.InsufficientCredits) {
		t.Error("a proxy page is INSUFFICIENT_CREDITS")
	}
	if _, ok := tryonerr.ShouldRetry(err, 0); !ok {
		t.Errorf("ShouldRetry(%v) does not retry a 503 proxy page", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if !bytes.Equal(body, []byte("<html>503</html>")) {
		t.Errorf("body %q", body)
	}
}
