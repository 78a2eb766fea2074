package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The loader's methods in this file each resolve one part of the decoded
// document into the model, reporting what is wrong with it.

// catalogTable reads [catalog].
func (l *loader) catalogTable(c *Catalog, doc map[string]any) {
	v, ok := doc["catalog"]
	if !ok {
		l.errorf(Position{1, 1}, "missing [catalog] table")
		return
	}
	path := []string{"catalog"}
	m, ok := l.table(path, v)
	if !ok {
		return
	}
	l.known(path, m, "name", "package", "description", "code_style", "docs_url", "version")
	c.Name = l.required(path, m, "name")
	c.Description, _ = l.str(path, m, "description")
	c.DocsURL, _ = l.str(path, m, "docs_url")
	c.Package, _ = l.str(path, m, "package")
	c.Version, _ = l.str(path, m, "version")
	if style, ok := l.str(path, m, "code_style"); ok {
		if _, known := codeStyles[style]; !known {
			names := []string{"SCREAMING_SNAKE_CASE", "PascalCase", "snake_case", "any"}
			l.errorf(l.ix.key(extend(path, "code_style")...), "unknown code_style %q: want one of %s%s",
				style, strings.Join(names, ", "), suggest(style, names))
		} else {
			c.CodeStyle = style
		}
	}
}

var codeStyles = map[string]*regexp.Regexp{
	"SCREAMING_SNAKE_CASE": regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`),
	"PascalCase":           regexp.MustCompile(`^[A-Z][a-zA-Z0-9]*$`),
	"snake_case":           regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`),
	"any":                  nil,
}

// output reads [output]: paths that must stay inside the catalog's
// directory, or "" to turn a target off. Which keys are known is the
// targets' business.
func (l *loader) output(c *Catalog, v any) {
	path := []string{"output"}
	m, keys := l.subtables(path, v)
	for _, key := range keys {
		s, ok := l.str(path, m, key)
		if !ok {
			continue
		}
		pos := l.ix.key(extend(path, key)...)
		if s != "" && !localPath(s) {
			l.errorf(pos, "output path %q must be relative and stay inside the catalog's directory (flags may point anywhere)", s)
			continue
		}
		c.Outputs = append(c.Outputs, OutputPath{Key: key, Path: s, Pos: pos})
	}
}

