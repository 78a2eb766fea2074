// Package fixed is the part of every package errcat generates that does not
// depend on the catalog. The Go target splices this file, from its first
// declaration on, after the declarations it renders for a catalog; here,
// catalog_gen.go holds those declarations for the small catalog in
// errors.toml, so that this code compiles, vets and is tested on its own.
//
// What the catalog part provides: the Code and Category constants,
// codeTable (what the catalog says of each code, in catalog order),
// categoryList and categoryTitles, policies with the policy* indexes into
// it and policyNames, fallbackPolicy, backoffPolicy, codePath,
// errorPrefix, docsURL, Error.Is, Error.MarshalJSON and
// Error.UnmarshalJSON.
package fixed

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Code is an error code of the API, exactly as it travels in an error body.
// Code implements error, so errors.Is(err, code) reports whether err carries the code.
type Code string

// String returns the code as it travels on the wire.
func (c Code) String() string { return string(c) }

// Error returns the code as it travels on the wire.
func (c Code) Error() string { return string(c) }

// Known reports whether the catalog lists c.
func (c Code) Known() bool {
	_, ok := codeInfos[c]
	return ok
}

// HTTPStatus returns the HTTP status the API sends with c, or 0 for an unknown or async-only code.
func (c Code) HTTPStatus() int { return int(codeInfos[c].status) }

// Category returns the category of c, or "" for an unknown code.
func (c Code) Category() Category { return codeInfos[c].category }

// Retry returns the retry policy of c. An unknown code gets RetryPolicyFor(c, 0).
func (c Code) Retry() RetryPolicy { return RetryPolicyFor(c, 0) }

// Codes returns every code of the catalog in catalog order, in a new slice.
func Codes() []Code {
	return append(make([]Code, 0, len(codeList)), codeList...)
}

// ParseCode returns s as a Code and reports whether the catalog lists it.
func ParseCode(s string) (Code, bool) {
	_, ok := codeInfos[Code(s)]
	return Code(s), ok
}

// codeInfo is what a lookup by code returns: one probe of codeInfos finds it all.
type codeInfo struct {
	category Category
	status   int16
	policy   uint16 // index into policies
}

// codeList and codeInfos hold codeTable: the codes in catalog order, and
// what the catalog says of each.
var codeList, codeInfos = parseCodeTable(codeTable)

// parseCodeTable reads codeTable: a line per code holding the code
// (quoted as a Go string when it has to be), its HTTP status, its
// category ("-" for none) and its policy's name in policyNames.
func parseCodeTable(table string) ([]Code, map[Code]codeInfo) {
	policyIndex := make(map[string]uint16, len(policyNames))
	for i, name := range policyNames {
		policyIndex[name] = uint16(i)
	}
	n := strings.Count(table, "\n")
	list := make([]Code, 0, n)
	infos := make(map[Code]codeInfo, n)
	for line, rest, more := strings.Cut(table, "\n"); more || line != ""; line, rest, more = strings.Cut(rest, "\n") {
		if line == "" {
			continue
		}
		code, line, _ := strings.Cut(line, " ")
		status, line, _ := strings.Cut(line, " ")
		category, policy, _ := strings.Cut(line, " ")
		if strings.HasPrefix(code, `"`) {
			code, _ = strconv.Unquote(code)
		}
		if strings.HasPrefix(category, `"`) {
			category, _ = strconv.Unquote(category)
		} else if category == "-" {
			category = ""
		}
		s, err := strconv.Atoi(status)
		p, ok := policyIndex[policy]
		if err != nil || !ok {
			panic(errorPrefix + "malformed codeTable line for " + code)
		}
		list = append(list, Code(code))
		infos[Code(code)] = codeInfo{category: Category(category), status: int16(s), policy: p}
	}
	return list, infos
}

// Category groups related codes. The zero Category is the category of unknown codes.
type Category string

// Title returns the category's heading in the docs, or "" for an unknown category.
func (c Category) Title() string { return categoryTitles[c] }

// Categories returns every category in catalog order, in a new slice.
func Categories() []Category {
	return append(make([]Category, 0, len(categoryList)), categoryList[:]...)
}

// RetryKind says whether and how a failed request may be retried.
type RetryKind int

