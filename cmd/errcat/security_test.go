package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/ident"
	"github.com/errcat/errcat/internal/golden"
	"github.com/errcat/errcat/internal/mdcheck"
	"github.com/errcat/errcat/internal/testcat"
)

// TestSecurityCorpus runs errcat generate on each attack in
// testdata/security (one catalog per attack class of issue 11, with a
// docs template where the attack needs one), in a copy of the case inside
// a directory that also holds a .git directory. Each attack must fail:
//
//   - refused: generate exits 1, writes nothing, and prints a positioned
//     diagnostic; its stderr equals the case's want.golden (-update
//     rewrites it);
//   - or harmless: nothing outside the outputs changed (no input, nothing
//     in .git, nothing outside the case's directory); the Go file parses,
//     type-checks, declares exactly the fixed API plus each code's,
//     category's and constructor's Go name, holds no directive (//go:,
//     //line, // +build) beyond those errcat writes and no invisible
//     character, and matches token for token (comments dropped, string
//     literals blanked) the Go of a twin catalog with the same model and
//     benign text, so no text changed what the code does; the docs pass mdcheck.Docs (a case's own docs template
//     keeps the built-in template's headings and tables); and errcat diff
//     of the case against testdata/security/base.toml passes mdcheck.Diff
//     in Markdown and prints no invisible character as text.
//
// Nothing errcat prints while it runs may hold an invisible character.
//
// A case with a file named pending depends on a change that has not
// landed yet: its failures are reported as a skip, and the test fails once
// the case passes, so that pending is removed.
func TestSecurityCorpus(t *testing.T) {
	root, err := filepath.Abs("../../testdata/security")
	if err != nil {
		t.Fatal(err)
	}
	dirs, _ := filepath.Glob(filepath.Join(root, "*", "errors.toml"))
	if len(dirs) < 30 {
		t.Fatalf("found %d cases in %s", len(dirs), root)
	}
	base, diags, err := catalog.Load(filepath.Join(root, "base.toml"))
	if base == nil || err != nil {
		t.Fatalf("base catalog: %v %v", err, diags)
	}
	checker := newGoChecker()
	for _, file := range dirs {
		dir := filepath.Dir(file)
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			pending, _ := os.ReadFile(filepath.Join(dir, "pending"))
			r := &caseRun{name: name, src: dir, base: base, baseFile: filepath.Join(root, "base.toml"), checker: checker}
			r.run(t)
			switch {
			case len(pending) == 0:
				for _, p := range r.problems {
					t.Error(p)
				}
			case len(r.problems) > 0:
				t.Skipf("pending (%s):\n%s", strings.TrimSpace(string(pending)), strings.Join(r.problems, "\n"))
			default:
				t.Errorf("the case passes: delete %s", filepath.Join(dir, "pending"))
			}
		})
	}
}

// caseRun is one case of the security corpus.
type caseRun struct {
	name, src string
	base      *catalog.Catalog
	baseFile  string
	checker   *goChecker
	problems  []string
}

