package golang

import (
	"strconv"
	"strings"
	"time"

	"github.com/dave/jennifer/jen"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/ident"
)

// policySet names the catalog's distinct runtime policies
// (catalog.RuntimePolicies): the constant that indexes each in the
// generated policies table, and the name codeTable gives it.
type policySet struct {
	c          *catalog.Catalog
	idents     []string
	tableNames []string
}

func newPolicySet(c *catalog.Catalog) *policySet {
	s := &policySet{c: c}
	taken, takenNames := reservedIdents(), map[string]bool{}
	for _, rp := range c.RuntimePolicies {
		first := rp.Names[0]
		base := "policy" + ident.Exported(first)
		if first == "inline" || base == "policy" {
			base = "policyInline"
		}
		id := base
		for n := 2; taken[id]; n++ {
			id = base + strconv.Itoa(n)
		}
		taken[id] = true
		s.idents = append(s.idents, id)
		name := first
		for n := 2; takenNames[name]; n++ {
			name = first + strconv.Itoa(n)
		}
		takenNames[name] = true
		s.tableNames = append(s.tableNames, tableField(name))
	}
	return s
}

func (s *policySet) index(p *catalog.Policy) int    { return s.c.RuntimeIndex(p) }
func (s *policySet) ident(p *catalog.Policy) string { return s.idents[s.index(p)] }

// name is the name codeTable gives a policy: the first catalog name of its
// runtime policy ("inline" for one written inline), with a number when two
// would be the same.
func (s *policySet) name(p *catalog.Policy) string { return s.tableNames[s.index(p)] }

// durationLit renders d as Go source in its largest exact unit.
func durationLit(d time.Duration) jen.Code {
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{time.Hour, "Hour"}, {time.Minute, "Minute"}, {time.Second, "Second"}, {time.Millisecond, "Millisecond"}, {time.Microsecond, "Microsecond"}} {
		if d%u.d == 0 {
			return jen.Lit(int(d/u.d)).Op("*").Qual("time", u.name)
		}
	}
	return jen.Qual("time", "Duration").Parens(jen.Lit(int64(d)))
}

var kindIdents = map[catalog.RetryKind]string{
	catalog.RetryNever:       "RetryNever",
	catalog.RetryAfterAction: "RetryAfterAction",
	catalog.RetryOnce:        "RetryOnce",
	catalog.RetryBackoff:     "RetryBackoff",
}

var jitterIdents = map[catalog.Jitter]string{
	catalog.JitterNone:  "JitterNone",
	catalog.JitterFull:  "JitterFull",
	catalog.JitterEqual: "JitterEqual",
}

func policyValue(p catalog.Runtime) *jen.Statement {
	fields := []jen.Code{jen.Id("Kind").Op(":").Id(kindIdents[p.Kind])}
	if p.MaxRetries != 0 {
		fields = append(fields, jen.Id("MaxRetries").Op(":").Lit(p.MaxRetries))
	}
	if p.InitialDelay != 0 {
		fields = append(fields, jen.Id("InitialDelay").Op(":").Add(durationLit(p.InitialDelay)))
	}
	if p.MaxDelay != 0 {
		fields = append(fields, jen.Id("MaxDelay").Op(":").Add(durationLit(p.MaxDelay)))
	}
	if p.Multiplier != 0 {
		fields = append(fields, jen.Id("Multiplier").Op(":").Lit(p.Multiplier))
	}
	if p.RetryAfter {
		fields = append(fields, jen.Id("RetryAfter").Op(":").True())
	}
	if p.IdempotentOnly {
		fields = append(fields, jen.Id("IdempotentOnly").Op(":").True())
	}
	if p.Jitter != catalog.JitterNone {
		fields = append(fields, jen.Id("Jitter").Op(":").Id(jitterIdents[p.Jitter]))
	}
	return jen.Values(fields...)
}

// retry emits the policy indexes, the policies table and the fallback.
func (g *gen) retry() {
	f, s := g.f, g.policies
	var consts, values []jen.Code
	for i, rp := range g.c.RuntimePolicies {
		c := jen.Id(s.idents[i])
		if i == 0 {
			c = c.Op("=").Iota()
		}
		consts = append(consts, c.Add(comment(strings.Join(rp.Names, ", "))))
		values = append(values, jen.Id(s.idents[i]).Op(":").Add(policyValue(rp.Runtime)))
	}
	f.Comment("The catalog's distinct retry policies, as indexes into policies, each with")
	f.Comment("the names the catalog gives it.")
	f.Const().Defs(consts...)
	f.Comment("policies holds the catalog's distinct retry policies.")
	f.Var().Id("policies").Op("=").Index(jen.Op("...")).Id("RetryPolicy").Custom(multi(","), values...)
	var names []jen.Code
	for i := range g.c.RuntimePolicies {
		names = append(names, jen.Id(s.idents[i]).Op(":").Lit(s.tableNames[i]))
	}
	f.Comment("policyNames holds the name codeTable gives each policy.")
	f.Var().Id("policyNames").Op("=").Index(jen.Op("...")).String().Custom(multi(","), names...)
	f.Comment("backoffPolicy is the catalog's backoff policy, which Backoff applies without a response.")
	f.Const().Id("backoffPolicy").Op("=").Id(s.ident(g.c.Policy("backoff")))

	var exact, class []jen.Code
	def := s.ident(g.c.Policy("never"))
	// Statuses that share a policy share a case, in order of first use.
	var order []string
	statuses := map[string][]jen.Code{}
	for _, r := range g.c.Fallback {
		switch id := s.ident(r.Policy); {
		case r.Status != 0:
			if statuses[id] == nil {
				order = append(order, id)
			}
			statuses[id] = append(statuses[id], jen.Lit(r.Status))
		case r.Class != 0:
			class = append(class, jen.Case(jen.Lit(r.Class)).Block(jen.Return(jen.Id(id))))
		default:
			def = id
		}
	}
	for _, id := range order {
		exact = append(exact, jen.Case(statuses[id]...).Block(jen.Return(jen.Id(id))))
	}
	var body []jen.Code
	if len(exact) > 0 {
		body = append(body, jen.Switch(jen.Id("status")).Block(exact...))
	}
	if len(class) > 0 {
		body = append(body, jen.If(jen.Id("status").Op(">=").Lit(100).Op("&&").Id("status").Op("<=").Lit(599)).Block(
			jen.Switch(jen.Id("status").Op("/").Lit(100)).Block(class...)))
	}
	body = append(body, jen.Return(jen.Id(def)))
	f.Comment("fallbackPolicy indexes the policy for an unlisted code: an exact status first,")
	f.Comment("then a status class, then the default.")
	f.Func().Id("fallbackPolicy").Params(jen.Id("status").Int()).Int().Block(body...)
}
