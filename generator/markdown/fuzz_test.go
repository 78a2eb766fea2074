package markdown

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"text/template"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/mdcheck"
	"github.com/errcat/errcat/internal/testcat"
	"github.com/errcat/errcat/templates"
)

// markdownAttacks seed FuzzMarkdown: the catalog text of issue 11's
// Markdown attacks and their neighbours.
var markdownAttacks = []string{
	"`", "```", "```go\nunterminated", "~~~", "a ` b", "``",
	"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "`<img src=x onerror=alert(1)>`",
	"`a\n<script>alert(1)</script>\nb`", "[x](a`b) <img src=x onerror=alert(1)> `",
	"<!-- the rest of the page is hidden", "-->", "</a>", `<a id="x">`,
	"# Injected heading", "Title\n===", "Title\n---", "---", "***",
	"| a | b |\n| --- | --- |\n| c | d |", "a | b\n--- | ---", "|",
	"<div>\nblock\n</div>", "    indented", "1. list", "- item", "> quote",
	"[x]: javascript:alert(1)\n\n[x]", "[click](javascript:alert(1))", "<javascript:alert(1)>",
	"http://example.com/<b>", "x`@b.co <img src=x onerror=alert(1)>`", "&lt;script&gt;", "\\",
	"x\x1b[31mred", "nul\x00byte", "\u202eevil\u202c", "line1\r\nline2", "*", "_", "C #", "{",
}

// nonBlank keeps s when a required key may hold it.
func nonBlank(s string) string {
	if strings.TrimSpace(s) == "" {
		return "x" + s
	}
	return s
}

// literalMessage writes s as a message template without placeholders.
func literalMessage(s string) string {
	return strings.NewReplacer("{", "{{", "}", "}}").Replace(s) + " {param}"
}

// fuzzCatalog writes a valid catalog with a, b and c in every free-text
// field, arranged so that fields rendered side by side hold different
// strings, and, when code is not empty, a third code with that key.
func fuzzCatalog(a, b, c, code string) []byte {
	q := testcat.TOMLString
	var s strings.Builder
	fmt.Fprintf(&s, "[catalog]\nname = %s\ndescription = %s\n\n", q(nonBlank(a)), q(b))
	s.WriteString("[envelope]\ncode = \"error.code\"\nmessage = \"error.message\"\n\n")
	fmt.Fprintf(&s, "[retry.custom]\nkind = \"after_action\"\nlabel = %s\naction = %s\n\n", q(a), q(b))
	fmt.Fprintf(&s, "[retry.labelled]\nkind = \"backoff\"\nmax_retries = 2\nlabel = %s\n\n", q(c))
	fmt.Fprintf(&s, "[categories.first]\ntitle = %s\ndescription = %s\nstatus = 400\n\n", q(c), q(a))
	fmt.Fprintf(&s, "[categories.second]\ntitle = %s\ndescription = %s\nstatus = 503\nretry = \"labelled\"\n\n", q(b), q(c))
	fmt.Fprintf(&s, "[codes.FIRST_CODE]\ncategory = \"first\"\ndescription = %s\nfix = %s\ndeprecated = %s\nsince = %s\nretry = \"custom\"\nretry_note = %s\nmessage = %s\n\n",
		q(nonBlank(a)), q(b), q(c), q(b), q(c), q(literalMessage(a)))
	fmt.Fprintf(&s, "[codes.SECOND_CODE]\ncategory = \"second\"\ndescription = %s\nfix = %s\ndeprecated = %s\nsince = %s\nretry_note = %s\n\n",
		q(nonBlank(b)), q(c), q(a), q(c), q(a))
	if code != "" {
		fmt.Fprintf(&s, "[codes.%s]\ncategory = \"second\"\ndescription = %s\n\n", q(code), q(nonBlank(c)))
	}
	fmt.Fprintf(&s, "[retired.OLD_CODE]\nreason = %s\nremoved = %s\n\n", q(nonBlank(c)), q(a))
	if code != "" {
		fmt.Fprintf(&s, "[retired.%s]\nreason = %s\n", q(code+"_OLD"), q(nonBlank(b)))
	}
	return []byte(s.String())
}

