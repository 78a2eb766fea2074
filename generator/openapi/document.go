package openapi

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/templates"
)

// Version is the OpenAPI version of the document.
const Version = "3.1.0"

// The names of the document's components, for an API's own document to
// $ref: the schemas, the Retry-After header, and ResponseName's responses.
const (
	CodeSchema        = "ErrorCode"
	ErrorSchema       = "Error"
	RetryAfterHeader  = "Retry-After"
	defaultAPIVersion = "0.0.0"
)

// ResponseName returns the name of the response component of an HTTP
// status: Error404.
func ResponseName(status int) string { return "Error" + strconv.Itoa(status) }

func ref(kind, name string) object {
	return object{{"$ref", "#/components/" + kind + "/" + name}}
}

// markdown makes catalog Markdown safe in a description: raw HTML shows
// literally, as in the Markdown docs.
func markdown(s string) string { return templates.Block(s) }

// contentType is the media type error bodies are sent with.
func contentType(c *catalog.Catalog) string { return c.Envelope.ContentType }

func document(c *catalog.Catalog) (object, error) {
	info := object{{"title", c.Name}}
	version := c.Version
	if version == "" {
		version = defaultAPIVersion
	}
	info.add("version", version)
	if d := markdown(c.Description); d != "" {
		info.add("description", d)
	}

	errSchema, err := errorSchema(c)
	if err != nil {
		return nil, err
	}
	components := object{{"schemas", object{
		{CodeSchema, codeSchema(c)},
		{ErrorSchema, errSchema},
	}}}
	responses, retryAfter, err := errorResponses(c)
	if err != nil {
		return nil, err
	}
	if len(responses) > 0 {
		components.add("responses", responses)
	}
	if retryAfter {
		components.add("headers", object{{RetryAfterHeader, object{
			{"description", "How long to wait before retrying: a number of seconds or an HTTP date. " +
				"A client honours it for the codes whose retry policy says so (`retry_after` in `x-errcat-retry`)."},
			{"schema", object{{"type", "string"}}},
		}}})
	}
	return object{
		{"openapi", Version},
		{"info", info},
		{"components", components},
	}, nil
}

// codeSchema is the ErrorCode schema: every listed code, in catalog order.
func codeSchema(c *catalog.Catalog) object {
	enum := list{}
	descriptions := object{}
	for _, code := range c.Codes {
		enum = append(enum, code.Code)
		descriptions.add(code.Code, codeDescription(code))
	}
	return object{
		{"type", "string"},
		{"description", "The error codes this version of the API lists, in catalog order; " +
			"`x-enumDescriptions` says when a client sees each. " +
			"A client must also accept codes this list does not name, and handle them by their HTTP status."},
		{"enum", enum},
		{"x-enumDescriptions", descriptions},
	}
}

// codeDescription is the code's description, with its deprecation noted.
func codeDescription(code *catalog.Code) string {
	d := markdown(code.Description)
	if code.Deprecated {
		d += "\n\n**Deprecated.**"
		if r := markdown(code.Deprecation); r != "" {
			d += " " + r
		}
	}
	return d
}

// errorSchema is the Error schema: the envelope's shape as JSON Schema.
func errorSchema(c *catalog.Catalog) (object, error) {
	s, err := shapeSchema(c.Envelope.Shape())
	if err != nil {
		return nil, err
	}
	return append(object{{"description", "The body of an error response."}}, s...), nil
}

// shapeSchema is the schema of one node of the envelope's shape.
func shapeSchema(n *catalog.Node) (object, error) {
	switch {
	case n.Fixed != nil:
		v, err := rawValue(n.Fixed)
		if err != nil {
			return nil, fmt.Errorf("openapi: fixed member: %w", err)
		}
		return object{{"const", v}}, nil
	case n.Field != "":
		return fieldSchema(n.Field), nil
	case n.Elem != nil:
		elem, err := shapeSchema(n.Elem)
		if err != nil {
			return nil, err
		}
		s := object{{"type", "array"}, {"items", elem}}
		if requiredNode(n.Elem) {
			s.add("minItems", 1)
		}
		return s, nil
	}
	s := object{{"type", "object"}}
	var required list
	properties := object{}
	for _, m := range n.Members {
		ms, err := shapeSchema(m.Node)
		if err != nil {
			return nil, err
		}
		properties.add(m.Key, ms)
		if requiredNode(m.Node) {
			required = append(required, m.Key)
		}
	}
	if len(required) > 0 {
		s.add("required", required)
	}
	s.add("properties", properties)
	return s, nil
}

