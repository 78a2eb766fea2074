// Package catalog loads, resolves and validates an errcat error catalog.
//
// A catalog is a TOML file (by convention errors.toml) that lists an API's
// error codes with their HTTP status, category, retry policy and
// documentation, and describes the JSON envelope errors travel in. Parse and
// Load turn it into a Catalog in which everything is resolved: defaults are
// applied, references are followed and every code has its Go identifier.
// Generators read only this model.
//
// Every problem is reported as a Diagnostic naming the file, line and
// column of the offending key, all of them in one pass.
package catalog

import (
	"encoding/json"
	"slices"
	"time"
)

// Catalog is a resolved, validated error catalog. Slices keep the order in
// which things are written in the file.
type Catalog struct {
	File        string // the catalog's path, as given to Load or Parse
	Size        int    // the catalog's length in bytes
	Name        string
	Package     string // Go package name; "" when the catalog does not set one
	Description string // Markdown
	CodeStyle   string // "any" when not set
	DocsURL     string
	Version     string // the API's version, for OpenAPI's info.version; "" when not set

	Outputs    []OutputPath // the [output] table, in file order
	Envelope   Envelope
	Policies   []*Policy // the built-in policies, then those the catalog declares
	Fallback   []*FallbackRule
	Categories []*Category
	Codes      []*Code
	Retired    []*Retired

	ix *keyIndex // where each key is written

	// RuntimePolicies lists each distinct Runtime once: never first, then
	// those of Policies in order, of the fallback rules, the categories and
	// the codes, each where it is first used.
	RuntimePolicies []RuntimePolicy

	// Indexes for the lookups below; nil in a Catalog not made by Parse,
	// whose lookups then scan the slices.
	codeIndex     map[string]*Code
	categoryIndex map[string]*Category
	policyIndex   map[string]*Policy
	retiredIndex  map[string]*Retired
	runtimeIndex  map[Runtime]int
}

// OutputPath is one entry of the [output] table: a target's output file, or
// an input such as a docs template, relative to the catalog's directory.
// Which keys exist is up to the targets (package generator): the catalog
// only checks that each is a path that stays inside its directory.
type OutputPath struct {
	Key  string
	Path string // as written, with forward slashes
	Pos  Position
}

// Envelope describes the JSON body errors travel in. Paths are split at
// dots; a segment "0" addresses the first element of an array. Optional
// paths are nil when not set. With format "problem", the paths the catalog
// does not set are RFC 9457's (SPEC §10).
type Envelope struct {
	Format      string // FormatJSON or FormatProblem
	ContentType string // the media type Write sends
	Code        []string
	Message     []string
	Status      []string
	Details     []string
	DocURL      []string
	Title       []string
	Instance    []string
	Fixed       []FixedMember // members merged into every encoded body, in file order
	Example     *Code         // the code shown in the docs' example body
	Pos         Position      // the [envelope] table
}

// FixedMember is one top-level member of the envelope's fixed object.
type FixedMember struct {
	Key   string
	Value json.RawMessage // compact JSON
}

// RetryKind says whether and how a failed request may be retried.
type RetryKind int

// The retry kinds of SPEC §2.
const (
	RetryNever RetryKind = iota
	RetryAfterAction
	RetryOnce
	RetryBackoff
)

var kindNames = [...]string{"never", "after_action", "once", "backoff"}

