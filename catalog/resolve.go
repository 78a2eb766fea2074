package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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
	l.known("catalog", path, m)
	c.Name = l.required(path, m, "name")
	c.Description, _ = l.str(path, m, "description")
	c.DocsURL, _ = l.str(path, m, "docs_url")
	c.Package, _ = l.str(path, m, "package")
	c.Version, _ = l.str(path, m, "version")
	if style, ok := l.str(path, m, "code_style"); ok {
		if _, known := codeStyles[style]; !known {
			names := words("catalog.code_style")
			l.errorf(l.ix.key(extend(path, "code_style")...), "unknown code_style %q: want one of %s%s",
				style, strings.Join(names, ", "), l.suggest(style, names))
		} else {
			c.CodeStyle = style
		}
	}
}

// codeStyles are the code styles a catalog may ask its codes to follow,
// each a matcher of the style's pattern (TestCodeStyles holds them to it):
//
//	SCREAMING_SNAKE_CASE  ^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$
//	PascalCase            ^[A-Z][a-zA-Z0-9]*$
//	snake_case            ^[a-z][a-z0-9]*(_[a-z0-9]+)*$
//
// They are written out rather than matched with regexp, which took a
// fifth of building a catalog.
var codeStyles = map[string]func(string) bool{
	"SCREAMING_SNAKE_CASE": func(s string) bool { return snake(s, isUpperASCII) },
	"PascalCase": func(s string) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i]; !isUpperASCII(c) && (i == 0 || !isLowerASCII(c) && !isDigitASCII(c)) {
				return false
			}
		}
		return s != ""
	},
	"snake_case": func(s string) bool { return snake(s, isLowerASCII) },
	"any":        nil,
}

// snake reports whether s is words of letters (of one case: letter) and
// digits joined by single underscores, starting with a letter.
func snake(s string, letter func(byte) bool) bool {
	if s == "" || !letter(s[0]) || s[len(s)-1] == '_' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; c == '_' && s[i-1] == '_' || c != '_' && !letter(c) && !isDigitASCII(c) {
			return false
		}
	}
	return true
}

func isUpperASCII(c byte) bool { return 'A' <= c && c <= 'Z' }
func isLowerASCII(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigitASCII(c byte) bool { return '0' <= c && c <= '9' }

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
		if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' || unicode.Is(unicode.Bidi_Control, r) }); i >= 0 {
			l.errorf(pos, "output path %q holds %U, a control or invisible character", s, []rune(s[i:])[0])
			continue
		}
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
	p := &Policy{Name: kind.String(), Kind: kind}
	switch kind {
	case RetryOnce:
		p.MaxRetries = 1
	case RetryBackoff:
		p.Multiplier = 2
		p.InitialDelay = 500 * time.Millisecond
		p.MaxDelay = 30 * time.Second
		p.RetryAfter = true
		p.Jitter = JitterFull
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
	declared := 0
	for i, name := range keys {
		p := extend(path, name)
		if !isName(name) {
			l.errorf(l.ix.key(p...), "retry policy name %q is not valid: want a letter, then letters, digits, '_' or '-'", name)
			l.refuse(&l.badPolicies, name)
			continue
		}
		if declared++; declared > MaxPolicies {
			l.errorf(l.ix.key(p...), "more than %d retry policies", MaxPolicies)
			for _, name := range keys[i:] {
				l.refuse(&l.badPolicies, name)
			}
			break
		}
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
	c.policyIndex = make(map[string]*Policy, len(c.Policies))
	for _, p := range c.Policies {
		c.policyIndex[p.Name] = p
	}
}

// refuse notes in *set a name refused by the grammar or past a limit.
func (l *loader) refuse(set *map[string]bool, name string) {
	if *set == nil {
		*set = map[string]bool{}
	}
	(*set)[name] = true
}

// isName reports whether s follows the grammar of policy names and
// category keys: a letter, then letters, digits, '_' or '-'.
func isName(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isBareKeyByte(s[i]) {
			return false
		}
	}
	return true
}