// stressTemplate puts every helper where a block would start if the text
// could start one, right after the template's own letters, and one space
// from the next helper (closer, two code spans make one run of backticks,
// which no escape can keep apart: see docs/templates.md). Its page has one
// heading per category between a title and an end heading, and one table
// with a row per code.
const stressTemplate = `# {{heading .Name}}
{{inline .Name}} x{{inline .Description}} {{text .Name}}

{{paragraphs .Description}}
{{range .Categories}}
## {{heading .Title}} x{{heading .Description}}

{{paragraphs .Description}}

{{inline .Title}} {{paragraphs .Description}}
{{end}}
| Code | Text |
| --- | --- |
{{- range .Codes}}
| {{cell (code .Code)}} {{cell .Description}} | {{cell .Deprecation}} x{{cell .Since}} {{cell .Fix}} {{cell .Retry.Answer}} {{cell .Retry.Notes}} {{cell .Message}} {{text .Code}} |
{{- end}}

- {{inline .Description}} {{text .Name}}{{range .Codes}} x{{inline .Fix}} ID{{code .Code}} {{inline .Since}}{{end}}

{{range .Retired}}{{inline .Reason}} ID{{code .Code}}
{{text .Removed}}{{inline .Removed}}
{{end}}
# End
`

var stress = func() *template.Template {
	t, err := templates.Parse("stress.md.tmpl", stressTemplate)
	if err != nil {
		panic(err)
	}
	return t
}()

// checkStress checks the page of the stress template.
func checkStress(c *catalog.Catalog, src []byte) []string {
	p := mdcheck.Parse(src)
	problems := mdcheck.Hygiene(p, src, false)
	var levels []int
	for _, h := range p.Headings {
		levels = append(levels, h.Level)
	}
	want := []int{1}
	for range c.Categories {
		want = append(want, 2)
	}
	want = append(want, 1)
	if !slices.Equal(levels, want) || p.Headings[len(p.Headings)-1].Text != "End" {
		problems = append(problems, fmt.Sprintf("headings %v, want levels %v ending in End", p.Headings, want))
	}
	if len(p.Tables) != 1 || len(p.Tables[0].Rows) != len(c.Codes) {
		return append(problems, fmt.Sprintf("tables %q, want one with %d rows", p.Tables, len(c.Codes)))
	}
	for i, code := range c.Codes {
		row := p.Tables[0].Rows[i]
		if len(row) != 2 {
			problems = append(problems, fmt.Sprintf("row %d is %q, want two cells", i, row))
			continue
		}
		if !strings.HasPrefix(row[0], templates.Visible(code.Code)) {
			problems = append(problems, fmt.Sprintf("row %d is %q, want the first cell to start with %q", i, row, templates.Visible(code.Code)))
		}
	}
	return problems
}

// FuzzMarkdown builds valid catalogs with fuzzed text in every free-text
// field (name, descriptions, fix, deprecation, since, titles, labels,
// actions, retry notes, message, retired reasons and versions, and a code
// when the catalog accepts it) and checks their docs as GitHub would parse
// them: the built-in template's page has exactly errcat's headings, tables
// and rows and no raw HTML but errcat's anchors (mdcheck.Docs) and is
// byte for byte what default.md.tmpl writes, and a template that puts
// every helper where text could start a block, or next to another field,
// keeps its own structure too.
func FuzzMarkdown(f *testing.F) {
	for i, a := range markdownAttacks {
		f.Add(a, markdownAttacks[(i+1)%len(markdownAttacks)], markdownAttacks[(i+7)%len(markdownAttacks)], "")
	}
	f.Add("`", "<img src=x onerror=alert(1)>`", "x", "A`B")
	f.Add("a", "b", "c", "<!--")
	f.Add("a", "b", "c", "X\x1b[2J")
	f.Add("a", "b", "c", "RTL\u202eLTR")
	f.Fuzz(func(t *testing.T, a, b, c, code string) {
		src := fuzzCatalog(a, b, c, code)
		cat, diags := catalog.Parse("errors.toml", src)
		if cat == nil && code != "" {
			// The code is not one a catalog may hold: leave it out.
			src = fuzzCatalog(a, b, c, "")
			cat, diags = catalog.Parse("errors.toml", src)
		}
		if cat == nil {
			t.Fatalf("the fuzz catalog is invalid:\n%v\n%s", diags, src)
		}
		md, err := Markdown(cat, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, problem := range mdcheck.Docs(cat, md) {
			t.Errorf("docs: %s", problem)
		}
		checkDefaultRenderer(t, cat, md)
		custom, err := Markdown(cat, stress)
		if err != nil {
			t.Fatal(err)
		}
		for _, problem := range checkStress(cat, custom) {
			t.Errorf("stress template: %s", problem)
		}
		if t.Failed() {
			t.Logf("catalog:\n%s\ndocs:\n%s\nstress template:\n%s", src, md, custom)
		}
	})
}
