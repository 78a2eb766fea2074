package golang

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/ident"
	"github.com/errcat/errcat/internal/testcat"
)

// FuzzGenerate feeds catalog bytes through the Go target: whenever the
// catalog validates, the generated Go parses, type-checks against the
// standard library in process, declares exactly the identifiers the
// catalog calls for, is gofmt'd, and holds no directive errcat did not write, so no
// catalog text can change what the code means.
func FuzzGenerate(f *testing.F) {
	for _, pattern := range []string{"catalogs/*/errors.toml", "warn/*.toml", "bad/*.toml", "diff/*/new.toml", "security/*/errors.toml"} {
		files, _ := filepath.Glob(testcat.Testdata(pattern))
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
	// Type-check the imports once, before fuzzing starts: it takes longer
	// than the fuzzing coordinator waits for one input, which would take
	// the worker for hung.
	for _, path := range fixedImports {
		if _, err := imp.Import(path); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		c, _ := catalog.Parse("errors.toml", src)
		if c == nil || Check(c).HasErrors() {
			return
		}
		pkg := c.Package
		if pkg == "" {
			pkg = "fuzzed"
		}
		goSrc, err := Go(c, Options{Package: pkg, Source: "errors.toml"})
		if err != nil {
			t.Fatalf("Go: %v", err)
		}
		file, err := parser.ParseFile(fset, "errors_gen.go", goSrc, parser.ParseComments)
		if err != nil {
			t.Fatalf("generated Go does not parse: %v\n%s", err, goSrc)
		}
		// The code constants are written as gofmt writes them, not
		// formatted: whatever the catalog text, gofmt changes nothing.
		if formatted, err := format.Source(goSrc); err != nil || !bytes.Equal(formatted, goSrc) {
			t.Fatalf("generated Go is not gofmt'd (err %v):\n%s", err, goSrc)
		}
		if !ast.IsGenerated(file) {
			t.Fatal("generated Go lacks the generated-code header")
		}
		checkDeclarations(t, c, file)
		checkDirectives(t, file)
		conf := types.Config{Importer: imp}
		if _, err := conf.Check(pkg, fset, []*ast.File{file}, nil); err != nil {
			t.Fatalf("generated Go does not type-check: %v", err)
		}
	})
}

// checkDeclarations checks that file declares exactly the identifiers the
// catalog calls for: the fixed part's, the exported names of c's codes,
// categories and constructors, and the catalog part's unexported tables,
// policy indexes and envelope types. No text can add or hide one.
func checkDeclarations(t *testing.T, c *catalog.Catalog, file *ast.File) {
	t.Helper()
	want := Reserved()
	for _, code := range c.Codes {
		want = append(want, ident.Code(code))
		if code.Message != nil {
			want = append(want, ident.Constructor(code))
		}
	}
	for _, cat := range c.Categories {
		want = append(want, ident.Category(cat))
	}
	fixed, err := parser.ParseFile(token.NewFileSet(), "fixed.go", fixedSource, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, decl := range fixed.Decls {
		for _, name := range declNames(decl) {
			if !token.IsExported(name) {
				want = append(want, name)
			}
		}
	}
	want = append(want, "codePath", "errorPrefix", "codeTable", "categoryList", "categoryTitles",
		"policies", "policyNames", "backoffPolicy", "fallbackPolicy", "docsURL", "contentType", "problemBodies")
	want = append(want, newPolicySet(c).idents...)
	eg := &envelopeGen{byNode: map[*catalog.Node]*shapeType{}, taken: reservedIdents()}
	shape := c.Envelope.Shape()
	eg.declare(shape, "envelope", "")
	for _, st := range eg.types {
		want = append(want, st.name)
	}
	eg.literal(shape) // notes whether ptrIf and listIf are needed
	if eg.ptrIf {
		want = append(want, "ptrIf")
	}
	if eg.listIf {
		want = append(want, "listIf")
	}
	var got []string
	for _, decl := range file.Decls {
		got = append(got, declNames(decl)...)
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("declarations (-want +got):\n%s", diff)
	}
}

// declNames returns the package-level names a declaration declares;
// methods are named Type.Method.
func declNames(decl ast.Decl) []string {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil {
			return nil
		}
		return []string{d.Name.Name}
	case *ast.GenDecl:
		var names []string
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				names = append(names, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					names = append(names, n.Name)
				}
			}
		}
		return names
	}
	return nil
}

// errcatDirectives are the only directives errcat writes.
var errcatDirectives = []string{"//go:noinline"}

// checkDirectives checks that no comment in file is a directive (//go:,
// //line, // +build, //export, //extern, /*line) other than errcat's own.
func checkDirectives(t *testing.T, file *ast.File) {
	t.Helper()
	for _, group := range file.Comments {
		for _, cm := range group.List {
			text := cm.Text
			directive := strings.HasPrefix(text, "//go:") || strings.HasPrefix(text, "//line ") ||
				strings.HasPrefix(text, "/*line ") || strings.HasPrefix(text, "// +build") ||
				strings.HasPrefix(text, "//export ") || strings.HasPrefix(text, "//extern ")
			if directive && !slices.Contains(errcatDirectives, text) {
				t.Fatalf("generated Go holds the directive %q", text)
			}
		}
	}
}
