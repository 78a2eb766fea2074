package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity classifies a change between two versions of a catalog by what it
// does to clients.
type Severity int

// Severities, most severe first.
const (
	Breaking Severity = iota // a client that branches on codes can break
	Notable                  // behaviour changes that deserve a look
	Safe                     // additions and text edits
)

func (s Severity) String() string {
	return [...]string{"breaking", "notable", "safe"}[s]
}

// Change is one difference between two catalogs.
type Change struct {
	Severity Severity
	Subject  string   // the code, category or part of the catalog that changed
	Message  string   // what changed, with old → new values
	Hint     string   // what to do about it, may be empty
	Pos      Position // in the new catalog; in the old one when InOld
	InOld    bool     // the subject exists only in the old catalog
}

// Compare lists the changes from old to new: breaking first, then notable,
// then safe, each in catalog order.
func Compare(old, new *Catalog) []Change {
	d := &differ{}
	d.catalog(old, new)
	d.envelope(old, new)
	d.fallback(old, new)
	d.categories(old, new)
	d.codes(old, new)
	d.retired(old, new)
	slices.SortStableFunc(d.changes, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Severity, b.Severity), cmp.Compare(boolInt(a.InOld), boolInt(b.InOld)), a.Pos.compare(b.Pos))
	})
	return d.changes
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

type differ struct{ changes []Change }

// add records a change. Its message escapes unprintable characters, such
// as a bidi override inside a fixed member's JSON string.
func (d *differ) add(s Severity, subject string, pos Position, format string, args ...any) *Change {
	d.changes = append(d.changes, Change{Severity: s, Subject: subject, Pos: pos, Message: printable(fmt.Sprintf(format, args...))})
	return &d.changes[len(d.changes)-1]
}

func quoteOrNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return fmt.Sprintf("%q", s)
}

func (d *differ) catalog(old, new *Catalog) {
	at := Position{1, 1}
	if old.Package != new.Package {
		d.add(Notable, "catalog", at, "package %s → %s", quoteOrNone(old.Package), quoteOrNone(new.Package))
	}
	if old.Name != new.Name {
		d.add(Safe, "catalog", at, "name %q → %q", old.Name, new.Name)
	}
	if old.Description != new.Description || old.DocsURL != new.DocsURL {
		d.add(Safe, "catalog", at, "description or docs_url edited")
	}
}

func (d *differ) envelope(old, new *Catalog) {
	at := new.Envelope.Pos
	if old.Envelope.Format != new.Envelope.Format {
		d.add(Breaking, "envelope", at, "format %q → %q", old.Envelope.Format, new.Envelope.Format)
	}
	for _, field := range EnvelopeFields() {
		if o, n := old.Envelope.Path(field), new.Envelope.Path(field); !slices.Equal(o, n) {
			d.add(Breaking, "envelope", at, "%s path %s → %s", field, quoteOrNone(strings.Join(o, ".")), quoteOrNone(strings.Join(n, ".")))
		}
	}
	if old.Envelope.ContentType != new.Envelope.ContentType {
		d.add(Notable, "envelope", at, "content type %q → %q", old.Envelope.ContentType, new.Envelope.ContentType)
	}
	if fixedString(old.Envelope.Fixed) != fixedString(new.Envelope.Fixed) {
		d.add(Notable, "envelope", at, "fixed members %s → %s", cmp.Or(fixedString(old.Envelope.Fixed), "(none)"), cmp.Or(fixedString(new.Envelope.Fixed), "(none)"))
	}
}

