package markdown

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/golden"
	"github.com/errcat/errcat/internal/mdcheck"
	"github.com/errcat/errcat/internal/testcat"
	"github.com/errcat/errcat/templates"
)

// docCatalogs are the catalogs whose docs are checked: the seeds, the
// kitchen sink and the hostile-text catalog.
var docCatalogs = testcat.All

func loadCatalog(t testing.TB, name string) *catalog.Catalog { return testcat.Load(t, name) }

func generateMarkdown(t *testing.T, c *catalog.Catalog) []byte {
	t.Helper()
	md, err := Markdown(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	return md
}

func TestMarkdownGolden(t *testing.T) {
	for _, name := range docCatalogs {
		t.Run(name, func(t *testing.T) {
			got := generateMarkdown(t, loadCatalog(t, name))
			if again := generateMarkdown(t, loadCatalog(t, name)); !bytes.Equal(got, again) {
				t.Error("two runs generated different bytes")
			}
			golden.Check(t, filepath.Join(testcat.Dir(name), "ERRORS.md.golden"), got)
		})
	}
}

// TestDefaultRendererMatchesTemplate shows that the built-in docs, which
// errcat writes without text/template, are what default.md.tmpl writes.
func TestDefaultRendererMatchesTemplate(t *testing.T) {
	for _, name := range docCatalogs {
		t.Run(name, func(t *testing.T) {
			c := loadCatalog(t, name)
			checkDefaultRenderer(t, c, generateMarkdown(t, c))
		})
	}
}

// checkDefaultRenderer checks that md, the built-in docs of c, is what
// executing default.md.tmpl writes.
func checkDefaultRenderer(t *testing.T, c *catalog.Catalog, md []byte) {
	t.Helper()
	var want bytes.Buffer
	if err := templates.Default().Execute(&want, DocData(c)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.String(), string(md)); diff != "" {
		t.Errorf("the built-in docs differ from default.md.tmpl's (-template +built-in):\n%s", diff)
	}
}

// mdTable is a GFM table as goldmark parsed it: the visible text of each
// cell, and the source lines of its rows.
type mdTable struct {
	header []string
	rows   [][]string
}

// cell returns the cell of row under the column headed name, or "" when
// the table has no such column.
func (tbl mdTable) cell(row []string, name string) string {
	if i := slices.Index(tbl.header, name); i >= 0 && i < len(row) {
		return row[i]
	}
	return ""
}

var gfm = goldmark.New(goldmark.WithExtensions(extension.Table), goldmark.WithRendererOptions(ghtml.WithUnsafe()))

// visible renders a node's inline content to HTML and returns its text as
// a reader sees it: tags removed, entities resolved.
func visible(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*ast.RawHTML); ok {
			continue
		}
		var buf bytes.Buffer
		if err := gfm.Renderer().Render(&buf, src, c); err != nil {
			panic(err)
		}
		b.Write(buf.Bytes())
	}
	tags := regexp.MustCompile(`<[^>]*>`)
	return html.UnescapeString(tags.ReplaceAllString(b.String(), ""))
}

func parseTables(t *testing.T, src []byte) ([]mdTable, ast.Node) {
	t.Helper()
	doc := gfm.Parser().Parse(text.NewReader(src))
	var tables []mdTable
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		tbl, ok := n.(*east.Table)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		var mt mdTable
		for row := tbl.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				cells = append(cells, visible(cell, src))
			}
			if _, header := row.(*east.TableHeader); header {
				mt.header = cells
			} else {
				mt.rows = append(mt.rows, cells)
			}
		}
		tables = append(tables, mt)
		return ast.WalkSkipChildren, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tables, doc
}

// delimiters counts a table row's unescaped pipes, the way GFM splits it.
func delimiters(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n
}

