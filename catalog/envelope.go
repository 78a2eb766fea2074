package catalog

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// The fields of an error that an envelope path can hold; each is also the
// [envelope] key that sets its path.
const (
	FieldCode     = "code"
	FieldMessage  = "message"
	FieldStatus   = "status"
	FieldDetails  = "details"
	FieldDocURL   = "doc_url"
	FieldTitle    = "title"    // the code's title (SPEC §10)
	FieldInstance = "instance" // the occurrence, Error.Instance (SPEC §10)
)

// The envelope formats of SPEC §10: the [envelope] format key.
const (
	FormatJSON    = "json"    // the catalog gives the paths; the default
	FormatProblem = "problem" // RFC 9457 Problem Details: preset paths
)

// Formats lists the envelope formats.
func Formats() []string { return []string{FormatJSON, FormatProblem} }

// The media types Write sends by default, by format.
const (
	JSONContentType    = "application/json"
	ProblemContentType = "application/problem+json"
)

// problemPreset is what format = "problem" sets, for every key the catalog
// does not set itself (SPEC §10).
var problemPreset = map[string]string{
	FieldCode:     "code",
	FieldMessage:  "detail",
	FieldStatus:   "status",
	FieldTitle:    "title",
	FieldDocURL:   "type",
	FieldInstance: "instance",
	FieldDetails:  "errors",
}

// problemOrder is the order problem bodies write their members in: those
// of RFC 9457 in the order of its examples, then the extensions.
var problemOrder = []string{FieldDocURL, FieldTitle, FieldStatus, FieldMessage, FieldInstance, FieldCode, FieldDetails}

// EnvelopePath is where one field of an error travels in the body.
type EnvelopePath struct {
	Field    string   // FieldCode, FieldMessage, …
	Segments []string // the dot path, split; "0" is the first element of an array
}

// EnvelopeFields returns the fields of an error that an envelope path can
// hold, in the order bodies of format "json" write them (Paths gives the
// order of an envelope's own format).
func EnvelopeFields() []string {
	return []string{FieldCode, FieldMessage, FieldStatus, FieldDetails, FieldDocURL, FieldTitle, FieldInstance}
}

// IsProblem reports whether the envelope is RFC 9457 Problem Details:
// format = "problem".
func (e *Envelope) IsProblem() bool { return e.Format == FormatProblem }

// Path returns the path of field split at dots, or nil when the envelope
// does not carry field.
func (e *Envelope) Path(field string) []string {
	if p := e.path(field); p != nil {
		return *p
	}
	return nil
}

// path returns where the envelope keeps field's path.
func (e *Envelope) path(field string) *[]string {
	switch field {
	case FieldCode:
		return &e.Code
	case FieldMessage:
		return &e.Message
	case FieldStatus:
		return &e.Status
	case FieldDetails:
		return &e.Details
	case FieldDocURL:
		return &e.DocURL
	case FieldTitle:
		return &e.Title
	case FieldInstance:
		return &e.Instance
	}
	return nil
}

// Paths returns the envelope's paths that are set, in the order bodies
// write them: that of EnvelopeFields, or for format "problem" RFC 9457's
// members first (type, title, status, detail, instance), then the code and
// the details.
func (e *Envelope) Paths() []EnvelopePath {
	order := EnvelopeFields()
	if e.IsProblem() {
		order = problemOrder
	}
	var paths []EnvelopePath
	for _, f := range order {
		if p := e.Path(f); p != nil {
			paths = append(paths, EnvelopePath{f, p})
		}
	}
	return paths
}

// Node is one node of an envelope's shape: an object, a one-element array,
// or a leaf holding a field of the error or a fixed value.
type Node struct {
	Members []Member        // an object's members, in body order
	Elem    *Node           // the element of a one-element array
	Field   string          // the error field a leaf holds (FieldCode, …)
	Fixed   json.RawMessage // the value of a fixed member, compact JSON
}

// Member is one member of an object node.
type Member struct {
	Key  string
	Node *Node
}

// IsObject reports whether n is an object.
func (n *Node) IsObject() bool { return n.Elem == nil && n.Field == "" && n.Fixed == nil }