// The retry kinds.
const (
	// RetryNever: the same request fails again; change it first.
	RetryNever RetryKind = iota
	// RetryAfterAction: the request fails until someone acts, such as topping up credits.
	RetryAfterAction
	// RetryOnce: the failure may be transient; retry at most once.
	RetryOnce
	// RetryBackoff: the failure is transient; retry with exponential backoff.
	RetryBackoff
)

// String returns the kind's name in the catalog: never, after_action, once or backoff.
func (k RetryKind) String() string {
	switch k {
	case RetryNever:
		return "never"
	case RetryAfterAction:
		return "after_action"
	case RetryOnce:
		return "once"
	case RetryBackoff:
		return "backoff"
	}
	return "RetryKind(" + strconv.Itoa(int(k)) + ")"
}

// RetryPolicy says whether a failed request may be retried, how often and how soon.
type RetryPolicy struct {
	Kind           RetryKind
	MaxRetries     int           // retries after the first attempt; 0 means no limit
	InitialDelay   time.Duration // wait before the first retry
	MaxDelay       time.Duration // longest wait between retries
	Multiplier     float64       // growth of the wait from one retry to the next
	RetryAfter     bool          // honour a Retry-After header
	IdempotentOnly bool          // retry only requests that are safe to repeat
}

// Retryable reports whether a client may retry a request that failed under p.
func (p RetryPolicy) Retryable() bool {
	return p.Kind == RetryOnce || p.Kind == RetryBackoff
}

// Delay returns the wait before retry number retry (1 for the first retry):
// InitialDelay × Multiplier^(retry-1), at most MaxDelay, without jitter. Delay(0) is 0.
func (p RetryPolicy) Delay(retry int) time.Duration {
	if retry < 1 || p.InitialDelay <= 0 {
		return 0
	}
	d := float64(p.InitialDelay) * math.Pow(p.Multiplier, float64(retry-1))
	if math.IsNaN(d) || d >= float64(p.MaxDelay) {
		return p.MaxDelay
	}
	return time.Duration(d)
}

// RetryPolicyFor returns the catalog's policy for code, or for a code the catalog
// does not list, the policy its fallback table gives the HTTP status (0 when unknown).
func RetryPolicyFor(code Code, status int) RetryPolicy {
	if info, ok := codeInfos[code]; ok {
		return policies[info.policy]
	}
	return policies[fallbackPolicy(status)]
}

// Error is an error response of the API: the code and message from its JSON
// envelope, with the HTTP status and Retry-After of the response it came in.
type Error struct {
	Code       Code
	Message    string
	Status     int             // HTTP status; 0 when not known
	Details    json.RawMessage // raw value at the envelope's details path, if any
	RetryAfter time.Duration   // from a Retry-After header, when decoded from a response
}

// New returns an error with code and message, and the code's HTTP status from the catalog.
func New(code Code, message string) *Error {
	return &Error{Code: code, Message: message, Status: code.HTTPStatus()}
}

// Newf is New with a message formatted by fmt.Sprintf.
func Newf(code Code, format string, args ...any) *Error {
	return New(code, fmt.Sprintf(format, args...))
}

// Error returns "CODE: message", or just the code when the message is empty.
func (e *Error) Error() string {
	if e.Message == "" {
		return string(e.Code)
	}
	return string(e.Code) + ": " + e.Message
}

// status is the HTTP status to send e with: its own, else the catalog's, else 500.
func (e *Error) status() int {
	if e.Status >= 100 && e.Status <= 599 {
		return e.Status
	}
	if s := e.Code.HTTPStatus(); s != 0 {
		return s
	}
	return http.StatusInternalServerError
}

// envelopeFields are the values at the envelope's paths, as JSON: nil
// where a body has nothing.
type envelopeFields struct {
	code, message, status, details, docURL json.RawMessage
}

// fields returns what e's body holds at the envelope's paths: the code
// (left out when empty), the message, the status (e.Status, else the
// catalog's; left out when neither is known), the details (left out when
// nil) and the link to a listed code's entry in the docs.
func (e *Error) fields() (envelopeFields, error) {
	f := envelopeFields{message: jsonString(e.Message)}
	if e.Code != "" {
		f.code = jsonString(string(e.Code))
	}
	status := e.Status
	if status == 0 {
		status = e.Code.HTTPStatus()
	}
	if status != 0 {
		f.status = json.RawMessage(strconv.Itoa(status))
	}
	if e.Details != nil {
		var buf bytes.Buffer
		if err := json.Compact(&buf, e.Details); err != nil {
			return f, fmt.Errorf(errorPrefix+"encode %s: details: %w", e.Code, err)
		}
		f.details = buf.Bytes()
	}
	if link := docLink(e.Code); link != "" {
		f.docURL = jsonString(link)
	}
	return f, nil
}