// policy reads a policy table: [retry.NAME] or an inline retry = {…}.
func (l *loader) policy(path []string, name string, m map[string]any) *Policy {
	l.known(policyTable, path, m)
	kind, invalid := RetryNever, false
	if s, ok := l.str(path, m, "kind"); ok {
		i := slices.Index(kindNames[:], s)
		if i < 0 {
			invalid = true
			l.errorf(l.ix.key(extend(path, "kind")...), "unknown retry kind %q: want never, after_action, once or backoff%s", s, l.suggest(s, kindNames[:]))
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
	p.Name, p.Pos, p.invalid = name, l.ix.table(path...), invalid

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
	if s, ok := l.str(path, m, "jitter"); ok {
		if i := slices.Index(jitterNames[:], s); i >= 0 {
			p.Jitter = Jitter(i)
		} else {
			l.errorf(l.ix.key(extend(path, "jitter")...), "unknown jitter %q: want none, full or equal%s", s, l.suggest(s, jitterNames[:]))
		}
	}
	p.Label, _ = l.str(path, m, "label")
	p.Action, _ = l.str(path, m, "action")
	if p.Retryable() && p.MaxRetries == 0 && p.InitialDelay == 0 {
		l.warnf(p.Pos, "retry policy %s retries without delay and without limit, a tight loop against a failing server; set initial_delay or max_retries", policyName(p))
	}
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
		if p := c.Policy(v); p != nil || l.badPolicies[v] {
			return p
		}
		var names []string
		if len(v) <= maxSuggestLen && l.suggestBudget > 0 {
			for _, p := range c.Policies {
				names = append(names, p.Name)
			}
		}
		l.errorf(l.ix.key(path...), "unknown retry policy %q%s", v, l.suggest(v, names))
	case map[string]any:
		return l.policy(path, "", v)
	default:
		l.errorf(l.ix.key(path...), "%s must be a policy name or an inline table, not %s", path[len(path)-1], typeName(v))
	}
	return nil
}

// isFallbackKey reports whether key matches fallbackPattern: a status
// from 100 to 599, a class from 1xx to 5xx, or default. (A test holds it
// to the pattern, which the schema publishes; compiling the pattern took
// a tenth of a millisecond at every start.)
func isFallbackKey(key string) bool {
	if key == "default" {
		return true
	}
	if len(key) != 3 || key[0] < '1' || key[0] > '5' {
		return false
	}
	digit := func(c byte) bool { return '0' <= c && c <= '9' }
	return digit(key[1]) && digit(key[2]) || key[1:] == "xx"
}

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
		if !isFallbackKey(key) {
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
	c.categoryIndex = make(map[string]*Category, len(keys))
	for i, key := range keys {
		p := extend(path, key)
		if i == MaxCategories {
			l.errorf(l.ix.key(p...), "more than %d categories", MaxCategories)
			for _, key := range keys[i:] {
				l.refuse(&l.badCategories, key)
			}
			break
		}
		if !isName(key) {
			l.errorf(l.ix.key(p...), "category key %q is not valid: want a letter, then letters, digits, '_' or '-'", key)
			l.refuse(&l.badCategories, key)
			continue
		}
		cm, ok := l.table(p, m[key])
		if !ok {
			continue
		}
		l.known("categories.KEY", p, cm)
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
		c.categoryIndex[key] = cat
	}
}

// codes reads [codes] in file order.
func (l *loader) codes(c *Catalog, v any) {
	path := []string{"codes"}
	m, keys := l.subtables(path, v)
	l.codesWritten = len(m) > 0
	style := codeStyles[c.CodeStyle]
	c.codeIndex = make(map[string]*Code, len(keys))
	for i, key := range keys {
		p := extend(path, key)
		pos := l.ix.key(p...)
		if i == l.maxCodes {
			l.errorf(pos, "more than %d codes", l.maxCodes)
			break
		}
		if !l.codeName(pos, "code", key) {
			continue
		}
		if style != nil && !style(key) {
			l.errorf(pos, "code %q does not match code_style %s", key, c.CodeStyle)
		}
		cm, ok := l.table(p, m[key])
		if !ok {
			continue
		}
		code := l.code(c, p, key, cm)
		c.Codes = append(c.Codes, code)
		c.codeIndex[key] = code
	}
}

// codeName checks a listed or retired code (what says which) against the
// grammar of codes: not empty, printable, no whitespace, and so no control
// or invisible format character such as a bidi override. It warns about
// non-ASCII characters, which can pass for ASCII ones they look like.
func (l *loader) codeName(pos Position, what, key string) bool {
	if key == "" {
		l.errorf(pos, "empty %s", what)
		return false
	}
	var nonASCII rune
	for _, r := range key {
		switch {
		case unicode.IsSpace(r):
			l.errorf(pos, "%s %q contains whitespace", what, key)
			return false
		case r == utf8.RuneError || !unicode.IsPrint(r):
			l.errorf(pos, "%s %q contains %U, a control or invisible character", what, key, r)
			return false
		case r >= utf8.RuneSelf && nonASCII == 0:
			nonASCII = r
		}
	}
	if nonASCII != 0 {
		l.warnf(pos, "%s %q contains the non-ASCII character %U (%c), which can be mistaken for a look-alike; prefer ASCII", what, key, nonASCII, nonASCII)
	}
	return true
}

// code resolves one code: its category, status, policy and texts.
func (l *loader) code(c *Catalog, path []string, key string, m map[string]any) *Code {
	l.known("codes.CODE", path, m)
	code := &Code{Code: key, Pos: l.ix.key(path...), Response: true}
	if t, ok := l.str(path, m, "title"); ok {
		if strings.TrimSpace(t) == "" {
			l.errorf(l.ix.key(extend(path, "title")...), "title must not be empty")
		}
		code.Title = t
	} else {
		code.Title = defaultCodeTitle(key)
	}
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
	if cat := c.Category(name); cat != nil || l.badCategories[name] {
		return cat
	}
	if len(c.Categories) == 0 {
		l.errorf(l.ix.key(path...), "unknown category %q: the catalog declares no [categories]", name)
		return nil
	}
	var keys []string
	if len(name) <= maxSuggestLen && l.suggestBudget > 0 {
		for _, cat := range c.Categories {
			keys = append(keys, cat.Key)
		}
	}
	l.errorf(l.ix.key(path...), "unknown category %q%s", name, l.suggest(name, keys))
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
			l.errorf(l.ix.key(path...), "unknown surface %q: want \"response\" or \"async\"%s", fmt.Sprint(item), l.suggest(s, []string{"response", "async"}))
			code.Response = true
		}
	}
}

