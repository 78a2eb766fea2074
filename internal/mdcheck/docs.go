package mdcheck

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/templates"
)

// Docs lists every way the page src, rendered from c with errcat's
// built-in template, differs from what c says it holds: one title, the
// fixed sections and one heading per category, and nothing else; a code
// table per category (or one) with one row per code showing the code and
// its status, the retry table listing every code in order, the fallback
// table, the retired table; one anchor per code and retired code, and no
// other raw HTML; the example body in its own code block.
func Docs(c *catalog.Catalog, src []byte) []string {
	p := Parse(src)
	problems := Hygiene(p, src, true)
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	var levels []int
	var sections []string
	for _, h := range p.Headings {
		levels = append(levels, h.Level)
		if h.Level == 2 {
			sections = append(sections, h.Text)
		}
	}
	wantSections := []string{"Error shape", "Codes", "Retry guidance", "Codes not listed here"}
	if len(c.Retired) > 0 {
		wantSections = append(wantSections, "Retired codes")
	}
	wantLevels := []int{1, 2, 2}
	for range c.Categories {
		wantLevels = append(wantLevels, 3)
	}
	wantLevels = append(wantLevels, 2, 2)
	if len(c.Retired) > 0 {
		wantLevels = append(wantLevels, 2)
	}
	if !slices.Equal(levels, wantLevels) || !slices.Equal(sections, wantSections) {
		add("headings %v (sections %q), want levels %v (sections %q)", p.Headings, sections, wantLevels, wantSections)
	}
	if len(p.Headings) > 0 && !strings.HasSuffix(p.Headings[0].Text, " errors") {
		add("title %q does not end in errors", p.Headings[0].Text)
	}

	groups := [][]*catalog.Code{c.Codes}
	if len(c.Categories) > 0 {
		groups = nil
		for _, cat := range c.Categories {
			groups = append(groups, cat.Codes)
		}
	}
	wantTables := len(groups) + 2
	if len(c.Retired) > 0 {
		wantTables++
	}
	if len(p.Tables) != wantTables {
		add("%d tables, want %d", len(p.Tables), wantTables)
		return problems
	}
	for _, t := range p.Tables {
		for _, row := range t.Rows {
			if len(row) != len(t.Header) {
				add("row %q has %d cells, its header %d", row, len(row), len(t.Header))
			}
		}
	}
	if len(problems) > 0 {
		return problems
	}
	codeCell := func(code string) string { return templates.Visible(code) }
	for i, codes := range groups {
		t := p.Tables[i]
		status := slices.Index(t.Header, "Status")
		if len(t.Header) < 3 || t.Header[0] != "Code" || status < 0 {
			add("code table %d has header %q", i, t.Header)
			continue
		}
		if len(t.Rows) != len(codes) {
			add("code table %d has %d rows for %d codes", i, len(t.Rows), len(codes))
			continue
		}
		for j, code := range codes {
			if got, want := []string{t.Rows[j][0], t.Rows[j][status]}, []string{codeCell(code.Code), templates.Status(code.Status, code.Async)}; !slices.Equal(got, want) {
				add("code table %d row %d starts %q, want %q", i, j, got, want)
			}
		}
	}
	retry := p.Tables[len(groups)]
	if !slices.Equal(retry.Header, []string{"Code", "Retry?", "Notes"}) || len(retry.Rows) != len(c.Codes) {
		add("retry table has header %q and %d rows for %d codes", retry.Header, len(retry.Rows), len(c.Codes))
	} else {
		for i, code := range c.Codes {
			if retry.Rows[i][0] != codeCell(code.Code) {
				add("retry row %d holds %q, want %q", i, retry.Rows[i][0], codeCell(code.Code))
			}
		}
	}
	fallback := p.Tables[len(groups)+1]
	// A row per rule but the default and 501, a row saying 501 is never
	// retried where the rules would retry it, and the default's row.
	wantFallback := 1
	for _, r := range c.Fallback {
		if r.Key != "default" && r.Status != 501 {
			wantFallback++
		}
	}
	if c.FallbackFor(501).Retryable() {
		wantFallback++
	}
	if !slices.Equal(fallback.Header, []string{"Status", "Retry?", "Notes"}) || len(fallback.Rows) != wantFallback {
		add("fallback table has header %q and %d rows, want %d", fallback.Header, len(fallback.Rows), wantFallback)
	}
	if len(c.Retired) > 0 {
		retired := p.Tables[len(groups)+2]
		if !slices.Equal(retired.Header, []string{"Code", "Removed in", "Reason"}) || len(retired.Rows) != len(c.Retired) {
			add("retired table has header %q and %d rows for %d retired codes", retired.Header, len(retired.Rows), len(c.Retired))
		} else {
			for i, r := range c.Retired {
				if retired.Rows[i][0] != codeCell(r.Code) {
					add("retired row %d holds %q, want %q", i, retired.Rows[i][0], codeCell(r.Code))
				}
			}
		}
	}
	if want := len(c.Codes) + len(c.Retired); len(p.HTML) != 2*want {
		add("%d raw HTML tags, want an anchor and its end for each of %d codes", len(p.HTML), want)
	}
	if !slices.ContainsFunc(p.CodeBlocks, func(b string) bool { return json.Valid([]byte(b)) && strings.HasPrefix(b, "{") }) {
		add("no code block holds the example body: %q", p.CodeBlocks)
	}
	return problems
}

// Diff lists every way a diff report in Markdown differs from what its
// changes say it holds: the summary line, one heading per severity present
// and no other, exactly one list item per change starting with the
// change's subject, and no raw HTML.
func Diff(changes []catalog.Change, src []byte) []string {
	p := Parse(src)
	problems := Hygiene(p, src, false)
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if !strings.HasPrefix(string(src), "**errcat diff:** ") {
		add("report does not start with its summary: %q", src)
	}
	var want []Heading
	for i, c := range changes {
		if i == 0 || c.Severity != changes[i-1].Severity {
			s := c.Severity.String()
			want = append(want, Heading{3, strings.ToUpper(s[:1]) + s[1:] + " changes"})
		}
	}
	if !slices.Equal(p.Headings, want) {
		add("headings %v, want %v", p.Headings, want)
	}
	if len(p.Tables) > 0 || len(p.CodeBlocks) > 0 {
		add("%d tables and %d code blocks in the report", len(p.Tables), len(p.CodeBlocks))
	}
	if len(p.Items) != len(changes) {
		add("%d list items for %d changes", len(p.Items), len(changes))
		return problems
	}
	for i, c := range changes {
		// Item text is trimmed, a code span of spaces too.
		if subject := strings.TrimLeft(templates.Visible(c.Subject)+": ", " "); !strings.HasPrefix(p.Items[i], subject) {
			add("item %d is %q, want it to start with %q", i, p.Items[i], subject)
		}
	}
	return problems
}
