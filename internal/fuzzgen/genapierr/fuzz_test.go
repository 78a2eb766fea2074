package genapierr_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/errcat/errcat/internal/fuzzgen/genapierr"

	_ "github.com/errcat/errcat/internal/golden" // registers -update, so that go test ./... -update runs here too
)

var seedBodies = []string{
	`{"success": false, "data": null, "error": {"code": "invalid_request", "message": "The 'prompt' parameter is required", "details": {"param": "prompt", "type": "missing_required_field"}}}`,
	`{"success": false, "data": null, "error": {"code": "INSUFFICIENT_CREDITS", "message": "API call limit reached"}}`,
	`{"error": {"code": 42, "message": ["not", "a", "string"], "details": null}}`,
	`{"error": "flat"}`,
	`[]`,
	`not json`,
	``,
}

// FuzzDecode feeds arbitrary bytes to Decode: it never panics, and what it
// accepts survives an encode and decode round trip.
func FuzzDecode(f *testing.F) {
	for _, b := range seedBodies {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := genapierr.Decode(body)
		if err != nil {
			if e != nil {
				t.Fatalf("Decode returned %+v with error %v", e, err)
			}
			return
		}
		if e.Code == "" {
			t.Fatal("Decode accepted a body without a code")
		}
		encoded, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("re-encoding %+v: %v", e, err)
		}
		again, err := genapierr.Decode(encoded)
		if err != nil {
			t.Fatalf("decoding re-encoded %s: %v", encoded, err)
		}
		if again.Code != e.Code || again.Message != e.Message || !sameJSON(again.Details, e.Details) {
			t.Fatalf("round trip changed %+v into %+v", e, again)
		}
	})
}

// sameJSON reports whether a and b hold the same JSON value; encoding/json
// may escape characters such as & differently on the way.
func sameJSON(a, b json.RawMessage) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	decode := func(raw json.RawMessage) (any, error) {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		var v any
		err := d.Decode(&v)
		return v, err
	}
	va, errA := decode(a)
	vb, errB := decode(b)
	return errA == nil && errB == nil && reflect.DeepEqual(va, vb)
}

// countingReader counts how much of a body was read.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// FuzzResponse feeds arbitrary responses (status, Retry-After, method,
// body, oversized bodies) to FromResponse, CheckRetry and Backoff: none
// panics, none reads more than MaxBodyBytes+1 bytes, each leaves the body
// readable in full, an error from FromResponse carries the status, and on
// a GET, CheckRetry, ShouldRetry and Backoff (after go-retryablehttp's
// drain of the body) decide alike.
func FuzzResponse(f *testing.F) {
	for i, b := range seedBodies {
		f.Add(400+i*25, "3", "POST", []byte(b), i == 1)
	}
	f.Add(503, "Wed, 21 Oct 2099 07:28:00 GMT", "GET", []byte(seedBodies[0]), false)
	f.Add(0, "-1", "", []byte{}, true)
	f.Fuzz(func(t *testing.T, status int, retryAfter, method string, body []byte, oversized bool) {
		if oversized && len(body) > 0 {
			body = bytes.Repeat(body, genapierr.MaxBodyBytes/len(body)+2)
		}
		newResp := func() (*http.Response, *countingReader) {
			c := &countingReader{r: bytes.NewReader(body)}
			req, _ := http.NewRequest(http.MethodGet, "http://example.com/", nil)
			req.Method = method
			resp := &http.Response{
				StatusCode: status,
				Header:     http.Header{"Retry-After": {retryAfter}},
				Body:       io.NopCloser(c),
				Request:    req,
			}
			return resp, c
		}
		check := func(what string, resp *http.Response, c *countingReader) {
			t.Helper()
			if c.n > genapierr.MaxBodyBytes+1 {
				t.Fatalf("%s read %d bytes of the body", what, c.n)
			}
			rest, err := io.ReadAll(resp.Body)
			if err != nil || !bytes.Equal(rest, body) {
				t.Fatalf("%s did not leave the body readable: %d of %d bytes, %v", what, len(rest), len(body), err)
			}
		}

		resp, c := newResp()
		e, err := genapierr.FromResponse(resp)
		var inErr *genapierr.Error
		switch {
		case err == nil && (e.Status != status || e.RetryAfter < 0):
			t.Fatalf("FromResponse = %+v", e)
		case err != nil && (e != nil || !errors.As(err, &inErr) || inErr.Code != "" || inErr.Status != status || inErr.RetryAfter < 0):
			t.Fatalf("FromResponse = %+v, %v holding %+v; want the status in the error", e, err, inErr)
		case len(body) > genapierr.MaxBodyBytes && (err == nil || !strings.Contains(err.Error(), "MaxBodyBytes")):
			t.Fatalf("oversized body: err = %v", err)
		}
		check("FromResponse", resp, c)

		resp, c = newResp()
		if _, err := genapierr.CheckRetry(context.Background(), resp, nil); err != nil {
			t.Fatalf("CheckRetry: %v", err)
		}
		check("CheckRetry", resp, c)

		resp, c = newResp()
		d := genapierr.Backoff(time.Millisecond, time.Second, int(status)%40, resp)
		if d <= 0 {
			t.Fatalf("Backoff = %v", d)
		}
		check("Backoff", resp, c)

		if status < 100 {
			return
		}
		resp, _ = newResp()
		resp.Request.Method = http.MethodGet
		retry, _ := genapierr.CheckRetry(context.Background(), resp, nil)
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		wait := genapierr.Backoff(0, math.MaxInt64, 0, resp)
		resp, _ = newResp()
		e, err = genapierr.FromResponse(resp)
		if err == nil {
			err = e
		}
		shouldWait, ok := genapierr.ShouldRetry(err, 0)
		if ok != retry {
			t.Fatalf("CheckRetry says %v, ShouldRetry %v (%v)", retry, ok, err)
		}
		if !ok {
			return
		}
		var got *genapierr.Error
		errors.As(err, &got)
		p := genapierr.RetryPolicyFor(got.Code, status)
		if p.RetryAfter && got.RetryAfter > 0 {
			// An HTTP date is read twice, a moment apart.
			if diff := wait - shouldWait; diff < -time.Second || diff > time.Second || shouldWait != got.RetryAfter {
				t.Fatalf("Retry-After %q: Backoff waits %v, ShouldRetry %v", retryAfter, wait, shouldWait)
			}
		} else if wait < 0 || wait > p.Delay(1) || shouldWait < 0 || shouldWait > p.Delay(1) {
			t.Fatalf("Backoff waits %v, ShouldRetry %v; want both in [0, %v]", wait, shouldWait, p.Delay(1))
		}
	})
}
