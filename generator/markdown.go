package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/template"
	"unicode"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/templates"
)

// Markdown renders the docs of c with tmpl, or with the built-in template
// when tmpl is nil. Use templates.Parse for a user's template.
func Markdown(c *catalog.Catalog, tmpl *template.Template) ([]byte, error) {
	if tmpl == nil {
		tmpl = templates.Default()
	}
	out, err := templates.Render(tmpl, DocData(c))
	if err != nil {
		return nil, fmt.Errorf("docs template: %w", err)
	}
	return out, nil
}

// DocData builds the data model docs templates are executed with.
func DocData(c *catalog.Catalog) *templates.Data {
	d := &templates.Data{Name: c.Name, Description: c.Description, DocsURL: c.DocsURL}
	codes := map[*catalog.Code]templates.Code{}
	for _, code := range c.Codes {
		dc := docCode(code)
		codes[code] = dc
		d.Codes = append(d.Codes, dc)
		d.HasFix = d.HasFix || code.Fix != ""
		d.HasAsync = d.HasAsync || code.Async
		d.HasDeprecated = d.HasDeprecated || code.Deprecated
	}
	for _, cat := range c.Categories {
		dc := templates.Category{Key: cat.Key, Title: cat.Title, Description: cat.Description, Status: cat.Status, AsyncOnly: len(cat.Codes) > 0}
		for _, code := range cat.Codes {
			dc.Codes = append(dc.Codes, codes[code])
			dc.HasFix = dc.HasFix || code.Fix != ""
			dc.AsyncOnly = dc.AsyncOnly && code.AsyncOnly()
		}
		d.Categories = append(d.Categories, dc)
	}
	for _, r := range c.Retired {
		d.Retired = append(d.Retired, templates.Retired{Code: r.Code, Anchor: templates.Anchor(r.Code), Reason: r.Reason, Removed: r.Removed})
	}
	d.Fallback = docFallback(c)
	d.Envelope = docEnvelope(c)
	return d
}

func docCode(code *catalog.Code) templates.Code {
	dc := templates.Code{
		Code:        code.Code,
		Anchor:      templates.Anchor(code.Code),
		GoName:      code.GoName,
		Status:      code.Status,
		StatusText:  templates.Status(code.Status, code.Async),
		Description: code.Description,
		Fix:         code.Fix,
		Response:    code.Response,
		Async:       code.Async,
		Deprecated:  code.Deprecated,
		Deprecation: code.Deprecation,
		Since:       code.Since,
		Retry:       docRetry(code.Retry, code.RetryNote),
	}
	if code.Category != nil {
		dc.Category = code.Category.Key
	}
	if code.Message != nil {
		dc.Message = code.Message.Template
	}
	return dc
}

// retryAnswer is the "Retry?" cell of SPEC §2, or the policy's label.
func retryAnswer(p *catalog.Policy) string {
	if p.Label != "" {
		return p.Label
	}
	switch p.Kind {
	case catalog.RetryAfterAction:
		return "After action"
	case catalog.RetryOnce:
		return "Once"
	case catalog.RetryBackoff:
		if p.MaxRetries > 0 {
			return fmt.Sprintf("Yes (back off, ≤%d×)", p.MaxRetries)
		}
		return "Yes (back off)"
	}
	return "No"
}

func docRetry(p *catalog.Policy, note string) templates.Retry {
	var notes []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			notes = append(notes, sentence(s))
		}
	}
	add(note)
	if p.Kind == catalog.RetryAfterAction {
		add(p.Action)
	}
	if p.Retryable() {
		if p.RetryAfter {
			add("Honour Retry-After when present")
		}
		if p.IdempotentOnly {
			add("Retry only requests that are safe to repeat (GET, PUT, DELETE, or with an Idempotency-Key)")
		}
	}
	return templates.Retry{
		Policy:         p.Name,
		Kind:           p.Kind.String(),
		Answer:         retryAnswer(p),
		Notes:          strings.Join(notes, " "),
		Retryable:      p.Retryable(),
		MaxRetries:     p.MaxRetries,
		InitialDelay:   p.InitialDelay.String(),
		MaxDelay:       p.MaxDelay.String(),
		Multiplier:     p.Multiplier,
		RetryAfter:     p.RetryAfter,
		IdempotentOnly: p.IdempotentOnly,
		Action:         p.Action,
	}
}

