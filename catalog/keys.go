package catalog

import "slices"

// Key is one key of the catalog format: one row of the table that Keys
// returns. The table drives the unknown-key diagnostics, errcat's JSON
// Schema of the format (Schema) and its reference page (Reference), so
// that a key added to it is known to all three.
type Key struct {
	// Table is the dotted path of the table that holds the key, "" for the
	// top level. A segment in upper case stands for the keys that the row
	// declaring it matches with Names: "codes.CODE", "retry.NAME".
	Table string
	// Name is the key. In a row with Names it is an upper-case word (NAME,
	// KEY, CODE, STATUS) standing for every key Names matches.
	Name string
	// Names, when set, makes the row stand for every key of its table
	// that matches this regular expression, rather than for the one key
	// Name. A table with such a row has no other.
	Names string
	// Type is the kind of value the key takes.
	Type Type
	// Words lists the values a string, or each string of an array, may
	// take; nil when any will do.
	Words []string
	// Pattern is a regular expression a string value must match; "" when
	// any will do (a TypeDuration has its own).
	Pattern string
	// Bounds bounds a number.
	Bounds Bounds
	// Default is the value a missing key takes, as the TOML decoder gives
	// it (string, int64, float64, bool, []string); nil when there is none
	// or when it depends on other keys, which Description then tells.
	Default any
	// Required marks a key without which the catalog is an error.
	// Description tells of a key required only in some cases.
	Required bool
	// Unless, for a required key, names another key of the same table
	// and a value of it that makes the key optional: {"format", "problem"}.
	Unless [2]string
	// Description says what the key is for, in one sentence.
	Description string
}

// problemFormat is the envelope format whose preset sets every path.
var problemFormat = [2]string{"format", "problem"}

// Path returns the key's dotted path, such as "codes.CODE.status".
func (k Key) Path() string {
	if k.Table == "" {
		return k.Name
	}
	return k.Table + "." + k.Name
}

// Type is the kind of value a catalog key takes.
type Type int

const (
	TypeString   Type = iota // a string
	TypeDuration             // a string in Go's duration syntax, such as "500ms"
	TypeInteger              // an integer
	TypeNumber               // an integer or a float
	TypeBoolean              // true or false
	TypeStrings              // a non-empty array of strings
	TypeTable                // a table, whose keys are the rows with its path as Table
	TypePolicy               // a retry policy's name, or an inline table with the keys of [retry.NAME]
)

var typeNames = [...]string{"string", "duration", "integer", "number", "boolean", "array of strings", "table", "policy"}

// String returns the type's name as the reference page shows it.
func (t Type) String() string {
	if t >= 0 && int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "Type(?)"
}

// Bounds bounds a number: from Min when HasMin, up to Max when HasMax.
type Bounds struct {
	Min, Max       float64
	HasMin, HasMax bool
}

func atLeast(n float64) Bounds    { return Bounds{Min: n, HasMin: true} }
func between(a, b float64) Bounds { return Bounds{Min: a, Max: b, HasMin: true, HasMax: true} }

// Patterns of the format's names and values. Each is in the part of
// regular-expression syntax that Go's RE2 and ECMA 262 (the dialect JSON
// Schema uses) read alike.
const (
	// namePattern is the grammar of policy names and category keys (isName).
	namePattern = `^[A-Za-z][A-Za-z0-9_-]*$`
	// codePattern approximates the grammar of codes (codeName): not empty,
	// no whitespace, no ASCII control character. The finer checks (other
	// invisible characters) are validate's.
	codePattern = `^[^\s\x00-\x1f\x7f]+$`
	// fallbackPattern matches [fallback] keys: a status, a class or default.
	fallbackPattern = `^(?:[1-5][0-9][0-9]|[1-5]xx|default)$`
	// durationPattern matches what time.ParseDuration accepts, less
	// negative durations (but for a negative zero) and but for durations
	// too long for it.
	durationPattern = `^(?:\+?(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)|-(?:0|(?:(?:0+(?:\.0*)?|\.0+)(?:ns|us|µs|μs|ms|s|m|h))+))$`
)

// policyTable is the path of the table a retry policy is written in; an
// inline policy table (TypePolicy) has the same keys.
const policyTable = "retry.NAME"