func (r *caseRun) fail(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

func (r *caseRun) run(t *testing.T) {
	// outer/secure is the case; outer/.git and secure/.git look like a
	// repository around it.
	outer := t.TempDir()
	dir := filepath.Join(outer, "secure")
	copyDir(t, r.src, dir)
	for _, g := range []string{filepath.Join(outer, ".git"), filepath.Join(dir, ".git")} {
		writeFile(t, filepath.Join(g, "config"), "[core]\n\trepositoryformatversion = 0\n")
		writeFile(t, filepath.Join(g, "hooks", "README"), "hooks\n")
	}
	before := testcat.Tree(t, outer)
	t.Chdir(dir)
	// The catalog as generate reads it (an attack may replace it).
	c, _, _ := catalog.Load("errors.toml")
	code, stdout, stderr := errcat(t, "generate", "errors.toml")
	after := testcat.Tree(t, outer)
	// A terminal must never see catalog text raw.
	if ch, at := mdcheck.Invisible([]byte(stdout + stderr)); at >= 0 {
		r.fail("generate prints invisible character %U at byte %d:\n%s%s", ch, at, stdout, stderr)
	}
	var written []string
	for path, data := range after {
		if old, ok := before[path]; !ok || old != data {
			written = append(written, path)
		}
	}
	for path := range before {
		if _, ok := after[path]; !ok {
			r.fail("%s was removed", path)
		}
	}
	slices.Sort(written)
	wantFile := filepath.Join(r.src, "want.golden")
	if code != 0 {
		r.refused(t, code, stdout, stderr, written, wantFile)
		return
	}
	if _, err := os.Stat(wantFile); err == nil {
		r.fail("generate accepted the catalog; want.golden expects a refusal:\n%s", stderr)
	}
	if stdout != "" {
		r.fail("generate printed %q", stdout)
	}
	r.harmless(t, c, outer, written, before)
}

// refused checks a refusal: nothing written, a positioned diagnostic, the
// golden stderr.
func (r *caseRun) refused(t *testing.T, code int, stdout, stderr string, written []string, wantFile string) {
	if code != 1 {
		r.fail("generate exits %d, want 1 for a refused catalog", code)
	}
	if len(written) > 0 {
		r.fail("generate refused the catalog but wrote %q", written)
	}
	positioned := regexp.MustCompile(`(?m)^errors\.toml:[0-9]+:[0-9]+: `)
	var errorLines []string
	for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if positioned.MatchString(l) && !strings.Contains(l, ": warning: ") {
			errorLines = append(errorLines, l)
		}
	}
	if len(errorLines) == 0 {
		r.fail("the refusal names no line of the catalog:\n%s", stderr)
	}
	if stdout != "" {
		r.fail("generate printed %q", stdout)
	}
	want, err := os.ReadFile(wantFile)
	switch {
	case len(errorLines) == 0:
		// No golden for a refusal that names no line.
	case updating():
		golden.Check(t, wantFile, []byte(stderr))
	case err != nil:
		r.fail("refused, and there is no want.golden (run go test -update to write it):\n%s", stderr)
	default:
		if diff := cmp.Diff(string(want), stderr); diff != "" {
			r.fail("refusal mismatch (-want +got):\n%s", diff)
		}
	}
}

// updating reports whether the test runs with -update, the flag
// internal/golden registers.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// harmless checks the outputs of a catalog that generate accepted.
func (r *caseRun) harmless(t *testing.T, c *catalog.Catalog, outer string, written []string, before map[string]string) {
	if c == nil {
		r.fail("generate accepted a catalog that does not load")
		return
	}
	var goFiles, mdFiles []string
	for _, path := range written {
		switch {
		case !strings.HasPrefix(path, "secure/"):
			r.fail("generate wrote %s, outside the catalog's directory", path)
		case strings.Contains("/"+path+"/", "/.git/"):
			r.fail("generate wrote %s, inside .git", path)
		case before[path] != "":
			r.fail("generate replaced %s, which existed before (an input)", path)
		case strings.HasSuffix(path, ".go"):
			goFiles = append(goFiles, path)
		default:
			mdFiles = append(mdFiles, path)
		}
	}
	if len(r.problems) > 0 {
		// Where the outputs went is the problem; what they hold is beside
		// the point.
		return
	}
	if len(goFiles) != 1 || len(mdFiles) != 1 {
		r.fail("generate wrote %q, want one Go file and one Markdown file", written)
	}
	for _, path := range goFiles {
		src, err := os.ReadFile(filepath.Join(outer, path))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range r.checker.check(t, c, src) {
			r.fail("%s: %s", path, p)
		}
	}
	for _, path := range mdFiles {
		src, err := os.ReadFile(filepath.Join(outer, path))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range mdcheck.Docs(c, src) {
			r.fail("%s: %s", path, p)
		}
	}
	// The case as the new side of a pull request.
	caseFile := filepath.Join(r.src, "errors.toml")
	_, md, stderr := errcat(t, "diff", "-format", "markdown", r.baseFile, caseFile)
	for _, p := range mdcheck.Diff(catalog.Compare(r.base, c), []byte(md)) {
		r.fail("diff -format markdown: %s\n%s", p, md)
	}
	_, text, stderr2 := errcat(t, "diff", r.baseFile, caseFile)
	if ch, at := mdcheck.Invisible([]byte(text + stderr + stderr2)); at >= 0 {
		r.fail("diff prints invisible character %U at byte %d:\n%s", ch, at, text)
	}
}

