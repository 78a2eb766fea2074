package catalog

import (
	"cmp"
	"slices"
	"strconv"
)

// runtimePolicies fills c.RuntimePolicies, refusing the policy that would
// make more than MaxPolicies of them.
func (l *loader) runtimePolicies(c *Catalog) {
	type named struct {
		index int
		name  string
	}
	c.runtimeIndex = map[Runtime]int{}
	seen := map[named]bool{}
	full := false
	add := func(p *Policy) {
		if p == nil || full {
			return
		}
		rt := p.Runtime()
		i, ok := c.runtimeIndex[rt]
		if !ok {
			if len(c.RuntimePolicies) == MaxPolicies {
				l.errorf(p.Pos, "more than %d distinct retry policies (policies that differ only in name, label or action count once)", MaxPolicies)
				full = true
				return
			}
			i = len(c.RuntimePolicies)
			c.runtimeIndex[rt] = i
			c.RuntimePolicies = append(c.RuntimePolicies, RuntimePolicy{Runtime: rt})
		}
		name := cmp.Or(p.Name, "inline")
		if k := (named{i, name}); !seen[k] {
			seen[k] = true
			c.RuntimePolicies[i].Names = append(c.RuntimePolicies[i].Names, name)
		}
	}
	// never first, so that index 0 is harmless for unknown codes.
	add(c.Policy("never"))
	for _, p := range c.Policies {
		add(p)
	}
	for _, r := range c.Fallback {
		add(r.Policy)
	}
	for _, cat := range c.Categories {
		add(cat.Retry)
	}
	for _, code := range c.Codes {
		add(code.Retry)
	}
}

// advise adds the catalog-wide errors and warnings.
func (l *loader) advise(c *Catalog) {
	if len(c.Codes) == 0 && !l.codesWritten {
		l.errorf(Position{1, 1}, "the catalog lists no codes")
	}
	for _, cat := range c.Categories {
		if len(cat.Codes) == 0 {
			l.warnf(cat.Pos, "category %s is not used by any code", cat.Key)
		}
	}
	// Codes whose anchors coincide share one entry's link in the docs, and
	// a body that names its code only by link decodes as the first.
	type anchored struct {
		code string
		pos  Position
	}
	anchors := map[string]anchored{}
	note := func(code string, pos Position) {
		a := Anchor(code)
		if first, ok := anchors[a]; ok {
			l.warnf(pos, "code %q has the docs anchor %q of code %q at line %d; links to either lead to the first", code, a, first.code, first.pos.Line)
			return
		}
		anchors[a] = anchored{code, pos}
	}
	for _, code := range c.Codes {
		note(code.Code, code.Pos)
	}
	for _, r := range c.Retired {
		note(r.Code, r.Pos)
	}
	for _, code := range c.Codes {
		if code.Retry == nil || code.Retry.invalid || code.Status == 0 {
			continue
		}
		at := l.ix.key("codes", code.Code, "retry")
		switch s := code.Status; {
		case code.Retry.Retryable() && s >= 400 && s < 500 && !slices.Contains([]int{408, 409, 425, 429}, s):
			l.warnf(at, "code %s retries a %d response (policy %s); a 4xx fails again until the request changes", code.Code, s, policyName(code.Retry))
		case code.Retry.Kind == RetryNever && (s == 429 || s == 503):
			l.warnf(at, "code %s has status %d but its policy %s never retries; clients should back off and retry", code.Code, s, policyName(code.Retry))
		}
	}
}

func policyName(p *Policy) string {
	if p.Name == "" {
		return "(inline " + p.Kind.String() + ")"
	}
	return strconv.Quote(p.Name)
}
