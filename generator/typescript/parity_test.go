package typescript

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/golang"
	"github.com/errcat/errcat/internal/testcat"
)

// The parity test asks the generated Go package and the generated
// TypeScript module of every testdata catalog the same questions and
// requires the same answers: what the catalog says of listed and unknown
// codes, the fallback at a range of statuses, Delay for retries 0 to 1000
// (of the catalog's policies and of policies whose arithmetic is easy to
// get wrong), the bytes of encoded errors (titles and instances
// included), the decoding of bodies (well formed, malformed, problem
// details, codes found from their docs link, and bodies spelled as only
// Go's encoding/json would read them), and what FromResponse and
// ShouldRetry make of responses.
//
// The rules where Go and JavaScript differ, and how the module follows Go:
//
//   - Go's encoding/json escapes <, >, & and U+2028/U+2029 in strings;
//     JSON.stringify does not. Both are the same JSON; the test compares
//     the module's bytes after json.HTMLEscape.
//   - Go matches member names ignoring case (Unicode simple folding) and
//     merges an object named twice in different cases; the module does the
//     same (foldPattern, merge in runtime.ts). A member named twice in
//     exactly the same spelling is lost to JSON.parse, which keeps the
//     last: knownDifferences.
//   - JavaScript orders integer-like member names first; the envelope's
//     own names are written in Go's order unless they are integer-like, and
//     details are compared as values.
//   - A code written as a number reads as its text in Go (1e3) and as the
//     number's shortest form in the module (1000); they agree on integers
//     written plainly: knownDifferences.
//   - Statuses read alike in any JSON form (429, 429.0, 4.29e2, "429").

// question types, as main.go.txt and parity.mjs read them.
type parityQuestions struct {
	Codes     []string           `json:"codes"`
	Statuses  []int              `json:"statuses"`
	Retries   []int              `json:"retries"`
	Policies  []policyJSON       `json:"policies"`
	Encode    []encodeQuestion   `json:"encode"`
	Decode    []string           `json:"decode"`
	Responses []responseQuestion `json:"responses"`
}

type encodeQuestion struct {
	Code     string          `json:"code"`
	Message  string          `json:"message"`
	Instance string          `json:"instance"`
	Status   *int            `json:"status"`
	Details  json.RawMessage `json:"details"`
}

type responseQuestion struct {
	Status     int     `json:"status"`
	RetryAfter *string `json:"retryAfter"`
	Body       string  `json:"body"`
	Long       bool    `json:"long"`
	Date       bool    `json:"date"`
}

// hostileMessage is a message with everything Go and JavaScript escape
// differently, or at all.
const hostileMessage = "quote \" backslash \\ <tag> & amp \u2028 sep \u2029 para \x01 ctl \x7f del é ✓ 🚀"

// paths returns env with every member name of its paths changed by f.
func mapEnvelope(env catalog.Envelope, f func(string) string) catalog.Envelope {
	m := func(p []string) []string {
		if p == nil {
			return nil
		}
		out := make([]string, len(p))
		for i, s := range p {
			out[i] = s
			if s != "0" {
				out[i] = f(s)
			}
		}
		return out
	}
	env.Code, env.Message, env.Status, env.Details, env.DocURL = m(env.Code), m(env.Message), m(env.Status), m(env.Details), m(env.DocURL)
	return env
}

// inner returns the members of an encoded object, without its braces.
func inner(body []byte) string { return string(body[1 : len(body)-1]) }

