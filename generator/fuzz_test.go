package generator

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/templates"
)

// FuzzGenerate feeds catalog bytes through the whole pipeline: whenever
// the catalog validates, the generated Go parses and type-checks against
// the standard library, in process, and every docs table keeps one row per
// code.
func FuzzGenerate(f *testing.F) {
	for _, pattern := range []string{"../testdata/catalogs/*/errors.toml", "../testdata/warn/*.toml", "../testdata/bad/*.toml", "../testdata/diff/*/new.toml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	fset := token.NewFileSet()
	// The source importer type-checks the standard library once per
	// process and caches it; the default importer would run the go command.
	imp := importer.ForCompiler(fset, "source", nil)
	f.Fuzz(func(t *testing.T, src []byte) {
		c, _ := catalog.Parse("errors.toml", src)
		if c == nil {
			return
		}
		pkg := c.Package
		if pkg == "" {
			pkg = "fuzzed"
		}
		goSrc, err := Go(c, GoOptions{Package: pkg, Source: "errors.toml"})
		if err != nil {
			t.Fatalf("Go: %v", err)
		}
		file, err := parser.ParseFile(fset, "errors_gen.go", goSrc, parser.ParseComments)
		if err != nil {
			t.Fatalf("generated Go does not parse: %v\n%s", err, goSrc)
		}
		if !ast.IsGenerated(file) {
			t.Fatal("generated Go lacks the generated-code header")
		}
		conf := types.Config{Importer: imp}
		if _, err := conf.Check(pkg, fset, []*ast.File{file}, nil); err != nil {
			t.Fatalf("generated Go does not type-check: %v", err)
		}
		md, err := Markdown(c, nil)
		if err != nil {
			t.Fatalf("Markdown: %v", err)
		}
		checkTables(t, c, md)
	})
}

// checkTables checks that the docs have one code table row per code and a
// retry table listing every code, each code cell holding exactly its code.
func checkTables(t *testing.T, c *catalog.Catalog, md []byte) {
	t.Helper()
	tables, _ := parseTables(t, md)
	var codeRows, retryRows [][]string
	for _, tbl := range tables {
		for _, row := range tbl.rows {
			if len(row) != len(tbl.header) {
				t.Fatalf("row %q has %d cells, header %d", row, len(row), len(tbl.header))
			}
		}
		switch {
		case len(tbl.header) > 1 && tbl.header[0] == "Code" && tbl.header[1] == "Status":
			codeRows = append(codeRows, tbl.rows...)
		case len(tbl.header) > 1 && tbl.header[0] == "Code" && tbl.header[1] == "Retry?":
			retryRows = append(retryRows, tbl.rows...)
		}
	}
	if len(codeRows) != len(c.Codes) || len(retryRows) != len(c.Codes) {
		t.Fatalf("%d code rows and %d retry rows for %d codes\n%s", len(codeRows), len(retryRows), len(c.Codes), md)
	}
	for i, code := range c.Codes {
		want := templates.Visible(code.Code) // code spans show invisible characters as escapes
		if retryRows[i][0] != want {
			t.Fatalf("retry row %d holds %q, want %q", i, retryRows[i][0], want)
		}
		if !bytes.Contains(md, []byte(`<a id="`+templates.Anchor(code.Code)+`">`)) {
			t.Fatalf("no anchor for %q", code.Code)
		}
	}
}
