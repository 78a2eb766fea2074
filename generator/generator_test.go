package generator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/internal/golden"
	"github.com/errcat/errcat/internal/testcat"
	"github.com/errcat/errcat/templates"
)

func diagText(ds catalog.Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// TestDiagnosticGoldens parses and checks every catalog in testdata/bad, each with one
// defect, and testdata/warn, each valid but drawing warnings, and compares
// the diagnostics with each catalog's golden file.
func TestDiagnosticGoldens(t *testing.T) {
	for _, dir := range []struct {
		name    string
		errors  bool // the catalogs must be rejected
		atLeast int
	}{{"bad", true, 25}, {"warn", false, 1}} {
		files, err := filepath.Glob(testcat.Testdata(dir.name, "*.toml"))
		if err != nil || len(files) < dir.atLeast {
			t.Fatalf("want at least %d catalogs in testdata/%s, found %d (%v)", dir.atLeast, dir.name, len(files), err)
		}
		for _, file := range files {
			name := filepath.Base(file)
			t.Run(dir.name+"/"+strings.TrimSuffix(name, ".toml"), func(t *testing.T) {
				src, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				c, diags := Parse(name, src)
				switch {
				case dir.errors && (c != nil || !diags.HasErrors()):
					t.Fatalf("Parse accepted a bad catalog; diagnostics:\n%s", diagText(diags))
				case !dir.errors && (c == nil || diags.HasErrors() || len(diags) == 0):
					t.Fatalf("want a catalog with warnings only, got:\n%s", diagText(diags))
				}
				golden.Check(t, strings.TrimSuffix(file, ".toml")+".golden", []byte(diagText(diags)))
			})
		}
	}
}

// TestDocsLimitScaleRow renders the scale table's template row,
// {{range 1e12}}{{range 1e12}}x{{end}}{{end}}, for a small catalog: it
// stops at a limit in proportion to the catalog and the template, having
// allocated a few times that limit.
func TestDocsLimitScaleRow(t *testing.T) {
	c, diags := Parse("errors.toml", []byte("[catalog]\nname = \"S\"\npackage = \"s\"\n[envelope]\ncode = \"c\"\nmessage = \"m\"\n[codes.X]\nstatus = 400\ndescription = \"x\"\n"))
	if c == nil {
		t.Fatal(diags)
	}
	tmpl := []byte("{{range 1000000000000}}{{range 1000000000000}}x{{end}}{{end}}")
	r := &Request{Catalog: c, Out: "ERRORS.md", Options: map[string]string{"template-timeout": "1m"},
		Files: map[string]File{"md-template": {Path: "docs.tmpl", Data: tmpl}}}
	limit := docsLimit(c.Size + len(tmpl))
	if limit != 2<<20 {
		t.Errorf("limit = %d, want 2 MiB for a %d-byte catalog and template", limit, c.Size+len(tmpl))
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	out, err := renderMarkdown(context.Background(), r)
	runtime.ReadMemStats(&after)
	if out != nil || err == nil || !strings.Contains(err.Error(), `docs template "docs.tmpl" writes more than 2 MiB; nothing was written`) {
		t.Fatalf("renderMarkdown = %d bytes, %v", len(out), err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16*uint64(limit) && !raceEnabled {
		t.Errorf("allocated %d MiB to stop at %d MiB", alloc>>20, limit>>20)
	}
	if got := docsLimit(100 << 20); got != templates.MaxOutput {
		t.Errorf("docsLimit of a huge input = %d, want templates.MaxOutput", got)
	}
}

// TestDocsLimitBuiltin renders the built-in docs template's text as a
// user's template, within the bounds a user's template gets, for catalogs
// whose descriptions nest block quotes and lists thousands deep: it stays
// within them and writes what the built-in template writes, which runs
// without them.
func TestDocsLimitBuiltin(t *testing.T) {
	tmpl, err := os.ReadFile(filepath.Join("..", "templates", "default.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	deep := []string{
		strings.Repeat("> ", 4000) + "x" + strings.Repeat("\ny", 4000),
		strings.Repeat("- ", 4000) + "x" + strings.Repeat("\ny", 4000),
		strings.Repeat("1. ", 2700) + "x" + strings.Repeat("\ny", 2700),
		strings.Repeat("123456789. ", 8) + "x" + strings.Repeat("\ny", 8000),
		strings.Repeat("> ", 7) + "x" + strings.Repeat("\ny", 8000),
	}
	for _, n := range []int{1, len(deep), 20} {
		var src strings.Builder
		fmt.Fprintf(&src, "[catalog]\nname = \"Deep\"\npackage = \"deep\"\ndescription = '''%s'''\n[envelope]\ncode = \"c\"\nmessage = \"m\"\n", deep[0])
		for i := range n {
			fmt.Fprintf(&src, "[categories.c%d]\nstatus = 400\ndescription = '''%s'''\n[codes.C%d]\ncategory = \"c%d\"\ndescription = '''%s'''\n",
				i, deep[i%len(deep)], i, i, deep[(i+1)%len(deep)])
		}
		c, diags := Parse("errors.toml", []byte(src.String()))
		if c == nil {
			t.Fatal(diagText(diags))
		}
		builtin := &Request{Catalog: c, Out: "ERRORS.md", Options: map[string]string{"template-timeout": "1m"}}
		want, err := renderMarkdown(context.Background(), builtin)
		if err != nil {
			t.Fatal(err)
		}
		user := &Request{Catalog: c, Out: "ERRORS.md", Options: builtin.Options,
			Files: map[string]File{"md-template": {Path: "default.md.tmpl", Data: tmpl}}}
		got, err := renderMarkdown(context.Background(), user)
		if err != nil {
			t.Fatalf("%d categories: %v", n, err)
		}
		if string(got) != string(want) {
			t.Errorf("%d categories: the template as a user's writes %d bytes, the built-in %d", n, len(got), len(want))
		}
		if limit := docsLimit(c.Size); len(want) > limit {
			t.Errorf("%d categories: a %d-byte catalog makes %d bytes of docs, more than its limit %d", n, c.Size, len(want), limit)
		}
	}
}
