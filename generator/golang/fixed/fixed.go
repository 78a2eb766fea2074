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
// errorPrefix, docsURL, contentType, problemBodies, Error.Is,
// Error.MarshalJSON and Error.UnmarshalJSON.
package fixed

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
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
func (c Code) Category() Category { return codeCategories[codeInfos[c].index] }

// Title returns a short summary of the problem c stands for, the same on
// every occurrence, or "" for an unknown code.
func (c Code) Title() string { return codeTitles[codeInfos[c].index] }

// Retry returns the retry policy of c. An unknown code gets RetryPolicyFor(c, 0).
func (c Code) Retry() RetryPolicy { return *policyFor(c, 0) }

// Codes returns every code of the catalog in catalog order, in a new slice.
func Codes() []Code {
	return append(make([]Code, 0, len(codeList)), codeList...)
}

// ParseCode returns s as a Code and reports whether the catalog lists it.
func ParseCode(s string) (Code, bool) {
	_, ok := codeInfos[Code(s)]
	return Code(s), ok
}

// codeInfo is what a lookup by code returns. It takes 8 bytes, so that
// codeInfos is laid out as densely as a map[string]int; a code's category
// and title are a slice index away.
type codeInfo struct {
	status int16
	policy uint16 // index into policies
	index  uint32 // 1 + the code's index in codeList; 0 for an unknown code
}

// codeList, codeInfos, codeCategories and codeTitles hold codeTable: the
// codes in catalog order, what the catalog says of each, and each code's
// category and title by codeInfo.index, after a "" for unknown codes.
var codeList, codeInfos, codeCategories, codeTitles = parseCodeTable(codeTable)

