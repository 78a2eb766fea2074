package generator

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/golden"
	"github.com/errcat/errcat/internal/mdcheck"
	"github.com/errcat/errcat/templates"
)

// docCatalogs are the catalogs whose docs are checked: the seeds, the
// kitchen sink and the hostile-text catalog.
var docCatalogs = goCatalogs

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
			golden.Check(t, filepath.Join("..", "testdata", "catalogs", name, "ERRORS.md.golden"), got)
		})
	}
}

// mdTable is a GFM table as goldmark parsed it: the visible text of each
// cell, and the source lines of its rows.
type mdTable struct {
	header []string
	rows   [][]string
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
	for _, name := range catalogs {
		t.Run(name, func(t *testing.T) {
			c := loadCatalog(t, name)
			src := generateMarkdown(t, c)
			tables, _ := parseTables(t, src)
			rowsOf := func(col string) map[string][]string {
				m := map[string][]string{}
				for _, tbl := range tables {
					if len(tbl.header) > 1 && tbl.header[1] == col {
						for _, r := range tbl.rows {
							m[r[0]] = r
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
				if wantStatus := fmt.Sprint(code.Status); code.Status != 0 && !strings.HasPrefix(row[1], wantStatus) || code.AsyncOnly() && row[1] != "async" {
					t.Errorf("code %s: status cell %q, want %d", code.Code, row[1], code.Status)
				}
				if first := strings.Fields(strings.ReplaceAll(code.Description, "`", ""))[0]; !strings.Contains(row[2], first) {
					t.Errorf("code %s: description cell %q", code.Code, row[2])
				}
				if code.Deprecated && !strings.Contains(row[2], "Deprecated") {
					t.Errorf("code %s: not marked deprecated", code.Code)
				}
				if code.Fix != "" && !strings.Contains(row[3], strings.Fields(code.Fix)[0]) {
					t.Errorf("code %s: fix cell %q", code.Code, row[3])
				}
				r := retryRows[code.Code]
				if r == nil || r[1] != answer(code.Retry) {
					t.Errorf("code %s: retry row %q, want %q", code.Code, r, answer(code.Retry))
					continue
				}
				if code.Retry.Retryable() && code.Retry.RetryAfter && !strings.Contains(r[2], "Retry-After") {
					t.Errorf("code %s: Retry-After not noted: %q", code.Code, r[2])
				}
				if code.Retry.IdempotentOnly && !strings.Contains(r[2], "Idempotency-Key") {
					t.Errorf("code %s: idempotency not noted: %q", code.Code, r[2])
				}
				if code.Retry.Kind == catalog.RetryAfterAction && code.Retry.Action != "" && !strings.Contains(r[2], strings.TrimSuffix(code.Retry.Action, ".")) {
					t.Errorf("code %s: action %q not in notes %q", code.Code, code.Retry.Action, r[2])
				}
				if code.RetryNote != "" && !strings.Contains(r[2], strings.Fields(strings.ReplaceAll(code.RetryNote, "`", ""))[0]) {
					t.Errorf("code %s: retry note missing from %q", code.Code, r[2])
				}
			}
			fallback := rowsOf("Retry?")
			for _, rule := range c.Fallback {
				key := rule.Key
				if key == "default" {
					key = "Any other status"
				}
				if r := fallback[key]; r == nil || r[1] != answer(rule.Policy) {
					t.Errorf("fallback %s: row %q, want %q", rule.Key, r, answer(rule.Policy))
				}
			}
			page := string(src)
			for _, p := range [][]string{c.Envelope.Code, c.Envelope.Message, c.Envelope.Status, c.Envelope.Details} {
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

// TestMarkdownUserTemplate renders the kitchen sink with its own template.
func TestMarkdownUserTemplate(t *testing.T) {
	c := loadCatalog(t, "kitchensink")
	dir := filepath.Join("..", "testdata", "catalogs", "kitchensink")
	text, err := os.ReadFile(filepath.Join(dir, c.Output.MarkdownTemplate))
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := templates.Parse(c.Output.MarkdownTemplate, string(text))
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