// requiredNode reports whether every body holds n: a fixed member, or a
// node on the way to the code or the message.
func requiredNode(n *catalog.Node) bool {
	return n.Fixed != nil || n.Holds(catalog.FieldCode) || n.Holds(catalog.FieldMessage)
}

// fieldSchema is the schema of the member that holds a field of the error.
func fieldSchema(field string) object {
	switch field {
	case catalog.FieldCode:
		return object{
			{"description", "The error code. A code that `ErrorCode` does not list is still a valid code: handle it by the HTTP status."},
			{"anyOf", list{ref("schemas", CodeSchema), object{{"type", "string"}}}},
		}
	case catalog.FieldMessage:
		return object{{"type", "string"}, {"description", "What went wrong, for people."}}
	case catalog.FieldStatus:
		return object{{"type", "integer"}, {"minimum", 100}, {"maximum", 599}, {"description", "The HTTP status of the response."}}
	case catalog.FieldDetails:
		return object{{"description", "More about the error: any JSON value."}}
	case catalog.FieldDocURL:
		return object{{"type", "string"}, {"description", "A link to the code's entry in the error reference."}}
	case catalog.FieldTitle:
		return object{{"type", "string"}, {"description", "A short summary of the problem, the same for every occurrence of the code."}}
	case catalog.FieldInstance:
		return object{{"type", "string"}, {"description", "A URI reference that identifies this occurrence of the problem."}}
	}
	// A field this target does not know yet: any JSON value, which no body
	// fails.
	return object{}
}

// errorResponses is one response per HTTP status that a listed code is
// sent with, in order of status, and whether any of them carries the
// Retry-After header.
func errorResponses(c *catalog.Catalog) (object, bool, error) {
	var statuses []int
	for _, code := range c.Codes {
		if code.Response && code.Status != 0 && !slices.Contains(statuses, code.Status) {
			statuses = append(statuses, code.Status)
		}
	}
	slices.Sort(statuses)
	responses := object{}
	anyRetryAfter := false
	for _, status := range statuses {
		examples := object{}
		retryAfter := false
		for _, code := range c.Codes {
			if !code.Response || code.Status != status {
				continue
			}
			value, err := rawValue(c.ExampleBody(code, code.Description))
			if err != nil {
				return nil, false, fmt.Errorf("openapi: example of %q: %w", code.Code, err)
			}
			examples.add(code.Code, object{
				{"summary", code.Code},
				{"description", codeDescription(code)},
				{"value", value},
				{"x-errcat-retry", retrySpec(code.Retry)},
			})
			retryAfter = retryAfter || honoursRetryAfter(code.Retry)
		}
		text := statusTexts[status]
		if text == "" {
			text = "Status " + strconv.Itoa(status)
		}
		r := object{{"description", text}}
		if retryAfter {
			r.add("headers", object{{RetryAfterHeader, ref("headers", RetryAfterHeader)}})
			anyRetryAfter = true
		}
		r.add("content", object{{contentType(c), object{
			{"schema", ref("schemas", ErrorSchema)},
			{"examples", examples},
		}}})
		responses.add(ResponseName(status), r)
	}
	return responses, anyRetryAfter, nil
}

// honoursRetryAfter reports whether a client retrying under p waits as a
// Retry-After header says.
func honoursRetryAfter(p *catalog.Policy) bool { return p.Retryable() && p.RetryAfter }

// retrySpec is a policy as x-errcat-retry: its keys and values are those
// of the catalog's retry tables, durations in Go's syntax ("500ms"). The
// policy's name is given when it is not just its kind's; delays, when the
// policy waits between retries.
func retrySpec(p *catalog.Policy) object {
	s := object{{"kind", p.Kind.String()}}
	if p.Name != "" && p.Name != p.Kind.String() {
		s.add("policy", p.Name)
	}
	if p.Kind == catalog.RetryAfterAction && p.Action != "" {
		s.add("action", p.Action)
	}
	if !p.Retryable() {
		return s
	}
	s.add("max_retries", p.MaxRetries)
	if p.InitialDelay > 0 {
		s.add("initial_delay", p.InitialDelay.String())
		s.add("max_delay", p.MaxDelay.String())
		s.add("multiplier", p.Multiplier)
	}
	s.add("retry_after", p.RetryAfter)
	s.add("idempotent_only", p.IdempotentOnly)
	return s
}