func quote(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

func questionsFor(c *catalog.Catalog) parityQuestions {
	env := c.Envelope
	first := c.Codes[0]
	q := parityQuestions{
		Statuses: []int{0, -1, 100, 200, 302, 400, 401, 402, 404, 408, 409, 425, 429, 499, 500, 501, 502, 503, 504, 599, 600, 1000},
		Retries:  []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 30, 64, 100, 1000},
	}
	for _, code := range c.Codes {
		q.Codes = append(q.Codes, code.Code)
	}
	q.Codes = append(q.Codes, "NOT_LISTED", "", strings.ToLower(first.Code), first.Code+" ")
	for _, m := range []float64{1.1, 1.3, 1.7, 2.3, 3.3, 1.05, 1.01, 2.5, 1.9, 1.21} {
		q.Policies = append(q.Policies, policyJSON{Kind: "backoff", InitialDelayMs: 500, MaxDelayMs: 300000, Multiplier: m, RetryAfter: true, Jitter: "none"})
	}
	q.Policies = append(q.Policies,
		policyJSON{Kind: "backoff", InitialDelayMs: 0.0015, MaxDelayMs: 3600000, Multiplier: 1.9, Jitter: "full"},
		policyJSON{Kind: "backoff", InitialDelayMs: 333, MaxDelayMs: 120000, Multiplier: 1.21, Jitter: "equal"},
		policyJSON{Kind: "once", MaxRetries: 1, InitialDelayMs: 1000, Jitter: "none"},
		policyJSON{Kind: "never", Jitter: "none"},
	)

	details := json.RawMessage(`{"field":["a",1,2.5,true,null],"nested":{"x":"<y>"}}`)
	status := func(n int) *int { return &n }
	for _, code := range append(q.Codes[:len(c.Codes):len(c.Codes)], "NOT_LISTED", "") {
		q.Encode = append(q.Encode, encodeQuestion{Code: code, Message: hostileMessage})
		q.Encode = append(q.Encode, encodeQuestion{Code: code, Message: "", Status: status(503), Details: details, Instance: "/orders/7?x=<1>&y=\u2028"})
	}
	q.Encode = append(q.Encode, encodeQuestion{Code: first.Code, Message: "m", Status: status(0), Details: json.RawMessage(`[1,"2"]`)})

	base := map[string]json.RawMessage{
		catalog.FieldCode: quote(first.Code), catalog.FieldMessage: quote(hostileMessage),
		catalog.FieldStatus: json.RawMessage("429"), catalog.FieldDetails: json.RawMessage(`{"b":1,"a":[1,2],"c":{"d":null}}`),
	}
	if link := c.DocLink(first.Code); link != "" {
		base[catalog.FieldDocURL] = quote(link)
	}
	if env.Title != nil {
		base[catalog.FieldTitle] = quote("A title, which decoding ignores")
	}
	if env.Instance != nil {
		base[catalog.FieldInstance] = quote("/orders/7")
	}
	with := func(field string, v json.RawMessage) map[string]json.RawMessage {
		m := map[string]json.RawMessage{}
		for k, x := range base {
			m[k] = x
		}
		if v == nil {
			delete(m, field)
		} else {
			m[field] = v
		}
		return m
	}
	bodies := []string{"", "{", "null", "[]", "[{}]", `"str"`, "42", "true", "{}", `{"x":1}`, "\ufeff{}", "{} x", string(env.Body(base)) + " x"}
	bodies = append(bodies, " \n"+string(env.Body(base))+"\t ")
	bodies = append(bodies, string(env.Body(base)))
	for _, v := range []string{`"NOT_LISTED"`, `""`, "null", "42", "20003", "-7", "true", "{}", "[]", `"\ud800x"`, `"\u0041\u00e9"`} {
		bodies = append(bodies, string(env.Body(with(catalog.FieldCode, json.RawMessage(v)))))
	}
	bodies = append(bodies, string(env.Body(with(catalog.FieldCode, nil))))
	for _, v := range []string{"42", "null", "{}", `"\udc00"`} {
		bodies = append(bodies, string(env.Body(with(catalog.FieldMessage, json.RawMessage(v)))))
	}
	bodies = append(bodies, string(env.Body(with(catalog.FieldMessage, nil))))
	if env.Status != nil {
		for _, v := range []string{"429", "429.0", "4.29e2", "42.9E1", `"429"`, `"4.29e2"`, `" 429"`, "429.5", "1e10", "1e400", "-0", "-1", "null", "true", `"x"`, "[429]", "2147483647", "2147483648"} {
			bodies = append(bodies, string(env.Body(with(catalog.FieldStatus, json.RawMessage(v)))))
		}
	}
	if env.Instance != nil {
		for _, v := range []string{"null", "42", `""`, `"\ud800/x"`, "{}"} {
			bodies = append(bodies, string(env.Body(with(catalog.FieldInstance, json.RawMessage(v)))))
		}
	}
	if env.DocURL != nil {
		for _, v := range []string{"null", "42", `"about:blank"`, string(quote(c.DocsURL + "#nothing")), string(quote(c.DocsURL + "#" + catalog.Anchor(first.Code) + "x"))} {
			linked := with(catalog.FieldDocURL, json.RawMessage(v))
			bodies = append(bodies, string(env.Body(linked)))
			delete(linked, catalog.FieldCode)
			bodies = append(bodies, string(env.Body(linked)))
		}
	}
	if env.Details != nil {
		for _, v := range []string{"null", "[]", `"s"`, "1.5e3", `{"1":1,"b":2,"0":3}`} {
			bodies = append(bodies, string(env.Body(with(catalog.FieldDetails, json.RawMessage(v)))))
		}
	}
	// Member names spelled in other cases, which Go's encoding/json reads.
	upper, title := mapEnvelope(env, strings.ToUpper), mapEnvelope(env, func(s string) string {
		return strings.ToUpper(s[:1]) + s[1:]
	})
	longS := mapEnvelope(env, func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "s", "\u017f"), "k", "\u212a") })
	bodies = append(bodies, string(upper.Body(base)), string(title.Body(base)), string(longS.Body(base)))
	// An object named twice in different cases merges in Go; null empties it.
	codeOnly := env.Body(map[string]json.RawMessage{catalog.FieldCode: quote(first.Code)})
	messageOnly := upper.Body(map[string]json.RawMessage{catalog.FieldMessage: quote("m")})
	bodies = append(bodies, "{"+inner(codeOnly)+","+inner(messageOnly)+"}")
	bodies = append(bodies, "{"+inner(messageOnly)+","+inner(codeOnly)+"}")
	top := env.Code[0]
	titled := strings.ToUpper(top[:1]) + strings.ToLower(top[1:])
	bodies = append(bodies, "{"+inner(codeOnly)+`,"`+titled+`":null,`+inner(messageOnly)+"}")
	for _, v := range []string{"1", `"x"`, "null", "[]", "[1]", "{}", "true", "[null]", "[[]]"} {
		bodies = append(bodies, "{"+inner(codeOnly)+`,"`+strings.ToUpper(top)+`":`+v+"}")
		bodies = append(bodies, `{"`+top+`":`+v+"}")
	}
	q.Decode = bodies

	example := string(c.ExampleBody(first, "example"))
	unknown := string(env.Body(with(catalog.FieldCode, quote("NOT_LISTED"))))
	str := func(s string) *string { return &s }
	// Each side names a Retry-After date's second by rounding its own now
	// plus the wait: a date a quarter second past a whole second (shown
	// by the .000 layout below) keeps that rounding away from a half.
	future := time.Now().Add(time.Hour).UTC().Truncate(time.Second).Add(250 * time.Millisecond)
	for _, s := range []int{400, 404, 429, 500, 501, 502, 503, 504} {
		q.Responses = append(q.Responses,
			responseQuestion{Status: s, RetryAfter: str("5"), Body: example},
			responseQuestion{Status: s, Body: unknown},
			responseQuestion{Status: s, RetryAfter: str("3"), Body: "<html>" + fmt.Sprint(s) + "</html>"},
			responseQuestion{Status: s, Body: ""},
			responseQuestion{Status: s, RetryAfter: str("1"), Long: true},
		)
	}
	for _, ra := range []string{"0", "-1", " 7 ", "+3", "007", "1.5", "abc", "99999999999999999999", "9223372036854775807",
		"Wed, 21 Oct 2015 07:28:00 GMT", "Wed, 30 Feb 2099 07:28:00 GMT", "Thu, 21 Oct 2099 24:00:00 GMT", ""} {
		q.Responses = append(q.Responses, responseQuestion{Status: 503, RetryAfter: str(ra), Body: unknown})
	}
	for _, ra := range []string{
		future.Format(http1123), strings.ToUpper(future.Format(http1123)), future.Format("Monday, 02-Jan-06 15:04:05 GMT"),
		future.Format(time.ANSIC), future.Format("Mon Jan _2 15:04:05.000 2006"), future.Format("Mon, 02 Jan 2006 3:04:05 GMT"),
	} {
		q.Responses = append(q.Responses, responseQuestion{Status: 503, RetryAfter: str(ra), Body: unknown, Date: true})
		q.Responses = append(q.Responses, responseQuestion{Status: 429, RetryAfter: str(ra), Body: example, Date: true})
	}
	return q
}