// goChecker checks generated Go against the Go generated from the case's
// twin: a catalog with the same model (codes and their Go names, statuses,
// categories, retry policies, fallback, envelope shape, message
// parameters, surfaces) in which every piece of text, name and key is
// replaced by a benign one. Text can only reach generated Go inside
// string literals and comments, so the two files must agree token for
// token once comments are dropped and string literals blanked; they must
// declare the same API and hold the same directives.
type goChecker struct {
	fset *token.FileSet
	imp  types.Importer
}

func newGoChecker() *goChecker {
	fset := token.NewFileSet()
	// The source importer type-checks the standard library once per
	// process; the default importer would run the go command.
	return &goChecker{fset: fset, imp: importer.ForCompiler(fset, "source", nil)}
}

// directive matches a line the go command or compiler reads as an
// instruction: //go: directives (go:generate, go:linkname, go:embed, ...),
// //line and /*line, build constraints, cgo's //export and //extern. The
// go command reads //go:generate lines without parsing Go, so this looks
// at every line.
var directive = regexp.MustCompile(`(?m)^\s*(//go:|//line |/\*line |//\s*\+build|//export |//extern ).*`)

func (g *goChecker) check(t *testing.T, c *catalog.Catalog, src []byte) []string {
	var problems []string
	file, err := parser.ParseFile(g.fset, "errors_gen.go", src, parser.ParseComments)
	if err != nil {
		return []string{fmt.Sprintf("does not parse: %v", err)}
	}
	if !ast.IsGenerated(file) {
		problems = append(problems, "lacks the generated-code header")
	}
	if testing.Short() {
		// Type-checking parses the standard library first: seconds.
	} else if _, err := (&types.Config{Importer: g.imp}).Check(file.Name.Name, g.fset, []*ast.File{file}, nil); err != nil {
		problems = append(problems, fmt.Sprintf("does not type-check: %v", err))
	}
	if ch, at := mdcheck.Invisible(src); at >= 0 {
		problems = append(problems, fmt.Sprintf("holds invisible character %U at byte %d", ch, at))
	}
	twinSrc, err := generateTwin(t, c, file.Name.Name)
	if err != nil {
		return append(problems, err.Error())
	}
	twinFile, err := parser.ParseFile(g.fset, "twin.go", twinSrc, parser.ParseComments)
	if err != nil {
		return append(problems, fmt.Sprintf("the twin's Go does not parse: %v", err))
	}

	// The fixed API is what the twin declares beyond its catalog's Go
	// names; the case must declare exactly that plus its own names.
	derived := map[string]bool{}
	for _, code := range c.Codes {
		derived[ident.Code(code)] = true
		if ctor := ident.Constructor(code); ctor != "" {
			derived[ctor] = true
		}
	}
	for _, cat := range c.Categories {
		derived[ident.Category(cat)] = true
	}
	want := map[string]bool{}
	for _, d := range declarations(twinFile) {
		if !derived[d] {
			want[d] = true
		}
	}
	for d := range derived {
		want[d] = true
	}
	wantList := slices.Sorted(maps.Keys(want))
	if diff := cmp.Diff(wantList, declarations(file)); diff != "" {
		problems = append(problems, fmt.Sprintf("top-level declarations mismatch (-want +got):\n%s", diff))
	}
	if diff := cmp.Diff(directive.FindAllString(string(twinSrc), -1), directive.FindAllString(string(src), -1)); diff != "" {
		problems = append(problems, fmt.Sprintf("directives mismatch (-want +got):\n%s", diff))
	}
	if i, want, got := firstDifference(tokens(twinSrc), tokens(src)); i >= 0 {
		problems = append(problems, fmt.Sprintf("code differs from the twin's at token %d: want %q, got %q", i, want, got))
	}
	return problems
}

// tokens lists the tokens of Go source without comments, each string or
// rune literal as STRING: what the code does, whatever text it carries.
func tokens(src []byte) []string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(src)), src, nil, 0)
	var out []string
	for {
		_, tok, lit := s.Scan()
		switch {
		case tok == token.EOF:
			return out
		case tok == token.STRING || tok == token.CHAR:
			out = append(out, "STRING")
		case lit != "" && tok != token.SEMICOLON:
			out = append(out, lit)
		default:
			out = append(out, tok.String())
		}
	}
}