// localPath reports whether p is a relative path that does not climb out of
// its directory.
func localPath(p string) bool {
	p = strings.ReplaceAll(p, `\`, "/")
	if p == "" || strings.HasPrefix(p, "/") || (len(p) > 1 && p[1] == ':') {
		return false
	}
	clean := path.Clean(p)
	return clean != ".." && !strings.HasPrefix(clean, "../") && clean != "."
}

var builtinPolicies = []string{"never", "after_action", "once", "backoff"}

func builtinPolicy(kind RetryKind) *Policy {
	p := &Policy{Name: kind.String(), Kind: kind, Builtin: true}
	switch kind {
	case RetryOnce:
		p.MaxRetries = 1
	case RetryBackoff:
		p.Multiplier = 2
		p.InitialDelay = 500 * time.Millisecond
		p.MaxDelay = 30 * time.Second
		p.RetryAfter = true
	}
	return p
}

// policies lists the built-in policies, then those [retry] declares; a
// declared policy with a built-in's name replaces it.
func (l *loader) policies(c *Catalog, v any) {
	for k := range kindNames {
		c.Policies = append(c.Policies, builtinPolicy(RetryKind(k)))
	}
	path := []string{"retry"}
	m, keys := l.subtables(path, v)
	for _, name := range keys {
		p := extend(path, name)
		pm, ok := l.table(p, m[name])
		if !ok {
			continue
		}
		pol := l.policy(p, name, pm)
		if i := slices.Index(builtinPolicies, name); i >= 0 {
			c.Policies[i] = pol
		} else {
			c.Policies = append(c.Policies, pol)
		}
	}
}

// policy reads a policy table: [retry.NAME] or an inline retry = {…}.
func (l *loader) policy(path []string, name string, m map[string]any) *Policy {
	l.known(path, m, "kind", "max_retries", "initial_delay", "max_delay", "multiplier",
		"retry_after", "idempotent_only", "label", "action")
	kind, invalid := RetryNever, false
	if s, ok := l.str(path, m, "kind"); ok {
		i := slices.Index(kindNames[:], s)
		if i < 0 {
			invalid = true
			l.errorf(l.ix.key(extend(path, "kind")...), "unknown retry kind %q: want never, after_action, once or backoff%s", s, suggest(s, kindNames[:]))
		} else {
			kind = RetryKind(i)
		}
	} else if _, present := m["kind"]; !present {
		if i := slices.Index(builtinPolicies, name); i >= 0 {
			kind = RetryKind(i)
		} else {
			l.errorf(l.ix.table(path...), "%s is missing required key %q", tableName(path), "kind")
		}
	}
	p := builtinPolicy(kind)
	p.Name, p.Builtin, p.Pos, p.invalid = name, false, l.ix.table(path...), invalid

	if n, ok := l.integer(path, m, "max_retries"); ok {
		switch {
		case n < 0:
			l.errorf(l.ix.key(extend(path, "max_retries")...), "max_retries must not be negative")
		case kind == RetryOnce && n != 1:
			l.errorf(l.ix.key(extend(path, "max_retries")...), "max_retries must be 1 for kind \"once\"")
		default:
			p.MaxRetries = n
		}
	}
	initial, initialSet := l.duration(path, m, "initial_delay")
	if initialSet {
		p.InitialDelay = initial
		if p.Multiplier == 0 {
			p.Multiplier = 2
		}
	}
	maxDelay, maxSet := l.duration(path, m, "max_delay")
	switch {
	case maxSet:
		p.MaxDelay = maxDelay
		if p.MaxDelay < p.InitialDelay {
			l.errorf(l.ix.key(extend(path, "max_delay")...), "max_delay %s is less than initial_delay %s", p.MaxDelay, p.InitialDelay)
		}
	case p.MaxDelay < p.InitialDelay:
		// Without max_delay, the cap is 30s, or the initial delay when longer.
		p.MaxDelay = max(p.InitialDelay, 30*time.Second)
	}
	if v, ok := m["multiplier"]; ok {
		var f float64
		switch n := v.(type) {
		case float64:
			f = n
		case int64:
			f = float64(n)
		default:
			l.errorf(l.ix.key(extend(path, "multiplier")...), "multiplier must be a number, not %s", typeName(v))
			f = 1
		}
		if f < 1 || math.IsNaN(f) || math.IsInf(f, 0) {
			l.errorf(l.ix.key(extend(path, "multiplier")...), "multiplier must be a finite number of at least 1, not %v", f)
		} else {
			p.Multiplier = f
		}
	}
	if b, ok := l.boolean(path, m, "retry_after"); ok {
		p.RetryAfter = b
	}
	if b, ok := l.boolean(path, m, "idempotent_only"); ok {
		p.IdempotentOnly = b
	}
	p.Label, _ = l.str(path, m, "label")
	p.Action, _ = l.str(path, m, "action")
	return p
}

func (l *loader) duration(path []string, m map[string]any, key string) (time.Duration, bool) {
	s, ok := l.str(path, m, key)
	if !ok {
		return 0, false
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		l.errorf(l.ix.key(extend(path, key)...), "%s %q is not a duration such as \"500ms\" or \"30s\"", key, s)
		return 0, false
	case d < 0:
		l.errorf(l.ix.key(extend(path, key)...), "%s must not be negative", key)
		return 0, false
	}
	return d, true
}

// policyRef resolves a retry value: a policy name or an inline table.
func (l *loader) policyRef(c *Catalog, path []string, v any) *Policy {
	switch v := v.(type) {
	case string:
		if p := c.Policy(v); p != nil {
			return p
		}
		var names []string
		for _, p := range c.Policies {
			names = append(names, p.Name)
		}
		l.errorf(l.ix.key(path...), "unknown retry policy %q%s", v, suggest(v, names))
	case map[string]any:
		return l.policy(path, "", v)
	default:
		l.errorf(l.ix.key(path...), "%s must be a policy name or an inline table, not %s", path[len(path)-1], typeName(v))
	}
	return nil
}

var fallbackKey = regexp.MustCompile(`^(?:[1-5][0-9][0-9]|[1-5]xx|default)$`)

// fallback reads [fallback], or sets up the SPEC's default table.
func (l *loader) fallback(c *Catalog, v any) {
	if v == nil {
		backoff := c.Policy("backoff")
		c.Fallback = []*FallbackRule{
			{Key: "408", Status: 408, Policy: backoff},
			{Key: "429", Status: 429, Policy: backoff},
			{Key: "5xx", Class: 5, Policy: backoff},
			{Key: "default", Policy: c.Policy("never")},
		}
		return
	}
	path := []string{"fallback"}
	m, keys := l.subtables(path, v)
	for _, key := range keys {
		p := extend(path, key)
		pos := l.ix.key(p...)
		if !fallbackKey.MatchString(key) {
			l.errorf(pos, "invalid [fallback] key %q: want a status such as \"429\", a class such as \"5xx\", or \"default\"", key)
			continue
		}
		r := &FallbackRule{Key: key, Pos: pos, Policy: l.policyRef(c, p, m[key])}
		switch {
		case key == "default":
		case strings.HasSuffix(key, "xx"):
			r.Class = int(key[0] - '0')
		default:
			r.Status, _ = strconv.Atoi(key)
		}
		if r.Policy != nil {
			c.Fallback = append(c.Fallback, r)
		}
	}
}

// subtables returns the table at path and its keys in file order, or
// nothing when v is absent or not a table (which is reported).
func (l *loader) subtables(path []string, v any) (map[string]any, []string) {
	if v == nil {
		return nil, nil
	}
	m, ok := l.table(path, v)
	if !ok {
		return nil, nil
	}
	return m, l.ordered(path, m)
}

// categories reads [categories] in file order.
func (l *loader) categories(c *Catalog, v any) {
	path := []string{"categories"}
	m, keys := l.subtables(path, v)
	for _, key := range keys {
		p := extend(path, key)
		cm, ok := l.table(p, m[key])
		if !ok {
			continue
		}
		l.known(p, cm, "title", "description", "status", "retry")
		cat := &Category{Key: key, Pos: l.ix.key(p...), Title: defaultTitle(key)}
		if t, ok := l.str(p, cm, "title"); ok {
			cat.Title = t
		}
		cat.Description, _ = l.str(p, cm, "description")
		cat.Status = l.status(p, cm)
		if rv, ok := cm["retry"]; ok {
			cat.Retry = l.policyRef(c, extend(p, "retry"), rv)
		}
		c.Categories = append(c.Categories, cat)
	}
}

// codes reads [codes] in file order.
func (l *loader) codes(c *Catalog, v any) {
	path := []string{"codes"}
	m, keys := l.subtables(path, v)
	l.codesWritten = len(m) > 0
	style := codeStyles[c.CodeStyle]
	for _, key := range keys {
		p := extend(path, key)
		pos := l.ix.key(p...)
		switch {
		case key == "":
			l.errorf(pos, "empty code")
			continue
		case strings.IndexFunc(key, unicode.IsSpace) >= 0:
			l.errorf(pos, "code %q contains whitespace", key)
			continue
		case style != nil && !style.MatchString(key):
			l.errorf(pos, "code %q does not match code_style %s", key, c.CodeStyle)
		}
		cm, ok := l.table(p, m[key])
		if !ok {
			continue
		}
		c.Codes = append(c.Codes, l.code(c, p, key, cm))
	}
}

// code resolves one code: its category, status, policy and texts.
func (l *loader) code(c *Catalog, path []string, key string, m map[string]any) *Code {
	l.known(path, m, "category", "status", "description", "fix", "retry", "retry_note",
		"message", "surfaces", "deprecated", "since", "go_name")
	code := &Code{Code: key, Pos: l.ix.key(path...), Response: true}
	if name, ok := l.str(path, m, "category"); ok {
		code.Category = l.category(c, extend(path, "category"), name)
	} else if _, present := m["category"]; !present && len(c.Categories) > 0 {
		l.errorf(l.ix.table(path...), "%s is missing required key %q", tableName(path), "category")
	}
	code.Status = l.status(path, m)
	code.Description = l.required(path, m, "description")
	code.Fix, _ = l.str(path, m, "fix")
	code.RetryNote, _ = l.str(path, m, "retry_note")
	code.Since, _ = l.str(path, m, "since")
	code.Deprecation, code.Deprecated = l.str(path, m, "deprecated")
	_, retrySet := m["retry"]
	if retrySet {
		code.Retry = l.policyRef(c, extend(path, "retry"), m["retry"])
	}
	switch {
	case retrySet:
		// Set, or nil after an error was reported.
	case code.Category != nil && code.Category.Retry != nil:
		code.Retry = code.Category.Retry
	default:
		code.Retry = c.Policy("never")
	}
	if tmpl, ok := l.str(path, m, "message"); ok {
		code.Message = l.message(extend(path, "message"), tmpl)
	}
	if sv, ok := m["surfaces"]; ok {
		l.surfaces(extend(path, "surfaces"), sv, code)
	}
	code.GoNameKey, _ = l.str(path, m, "go_name")
	if code.Status == 0 && code.Category != nil && code.Response {
		// An async-only code is never sent with a status.
		code.Status = code.Category.Status
	}
	_, statusSet := m["status"]
	_, categorySet := m["category"]
	if code.Response && code.Status == 0 && !statusSet && (!categorySet || code.Category != nil) {
		l.errorf(l.ix.table(path...), "code %s has no status: set status here or on its category, or surfaces = [\"async\"] for a code that never appears in a response", key)
	}
	if code.Status != 0 && code.Status < 400 {
		at := l.ix.key(extend(path, "status")...)
		l.warnf(at, "status %d of code %s is not an error status", code.Status, key)
	}
	if code.Category != nil {
		code.Category.Codes = append(code.Category.Codes, code)
	}
	return code
}

// category finds the category a code names.
func (l *loader) category(c *Catalog, path []string, name string) *Category {
	var keys []string
	for _, cat := range c.Categories {
		if cat.Key == name {
			return cat
		}
		keys = append(keys, cat.Key)
	}
	if len(keys) == 0 {
		l.errorf(l.ix.key(path...), "unknown category %q: the catalog declares no [categories]", name)
	} else {
		l.errorf(l.ix.key(path...), "unknown category %q%s", name, suggest(name, keys))
	}
	return nil
}

// surfaces reads a code's surfaces list.
func (l *loader) surfaces(path []string, v any, code *Code) {
	list, ok := v.([]any)
	if !ok {
		l.errorf(l.ix.key(path...), "surfaces must be an array of strings, not %s", typeName(v))
		return
	}
	if len(list) == 0 {
		l.errorf(l.ix.key(path...), "surfaces must not be empty: use \"response\", \"async\" or both")
		return
	}
	code.Response = false
	for _, item := range list {
		switch s, _ := item.(string); s {
		case "response":
			code.Response = true
		case "async":
			code.Async = true
		default:
			l.errorf(l.ix.key(path...), "unknown surface %q: want \"response\" or \"async\"%s", fmt.Sprint(item), suggest(s, []string{"response", "async"}))
			code.Response = true
		}
	}
}

var placeholderName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// message parses a message template: {name} placeholders, {{ and }} for
// literal braces.
func (l *loader) message(path []string, tmpl string) *Message {
	msg := &Message{Template: tmpl}
	pos := l.ix.key(path...)
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			msg.Parts = append(msg.Parts, MessagePart{Text: text.String(), Param: -1})
			text.Reset()
		}
	}
	for i := 0; i < len(tmpl); i++ {
		switch c := tmpl[i]; {
		case strings.HasPrefix(tmpl[i:], "{{"), strings.HasPrefix(tmpl[i:], "}}"):
			text.WriteByte(c)
			i++
		case c == '{':
			end := strings.IndexByte(tmpl[i:], '}')
			if end < 0 {
				l.errorf(pos, "malformed message: %q has no closing '}' (write {{ for a literal brace)", tmpl[i:min(len(tmpl), i+20)])
				return nil
			}
			name := tmpl[i+1 : i+end]
			if !placeholderName.MatchString(name) {
				l.errorf(pos, "malformed message placeholder {%s}: names are lower case letters, digits and _", name)
				return nil
			}
			flush()
			msg.Parts = append(msg.Parts, MessagePart{Param: l.param(pos, msg, name)})
			i += end
		case c == '}':
			l.errorf(pos, "malformed message: unmatched '}' (write }} for a literal brace)")
			return nil
		default:
			text.WriteByte(c)
		}
	}
	flush()
	return msg
}

func (l *loader) param(pos Position, msg *Message, name string) int {
	for i, p := range msg.Params {
		if p == name {
			return i
		}
	}
	msg.Params = append(msg.Params, name)
	return len(msg.Params) - 1
}

// retired reads [retired]; a retired code may not also be listed.
func (l *loader) retired(c *Catalog, v any) {
	path := []string{"retired"}
	m, keys := l.subtables(path, v)
	for _, key := range keys {
		p := extend(path, key)
		rm, ok := l.table(p, m[key])
		if !ok {
			continue
		}
		l.known(p, rm, "reason", "removed")
		r := &Retired{Code: key, Pos: l.ix.key(p...)}
		r.Reason = l.required(p, rm, "reason")
		r.Removed, _ = l.str(p, rm, "removed")
		if code := c.Code(key); code != nil {
			first, later := code.Pos, r.Pos
			what := "retired at line %d; a retired code may never be listed again"
			if later.compare(first) < 0 {
				first, later = later, first
				what = "listed at line %d; a retired code may never be listed again"
			}
			l.errorf(later, "code %s is both listed and retired: "+what, key, first.Line)
		}
		c.Retired = append(c.Retired, r)
	}
}

// envelope reads [envelope]: its paths, fixed members and example.
func (l *loader) envelope(c *Catalog, v any) {
	path := []string{"envelope"}
	if v == nil {
		l.errorf(Position{1, 1}, "missing [envelope] table: say where the code and message are in an error body")
		return
	}
	m, ok := l.table(path, v)
	if !ok {
		return
	}
	l.known(path, m, "code", "message", "status", "details", "fixed", "example", "doc_url")
	e := &c.Envelope
	e.Pos = l.ix.table(path...)
	var set []string
	for _, field := range EnvelopeFields() {
		var s string
		var ok bool
		if field == FieldCode || field == FieldMessage {
			s = l.required(path, m, field)
			ok = strings.TrimSpace(s) != ""
		} else {
			s, ok = l.str(path, m, field)
		}
		if !ok {
			continue
		}
		segs := strings.Split(s, ".")
		if slices.Contains(segs, "") || segs[0] == "0" {
			l.errorf(l.ix.key(extend(path, field)...), "envelope path %q is malformed: want dot-separated member names such as \"error.code\"", s)
			continue
		}
		for _, prev := range set {
			if msg := pathConflict(e.Path(prev), segs); msg != "" {
				l.errorf(l.ix.key(extend(path, field)...), "envelope %s path %q %s %s path %q", field, s, msg, prev, strings.Join(e.Path(prev), "."))
			}
		}
		*e.path(field) = segs
		set = append(set, field)
	}
	if e.DocURL != nil && c.DocsURL == "" {
		l.errorf(l.ix.key(extend(path, "doc_url")...), "envelope doc_url needs docs_url in [catalog]")
	}
	if s, ok := l.str(path, m, "fixed"); ok {
		e.Fixed = l.fixed(extend(path, "fixed"), s, e)
	}
	if s, ok := l.str(path, m, "example"); ok {
		at := l.ix.key(extend(path, "example")...)
		if e.Example = c.Code(s); e.Example == nil {
			var codes []string
			for _, code := range c.Codes {
				codes = append(codes, code.Code)
			}
			l.errorf(at, "envelope example %q is not a listed code%s", s, suggest(s, codes))
		} else if e.Example.Deprecated {
			l.warnf(at, "envelope example %s is deprecated", s)
		}
	} else if len(c.Codes) > 0 {
		e.Example = c.Codes[0]
	}
}

// pathConflict says how two envelope paths clash, or "".
func pathConflict(a, b []string) string {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			if a[i] == "0" || b[i] == "0" {
				return "uses an array where it meets an object in the"
			}
			return ""
		}
	}
	return "overlaps the"
}

// fixed parses the envelope's fixed JSON object, keeping member order.
func (l *loader) fixed(path []string, s string, e *Envelope) []FixedMember {
	pos := l.ix.key(path...)
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		l.errorf(pos, "fixed must be a JSON object such as '{\"success\": false}'")
		return nil
	}
	var members []FixedMember
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			l.errorf(pos, "fixed is not valid JSON: %v", err)
			return nil
		}
		key, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			l.errorf(pos, "fixed is not valid JSON: %v", err)
			return nil
		}
		var buf bytes.Buffer
		_ = json.Compact(&buf, raw)
		members = slices.DeleteFunc(members, func(m FixedMember) bool { return m.Key == key })
		members = append(members, FixedMember{Key: key, Value: buf.Bytes()})
	}
	if _, err := dec.Token(); err != nil {
		l.errorf(pos, "fixed is not valid JSON: %v", err)
		return nil
	}
	if _, err := dec.Token(); err != io.EOF {
		l.errorf(pos, "fixed must be a single JSON object")
		return nil
	}
	for _, m := range members {
		for _, p := range e.Paths() {
			if p.Segments[0] == m.Key {
				l.errorf(pos, "fixed member %q overlaps envelope path %q", m.Key, strings.Join(p.Segments, "."))
				break
			}
		}
	}
	return members
}