// parseCodeTable reads codeTable: a line per code holding the code
// (quoted as a Go string when it has to be), its HTTP status, its
// category ("-" for none), its policy's name in policyNames and, for the
// rest of the line, its title (quoted when it has to be).
func parseCodeTable(table string) ([]Code, map[Code]codeInfo, []Category, []string) {
	policyIndex := make(map[string]uint16, len(policyNames))
	for i, name := range policyNames {
		policyIndex[name] = uint16(i)
	}
	n := strings.Count(table, "\n")
	list := make([]Code, 0, n)
	infos := make(map[Code]codeInfo, n)
	categories := make([]Category, 1, n+1)
	titles := make([]string, 1, n+1)
	for line, rest, more := strings.Cut(table, "\n"); more || line != ""; line, rest, more = strings.Cut(rest, "\n") {
		if line == "" {
			continue
		}
		code, line, _ := strings.Cut(line, " ")
		status, line, _ := strings.Cut(line, " ")
		category, line, _ := strings.Cut(line, " ")
		policy, title, _ := strings.Cut(line, " ")
		if strings.HasPrefix(code, `"`) {
			code, _ = strconv.Unquote(code)
		}
		if strings.HasPrefix(title, `"`) {
			title, _ = strconv.Unquote(title)
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
		infos[Code(code)] = codeInfo{status: int16(s), policy: p, index: uint32(len(titles))}
		categories = append(categories, Category(category))
		titles = append(titles, title)
	}
	return list, infos, categories, titles
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

// Jitter says how a retry policy randomises its waits, so that clients
// that failed together do not all retry at the same moment.
type Jitter int

// The jitters.
const (
	// JitterNone: wait exactly the policy's Delay.
	JitterNone Jitter = iota
	// JitterFull: wait a uniformly random time between 0 and the Delay.
	JitterFull
	// JitterEqual: wait half the Delay plus a uniformly random time up to the other half.
	JitterEqual
)

// String returns the jitter's name in the catalog: none, full or equal.
func (j Jitter) String() string {
	switch j {
	case JitterNone:
		return "none"
	case JitterFull:
		return "full"
	case JitterEqual:
		return "equal"
	}
	return "Jitter(" + strconv.Itoa(int(j)) + ")"
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
	Jitter         Jitter        // how Wait randomises Delay
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

// Wait returns how long to wait before retry number retry (1 for the first
// retry): Delay(retry) randomised as p.Jitter says. ShouldRetry and Backoff
// wait this long unless they honour a Retry-After header, which they never
// randomise.
func (p RetryPolicy) Wait(retry int) time.Duration {
	d := p.Delay(retry)
	if d <= 0 {
		return d
	}
	switch p.Jitter {
	case JitterFull:
		return upTo(d)
	case JitterEqual:
		return d/2 + upTo(d-d/2)
	}
	return d
}

// upTo returns a uniformly random duration between 0 and d > 0, both included.
func upTo(d time.Duration) time.Duration {
	if d == math.MaxInt64 {
		return rand.N(d)
	}
	return rand.N(d + 1)
}

// RetryPolicyFor returns the catalog's policy for code, or for a code the catalog
// does not list, the policy its fallback table gives the HTTP status (0 when
// unknown). The fallback never retries 501 Not Implemented.
func RetryPolicyFor(code Code, status int) RetryPolicy { return *policyFor(code, status) }

// policyFor is RetryPolicyFor without the copy, for ShouldRetry, which runs
// on every failed call.
func policyFor(code Code, status int) *RetryPolicy {
	if info, ok := codeInfos[code]; ok {
		return &policies[info.policy]
	}
	if status == http.StatusNotImplemented {
		return &notImplemented
	}
	return &policies[fallbackPolicy(status)]
}

// notImplemented is the policy of a status 501 the catalog does not list.
var notImplemented = RetryPolicy{Kind: RetryNever}

// Error is an error response of the API: the code and message from its JSON
// envelope, with the HTTP status and Retry-After of the response it came in.
type Error struct {
	Code       Code
	Message    string
	Status     int             // HTTP status; 0 when not known
	Details    json.RawMessage // raw value at the envelope's details path, if any
	Instance   string          // identifies this occurrence (a URI reference), at the envelope's instance path, if any
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
// An error without a code, such as FromResponse finds in a response without
// an envelope, reads "HTTP status 503" in place of the code; a nil *Error
// reads "<nil>".
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	s := string(e.Code)
	if s == "" {
		s = "HTTP status " + strconv.Itoa(e.Status)
	}
	if e.Message == "" {
		return s
	}
	return s + ": " + e.Message
}

// status is the HTTP status to send e with: its own, else the catalog's,
// else 500; always an error status, 400 to 599.
func (e *Error) status() int {
	if errorStatus(e.Status) {
		return e.Status
	}
	if s := e.Code.HTTPStatus(); errorStatus(s) {
		return s
	}
	return http.StatusInternalServerError
}

// errorStatus reports whether status is an HTTP error status, 400 to 599.
func errorStatus(status int) bool { return status >= 400 && status <= 599 }

// envelopeFields are the values at the envelope's paths, as JSON: nil
// where a body has nothing.
type envelopeFields struct {
	code, message, status, details, docURL, title, instance json.RawMessage
}

// fields returns what e's body holds at the envelope's paths: the code
// (left out when empty), the message, the status (e.Status, else the
// catalog's; left out when neither is known), the details (left out when
// nil), the link to a listed code's entry in the docs, the code's title
// and the instance (left out when empty).
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
	if title := e.Code.Title(); title != "" {
		f.title = jsonString(title)
	}
	if e.Instance != "" {
		f.instance = jsonString(e.Instance)
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
	return docsURL + "#" + anchor(c)
}

// anchor returns the code's anchor in the docs: the code in lower case with
// every character outside [a-z0-9_-] replaced by '-'.
func anchor(c Code) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			return r
		}
		return '-'
	}, strings.ToLower(string(c)))
}

// codeAnchors maps the anchor of every listed code to the code; of two
// codes with the same anchor, to the first in catalog order. It is built
// on first use: only bodies without a code need it.
var codeAnchors = sync.OnceValue(func() map[string]Code {
	m := make(map[string]Code, len(codeList))
	for _, c := range codeList {
		if a := anchor(c); m[a] == "" {
			m[a] = c
		}
	}
	return m
})

// linkedCode returns the listed code whose docs link is raw, a JSON
// string, or "" when raw links to no listed code.
func linkedCode(raw json.RawMessage) Code {
	var link string
	if docsURL == "" || raw == nil || json.Unmarshal(raw, &link) != nil {
		return ""
	}
	a, ok := strings.CutPrefix(link, docsURL+"#")
	if !ok {
		return ""
	}
	return codeAnchors()[a]
}