// keyTable is the catalog format, one row per key, each table's keys in
// the order its unknown-key diagnostics suggest them. It is read only.
//
// A key added here is known to validation and to errcat schema at once;
// the reference page is regenerated with
// go test ./cmd/errcat -run TestReferenceIsFresh -update. What the key
// means is the loader's to resolve (resolve.go).
var keyTable = []Key{
	// The top level.
	{Table: "", Name: "catalog", Type: TypeTable, Required: true,
		Description: "The API's name, the generated Go package and how codes are written."},
	{Table: "", Name: "output", Type: TypeTable,
		Description: "Output files, relative to the catalog's directory; command-line flags override them."},
	{Table: "", Name: "envelope", Type: TypeTable, Required: true,
		Description: "Where the code, the message and the other fields sit in an error body, as dot paths such as \"error.code\"."},
	{Table: "", Name: "retry", Type: TypeTable,
		Description: "Named retry policies; never, after_action, once and backoff exist without being declared."},
	{Table: "", Name: "fallback", Type: TypeTable,
		Description: "The retry policy of codes the catalog does not list, by status; it replaces the default table (408, 429 and 5xx back off, everything else never) as a whole."},
	{Table: "", Name: "categories", Type: TypeTable,
		Description: "Categories of codes, in the order the docs show them."},
	{Table: "", Name: "codes", Type: TypeTable, Required: true,
		Description: "The error codes, in the order generated code and docs list them."},
	{Table: "", Name: "retired", Type: TypeTable,
		Description: "Codes the API no longer sends: documented, and never to be listed again."},

	// [catalog]
	{Table: "catalog", Name: "name", Type: TypeString, Required: true,
		Description: "The API's name, used in doc titles and Go doc comments."},
	{Table: "catalog", Name: "package", Type: TypeString,
		Description: "The Go package name of the generated code; default: the Go output directory's name."},
	{Table: "catalog", Name: "description", Type: TypeString,
		Description: "Markdown: the docs' introduction."},
	{Table: "catalog", Name: "code_style", Type: TypeString, Default: "any",
		Words:       []string{"SCREAMING_SNAKE_CASE", "PascalCase", "snake_case", "any"},
		Description: "How every code must be written (case-sensitive)."},
	{Table: "catalog", Name: "docs_url", Type: TypeString,
		Description: "The docs' URL; a code's link is this URL, \"#\" and the code's anchor."},
	{Table: "catalog", Name: "version", Type: TypeString, Default: "0.0.0",
		Description: "The API's version, for the OpenAPI document's info.version."},

	// [envelope]
	{Table: "envelope", Name: "format", Type: TypeString, Default: "json",
		Words:       []string{"json", "problem"},
		Description: "The envelope's preset: json (paths given by the keys below) or problem (RFC 9457 Problem Details; keys set explicitly override the preset)."},
	{Table: "envelope", Name: "code", Type: TypeString, Required: true, Unless: problemFormat,
		Description: "The dot path of the code in an error body, such as \"error.code\"; a segment 0 is an array's first element."},
	{Table: "envelope", Name: "message", Type: TypeString, Required: true, Unless: problemFormat,
		Description: "The dot path of the message."},
	{Table: "envelope", Name: "status", Type: TypeString,
		Description: "The dot path where the HTTP status is echoed in the body."},
	{Table: "envelope", Name: "details", Type: TypeString,
		Description: "The dot path of a JSON value of any kind, kept raw."},
	{Table: "envelope", Name: "fixed", Type: TypeString,
		Description: "A JSON object merged into every encoded body, such as '{\"success\": false}'; its members may not overlap the paths."},
	{Table: "envelope", Name: "example", Type: TypeString,
		Description: "The listed code whose body the docs show as the example; default: the first code."},
	{Table: "envelope", Name: "doc_url", Type: TypeString,
		Description: "The dot path where a code's docs link (docs_url, \"#\", anchor) is written, RFC 9457 style; nothing is written there without [catalog] docs_url."},
	{Table: "envelope", Name: "content_type", Type: TypeString, Default: "application/json",
		Description: "The Content-Type Write sends, such as \"application/problem+json\"."},
	{Table: "envelope", Name: "title", Type: TypeString,
		Description: "The dot path of the code's title, a short summary that does not change from occurrence to occurrence."},
	{Table: "envelope", Name: "instance", Type: TypeString,
		Description: "The dot path of Error.Instance, a URI reference of this occurrence of the problem."},

	// [retry.NAME], and inline policy tables.
	{Table: "retry", Name: "NAME", Names: namePattern, Type: TypeTable,
		Description: "A retry policy, named for codes and categories to refer to; a built-in's name overrides the built-in."},
	{Table: policyTable, Name: "kind", Type: TypeString, Required: true,
		Words:       []string{"never", "after_action", "once", "backoff"},
		Description: "How the policy retries: never, after someone acts, once, or with exponential backoff; an override of a built-in keeps the built-in's kind when it has none."},
	{Table: policyTable, Name: "max_retries", Type: TypeInteger, Bounds: atLeast(0),
		Description: "The retries after the first attempt; 0, the default, means no limit; always 1 for once."},
	{Table: policyTable, Name: "initial_delay", Type: TypeDuration,
		Description: "The delay before the first retry; default: 500ms for backoff, none for the other kinds."},
	{Table: policyTable, Name: "max_delay", Type: TypeDuration,
		Description: "The longest delay; default: 30s, or initial_delay when that is longer."},
	{Table: policyTable, Name: "multiplier", Type: TypeNumber, Bounds: atLeast(1), Default: 2.0,
		Description: "How much each delay grows over the one before."},
	{Table: policyTable, Name: "retry_after", Type: TypeBoolean,
		Description: "Whether to honour a Retry-After header; default: true for backoff, false for the other kinds."},
	{Table: policyTable, Name: "idempotent_only", Type: TypeBoolean, Default: false,
		Description: "Whether to retry only requests that are safe to repeat: GET and the like, or those with an Idempotency-Key header."},
	{Table: policyTable, Name: "jitter", Type: TypeString,
		Words:       []string{"none", "full", "equal"},
		Description: "How waits are randomised: none, full (uniform up to the delay) or equal (half the delay plus up to half); default: full for backoff, none for the other kinds."},
	{Table: policyTable, Name: "label", Type: TypeString,
		Description: "The text of the docs' \"Retry?\" cell, replacing the kind's wording."},
	{Table: policyTable, Name: "action", Type: TypeString,
		Description: "For after_action: what must happen before a retry can succeed."},

	// [fallback]
	{Table: "fallback", Name: "STATUS", Names: fallbackPattern, Type: TypePolicy,
		Description: "The policy for a status (\"429\"), a class (\"5xx\") or every other status (\"default\", else never); an exact status beats a class."},

	// [categories.KEY]
	{Table: "categories", Name: "KEY", Names: namePattern, Type: TypeTable,
		Description: "A category; codes name it by its key."},
	{Table: "categories.KEY", Name: "title", Type: TypeString,
		Description: "The docs' heading; default: the key's words in title case."},
	{Table: "categories.KEY", Name: "description", Type: TypeString,
		Description: "Markdown shown under the heading."},
	{Table: "categories.KEY", Name: "status", Type: TypeInteger, Bounds: between(100, 599),
		Description: "The HTTP status of the category's codes that set none."},
	{Table: "categories.KEY", Name: "retry", Type: TypePolicy,
		Description: "The retry policy of the category's codes that set none."},

	// [codes.CODE]
	{Table: "codes", Name: "CODE", Names: codePattern, Type: TypeTable,
		Description: "A code; the key is the code exactly as the API sends it: printable, without whitespace."},
	{Table: "codes.CODE", Name: "category", Type: TypeString, Pattern: namePattern,
		Description: "The code's category; required when the catalog has categories."},
	{Table: "codes.CODE", Name: "status", Type: TypeInteger, Bounds: between(100, 599),
		Description: "The HTTP status; default: the category's; a code that only appears asynchronously has none."},
	{Table: "codes.CODE", Name: "description", Type: TypeString, Required: true,
		Description: "Inline Markdown: when a client sees this code."},
	{Table: "codes.CODE", Name: "title", Type: TypeString,
		Description: "A short summary of the problem that does not change from occurrence to occurrence; default: the code's words in sentence case (MISSING_API_KEY → \"Missing API key\")."},
	{Table: "codes.CODE", Name: "fix", Type: TypeString,
		Description: "Inline Markdown: what the client should do."},
	{Table: "codes.CODE", Name: "retry", Type: TypePolicy,
		Description: "The retry policy; default: the category's, else never."},
	{Table: "codes.CODE", Name: "retry_note", Type: TypeString,
		Description: "Extra text for the docs' retry guidance table."},
	{Table: "codes.CODE", Name: "message", Type: TypeString,
		Description: "The default message; each {name} becomes a parameter of the code's constructor, and {{ and }} are literal braces."},
	{Table: "codes.CODE", Name: "surfaces", Type: TypeStrings, Default: []string{"response"},
		Words:       []string{"response", "async"},
		Description: "Where the code appears: in HTTP error responses, asynchronously (a job's status, a webhook), or both."},
	{Table: "codes.CODE", Name: "deprecated", Type: TypeString,
		Description: "Marks the code deprecated, giving the reason."},
	{Table: "codes.CODE", Name: "since", Type: TypeString,
		Description: "The version that introduced the code."},
	{Table: "codes.CODE", Name: "go_name", Type: TypeString,
		Description: "The Go identifier of the code, replacing the one derived from it."},

	// [retired.CODE]
	{Table: "retired", Name: "CODE", Names: codePattern, Type: TypeTable,
		Description: "A code the API no longer sends; the key is the code: printable, without whitespace."},
	{Table: "retired.CODE", Name: "reason", Type: TypeString, Required: true,
		Description: "Why the code went away, for clients that still branch on it."},
	{Table: "retired.CODE", Name: "removed", Type: TypeString,
		Description: "The version that removed the code."},
}

// Keys returns the catalog format, one row per key: for each table, its
// keys in order. The keys of [output] are not among them: which exist is
// up to the targets (package generator), and Schema and Reference take
// them as extra rows.
func Keys() []Key {
	keys := slices.Clone(keyTable)
	for i := range keys {
		keys[i].Words = slices.Clone(keys[i].Words)
		if d, ok := keys[i].Default.([]string); ok {
			keys[i].Default = slices.Clone(d)
		}
	}
	return keys
}

// knownKeys maps the path of each table to the keys it may hold, in
// table order, for the unknown-key diagnostics. Tables whose keys are
// names (NAME, CODE, …) are not in it.
var knownKeys = func() map[string][]string {
	m := map[string][]string{}
	for _, k := range keyTable {
		if k.Names == "" {
			m[k.Table] = append(m[k.Table], k.Name)
		}
	}
	return m
}()

// words returns the allowed words of the key at path.
func words(path string) []string {
	for _, k := range keyTable {
		if k.Path() == path {
			return k.Words
		}
	}
	panic("catalog: no key " + path)
}