// TestMarkdownStructure parses the generated docs as GitHub-flavoured
// Markdown and checks them against the catalog (mdcheck.Docs): exactly
// errcat's headings and tables, one row per code in each code table and
// in the retry table, and no raw HTML other than errcat's anchors. It also
// checks that every table row has as many unescaped pipes as its header,
// as GFM splits cells.
func TestMarkdownStructure(t *testing.T) {
	for _, name := range docCatalogs {
		t.Run(name, func(t *testing.T) {
			c := loadCatalog(t, name)
			src := generateMarkdown(t, c)
			lines := strings.Split(string(src), "\n")
			for i, line := range lines {
				if strings.HasPrefix(line, "| ") {
					want := strings.Count(lines[tableHeaderLine(src, i)], "|")
					if got := delimiters(line); got != want {
						t.Errorf("line %d has %d cell delimiters, its header %d: %s", i+1, got, want, line)
					}
				}
			}
			for _, problem := range mdcheck.Docs(c, src) {
				t.Error(problem)
			}
			tables, _ := parseTables(t, src)
			groups := [][]*catalog.Code{c.Codes}
			if len(c.Categories) > 0 {
				groups = nil
				for _, cat := range c.Categories {
					groups = append(groups, cat.Codes)
				}
			}
			var codeTables, retryTables []mdTable
			for _, tbl := range tables {
				switch {
				case len(tbl.header) >= 3 && slices.Contains(tbl.header, "Status") && tbl.header[0] == "Code":
					codeTables = append(codeTables, tbl)
				case len(tbl.header) == 3 && tbl.header[1] == "Retry?" && tbl.header[0] == "Code":
					retryTables = append(retryTables, tbl)
				}
			}
			if len(codeTables) != len(groups) || len(retryTables) != 1 {
				t.Fatalf("%d code tables for %d groups, %d retry tables", len(codeTables), len(groups), len(retryTables))
			}
			for i, codes := range groups {
				rows := codeTables[i].rows
				if len(rows) != len(codes) {
					t.Errorf("table %d has %d rows for %d codes", i, len(rows), len(codes))
					continue
				}
				if hasTitle := slices.Contains(codeTables[i].header, "Title"); hasTitle != (c.Envelope.Title != nil) {
					t.Errorf("table %d: Title column %v, envelope title path %q", i, hasTitle, c.Envelope.Title)
				}
			}
		})
	}
}

// tableHeaderLine returns the index of the header line of the table that
// line i belongs to.
func tableHeaderLine(src []byte, i int) int {
	lines := strings.Split(string(src), "\n")
	for i > 0 && strings.HasPrefix(lines[i-1], "|") {
		i--
	}
	return i
}

// answer is the docs' "Retry?" text for a policy, from SPEC §2.
func answer(p *catalog.Policy) string {
	switch {
	case p.Label != "":
		return p.Label
	case p.Kind == catalog.RetryNever:
		return "No"
	case p.Kind == catalog.RetryAfterAction:
		return "After action"
	case p.Kind == catalog.RetryOnce:
		return "Once"
	case p.MaxRetries > 0:
		return fmt.Sprintf("Yes (back off, ≤%d×)", p.MaxRetries)
	}
	return "Yes (back off)"
}