func docFallback(c *catalog.Catalog) []templates.Fallback {
	var out []templates.Fallback
	def := c.Policy("never")
	for _, r := range c.Fallback {
		if r.Key == "default" {
			def = r.Policy
			continue
		}
		out = append(out, templates.Fallback{Statuses: r.Key, Retry: docRetry(r.Policy, "")})
	}
	return append(out, templates.Fallback{Statuses: "Any other status", Retry: docRetry(def, "")})
}

func docEnvelope(c *catalog.Catalog) templates.Envelope {
	e := &c.Envelope
	path := func(p []string) string { return strings.Join(p, ".") }
	d := templates.Envelope{
		Code: path(e.Code), Message: path(e.Message), Status: path(e.Status),
		Details: path(e.Details), DocURL: path(e.DocURL),
	}
	if len(e.Fixed) > 0 {
		var parts []string
		for _, m := range e.Fixed {
			key, _ := json.Marshal(m.Key)
			parts = append(parts, fmt.Sprintf("%s: %s", key, m.Value))
		}
		d.Fixed = "{" + strings.Join(parts, ", ") + "}"
	}
	if ex := e.Example; ex != nil {
		d.ExampleCode = ex.Code
		d.Example = exampleBody(c, ex)
	}
	return d
}

// exampleBody encodes an example error in the envelope, indented: the
// code's message template (or description) as the message, its status,
// its docs link, and the fixed members.
func exampleBody(c *catalog.Catalog, code *catalog.Code) string {
	message := oneLine(code.Description)
	if m := code.Message; m != nil {
		var b strings.Builder
		for _, part := range m.Parts {
			if part.Param >= 0 {
				b.WriteString("{" + m.Params[part.Param].Name + "}")
			} else {
				b.WriteString(part.Text)
			}
		}
		message = b.String()
	}
	values := map[string]json.RawMessage{
		"code":    quote(code.Code),
		"message": quote(message),
	}
	if code.Status != 0 {
		values["status"] = json.RawMessage(fmt.Sprint(code.Status))
	}
	if c.DocsURL != "" {
		values["doc_url"] = quote(c.DocsURL + "#" + templates.Anchor(code.Code))
	}
	var b bytes.Buffer
	encodeExample(&b, envelopeShape(&c.Envelope), values)
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return jsonVisible(b.String())
	}
	return jsonVisible(out.String())
}

// jsonVisible writes the controls and bidirectional formatting characters
// that encoding/json leaves in strings (DEL, C1 controls, bidi controls) as
// \u escapes, so that the example shows them for what they are. Outside
// strings, JSON holds none of them.
func jsonVisible(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) && r >= 0x7f || unicode.Is(unicode.Bidi_Control, r) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func quote(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// encodeExample writes the shape as JSON, leaving out holes without a value
// and objects left empty.
func encodeExample(b *bytes.Buffer, n *jsonNode, values map[string]json.RawMessage) bool {
	switch {
	case n.raw != nil:
		b.Write(n.raw)
	case n.array != nil:
		b.WriteByte('[')
		encodeExample(b, n.array, values)
		b.WriteByte(']')
	case n.hole != "":
		v, ok := values[n.hole]
		if !ok {
			return false
		}
		b.Write(v)
	default:
		b.WriteByte('{')
		first := true
		for _, m := range n.object {
			var member bytes.Buffer
			if !encodeExample(&member, m.node, values) {
				continue
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			b.Write(quote(m.key))
			b.WriteByte(':')
			b.Write(member.Bytes())
		}
		b.WriteByte('}')
		return !first
	}
	return true
}