// isPlaceholderName reports whether name is a message placeholder's name,
// ^[a-z_][a-z0-9_]*$.
func isPlaceholderName(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || c == '_' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return name != ""
}

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
			if !isPlaceholderName(name) {
				l.errorf(pos, "malformed message placeholder {%s}: names are lower case letters, digits and _", name)
				return nil
			}
			param := l.param(pos, msg, name)
			if param < 0 {
				return nil
			}
			flush()
			msg.Parts = append(msg.Parts, MessagePart{Param: param})
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

// param returns the index of the placeholder name in msg.Params, adding it
// when it is new, or -1 when msg already has MaxPlaceholders.
func (l *loader) param(pos Position, msg *Message, name string) int {
	for i, p := range msg.Params {
		if p == name {
			return i
		}
	}
	if len(msg.Params) == MaxPlaceholders {
		l.errorf(pos, "message has more than %d placeholders", MaxPlaceholders)
		return -1
	}
	msg.Params = append(msg.Params, name)
	return len(msg.Params) - 1
}

// retired reads [retired]; a retired code may not also be listed.
func (l *loader) retired(c *Catalog, v any) {
	path := []string{"retired"}
	m, keys := l.subtables(path, v)
	c.retiredIndex = make(map[string]*Retired, len(keys))
	for i, key := range keys {
		p := extend(path, key)
		pos := l.ix.key(p...)
		if i == l.maxCodes {
			l.errorf(pos, "more than %d retired codes", l.maxCodes)
			break
		}
		if !l.codeName(pos, "retired code", key) {
			continue
		}
		rm, ok := l.table(p, m[key])
		if !ok {
			continue
		}
		l.known("retired.CODE", p, rm)
		r := &Retired{Code: key, Pos: pos}
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
		c.retiredIndex[key] = r
	}
}