// Holds reports whether field is at n or below it.
func (n *Node) Holds(field string) bool {
	switch {
	case n.Field != "":
		return n.Field == field
	case n.Elem != nil:
		return n.Elem.Holds(field)
	}
	for _, m := range n.Members {
		if m.Node.Holds(field) {
			return true
		}
	}
	return false
}

func (n *Node) insert(path []string, field string) {
	if len(path) == 0 {
		n.Field = field
		return
	}
	if path[0] == "0" {
		if n.Elem == nil {
			n.Elem = &Node{}
		}
		n.Elem.insert(path[1:], field)
		return
	}
	for _, m := range n.Members {
		if m.Key == path[0] {
			m.Node.insert(path[1:], field)
			return
		}
	}
	child := &Node{}
	n.Members = append(n.Members, Member{path[0], child})
	child.insert(path[1:], field)
}

// Shape returns the shape of the body: the fixed members first, then the
// objects and arrays the paths lead through, in the order of Paths.
func (e *Envelope) Shape() *Node {
	root := &Node{}
	for _, m := range e.Fixed {
		root.Members = append(root.Members, Member{m.Key, &Node{Fixed: m.Value}})
	}
	for _, p := range e.Paths() {
		root.insert(p.Segments, p.Field)
	}
	return root
}

// Body encodes values, keyed by field, in the envelope's shape as compact
// JSON, the way generated code encodes an error: a member whose value is
// missing, or an object or array holding no value, is left out; the top
// level object is always written.
func (e *Envelope) Body(values map[string]json.RawMessage) []byte {
	var b bytes.Buffer
	if !encodeNode(&b, e.Shape(), values) {
		b.WriteString("{}")
	}
	return b.Bytes()
}

// encodeNode writes n and reports whether it wrote anything.
func encodeNode(b *bytes.Buffer, n *Node, values map[string]json.RawMessage) bool {
	switch {
	case n.Fixed != nil:
		// Escaped as encoding/json escapes a json.RawMessage it encodes.
		json.HTMLEscape(b, n.Fixed)
	case n.Field != "":
		v, ok := values[n.Field]
		if !ok {
			return false
		}
		b.Write(v)
	case n.Elem != nil:
		var elem bytes.Buffer
		if !encodeNode(&elem, n.Elem, values) {
			return false
		}
		b.WriteByte('[')
		b.Write(elem.Bytes())
		b.WriteByte(']')
	default:
		first := true
		for _, m := range n.Members {
			var member bytes.Buffer
			if !encodeNode(&member, m.Node, values) {
				continue
			}
			if first {
				b.WriteByte('{')
			} else {
				b.WriteByte(',')
			}
			first = false
			b.Write(quoteJSON(m.Key))
			b.WriteByte(':')
			b.Write(member.Bytes())
		}
		if first {
			return false
		}
		b.WriteByte('}')
	}
	return true
}

// quoteJSON returns s as a JSON string, escaped as encoding/json escapes it.
func quoteJSON(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// DocLink returns the link to code's entry in the docs, docs_url + "#" +
// anchor, or "" when the catalog has no docs_url.
func (c *Catalog) DocLink(code string) string {
	if c.DocsURL == "" {
		return ""
	}
	return c.DocsURL + "#" + Anchor(code)
}

// Anchor returns a code's stable anchor in the docs: the code in lower case
// with every character outside [a-z0-9_-] replaced by '-'.
func Anchor(code string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			return r
		}
		return '-'
	}, strings.ToLower(code))
}

// ExampleBody returns the body generated code writes for an error with a
// listed code and message, as New(code, message) makes it: the code, the
// message, the code's status, docs link and title where the envelope has
// paths for them, and the fixed members.
func (c *Catalog) ExampleBody(code *Code, message string) []byte {
	values := map[string]json.RawMessage{
		FieldCode:    quoteJSON(code.Code),
		FieldMessage: quoteJSON(message),
	}
	if code.Status != 0 {
		values[FieldStatus] = json.RawMessage(strconv.Itoa(code.Status))
	}
	if link := c.DocLink(code.Code); link != "" {
		values[FieldDocURL] = quoteJSON(link)
	}
	if code.Title != "" {
		values[FieldTitle] = quoteJSON(code.Title)
	}
	return c.Envelope.Body(values)
}