// TestMarkdownFacts checks, against each seed catalog, that its page carries
// every fact: each code with its status and description, each retry rule
// with its notes, the fallback, the envelope, and retired codes.
func TestMarkdownFacts(t *testing.T) {
	for _, name := range testcat.Seeds {
		t.Run(name, func(t *testing.T) {
			c := loadCatalog(t, name)
			src := generateMarkdown(t, c)
			tables, _ := parseTables(t, src)
			// rowsOf maps the first cell of each row of the tables with a
			// column named col to the row's cells by column name.
			rowsOf := func(col string) map[string]map[string]string {
				m := map[string]map[string]string{}
				for _, tbl := range tables {
					if slices.Index(tbl.header, col) >= 1 {
						for _, r := range tbl.rows {
							m[r[0]] = map[string]string{}
							for _, h := range tbl.header {
								m[r[0]][h] = tbl.cell(r, h)
							}
						}
					}
				}
				return m
			}
			statusRows, retryRows := rowsOf("Status"), rowsOf("Retry?")
			for _, code := range c.Codes {
				row := statusRows[code.Code]
				if row == nil {
					t.Errorf("code %s missing from the code tables", code.Code)
					continue
				}
				if wantStatus := fmt.Sprint(code.Status); code.Status != 0 && !strings.HasPrefix(row["Status"], wantStatus) || code.AsyncOnly() && row["Status"] != "async" {
					t.Errorf("code %s: status cell %q, want %d", code.Code, row["Status"], code.Status)
				}
				if first := strings.Fields(strings.ReplaceAll(code.Description, "`", ""))[0]; !strings.Contains(row["Description"], first) {
					t.Errorf("code %s: description cell %q", code.Code, row["Description"])
				}
				if code.Deprecated && !strings.Contains(row["Description"], "Deprecated") {
					t.Errorf("code %s: not marked deprecated", code.Code)
				}
				if code.Fix != "" && !strings.Contains(row["Fix"], strings.Fields(strings.ReplaceAll(code.Fix, "`", ""))[0]) {
					t.Errorf("code %s: fix cell %q", code.Code, row["Fix"])
				}
				if c.Envelope.Title != nil && row["Title"] != code.Title {
					t.Errorf("code %s: title cell %q, want %q", code.Code, row["Title"], code.Title)
				}
				r := retryRows[code.Code]
				if r == nil || r["Retry?"] != answer(code.Retry) {
					t.Errorf("code %s: retry row %q, want %q", code.Code, r, answer(code.Retry))
					continue
				}
				if code.Retry.Retryable() && code.Retry.RetryAfter && !strings.Contains(r["Notes"], "Retry-After") {
					t.Errorf("code %s: Retry-After not noted: %q", code.Code, r["Notes"])
				}
				if code.Retry.IdempotentOnly && !strings.Contains(r["Notes"], "Idempotency-Key") {
					t.Errorf("code %s: idempotency not noted: %q", code.Code, r["Notes"])
				}
				if jittered := code.Retry.Retryable() && code.Retry.InitialDelay > 0 && code.Retry.Jitter != catalog.JitterNone; jittered != strings.Contains(r["Notes"], "jitter") {
					t.Errorf("code %s: %s jitter, notes %q", code.Code, code.Retry.Jitter, r["Notes"])
				}
				if code.Retry.Kind == catalog.RetryAfterAction && code.Retry.Action != "" && !strings.Contains(r["Notes"], strings.TrimSuffix(code.Retry.Action, ".")) {
					t.Errorf("code %s: action %q not in notes %q", code.Code, code.Retry.Action, r["Notes"])
				}
				if code.RetryNote != "" && !strings.Contains(r["Notes"], strings.Fields(strings.ReplaceAll(code.RetryNote, "`", ""))[0]) {
					t.Errorf("code %s: retry note missing from %q", code.Code, r["Notes"])
				}
			}
			fallback := rowsOf("Retry?")
			if r := fallback["501"]; c.FallbackFor(501).Retryable() != (r != nil) || r != nil && r["Retry?"] != "No" {
				t.Errorf("fallback row for 501: %q; the table retries 501: %v", r, c.FallbackFor(501).Retryable())
			}
			for _, rule := range c.Fallback {
				key := rule.Key
				if key == "default" {
					key = "Any other status"
				}
				if r := fallback[key]; r == nil || r["Retry?"] != answer(rule.Policy) {
					t.Errorf("fallback %s: row %q, want %q", rule.Key, r, answer(rule.Policy))
				}
			}
			page := string(src)
			for _, p := range [][]string{c.Envelope.Code, c.Envelope.Message, c.Envelope.Status, c.Envelope.Details, c.Envelope.Title, c.Envelope.Instance} {
				if p != nil && !strings.Contains(page, "`"+strings.Join(p, ".")+"`") {
					t.Errorf("envelope path %s not documented", strings.Join(p, "."))
				}
			}
			for _, m := range c.Envelope.Fixed {
				if !strings.Contains(page, fmt.Sprintf("%q: %s", m.Key, m.Value)) {
					t.Errorf("fixed member %s not in the example body", m.Key)
				}
			}
			if ex := c.Envelope.Example; ex != nil && !strings.Contains(page, fmt.Sprintf("%q", ex.Code)) {
				t.Errorf("example code %s not in the example body", ex.Code)
			}
			if ct := "`Content-Type: " + c.Envelope.ContentType + "`"; strings.Contains(page, ct) != (c.Envelope.ContentType != catalog.JSONContentType) {
				t.Errorf("content type %s shown: %v", ct, strings.Contains(page, ct))
			}
			for _, r := range c.Retired {
				if row := statusRows[r.Code]; row != nil {
					t.Errorf("retired code %s listed as a live code", r.Code)
				}
				if !strings.Contains(page, r.Reason) {
					t.Errorf("retired code %s: reason missing", r.Code)
				}
			}
		})
	}
}