// unmarshalEnvelope decodes a body into v, the generated mirror of the
// envelope. A member of another JSON type than the envelope's is read as
// absent; only a body that is not a JSON object is an error.
//
// The mirror's leaves are json.RawMessage, which takes any value, so
// json.Unmarshal fails only with a syntax error, or with a type error for
// an object or array of the envelope that is something else in the body,
// after which it decodes the rest.
func unmarshalEnvelope(b []byte, v any) error {
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] != '{' {
		return errors.New(errorPrefix + "error body is not a JSON object")
	}
	var syntaxErr *json.SyntaxError
	if err := json.Unmarshal(b, v); errors.As(err, &syntaxErr) {
		return errors.New(errorPrefix + "error body is not valid JSON")
	}
	return nil
}

// setFields sets e from the values found at the envelope's paths. The
// code is the one at the code path, else the listed code the docs link
// points to; without either, a problem body (RFC 9457) has an empty code,
// and any other body is an error.
func (e *Error) setFields(f envelopeFields) error {
	if e == nil {
		return errors.New(errorPrefix + "decode into a nil *Error")
	}
	code, ok := jsonText(f.code)
	if !ok || code == "" {
		code = string(linkedCode(f.docURL))
	}
	if code == "" && !problemBodies {
		return errors.New(errorPrefix + "error body has no code at " + codePath)
	}
	message, _ := jsonText(f.message)
	var instance string
	if f.instance != nil && json.Unmarshal(f.instance, &instance) != nil {
		instance = ""
	}
	*e = Error{Code: Code(code), Message: message, Instance: instance}
	if n, ok := jsonStatus(f.status); ok {
		e.Status = n
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

// jsonStatus reads an HTTP status written as a JSON number in any form
// (429, 429.0, 4.29e2) or as a string holding one ("429"). A value that is
// not a whole number, or is beyond any status, is no status.
func jsonStatus(raw json.RawMessage) (int, bool) {
	var n json.Number
	if raw == nil || json.Unmarshal(raw, &n) != nil {
		return 0, false
	}
	f, err := strconv.ParseFloat(n.String(), 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
		return 0, false
	}
	return int(f), true
}

// Decode decodes an error body in the API's envelope. Codes the catalog does not
// list are kept, not rejected. Status is set only when the envelope carries it.
// A body without a code takes the listed code its docs link points to; a
// problem body (RFC 9457) with neither, such as another service's, decodes
// with an empty Code.
func Decode(body []byte) (*Error, error) {
	e := new(Error)
	if err := e.UnmarshalJSON(body); err != nil {
		return nil, err
	}
	return e, nil
}

// MaxBodyBytes is the most FromResponse, CheckRetry and Backoff read of a response
// body. A longer body holds no envelope for them: they decide by the HTTP status.
const MaxBodyBytes = 1 << 20

// FromResponse decodes the error in resp's body and takes Status and RetryAfter
// from the response, whatever its Content-Type. It reads at most MaxBodyBytes
// and leaves resp.Body readable from the start; closing it is still the
// caller's job.
//
// When the body holds no envelope (a proxy's HTML page, a body longer than
// MaxBodyBytes, JSON without a code where the envelope is not a problem
// body), FromResponse returns a nil *Error and an error whose chain holds an
// *Error with an empty Code and the response's Status and RetryAfter:
// ShouldRetry then applies the catalog's fallback for the status, and
// errors.As finds the status.
func FromResponse(resp *http.Response) (*Error, error) {
	if resp == nil {
		return nil, errors.New(errorPrefix + "nil response")
	}
	got := &Error{Status: resp.StatusCode, RetryAfter: retryAfter(resp.Header)}
	b := readAhead(resp)
	err := b.err
	if err == nil {
		var e Error
		if err = e.UnmarshalJSON(b.head); err == nil {
			b.code, b.decided = e.Code, true
			e.Status, e.RetryAfter = got.Status, got.RetryAfter
			return &e, nil
		}
	}
	return nil, &responseError{err: err, resp: got}
}

// responseError is FromResponse's error for a response without an envelope:
// why, and an *Error with the response's Status and RetryAfter.
type responseError struct {
	err  error
	resp *Error
}

func (r *responseError) Error() string {
	return r.err.Error() + " (HTTP status " + strconv.Itoa(r.resp.Status) + ")"
}

func (r *responseError) Unwrap() []error { return []error{r.err, r.resp} }

// responseBody is a response body read ahead by up to MaxBodyBytes+1
// bytes: it serves those bytes again, then the rest of the body. It also
// keeps the code found in them, once a function of this package has
// looked: go-retryablehttp drains and closes a body between CheckRetry and
// Backoff, and Backoff must decide as CheckRetry did.
type responseBody struct {
	head    []byte // the bytes read ahead
	off     int    // how many of them Read has served
	err     error  // why head holds no envelope to decode, if reading failed or stopped
	rest    io.ReadCloser
	code    Code // the code in head, when decided
	decided bool
}

func (b *responseBody) Read(p []byte) (int, error) {
	if b.off < len(b.head) {
		n := copy(p, b.head[b.off:])
		b.off += n
		return n, nil
	}
	return b.rest.Read(p)
}

func (b *responseBody) Close() error { return b.rest.Close() }

// readAhead reads up to MaxBodyBytes+1 bytes of resp.Body and sets
// resp.Body to a responseBody that serves them again, so that the caller
// still reads the whole body. A responseBody nothing was read from yet is
// used as it is; an absent body is left alone.
func readAhead(resp *http.Response) *responseBody {
	if b, ok := resp.Body.(*responseBody); ok && b.off == 0 {
		return b
	}
	b := &responseBody{rest: resp.Body}
	if resp.Body == nil || resp.Body == http.NoBody {
		return b
	}
	head, err := io.ReadAll(io.LimitReader(resp.Body, MaxBodyBytes+1))
	b.head = head
	switch {
	case err != nil:
		b.err = fmt.Errorf(errorPrefix+"read response body: %w", err)
	case len(head) > MaxBodyBytes:
		b.err = fmt.Errorf(errorPrefix+"response body is longer than MaxBodyBytes (%d bytes)", MaxBodyBytes)
	}
	resp.Body = b
	return b
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

// Write sends e as an HTTP error response: the status (e.Status when it is
// 400 to 599, else the catalog's when it is, else 500), the envelope's
// Content-Type (replacing one already set), Retry-After when e.RetryAfter is
// set, and the envelope body, whose status is the one sent. Details that are
// not valid JSON are left out. A nil e sends 500 with an envelope that has
// an empty message and no code.
func Write(w http.ResponseWriter, e *Error) {
	var sent Error
	if e != nil {
		sent = *e
	}
	sent.Status = sent.status()
	body, err := sent.MarshalJSON()
	if err != nil {
		sent.Details = nil
		body, _ = sent.MarshalJSON()
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	if sent.RetryAfter > 0 {
		h.Set("Retry-After", strconv.FormatInt(int64(math.Ceil(sent.RetryAfter.Seconds())), 10))
	}
	w.WriteHeader(sent.Status)
	_, _ = w.Write(append(body, '\n'))
}

// ShouldRetry reports whether to retry after err, and how long to wait first.
// attempt counts the retries already made. It finds the *Error (or Code) in err's
// chain and applies its policy, or for a code the catalog does not list (an
// empty one included, as FromResponse returns for a body without an
// envelope) the fallback for its Status: no when the policy does not retry,
// MaxRetries is used up, or the status is not an error (100 to 399); the wait
// is the error's RetryAfter when the policy honours it, else the policy's
// Wait(attempt+1). ShouldRetry assumes the request is safe to repeat.
func ShouldRetry(err error, attempt int) (time.Duration, bool) {
	e, code := findError(err)
	var p *RetryPolicy
	var wait time.Duration
	status := 0
	switch {
	case e != nil:
		status, wait = e.Status, e.RetryAfter
		p = policyFor(e.Code, status)
	case code != "":
		status = code.HTTPStatus()
		p = policyFor(code, status)
	default:
		return 0, false
	}
	if !p.Retryable() || p.MaxRetries > 0 && attempt >= p.MaxRetries || status > 0 && status < 400 {
		return 0, false
	}
	if p.RetryAfter && wait > 0 {
		return wait, true
	}
	return p.Wait(attempt + 1), true
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

// responseCode returns the code in resp's body, or "" when there is none,
// and leaves it with the body for the next look, which may come after the
// body was drained.
func responseCode(resp *http.Response) Code {
	if b, ok := resp.Body.(*responseBody); ok && b.decided {
		return b.code
	}
	b := readAhead(resp)
	if !b.decided {
		var e Error
		if b.err == nil && e.UnmarshalJSON(b.head) == nil {
			b.code = e.Code
		}
		b.decided = true
	}
	return b.code
}

// CheckRetry has the signature of go-retryablehttp's CheckRetry, so
// client.CheckRetry = CheckRetry works. It never retries once ctx is done, nor
// a status below 400. Otherwise the policy of the body's code decides (the
// fallback by status for unknown codes, which never retries 501), and an
// IdempotentOnly policy retries only GET, HEAD, OPTIONS, TRACE, PUT and DELETE
// requests, or requests with an Idempotency-Key header. The body stays
// readable, and keeps the code for Backoff. MaxRetries is left to the
// client's RetryMax.
//
// A transport error (err != nil) is decided as a 503 without a code would be,
// except that errors no retry can help are never retried: a TLS certificate
// that fails verification, too many redirects, an unsupported URL scheme,
// and an invalid header name or value. Without a response, an
// IdempotentOnly policy retries only the methods above: the request's
// headers cannot be seen.
func CheckRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx != nil && ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		if hopeless(err) {
			return false, nil
		}
		p := RetryPolicyFor("", http.StatusServiceUnavailable)
		switch {
		case !p.Retryable():
			return false, nil
		case !p.IdempotentOnly:
			return true, nil
		case resp != nil && resp.Request != nil:
			return idempotent(resp.Request), nil
		}
		var ue *url.Error
		return errors.As(err, &ue) && ue.Op != "" && safeMethod(strings.ToUpper(ue.Op)), nil
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

// hopeless reports whether err is a transport error no retry can help: the
// errors go-retryablehttp's DefaultRetryPolicy does not retry. Messages are
// matched in the *url.Error's own error, not its URL.
func hopeless(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		invalid  x509.CertificateInvalidError
		hostname x509.HostnameError
	)
	if errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &invalid) || errors.As(err, &hostname) {
		return true
	}
	var ue *url.Error
	if !errors.As(err, &ue) || ue.Err == nil {
		return false
	}
	msg := ue.Err.Error()
	return tooManyRedirects(msg) || strings.Contains(msg, "unsupported protocol scheme") ||
		strings.Contains(msg, "invalid header") || strings.Contains(msg, "certificate is not trusted")
}

// tooManyRedirects reports whether msg ends with net/http's "stopped after
// N redirects".
func tooManyRedirects(msg string) bool {
	rest, ok := strings.CutSuffix(msg, " redirects")
	i := strings.LastIndex(rest, "stopped after ")
	if !ok || i < 0 {
		return false
	}
	n := rest[i+len("stopped after "):]
	return n != "" && strings.Trim(n, "0123456789") == ""
}

// idempotent reports whether req is safe to send again.
func idempotent(req *http.Request) bool {
	if req == nil {
		return false
	}
	return safeMethod(req.Method) || req.Header.Get("Idempotency-Key") != ""
}

// safeMethod reports whether a request with method is safe to send again
// ("" is GET).
func safeMethod(method string) bool {
	switch method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// Backoff has the signature of go-retryablehttp's Backoff, so client.Backoff =
// Backoff works. It returns a Retry-After header as is when the code's policy
// honours it, else the policy's Wait(attemptNum+1) clamped to [lo, hi]. The
// code is the one CheckRetry found, when CheckRetry saw the response first,
// even though go-retryablehttp has drained the body since. With a nil
// response (a transport error) it uses the catalog's backoff policy.
func Backoff(lo, hi time.Duration, attemptNum int, resp *http.Response) time.Duration {
	p := policies[backoffPolicy]
	if resp != nil {
		p = RetryPolicyFor(responseCode(resp), resp.StatusCode)
		if d := retryAfter(resp.Header); p.RetryAfter && d > 0 {
			return d
		}
	}
	return min(max(p.Wait(attemptNum+1), lo), hi)
}