// firstDifference returns the index of the first token where a and b
// differ, with a few tokens of each from there, or -1.
func firstDifference(a, b []string) (int, string, string) {
	for i := 0; i < max(len(a), len(b)); i++ {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			around := func(ts []string) string { return strings.Join(ts[min(i, len(ts)):min(i+12, len(ts))], " ") }
			return i, around(a), around(b)
		}
	}
	return -1, "", ""
}

// declarations lists a file's imports and top-level declarations, methods
// as (Type).Name, sorted.
func declarations(f *ast.File) []string {
	var names []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			n := d.Name.Name
			if d.Recv != nil && len(d.Recv.List) > 0 {
				n = fmt.Sprintf("(%s).%s", types.ExprString(d.Recv.List[0].Type), n)
			}
			names = append(names, n)
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.ValueSpec:
					for _, n := range s.Names {
						names = append(names, n.Name)
					}
				case *ast.TypeSpec:
					names = append(names, s.Name.Name)
				case *ast.ImportSpec:
					names = append(names, "import "+s.Path.Value)
				}
			}
		}
	}
	slices.Sort(names)
	return names
}

// plain matches catalog keys the twin keeps as they are.
var plain = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// twin writes the benign twin of c (see goChecker) as TOML.
func twin(c *catalog.Catalog) string {
	var s strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&s, format, args...) }
	w("[catalog]\nname = \"Twin\"\n")
	if c.Package != "" {
		w("package = %q\n", c.Package)
	}
	if c.Description != "" {
		w("description = \"x\"\n")
	}
	if c.DocsURL != "" {
		w("docs_url = \"https://example.com/errors\"\n")
	}

	codeKey := func(code string) string {
		if plain.MatchString(code) {
			return code
		}
		for i, cc := range c.Codes {
			if cc.Code == code {
				return fmt.Sprintf("TWIN_CODE_%d", i)
			}
		}
		for i, r := range c.Retired {
			if r.Code == code {
				return fmt.Sprintf("TWIN_RETIRED_%d", i)
			}
		}
		return "TWIN_UNKNOWN"
	}
	segment := regexp.MustCompile(`[^A-Za-z0-9_]`)
	path := func(key string, p []string) {
		if p == nil {
			return
		}
		parts := make([]string, len(p))
		for i, seg := range p {
			if parts[i] = segment.ReplaceAllString(seg, "_"); parts[i] == "" {
				parts[i] = "_"
			}
		}
		w("%s = %q\n", key, strings.Join(parts, "."))
	}
	e := c.Envelope
	w("\n[envelope]\n")
	path("code", e.Code)
	path("message", e.Message)
	path("status", e.Status)
	path("details", e.Details)
	path("doc_url", e.DocURL)
	if len(e.Fixed) > 0 {
		var members []string
		for i := range e.Fixed {
			members = append(members, fmt.Sprintf(`"f%d": "x"`, i))
		}
		w("fixed = '{%s}'\n", strings.Join(members, ", "))
	}
	if e.Example != nil {
		w("example = %q\n", codeKey(e.Example.Code))
	}

	// Policies keep their runtime fields; a name is kept when it is a
	// built-in's or plain, so that references still resolve.
	names := map[*catalog.Policy]string{}
	for i, p := range c.Policies {
		switch {
		case p.Name == "never" || p.Name == "after_action" || p.Name == "once" || p.Name == "backoff" || plain.MatchString(p.Name):
			names[p] = p.Name
		default:
			names[p] = fmt.Sprintf("twin_policy_%d", i)
		}
		w("\n[retry.%s]\n%s", names[p], policyFields(p, "\n"))
	}
	ref := func(p *catalog.Policy) string {
		if n, ok := names[p]; ok {
			return fmt.Sprintf("%q", n)
		}
		return "{ " + strings.TrimSuffix(policyFields(p, ", "), ", ") + " }"
	}
	if len(c.Fallback) > 0 {
		w("\n[fallback]\n")
		for _, r := range c.Fallback {
			w("%q = %s\n", r.Key, ref(r.Policy))
		}
	}
	catKey := map[*catalog.Category]string{}
	for _, cat := range c.Categories {
		catKey[cat] = strings.TrimPrefix(ident.Category(cat), "Category")
		w("\n[categories.%s]\ntitle = \"x\"\n", catKey[cat])
		if cat.Description != "" {
			w("description = \"x\"\n")
		}
		if cat.Status != 0 {
			w("status = %d\n", cat.Status)
		}
		if cat.Retry != nil {
			w("retry = %s\n", ref(cat.Retry))
		}
	}
	for _, code := range c.Codes {
		w("\n[codes.%s]\ngo_name = %q\ndescription = \"x\"\nretry = %s\n", codeKey(code.Code), ident.Code(code), ref(code.Retry))
		if code.Category != nil {
			w("category = %q\n", catKey[code.Category])
		}
		if code.Status != 0 {
			w("status = %d\n", code.Status)
		}
		var surfaces []string
		if code.Response {
			surfaces = append(surfaces, `"response"`)
		}
		if code.Async {
			surfaces = append(surfaces, `"async"`)
		}
		w("surfaces = [%s]\n", strings.Join(surfaces, ", "))
		for _, f := range []struct{ key, value string }{{"fix", code.Fix}, {"retry_note", code.RetryNote}, {"since", code.Since}} {
			if f.value != "" {
				w("%s = \"x\"\n", f.key)
			}
		}
		if code.Deprecated {
			w("deprecated = %q\n", map[bool]string{true: "", false: "x"}[code.Deprecation == ""])
		}
		if m := code.Message; m != nil {
			var b strings.Builder
			for _, part := range m.Parts {
				if part.Param >= 0 {
					b.WriteString("{" + m.Params[part.Param] + "}")
				} else {
					b.WriteString("x")
				}
			}
			w("message = %q\n", b.String())
		}
	}
	for _, r := range c.Retired {
		w("\n[retired.%s]\nreason = \"x\"\n", codeKey(r.Code))
		if r.Removed != "" {
			w("removed = \"x\"\n")
		}
	}
	return s.String()
}