// http1123 is the IMF-fixdate layout of HTTP dates.
const http1123 = "Mon, 02 Jan 2006 15:04:05 GMT"

// knownDifference is a body the two sides decode differently, by a rule
// the parity comment documents.
type knownDifference struct {
	name           string
	body           func(c *catalog.Catalog) string
	goCode, tsCode string // "" when decoding fails
}

var knownDifferences = []knownDifference{
	{"a code written as a number in exponent form", func(c *catalog.Catalog) string {
		return string(c.Envelope.Body(map[string]json.RawMessage{catalog.FieldCode: json.RawMessage("1e3"), catalog.FieldMessage: quote("m")}))
	}, "1e3", "1000"},
	{"a code written as a number with a fraction", func(c *catalog.Catalog) string {
		return string(c.Envelope.Body(map[string]json.RawMessage{catalog.FieldCode: json.RawMessage("20003.0"), catalog.FieldMessage: quote("m")}))
	}, "20003.0", "20003"},
	{"an object named twice in the same spelling", func(c *catalog.Catalog) string {
		codeOnly := c.Envelope.Body(map[string]json.RawMessage{catalog.FieldCode: quote("A")})
		messageOnly := c.Envelope.Body(map[string]json.RawMessage{catalog.FieldMessage: quote("m")})
		if len(c.Envelope.Code) == 1 {
			return "{" + inner(codeOnly) + "," + inner(codeOnly) + "}" // nothing to merge: both agree on A
		}
		return "{" + inner(codeOnly) + "," + inner(messageOnly) + "}"
	}, "A", ""},
}