// String returns the kind's name as written in a catalog.
func (k RetryKind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Jitter says how a policy randomises its delays (SPEC §9).
type Jitter int

// The jitters of SPEC §9.
const (
	JitterNone  Jitter = iota // the delay as it is
	JitterFull                // uniform in [0, delay]
	JitterEqual               // delay/2 plus uniform in [0, delay/2]
)

var jitterNames = [...]string{"none", "full", "equal"}

// String returns the jitter's name as written in a catalog.
func (j Jitter) String() string {
	if j >= 0 && int(j) < len(jitterNames) {
		return jitterNames[j]
	}
	return "unknown"
}

// Policy is a resolved retry policy: built in, declared under [retry.NAME],
// or written inline on a code or category (Name is then "").
type Policy struct {
	Name           string
	Kind           RetryKind
	MaxRetries     int // 0 = no limit; always 1 for RetryOnce
	InitialDelay   time.Duration
	MaxDelay       time.Duration
	Multiplier     float64
	RetryAfter     bool
	IdempotentOnly bool
	Jitter         Jitter // default JitterFull for RetryBackoff, else JitterNone
	Label          string // the docs' "Retry?" text, when the catalog sets one
	Action         string // what must happen first, for RetryAfterAction
	Pos            Position

	invalid bool // its kind could not be read; already reported
}

// Retryable reports whether a client may retry a request that failed under p.
func (p *Policy) Retryable() bool { return p.Kind == RetryOnce || p.Kind == RetryBackoff }

// Runtime is what a retry policy does at run time: a policy without its
// name and docs text. Two policies with equal Runtimes behave the same for
// clients.
type Runtime struct {
	Kind           RetryKind
	MaxRetries     int
	InitialDelay   time.Duration
	MaxDelay       time.Duration
	Multiplier     float64
	RetryAfter     bool
	IdempotentOnly bool
	Jitter         Jitter
}

// Runtime returns what p does at run time.
func (p *Policy) Runtime() Runtime {
	return Runtime{
		Kind:           p.Kind,
		MaxRetries:     p.MaxRetries,
		InitialDelay:   p.InitialDelay,
		MaxDelay:       p.MaxDelay,
		Multiplier:     p.Multiplier,
		RetryAfter:     p.RetryAfter,
		IdempotentOnly: p.IdempotentOnly,
		Jitter:         p.Jitter,
	}
}

// RuntimePolicy is one distinct Runtime and the catalog names that share
// it ("inline" for inline tables), in first-use order.
type RuntimePolicy struct {
	Runtime
	Names []string
}

// RuntimeIndex returns the index in c.RuntimePolicies of the entry that
// behaves as p does, or -1 when there is none.
func (c *Catalog) RuntimeIndex(p *Policy) int {
	rt := p.Runtime()
	if c.runtimeIndex != nil {
		if i, ok := c.runtimeIndex[rt]; ok {
			return i
		}
		return -1
	}
	return slices.IndexFunc(c.RuntimePolicies, func(rp RuntimePolicy) bool { return rp.Runtime == rt })
}

// FallbackRule maps statuses of codes a client does not know to a policy.
type FallbackRule struct {
	Key    string // as written: "429", "5xx" or "default"
	Status int    // exact status, or 0
	Class  int    // 1-5 for "Nxx", or 0
	Policy *Policy
	Pos    Position
}

// Category groups codes; codes take its status and retry policy by default.
type Category struct {
	Key         string
	Title       string
	Description string
	Status      int     // 0 when not set
	Retry       *Policy // nil when not set
	Codes       []*Code
	Pos         Position
}

// Code is one error code of the catalog, fully resolved.
type Code struct {
	Code        string    // the wire value
	Title       string    // a short summary of the problem; default: the code in sentence case
	GoNameKey   string    // the go_name key as written, "" when not set
	Category    *Category // nil in a catalog without categories
	Status      int       // 0 for async-only codes
	Description string
	Fix         string
	Retry       *Policy
	RetryNote   string
	Message     *Message // nil without a message template
	Response    bool     // appears in HTTP error responses
	Async       bool     // appears in job status or webhooks
	Deprecated  bool
	Deprecation string // the reason given with deprecated
	Since       string
	Pos         Position
}

// AsyncOnly reports whether the code never appears in an HTTP response.
func (c *Code) AsyncOnly() bool { return !c.Response }

// Message is a code's default message, split into literal text and
// placeholders.
type Message struct {
	Template string
	Parts    []MessagePart
	Params   []string // distinct placeholder names, in order of first use
}

// MessagePart is literal text, or a placeholder when Param >= 0.
type MessagePart struct {
	Text  string
	Param int // index into Message.Params, or -1
}

// Retired is a code the API no longer sends and that may never come back.
type Retired struct {
	Code    string
	Reason  string
	Removed string
	Pos     Position
}

// Output returns the [output] entry with the given key.
func (c *Catalog) Output(key string) (OutputPath, bool) {
	for _, o := range c.Outputs {
		if o.Key == key {
			return o, true
		}
	}
	return OutputPath{}, false
}

// KeyPos returns where the key at path is written in the catalog file, or
// where its nearest written ancestor is, or 1:1. Targets use it to place
// their own diagnostics.
func (c *Catalog) KeyPos(path ...string) Position {
	if c.ix == nil {
		return Position{1, 1}
	}
	return c.ix.key(path...)
}

// Code returns the listed code with the given wire value, or nil.
func (c *Catalog) Code(wire string) *Code {
	return lookup(c.codeIndex, c.Codes, wire, func(code *Code) string { return code.Code })
}

// Category returns the category with the given key, or nil.
func (c *Catalog) Category(key string) *Category {
	return lookup(c.categoryIndex, c.Categories, key, func(cat *Category) string { return cat.Key })
}

// Policy returns the named policy, or nil.
func (c *Catalog) Policy(name string) *Policy {
	return lookup(c.policyIndex, c.Policies, name, func(p *Policy) string { return p.Name })
}

// RetiredCode returns the retired code with the given wire value, or nil.
func (c *Catalog) RetiredCode(wire string) *Retired {
	return lookup(c.retiredIndex, c.Retired, wire, func(r *Retired) string { return r.Code })
}

// lookup finds key in index, or in list when there is no index.
func lookup[T any](index map[string]*T, list []*T, key string, keyOf func(*T) string) *T {
	if index != nil {
		return index[key]
	}
	for _, v := range list {
		if keyOf(v) == key {
			return v
		}
	}
	return nil
}

// FallbackFor returns the policy for an unlisted code with the given HTTP
// status (0 when unknown): an exact status beats a class, a class beats
// "default", and without any rule the policy is never.
func (c *Catalog) FallbackFor(status int) *Policy {
	var class, def *Policy
	for _, r := range c.Fallback {
		switch {
		case r.Status != 0 && r.Status == status:
			return r.Policy
		case r.Class != 0 && status/100 == r.Class:
			class = r.Policy
		case r.Key == "default":
			def = r.Policy
		}
	}
	switch {
	case class != nil:
		return class
	case def != nil:
		return def
	}
	return c.Policy("never")
}