func fixedString(ms []FixedMember) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, fmt.Sprintf("%q:%s", m.Key, m.Value))
	}
	if parts == nil {
		return ""
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// policyString describes what a policy does at run time.
func policyString(p *Policy) string {
	if p == nil {
		return "(none)"
	}
	s := p.Kind.String()
	if p.Name != "" && p.Name != s {
		s = p.Name + " (" + s + ")"
	}
	var opts []string
	if p.Retryable() {
		if p.MaxRetries > 0 {
			opts = append(opts, fmt.Sprintf("max %d", p.MaxRetries))
		}
		if p.InitialDelay > 0 {
			opts = append(opts, fmt.Sprintf("%s→%s ×%g", p.InitialDelay, p.MaxDelay, p.Multiplier))
		}
		if p.RetryAfter {
			opts = append(opts, "Retry-After")
		}
		if p.IdempotentOnly {
			opts = append(opts, "idempotent only")
		}
		switch {
		case p.Jitter == defaultJitter(p.Kind):
		case p.Jitter == JitterNone:
			opts = append(opts, "no jitter")
		default:
			opts = append(opts, p.Jitter.String()+" jitter")
		}
	}
	if len(opts) > 0 {
		s += " [" + strings.Join(opts, ", ") + "]"
	}
	return s
}

// defaultJitter is the jitter of a policy of kind k that does not set one;
// policyString names a jitter only where it differs.
func defaultJitter(k RetryKind) Jitter {
	if k == RetryBackoff {
		return JitterFull
	}
	return JitterNone
}

func (d *differ) fallback(old, new *Catalog) {
	at := Position{1, 1}
	if len(new.Fallback) > 0 && new.Fallback[0].Pos.Line > 0 {
		at = new.Fallback[0].Pos
	}
	// Compare rule by rule; a status or class only one side names gets the
	// other side's answer for it.
	var keys []string
	for _, rules := range [][]*FallbackRule{old.Fallback, new.Fallback} {
		for _, r := range rules {
			if !slices.Contains(keys, r.Key) {
				keys = append(keys, r.Key)
			}
		}
	}
	for _, key := range keys {
		o, n := fallbackFor(old, key), fallbackFor(new, key)
		if o.Runtime() != n.Runtime() {
			d.add(Notable, "fallback", at, "unlisted codes with status %s: %s → %s", key, policyString(o), policyString(n))
		}
	}
}

// fallbackFor is the policy c gives unlisted codes with a status key.
func fallbackFor(c *Catalog, key string) *Policy {
	for _, r := range c.Fallback {
		if r.Key == key {
			return r.Policy
		}
	}
	switch {
	case key == "default":
		return c.FallbackFor(0)
	case strings.HasSuffix(key, "xx"):
		return c.FallbackFor(int(key[0]-'0')*100 + 99)
	}
	var status int
	fmt.Sscan(key, &status)
	return c.FallbackFor(status)
}

func (d *differ) categories(old, new *Catalog) {
	for _, nc := range new.Categories {
		oc := old.Category(nc.Key)
		switch {
		case oc == nil:
			d.add(Safe, "category "+nc.Key, nc.Pos, "added")
		case oc.Title != nc.Title || oc.Description != nc.Description:
			d.add(Safe, "category "+nc.Key, nc.Pos, "title or description edited")
		}
	}
	for _, oc := range old.Categories {
		if new.Category(oc.Key) == nil {
			c := d.add(Notable, "category "+oc.Key, oc.Pos, "removed")
			c.InOld = true
		}
	}
}

func categoryKey(c *Category) string {
	if c == nil {
		return ""
	}
	return c.Key
}

func statusString(s int) string {
	if s == 0 {
		return "async only"
	}
	return fmt.Sprint(s)
}

func (d *differ) codes(old, new *Catalog) {
	for _, nc := range new.Codes {
		oc := old.Code(nc.Code)
		if oc == nil {
			if r := old.RetiredCode(nc.Code); r != nil {
				c := d.add(Breaking, nc.Code, nc.Pos, "retired code is listed again")
				c.Hint = "a retired code may never come back: clients may still treat it as gone; choose a new code"
				continue
			}
			d.add(Safe, nc.Code, nc.Pos, "added (status %s, retry %s)", statusString(nc.Status), policyString(nc.Retry))
			continue
		}
		d.code(oc, nc)
	}
	for _, oc := range old.Codes {
		if new.Code(oc.Code) != nil {
			continue
		}
		c := d.add(Breaking, oc.Code, oc.Pos, "removed (was status %s)", statusString(oc.Status))
		c.InOld = true
		if new.RetiredCode(oc.Code) == nil {
			c.Hint = fmt.Sprintf("add [retired.%s] with a reason, so the code is documented and never reused", oc.Code)
		} else {
			c.Message = fmt.Sprintf("removed and retired (was status %s)", statusString(oc.Status))
		}
	}
}

func (d *differ) code(oc, nc *Code) {
	if oc.Status != nc.Status {
		d.add(Breaking, nc.Code, nc.Pos, "status %s → %s", statusString(oc.Status), statusString(nc.Status))
	}
	if categoryKey(oc.Category) != categoryKey(nc.Category) {
		d.add(Breaking, nc.Code, nc.Pos, "category %s → %s", quoteOrNone(categoryKey(oc.Category)), quoteOrNone(categoryKey(nc.Category)))
	}
	if oc.GoNameKey != nc.GoNameKey {
		d.add(Breaking, nc.Code, nc.Pos, "go_name %s → %s", quoteOrNone(oc.GoNameKey), quoteOrNone(nc.GoNameKey))
	}
	switch {
	case oc.Retry.Retryable() && !nc.Retry.Retryable():
		d.add(Breaking, nc.Code, nc.Pos, "stopped being retryable: %s → %s", policyString(oc.Retry), policyString(nc.Retry))
	case oc.Retry.Runtime() != nc.Retry.Runtime():
		d.add(Notable, nc.Code, nc.Pos, "retry %s → %s", policyString(oc.Retry), policyString(nc.Retry))
	case oc.Retry.Label != nc.Retry.Label || oc.Retry.Action != nc.Retry.Action || oc.RetryNote != nc.RetryNote:
		d.add(Safe, nc.Code, nc.Pos, "retry guidance text edited")
	}
	if oc.Title != nc.Title {
		d.add(Notable, nc.Code, nc.Pos, "title %q → %q", oc.Title, nc.Title)
	}
	if oc.Response != nc.Response || oc.Async != nc.Async {
		d.add(Notable, nc.Code, nc.Pos, "surfaces %s → %s", surfaces(oc), surfaces(nc))
	}
	switch {
	case !oc.Deprecated && nc.Deprecated:
		d.add(Notable, nc.Code, nc.Pos, "deprecated: %s", quoteOrNone(nc.Deprecation))
	case oc.Deprecated && !nc.Deprecated:
		d.add(Notable, nc.Code, nc.Pos, "no longer deprecated")
	}
	if params(oc.Message) != params(nc.Message) {
		d.add(Notable, nc.Code, nc.Pos, "message parameters (%s) → (%s)", params(oc.Message), params(nc.Message))
	}
	if oc.Description != nc.Description || oc.Fix != nc.Fix || oc.Since != nc.Since || messageText(oc) != messageText(nc) ||
		(oc.Deprecated && nc.Deprecated && oc.Deprecation != nc.Deprecation) {
		d.add(Safe, nc.Code, nc.Pos, "text edited")
	}
}

func surfaces(c *Code) string {
	var s []string
	if c.Response {
		s = append(s, "response")
	}
	if c.Async {
		s = append(s, "async")
	}
	return strings.Join(s, "+")
}

func params(m *Message) string {
	if m == nil {
		return "no constructor"
	}
	return strings.Join(m.Params, ", ")
}

func messageText(c *Code) string {
	if c.Message == nil {
		return ""
	}
	return c.Message.Template
}

func (d *differ) retired(old, new *Catalog) {
	for _, nr := range new.Retired {
		if old.RetiredCode(nr.Code) == nil && old.Code(nr.Code) == nil {
			d.add(Safe, nr.Code, nr.Pos, "retired code documented")
		}
	}
	for _, or := range old.Retired {
		if new.RetiredCode(or.Code) == nil && new.Code(or.Code) == nil {
			c := d.add(Notable, or.Code, or.Pos, "retired code's tombstone removed")
			c.InOld = true
			c.Hint = "keep [retired." + or.Code + "] so the code is never reused"
		}
	}
}
