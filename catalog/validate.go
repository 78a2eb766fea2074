package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// names checks that Go identifiers derived from the catalog are distinct
// from each other and from what the generator emits.
func (l *loader) names(c *Catalog) {
	type owner struct {
		what string
		pos  Position
	}
	var all []owner
	var names []string
	add := func(name, what string, pos Position) {
		if name == "" {
			return
		}
		names = append(names, name)
		all = append(all, owner{what, pos})
	}
	for _, cat := range c.Categories {
		add(cat.GoName, fmt.Sprintf("category %s", cat.Key), cat.Pos)
	}
	for _, code := range c.Codes {
		pos := code.Pos
		if p, ok := l.ix.lookup("codes", code.Code, "go_name"); ok {
			pos = p
		}
		add(code.GoName, fmt.Sprintf("code %s", code.Code), pos)
		if code.Message != nil {
			add(code.Constructor(), fmt.Sprintf("the constructor of code %s", code.Code), l.ix.key("codes", code.Code, "message"))
		}
	}
	idx := make([]int, len(all))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return all[a].pos.compare(all[b].pos) })
	seen := map[string]int{}
	for _, i := range idx {
		name, o := names[i], all[i]
		if slices.Contains(reserved, name) {
			l.errorf(o.pos, "%s: Go name %s collides with an identifier errcat generates; set go_name", o.what, name)
			continue
		}
		if j, dup := seen[name]; dup {
			l.errorf(o.pos, "%s: Go name %s is already used by %s at line %d", o.what, name, all[j].what, all[j].pos.Line)
			continue
		}
		seen[name] = i
	}
}

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