// TestParity asks the generated Go package and the generated TypeScript
// module of every testdata catalog the same questions and requires the
// same answers.
func TestParity(t *testing.T) {
	node, tsc := toolchain(t)
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	goDir, tsDir, out := t.TempDir(), t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(goDir, "go.mod"), []byte("module paritytest\n\ngo 1.22\n"))
	tmpl, err := os.ReadFile(filepath.Join("testdata", "parity", "main.go.txt"))
	if err != nil {
		t.Fatal(err)
	}
	cats := map[string]*catalog.Catalog{}
	for _, name := range testcat.All {
		c := loadCatalog(t, name)
		cats[name] = c
		src, err := golang.Go(c, golang.Options{Package: c.Package, Source: "errors.toml"})
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(goDir, name, "errors_gen.go"), src)
		main := strings.ReplaceAll(string(tmpl), `"PKG"`, `"paritytest/`+name+`"`)
		writeFile(t, filepath.Join(goDir, "cmd", name, "main.go"), []byte(main))
		writeFile(t, filepath.Join(tsDir, name, "errors.ts"), generate(t, c))
		q := questionsFor(c)
		for _, k := range knownDifferences {
			q.Decode = append(q.Decode, k.body(c))
		}
		b, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(out, name+".questions.json"), b)
	}
	build := exec.Command(gobin, "build", "-o", filepath.Join(out, "bin")+string(filepath.Separator), "./cmd/...")
	build.Dir = goDir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	compile(t, node, tsc, tsDir, filepath.Join(out, "js"))
	copyFile(t, filepath.Join("testdata", "parity", "parity.mjs"), filepath.Join(out, "parity.mjs"))

	for _, name := range testcat.All {
		t.Run(name, func(t *testing.T) {
			questions := filepath.Join(out, name+".questions.json")
			goOut, err := exec.Command(filepath.Join(out, "bin", name), questions).Output()
			if err != nil {
				t.Fatalf("Go side: %v", err)
			}
			tsOut := runNode(t, node, out, "parity.mjs", filepath.Join("js", name, "errors.js"), questions)
			var q parityQuestions
			var goA, tsA map[string][]any
			for _, u := range []struct {
				b []byte
				v any
			}{{must(os.ReadFile(questions)), &q}, {goOut, &goA}, {tsOut, &tsA}} {
				if err := json.Unmarshal(u.b, u.v); err != nil {
					t.Fatal(err)
				}
			}
			for i, s := range tsA["encode"] {
				var b bytes.Buffer
				json.HTMLEscape(&b, []byte(s.(string)))
				tsA["encode"][i] = b.String()
			}
			known := len(knownDifferences)
			goKnown, tsKnown := goA["decode"][len(goA["decode"])-known:], tsA["decode"][len(tsA["decode"])-known:]
			goA["decode"], tsA["decode"] = goA["decode"][:len(goA["decode"])-known], tsA["decode"][:len(tsA["decode"])-known]
			asked := map[string]func(i int) any{
				"codes":     func(i int) any { return q.Codes[i] },
				"delays":    func(i int) any { return fmt.Sprintf("policy %d", i) },
				"encode":    func(i int) any { return q.Encode[i] },
				"decode":    func(i int) any { return q.Decode[i] },
				"responses": func(i int) any { return q.Responses[i] },
			}
			for _, section := range []string{"codes", "delays", "encode", "decode", "responses"} {
				g, s := goA[section], tsA[section]
				if len(g) != len(s) || len(g) == 0 {
					t.Fatalf("%s: %d answers from Go, %d from TypeScript", section, len(g), len(s))
				}
				for i := range g {
					if diff := cmp.Diff(g[i], s[i]); diff != "" {
						q, _ := json.Marshal(asked[section](i))
						t.Errorf("%s %s: Go and TypeScript differ (-go +ts):\n%s", section, q, diff)
					}
				}
			}
			for i, k := range knownDifferences {
				code := func(a any) string {
					m := a.(map[string]any)
					if m["ok"] != true {
						return ""
					}
					return m["code"].(string)
				}
				if len(cats[name].Envelope.Code) == 1 && k.name == "an object named twice in the same spelling" {
					k.tsCode = k.goCode
				}
				if g, s := code(goKnown[i]), code(tsKnown[i]); g != k.goCode || s != k.tsCode {
					t.Errorf("%s: Go reads code %q, TypeScript %q; documented: %q and %q", k.name, g, s, k.goCode, k.tsCode)
				}
			}
		})
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