// jsonString returns s as a JSON string.
func jsonString(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// docLink returns the link to a listed code's entry in the docs, or "" when
// the code is not listed or the envelope has no place for the link.
func docLink(c Code) string {
	if docsURL == "" || !c.Known() {
		return ""
	}
	return docsURL + "#" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			return r
		}
		return '-'
	}, strings.ToLower(string(c)))
}

// unmarshalEnvelope decodes a body into v, the generated mirror of the
// envelope. A member of another JSON type than the envelope's is read as
// absent; only a body that is not JSON is an error.
func unmarshalEnvelope(b []byte, v any) error {
	err := json.Unmarshal(b, v)
	var typeErr *json.UnmarshalTypeError
	if err != nil && !errors.As(err, &typeErr) {
		return errors.New(errorPrefix + "error body is not valid JSON")
	}
	return nil
}

// setFields sets e from the values found at the envelope's paths.
func (e *Error) setFields(f envelopeFields) error {
	code, ok := jsonText(f.code)
	if !ok || code == "" {
		return errors.New(errorPrefix + "error body has no code at " + codePath)
	}
	message, _ := jsonText(f.message)
	*e = Error{Code: Code(code), Message: message}
	if s, ok := jsonText(f.status); ok {
		if n, err := strconv.Atoi(s); err == nil {
			e.Status = n
		}
	}
	if f.details != nil && string(f.details) != "null" {
		e.Details = append(json.RawMessage(nil), f.details...)
	}
	return nil
}

// jsonText returns a JSON string's value, or a number's text.
func jsonText(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), true
	}
	return "", false
}

// Decode decodes an error body in the API's envelope. Codes the catalog does not
// list are kept, not rejected. Status is set only when the envelope carries it.
func Decode(body []byte) (*Error, error) {
	e := new(Error)
	if err := e.UnmarshalJSON(body); err != nil {
		return nil, err
	}
	return e, nil
}

// MaxBodyBytes is the most FromResponse, CheckRetry and Backoff read of a response
// body. FromResponse fails on a longer body; CheckRetry and Backoff then decide by
// the HTTP status alone.
const MaxBodyBytes = 1 << 20

// FromResponse decodes the error in resp's body and takes Status and RetryAfter
// from the response. It reads at most MaxBodyBytes and leaves resp.Body readable
// from the start; closing it is still the caller's job.
func FromResponse(resp *http.Response) (*Error, error) {
	if resp == nil {
		return nil, errors.New(errorPrefix + "nil response")
	}
	body, err := readBody(resp)
	if err != nil {
		return nil, fmt.Errorf(errorPrefix+"read %s response: %w", resp.Status, err)
	}
	e, err := Decode(body)
	if err != nil {
		return nil, fmt.Errorf("%w (HTTP status %d)", err, resp.StatusCode)
	}
	e.Status = resp.StatusCode
	e.RetryAfter = retryAfter(resp.Header)
	return e, nil
}

// replayBody serves bytes already read from a body, then the rest of it.
type replayBody struct {
	io.Reader
	io.Closer
}

// readBody reads up to MaxBodyBytes of resp.Body and puts back what it read, so the
// caller can still read the whole body.
func readBody(resp *http.Response) ([]byte, error) {
	if resp.Body == nil || resp.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBodyBytes+1))
	resp.Body = replayBody{io.MultiReader(bytes.NewReader(b), resp.Body), resp.Body}
	if err != nil {
		return nil, err
	}
	if len(b) > MaxBodyBytes {
		return nil, fmt.Errorf(errorPrefix+"response body is longer than MaxBodyBytes (%d bytes)", MaxBodyBytes)
	}
	return b, nil
}

