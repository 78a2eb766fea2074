package genapierr_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/errcat/errcat/internal/fuzzgen/genapierr"
)

// A client decodes an error body in the API's envelope and branches on its
// code.
func ExampleDecode() {
	e, err := genapierr.Decode([]byte(`{"success": false, "data": null,
		"error": {"code": "invalid_request", "message": "The 'prompt' parameter is required",
		"details": {"param": "prompt"}}}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(e.Code == genapierr.InvalidRequest, e.Code.HTTPStatus(), e.Code.Category().Title())
	fmt.Println(e.Message)
	fmt.Println(string(e.Details))
	// Output:
	// true 400 Validation
	// The 'prompt' parameter is required
	// {"param": "prompt"}
}

// A server answers with a catalog error; message templates become typed
// constructors.
func ExampleWrite() {
	rec := httptest.NewRecorder()
	genapierr.Write(rec, genapierr.NewInvalidRequest("prompt"))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Print(rec.Body.String())
	// Output:
	// 400 application/json
	// {"success":false,"data":null,"error":{"code":"invalid_request","message":"The 'prompt' parameter is required"}}
}

// ShouldRetry finds the *Error in a wrapped chain and applies its policy:
// rate limits back off and honour Retry-After.
func ExampleShouldRetry() {
	resp := &http.Response{
		StatusCode: http.StatusTooManyRequests,
		Header:     http.Header{"Retry-After": {"2"}},
		Body: io.NopCloser(strings.NewReader(
			`{"success":false,"data":null,"error":{"code":"CONCURRENT_GENERATION_LIMIT","message":"Too many active generation jobs for this user."}}`)),
	}
	e, err := genapierr.FromResponse(resp)
	if err != nil {
		panic(err)
	}
	err = fmt.Errorf("create generation: %w", e)
	wait, retry := genapierr.ShouldRetry(err, 0)
	fmt.Println(errors.Is(err, genapierr.ConcurrentGenerationLimit), retry, wait)
	// Output: true true 2s
}

// CheckRetry plugs into go-retryablehttp; a 5xx from a code the catalog
// does not list falls back to the catalog's rule for its status, which here
// retries only requests that are safe to repeat.
func ExampleCheckRetry() {
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		req := httptest.NewRequest(method, "/v1/generations", nil)
		resp := &http.Response{
			StatusCode: http.StatusBadGateway,
			Body:       io.NopCloser(strings.NewReader(`{"error":{"code":"UPSTREAM_DOWN","message":"?"}}`)),
			Request:    req,
		}
		retry, _ := genapierr.CheckRetry(context.Background(), resp, nil)
		fmt.Println(method, retry)
	}
	// Output:
	// GET true
	// POST false
}
