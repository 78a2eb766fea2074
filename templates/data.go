package templates

// Data is what a docs template is executed with. Text fields hold catalog
// text as written (inline Markdown); pass them through cell, inline,
// block or heading where they land.
type Data struct {
	Name        string // catalog name
	Description string // Markdown intro, may be empty
	DocsURL     string

	Envelope   Envelope
	Categories []Category // in catalog order; empty when the catalog has none
	Codes      []Code     // every code, in catalog order
	Retired    []Retired
	Fallback   []Fallback // how to treat codes the catalog does not list

	HasFix        bool // some code has a fix
	HasAsync      bool // some code is reported asynchronously
	HasDeprecated bool
	HasTitle      bool // error bodies carry the code's title: code tables show it
}

// Envelope describes the JSON error body.
type Envelope struct {
	Format      string // "json", or "problem" for RFC 9457 Problem Details
	ContentType string // the media type error responses are sent with
	Code        string // dot path of the code
	Message     string // dot path of the message
	Status      string // dot path, or ""
	Details     string // dot path, or ""
	DocURL      string // dot path, or ""
	Title       string // dot path, or ""
	Instance    string // dot path, or ""
	Fixed       string // the fixed members as compact JSON, or ""
	Example     string // an indented example body
	// ExampleCode is the code the example body shows.
	ExampleCode string
}

// Category is one group of codes.
type Category struct {
	Key         string
	Title       string
	Description string // Markdown, may be empty
	Status      int    // default status, 0 when none
	Codes       []Code
	HasFix      bool // some code of the category has a fix
	AsyncOnly   bool // every code of the category is async-only
	HasTitle    bool // as Data.HasTitle, for the category's table
}

// Code is one error code.
type Code struct {
	Code        string // the wire value
	Anchor      string
	GoName      string
	Title       string // a short summary of the problem, the same on every occurrence
	Status      int    // 0 for async-only codes
	StatusText  string // the status, or "async"
	Category    string // category key, "" when none
	Description string
	Fix         string
	Message     string // default message template, may be empty
	Response    bool   // appears in HTTP responses
	Async       bool   // appears in job status or webhooks
	Deprecated  bool
	Deprecation string // reason, may be empty
	Since       string
	Retry       Retry
}

// Retry is a code's resolved retry policy, ready for the docs.
type Retry struct {
	Policy         string // policy name, "" for an inline policy
	Kind           string // never, after_action, once or backoff
	Answer         string // the "Retry?" cell: the policy's label, else SPEC §2's words
	Notes          string // the Notes cell: retry note, action, Retry-After, idempotency
	Retryable      bool
	MaxRetries     int
	InitialDelay   string // Go duration, "0s" when none
	MaxDelay       string
	Multiplier     float64
	RetryAfter     bool
	IdempotentOnly bool
	Action         string
}

// Retired is a code the API no longer sends.
type Retired struct {
	Code    string
	Anchor  string
	Reason  string
	Removed string // version, may be empty
}

// Fallback is one row of the fallback table: statuses and their policy.
type Fallback struct {
	Statuses string // "429", "5xx" or "any other status"
	Retry    Retry
}