// policyFields writes the runtime fields of a policy as TOML key-value
// pairs, with benign docs text.
func policyFields(p *catalog.Policy, sep string) string {
	var f []string
	f = append(f, fmt.Sprintf("kind = %q", p.Kind.String()))
	if p.Retryable() {
		if p.Kind == catalog.RetryBackoff {
			f = append(f, fmt.Sprintf("max_retries = %d", p.MaxRetries))
		}
		if p.InitialDelay != 0 || p.MaxDelay != 0 {
			f = append(f, fmt.Sprintf("initial_delay = %q", p.InitialDelay.String()), fmt.Sprintf("max_delay = %q", p.MaxDelay.String()))
		}
		if p.Multiplier != 0 {
			f = append(f, fmt.Sprintf("multiplier = %v", p.Multiplier))
		}
		f = append(f, fmt.Sprintf("retry_after = %v", p.RetryAfter))
	}
	if p.IdempotentOnly {
		f = append(f, "idempotent_only = true")
	}
	if p.Label != "" {
		f = append(f, `label = "x"`)
	}
	if p.Action != "" {
		f = append(f, `action = "x"`)
	}
	return strings.Join(f, sep) + sep
}

// generateTwin generates the Go file of c's twin in package pkg.
func generateTwin(t *testing.T, c *catalog.Catalog, pkg string) ([]byte, error) {
	t.Helper()
	dir := t.TempDir()
	text := twin(c)
	writeFile(t, filepath.Join(dir, "errors.toml"), text)
	goFile := filepath.Join(dir, "twin.go")
	if code, _, stderr := errcat(t, "generate", "-package", pkg, "-go", goFile, "-md", filepath.Join(dir, "TWIN.md"), filepath.Join(dir, "errors.toml")); code != 0 {
		return nil, fmt.Errorf("the twin catalog is refused:\n%s\n%s", text, stderr)
	}
	return os.ReadFile(goFile)
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() || rel == "want.golden" || rel == "pending" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		writeFile(t, filepath.Join(to, rel), string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