// TestFallbackNotImplemented checks that the fallback table shows 501 as
// never retried wherever the rules would retry it, before the rule it
// overrides, and never shows an exact 501 rule that generated code does
// not apply.
func TestFallbackNotImplemented(t *testing.T) {
	for _, tt := range []struct {
		name, fallback string
		want           []string
	}{
		{"default table", "", []string{"408 Yes (back off)", "429 Yes (back off)", "501 No", "5xx Yes (back off)", "Any other status No"}},
		{"5xx never", "[fallback]\n\"5xx\" = \"never\"\n\"default\" = \"backoff\"\n", []string{"5xx No", "Any other status Yes (back off)"}},
		{"exact 501", "[fallback]\n\"501\" = \"backoff\"\n\"default\" = \"once\"\n", []string{"501 No", "Any other status Once"}},
		{"default only", "[fallback]\n\"404\" = \"never\"\n\"default\" = \"once\"\n", []string{"404 No", "501 No", "Any other status Once"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := "[catalog]\nname = \"N\"\n[envelope]\ncode = \"code\"\nmessage = \"message\"\n" + tt.fallback +
				"[codes.A]\nstatus = 400\ndescription = \"A.\"\n"
			c, diags := catalog.Parse("errors.toml", []byte(src))
			if c == nil {
				t.Fatal(diags)
			}
			var got []string
			for _, f := range DocData(c).Fallback {
				got = append(got, f.Statuses+" "+f.Retry.Answer)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fallback rows (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMarkdownUserTemplate renders the kitchen sink with its own template.
func TestMarkdownUserTemplate(t *testing.T) {
	c := loadCatalog(t, "kitchensink")
	dir := testcat.Dir("kitchensink")
	o, ok := c.Output("markdown_template")
	if !ok {
		t.Fatal("the kitchen sink names no markdown_template")
	}
	text, err := os.ReadFile(filepath.Join(dir, o.Path))
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := templates.Parse(o.Path, string(text))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Markdown(c, tmpl)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join(dir, "custom.md.golden"), got)
}

func TestMarkdownTemplateErrors(t *testing.T) {
	c := loadCatalog(t, "tryon")
	for name, text := range map[string]string{
		"unknown field": "# {{.Name}}\n{{range .Codes}}{{.Nope}}{{end}}",
		"failing call":  "{{range .Codes}}{{index .Code 100}}{{end}}",
	} {
		t.Run(name, func(t *testing.T) {
			tmpl, err := templates.Parse(name, text)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Markdown(c, tmpl)
			if err == nil || out != nil {
				t.Errorf("Markdown = %q, %v; want no output and an error", out, err)
			}
		})
	}
}

// TestErrorShapeFormats checks the error shape section under each envelope
// format of SPEC §10: the content type where it is not plain JSON, the
// title and instance members, and a problem envelope without docs_url,
// whose bodies carry no type.
func TestErrorShapeFormats(t *testing.T) {
	const codes = "\n[codes.OUT_OF_STOCK]\nstatus = 409\ndescription = \"None left.\"\n"
	tests := []struct {
		name, catalog string
		want, not     []string
	}{
		{"problem", "[catalog]\nname = \"S\"\ndocs_url = \"https://example.com/probs\"\n[envelope]\nformat = \"problem\"\n" + codes,
			[]string{"problem details, a JSON body sent with `Content-Type: application/problem+json`", `"title": "Out of stock"`,
				"- `title` holds the code's title", "- `type` links to the code's entry in this reference; a body without `code` is identified by it.",
				"- `instance`, when present,", "| Code | Title | Status | Description |", "| Out of stock | 409 |"},
			[]string{"about:blank"}},
		{"problem without docs_url", "[catalog]\nname = \"S\"\n[envelope]\nformat = \"problem\"\ninstance = \"\"\n" + codes,
			[]string{"- Bodies carry no `type`, which RFC 9457 reads as `about:blank`."},
			[]string{"links to the code's entry", "`instance`", `"type"`}},
		{"json with a content type", "[catalog]\nname = \"S\"\n[envelope]\ncode = \"code\"\nmessage = \"message\"\ncontent_type = \"application/vnd.api+json\"\n" + codes,
			[]string{"Errors come as a JSON body sent with `Content-Type: application/vnd.api+json`, of this shape:", "| Code | Status | Description |"},
			[]string{"RFC 9457", "Title", "about:blank"}},
		{"json", "[catalog]\nname = \"S\"\n[envelope]\ncode = \"code\"\nmessage = \"message\"\n" + codes,
			[]string{"Errors come as a JSON body of this shape:\n"},
			[]string{"Content-Type", "Title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, diags := catalog.Parse("errors.toml", []byte(tt.catalog))
			if c == nil {
				t.Fatal(diags)
			}
			page := string(generateMarkdown(t, c))
			for _, s := range tt.want {
				if !strings.Contains(page, s) {
					t.Errorf("page lacks %q:\n%s", s, page)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(page, s) {
					t.Errorf("page has %q:\n%s", s, page)
				}
			}
		})
	}
}
