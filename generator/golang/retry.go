package golang

import (
	"bytes"
	"fmt"
	"go/token"
	"strconv"
	"strings"
	"time"

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

// durationLit returns d as Go source in its largest exact unit.
func durationLit(d time.Duration) string {
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{time.Hour, "Hour"}, {time.Minute, "Minute"}, {time.Second, "Second"}, {time.Millisecond, "Millisecond"}, {time.Microsecond, "Microsecond"}} {
		if d%u.d == 0 {
			return strconv.FormatInt(int64(d/u.d), 10) + " * time." + u.name
		}
	}
	return "time.Duration(int64(" + strconv.FormatInt(int64(d), 10) + "))"
}

// floatLit returns f as a Go float literal: never one that reads as an
// integer.
func floatLit(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
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

// policyValue returns the RetryPolicy literal of p, its type elided, and
// whether it names a time unit.
func policyValue(p catalog.Runtime) (string, bool) {
	v := "{Kind: " + kindIdents[p.Kind]
	if p.MaxRetries != 0 {
		v += ", MaxRetries: " + strconv.Itoa(p.MaxRetries)
	}
	if p.InitialDelay != 0 {
		v += ", InitialDelay: " + durationLit(p.InitialDelay)
	}
	if p.MaxDelay != 0 {
		v += ", MaxDelay: " + durationLit(p.MaxDelay)
	}
	if p.Multiplier != 0 {
		v += ", Multiplier: " + floatLit(p.Multiplier)
	}
	if p.RetryAfter {
		v += ", RetryAfter: true"
	}
	if p.IdempotentOnly {
		v += ", IdempotentOnly: true"
	}
	if p.Jitter != catalog.JitterNone {
		v += ", Jitter: " + jitterIdents[p.Jitter]
	}
	return v + "}", p.InitialDelay != 0 || p.MaxDelay != 0
}

// retry writes the policy indexes, the policies table and the fallback,
// as gofmt writes them, and reports whether they use package time. Catalog
// text reaches them only through commentText, in the indexes' comments,
// and as the policy names strconv.Quote quotes.
func (g *gen) retry(b *bytes.Buffer) (usesTime bool, err error) {
	s := g.policies
	for _, id := range s.idents {
		if !token.IsIdentifier(id) {
			return false, fmt.Errorf("policy index %q is not a Go identifier", id)
		}
	}
	b.WriteString(`
// The catalog's distinct retry policies, as indexes into policies, each with
// the names the catalog gives it.
const (
`)
	comments := make([]string, len(s.idents))
	for i, rp := range g.c.RuntimePolicies {
		comments[i] = commentText(strings.Join(rp.Names, ", "))
	}
	writeIota(b, s.idents, comments)
	b.WriteString(")\n")

	values := make([]string, len(s.idents))
	for i, rp := range g.c.RuntimePolicies {
		v, t := policyValue(rp.Runtime)
		values[i], usesTime = v, usesTime || t
	}
	b.WriteString("\n// policies holds the catalog's distinct retry policies.\nvar policies = [...]RetryPolicy{\n")
	writeKeyed(b, "\t", s.idents, values)
	b.WriteString("}\n")
	names := make([]string, len(s.tableNames))
	for i, name := range s.tableNames {
		names[i] = strconv.Quote(name)
	}
	b.WriteString("\n// policyNames holds the name codeTable gives each policy.\nvar policyNames = [...]string{\n")
	writeKeyed(b, "\t", s.idents, names)
	b.WriteString("}\n")
	b.WriteString("\n// backoffPolicy is the catalog's backoff policy, which Backoff applies without a response.\n")
	b.WriteString("const backoffPolicy = " + s.ident(g.c.Policy("backoff")) + "\n")

	def := s.ident(g.c.Policy("never"))
	// Statuses that share a policy share a case, in order of first use.
	var order, class []string
	statuses := map[string][]string{}
	for _, r := range g.c.Fallback {
		switch id := s.ident(r.Policy); {
		case r.Status != 0:
			if statuses[id] == nil {
				order = append(order, id)
			}
			statuses[id] = append(statuses[id], strconv.Itoa(r.Status))
		case r.Class != 0:
			class = append(class, "\t\tcase "+strconv.Itoa(r.Class)+":\n\t\t\treturn "+id+"\n")
		default:
			def = id
		}
	}
	b.WriteString(`
// fallbackPolicy indexes the policy for an unlisted code: an exact status first,
// then a status class, then the default.
func fallbackPolicy(status int) int {
`)
	if len(order) > 0 {
		b.WriteString("\tswitch status {\n")
		for _, id := range order {
			b.WriteString("\tcase " + strings.Join(statuses[id], ", ") + ":\n\t\treturn " + id + "\n")
		}
		b.WriteString("\t}\n")
	}
	if len(class) > 0 {
		b.WriteString("\tif status >= 100 && status <= 599 {\n\t\tswitch status / 100 {\n")
		for _, c := range class {
			b.WriteString(c)
		}
		b.WriteString("\t\t}\n\t}\n")
	}
	b.WriteString("\treturn " + def + "\n}\n")
	return usesTime, nil
}