// envelope reads [envelope]: its format, paths, content type, fixed
// members and example.
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
	l.known("envelope", path, m)
	e := &c.Envelope
	e.Pos = l.ix.table(path...)
	e.Format = FormatJSON
	// Under a format that cannot be read, the required paths may be
	// meant to come from a preset: their absence is not reported.
	badFormat := false
	if s, ok := l.str(path, m, "format"); ok {
		if slices.Contains(Formats(), s) {
			e.Format = s
		} else {
			l.errorf(l.ix.key(extend(path, "format")...), "unknown envelope format %q: want json or problem%s", s, l.suggest(s, Formats()))
			badFormat = true
		}
	} else if _, written := m["format"]; written {
		badFormat = true
	}
	var preset map[string]string
	if e.IsProblem() {
		preset = problemPreset
	}
	// at is where a field's path comes from: its key, or the format key
	// for a path of the preset.
	at := func(field string) Position {
		if _, written := m[field]; written {
			return l.ix.key(extend(path, field)...)
		}
		return l.ix.key(extend(path, "format")...)
	}
	origin := func(field string) string {
		if _, written := m[field]; written {
			return ""
		}
		return fmt.Sprintf(" (format %q)", e.Format)
	}
	var set []string
	for _, field := range EnvelopeFields() {
		var s string
		var ok bool
		_, written := m[field]
		switch {
		case !written && preset != nil:
			s, ok = preset[field]
		case !written && badFormat:
			continue
		case field == FieldCode || field == FieldMessage:
			s = l.required(path, m, field)
			ok = strings.TrimSpace(s) != ""
		default:
			s, ok = l.str(path, m, field)
			if ok && s == "" && preset != nil {
				// "" leaves out a path the preset would set.
				continue
			}
		}
		if !ok {
			continue
		}
		if n := strings.Count(s, ".") + 1; n > MaxPathSegments {
			l.errorf(at(field), "envelope path has %d segments: at most %d", n, MaxPathSegments)
			continue
		}
		segs := strings.Split(s, ".")
		if slices.Contains(segs, "") || segs[0] == "0" {
			l.errorf(at(field), "envelope path %q is malformed: want dot-separated member names such as \"error.code\"", s)
			continue
		}
		for _, prev := range set {
			msg := pathConflict(e.Path(prev), segs)
			if msg == "" {
				continue
			}
			// Report at a key the catalog writes: this one, else the
			// other one.
			field, s, prev, prevPath := field, s, prev, strings.Join(e.Path(prev), ".")
			if _, written := m[field]; !written {
				field, s, prev, prevPath = prev, prevPath, field, s
			}
			l.errorf(at(field), "envelope %s path %q%s %s %s path %q%s", field, s, origin(field), msg, prev, prevPath, origin(prev))
		}
		*e.path(field) = segs
		set = append(set, field)
	}
	e.ContentType = JSONContentType
	if e.IsProblem() {
		e.ContentType = ProblemContentType
	}
	if s, ok := l.str(path, m, "content_type"); ok {
		if mediaType(s) {
			e.ContentType = s
		} else {
			l.errorf(l.ix.key(extend(path, "content_type")...), "content_type %q is not a media type such as %q", s, ProblemContentType)
		}
	}
	if _, written := m[FieldDocURL]; written && e.DocURL != nil && c.DocsURL == "" {
		l.warnf(l.ix.key(extend(path, "doc_url")...), "envelope doc_url is unused without docs_url in [catalog]: error bodies carry no link there")
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
			l.errorf(at, "envelope example %q is not a listed code%s", s, l.suggest(s, codes))
		} else if e.Example.Deprecated {
			l.warnf(at, "envelope example %s is deprecated", s)
		}
	} else if len(c.Codes) > 0 {
		e.Example = c.Codes[0]
	}
}

// mediaType reports whether s is a media type (type/subtype) with optional
// parameters, in printable ASCII, fit for a Content-Type header.
func mediaType(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	t, _, err := mime.ParseMediaType(s)
	return err == nil && strings.Contains(t, "/")
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
	if d := jsonDepth(s); d > MaxFixedDepth {
		l.errorf(pos, "fixed nests %d levels deep: at most %d", d, MaxFixedDepth)
		return nil
	}
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
		members = append(members, FixedMember{Key: key, Value: buf.Bytes()})
	}
	// A member written twice counts once, where it is written last.
	last := make(map[string]int, len(members))
	for i, m := range members {
		last[m.Key] = i
	}
	kept := members[:0]
	for i, m := range members {
		if last[m.Key] == i {
			kept = append(kept, m)
		}
	}
	members = kept
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
		if problem := numberRange(m.Value); problem != "" {
			l.errorf(pos, "fixed member %q holds a number %s", m.Key, problem)
		}
	}
	return members
}

// jsonDepth returns how deeply objects and arrays nest in the JSON text s,
// counting brackets outside strings; it reads s once, whatever it holds.
func jsonDepth(s string) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
			deepest = max(deepest, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
}

// numberRange says how a number in the compact JSON value v falls outside
// what a 64-bit float holds, or "". JSON readers reject such a number or
// read it as infinity or 0, so a body carrying it is not the body the
// catalog describes (RFC 8259 §6).
func numberRange(v []byte) string {
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	for {
		t, err := dec.Token()
		if err != nil {
			return ""
		}
		n, ok := t.(json.Number)
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(string(n), 64)
		switch {
		case err != nil:
			return "too large for a 64-bit float: JSON readers reject it or read it as infinity"
		case f == 0 && strings.ContainsAny(mantissa(string(n)), "123456789"):
			return "too small for a 64-bit float: JSON readers read it as 0"
		}
	}
}

// mantissa is a JSON number's text before its exponent.
func mantissa(n string) string {
	if i := strings.IndexAny(n, "eE"); i >= 0 {
		return n[:i]
	}
	return n
}