// retryAfter parses a Retry-After header: delay seconds or an HTTP date. It
// returns 0 when the header is absent, malformed or in the past.
func retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		const maxSeconds = math.MaxInt64 / int64(time.Second)
		if n <= 0 {
			return 0
		}
		return time.Duration(min(n, maxSeconds)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// Write sends e as an HTTP error response: the status (e.Status, else the catalog's,
// else 500), a JSON Content-Type, Retry-After when e.RetryAfter is set, and the
// envelope body. Details that are not valid JSON are left out.
func Write(w http.ResponseWriter, e *Error) {
	sent := *e
	sent.Status = e.status()
	body, err := sent.MarshalJSON()
	if err != nil {
		sent.Details = nil
		body, _ = sent.MarshalJSON()
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	if e.RetryAfter > 0 {
		h.Set("Retry-After", strconv.FormatInt(int64(math.Ceil(e.RetryAfter.Seconds())), 10))
	}
	w.WriteHeader(sent.Status)
	_, _ = w.Write(append(body, '\n'))
}

// ShouldRetry reports whether to retry after err, and how long to wait first.
// attempt counts the retries already made. It finds the *Error (or Code) in err's
// chain and applies its policy: no when the policy does not retry or MaxRetries
// is used up; the wait is the error's RetryAfter when the policy honours it, else
// the policy's Delay(attempt+1). ShouldRetry assumes the request is safe to repeat.
func ShouldRetry(err error, attempt int) (time.Duration, bool) {
	e, code := findError(err)
	var p RetryPolicy
	var wait time.Duration
	switch {
	case e != nil:
		p = RetryPolicyFor(e.Code, e.Status)
		wait = e.RetryAfter
	case code != "":
		p = RetryPolicyFor(code, code.HTTPStatus())
	default:
		return 0, false
	}
	if !p.Retryable() || p.MaxRetries > 0 && attempt >= p.MaxRetries {
		return 0, false
	}
	if p.RetryAfter && wait > 0 {
		return wait, true
	}
	return p.Delay(attempt + 1), true
}

// findError walks err's chain, including joined errors, for the first *Error or
// Code. It allocates nothing.
func findError(err error) (*Error, Code) {
	for err != nil {
		switch e := err.(type) {
		case *Error:
			if e != nil {
				return e, ""
			}
		case Code:
			return nil, e
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				if e, code := findError(inner); e != nil || code != "" {
					return e, code
				}
			}
			return nil, ""
		default:
			return nil, ""
		}
	}
	return nil, ""
}

// responseCode returns the code in resp's body, or "" when there is none.
func responseCode(resp *http.Response) Code {
	body, err := readBody(resp)
	if err != nil {
		return ""
	}
	var e Error
	if e.UnmarshalJSON(body) != nil {
		return ""
	}
	return e.Code
}

// CheckRetry has the signature of go-retryablehttp's CheckRetry, so
// client.CheckRetry = CheckRetry works. It never retries once ctx is done; it
// retries transport errors; it never retries a status below 400. Otherwise the
// policy of the body's code decides (the fallback by status for unknown codes),
// and an IdempotentOnly policy retries only GET, HEAD, OPTIONS, TRACE, PUT and
// DELETE requests, or requests with an Idempotency-Key header. The body stays
// readable. MaxRetries is left to the client's RetryMax.
func CheckRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx != nil && ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		return true, nil
	}
	if resp == nil || resp.StatusCode < 400 {
		return false, nil
	}
	p := RetryPolicyFor(responseCode(resp), resp.StatusCode)
	if !p.Retryable() {
		return false, nil
	}
	if p.IdempotentOnly && !idempotent(resp.Request) {
		return false, nil
	}
	return true, nil
}

// idempotent reports whether req is safe to send again.
func idempotent(req *http.Request) bool {
	if req == nil {
		return false
	}
	switch req.Method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	return req.Header.Get("Idempotency-Key") != ""
}

// Backoff has the signature of go-retryablehttp's Backoff, so client.Backoff =
// Backoff works. It returns a Retry-After header as is when the code's policy
// honours it, else the policy's Delay(attemptNum+1) clamped to [lo, hi]. With a
// nil response it uses the catalog's backoff policy.
func Backoff(lo, hi time.Duration, attemptNum int, resp *http.Response) time.Duration {
	p := policies[backoffPolicy]
	if resp != nil {
		p = RetryPolicyFor(responseCode(resp), resp.StatusCode)
		if d := retryAfter(resp.Header); p.RetryAfter && d > 0 {
			return d
		}
	}
	return min(max(p.Delay(attemptNum+1), lo), hi)
}
