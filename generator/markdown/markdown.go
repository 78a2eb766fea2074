// Package markdown is errcat's Markdown target: the catalog's reference
// docs, rendered from the built-in template in package templates or from a
// user's own (SPEC §5).
package markdown

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/template"
	"unicode"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/ident"
	"github.com/errcat/errcat/templates"
)

// Markdown renders the docs of c with tmpl, or with the built-in template
// when tmpl is nil. Use templates.Parse for a user's template.
func Markdown(c *catalog.Catalog, tmpl *template.Template) ([]byte, error) {
	return Render(context.Background(), c, tmpl, templates.MaxOutput)
}

// Render is Markdown that stops the template when ctx is done or when it
// writes more than maxOutput bytes (see templates.RenderLimit).
func Render(ctx context.Context, c *catalog.Catalog, tmpl *template.Template, maxOutput int) ([]byte, error) {
	out, err := templates.RenderLimit(ctx, tmpl, DocData(c), maxOutput)
	if err != nil {
		return nil, fmt.Errorf("docs template: %w", err)
	}
	return out, nil
}

// DocData builds the data model docs templates are executed with.
func DocData(c *catalog.Catalog) *templates.Data {
	d := &templates.Data{Name: c.Name, Description: c.Description, DocsURL: c.DocsURL, HasTitle: c.Envelope.Title != nil}
	// Codes are in catalog order, so a category's are found by index; most
	// share their policy's retry guidance, which is built once.
	index := make(map[*catalog.Code]int, len(c.Codes))
	retries := map[*catalog.Policy]templates.Retry{}
	d.Codes = make([]templates.Code, 0, len(c.Codes))
	for i, code := range c.Codes {
		dc := docCode(code, retries)
		index[code] = i
		d.Codes = append(d.Codes, dc)
		d.HasFix = d.HasFix || code.Fix != ""
		d.HasAsync = d.HasAsync || code.Async
		d.HasDeprecated = d.HasDeprecated || code.Deprecated
	}
	if len(c.Categories) > 0 {
		d.Categories = make([]templates.Category, 0, len(c.Categories))
	}
	for _, cat := range c.Categories {
		dc := templates.Category{Key: cat.Key, Title: cat.Title, Description: cat.Description, Status: cat.Status, AsyncOnly: len(cat.Codes) > 0, HasTitle: d.HasTitle}
		dc.Codes = make([]templates.Code, 0, len(cat.Codes))
		for _, code := range cat.Codes {
			dc.Codes = append(dc.Codes, d.Codes[index[code]])
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

func docCode(code *catalog.Code, retries map[*catalog.Policy]templates.Retry) templates.Code {
	retry, ok := retries[code.Retry]
	if !ok || code.RetryNote != "" {
		retry = docRetry(code.Retry, code.RetryNote)
		if code.RetryNote == "" {
			retries[code.Retry] = retry
		}
	}
	dc := templates.Code{
		Code:        code.Code,
		Anchor:      templates.Anchor(code.Code),
		GoName:      ident.Code(code),
		Title:       code.Title,
		Status:      code.Status,
		StatusText:  templates.Status(code.Status, code.Async),
		Description: code.Description,
		Fix:         code.Fix,
		Response:    code.Response,
		Async:       code.Async,
		Deprecated:  code.Deprecated,
		Deprecation: code.Deprecation,
		Since:       code.Since,
		Retry:       retry,
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
			notes = append(notes, catalog.Sentence(s))
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
			add("Retry only requests that are safe to repeat (GET, PUT, DELETE, or with an Idempotency-Key).")
		}
		if p.InitialDelay > 0 {
			switch p.Jitter {
			case catalog.JitterFull:
				add("Full jitter: wait a random time up to each delay")
			case catalog.JitterEqual:
				add("Equal jitter: wait half of each delay plus a random part of the other half")
			}
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

// statusNotImplemented is 501 Not Implemented.
const statusNotImplemented = 501

// docFallback is the table of codes the catalog does not list. Generated
// code never retries 501 Not Implemented by the fallback (SPEC §9): where
// the table would, a row says so, before the rule it overrides.
func docFallback(c *catalog.Catalog) []templates.Fallback {
	var out []templates.Fallback
	notImplemented := c.FallbackFor(statusNotImplemented).Retryable()
	addNotImplemented := func() {
		if notImplemented {
			never := &catalog.Policy{Kind: catalog.RetryNever}
			out = append(out, templates.Fallback{Statuses: "501", Retry: docRetry(never, "Not Implemented: a retry cannot help.")})
			notImplemented = false
		}
	}
	def := c.Policy("never")
	for _, r := range c.Fallback {
		switch {
		case r.Key == "default":
			def = r.Policy
			continue
		case r.Status == statusNotImplemented:
			continue
		case r.Class == 5:
			addNotImplemented()
		}
		out = append(out, templates.Fallback{Statuses: r.Key, Retry: docRetry(r.Policy, "")})
	}
	addNotImplemented()
	return append(out, templates.Fallback{Statuses: "Any other status", Retry: docRetry(def, "")})
}

func docEnvelope(c *catalog.Catalog) templates.Envelope {
	e := &c.Envelope
	path := func(p []string) string { return strings.Join(p, ".") }
	d := templates.Envelope{
		Format: e.Format, ContentType: e.ContentType,
		Code: path(e.Code), Message: path(e.Message), Status: path(e.Status),
		Details: path(e.Details), DocURL: path(e.DocURL), Title: path(e.Title), Instance: path(e.Instance),
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

// exampleBody is the body generated code writes for the example code,
// indented, with the code's message template (placeholders as written) or
// its description as the message.
func exampleBody(c *catalog.Catalog, code *catalog.Code) string {
	message := catalog.OneLine(code.Description)
	if m := code.Message; m != nil {
		var b strings.Builder
		for _, part := range m.Parts {
			if part.Param >= 0 {
				b.WriteString("{" + m.Params[part.Param] + "}")
			} else {
				b.WriteString(part.Text)
			}
		}
		message = b.String()
	}
	body := c.ExampleBody(code, message)
	var out bytes.Buffer
	if err := json.Indent(&out, body, "", "  "); err != nil {
		return jsonVisible(string(body))
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
