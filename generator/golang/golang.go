// Package golang is errcat's Go target: it turns a catalog into one Go
// source file (SPEC §4, §7, §9).
//
// The file has two parts. What depends on the catalog (the code and
// category constants, the per-code table, the retry policies and fallback,
// the envelope's encoding, message constructors) is generated: jennifer
// builds the envelope's types, Error's JSON methods and their helpers,
// whose shape follows the envelope's, and the rest, whose shape is fixed,
// is written as gofmt writes it (layout.go holds gofmt's alignment rules,
// which tests hold to go/format). What does not depend on the catalog (the
// types and their methods, HTTP helpers, retry classifiers) is real Go in
// fixed/fixed.go, compiled and tested there, embedded here and spliced in
// after the catalog's part as it is.
package golang

import (
	"bytes"
	_ "embed"
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/dave/jennifer/jen"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/ident"
)

// Options tunes Go generation.
type Options struct {
	// Package is the Go package name; see PackageName.
	Package string
	// Source names the catalog in the generated header, normally its path
	// relative to the generated file's directory, with forward slashes.
	Source string
}

//go:embed fixed/fixed.go
var fixedSource string

// fixedImports and fixedDecls are fixed.go's imports and the text of its
// declarations, from the first one on.
var fixedImports, fixedDecls = splitFixed(fixedSource)

// catalogPartNames are the package-level names the catalog's part always
// declares, besides those derived from the catalog.
var catalogPartNames = []string{
	"codePath", "errorPrefix", "codeTable", "categoryList", "categoryTitles",
	"policies", "policyNames", "backoffPolicy", "fallbackPolicy", "docsURL",
	"ptrIf", "listIf",
}

// reservedIdents returns the package-level names that a name derived from
// the catalog (a policy index, an envelope type) must not take: those of
// the fixed part and those the catalog's part always declares.
func reservedIdents() map[string]bool {
	taken := map[string]bool{}
	for _, name := range catalogPartNames {
		taken[name] = true
	}
	for _, name := range fixedNames {
		taken[name] = true
	}
	return taken
}

// fixedNames are the package-level names fixed.go declares, but for its
// methods.
var fixedNames = declaredNames(fixedDecls)

// declaredNames returns the names a gofmt'd Go file's top-level
// declarations declare, but for methods, from its lines alone: a
// declaration starts a line ("func Name(", "type Name ", "const Name",
// "var Name"), and the specs of a grouped one are its lines indented by
// one tab. A test holds it to go/parser's reading of fixed.go; it runs at
// every start, where parsing took a couple of milliseconds.
func declaredNames(src string) []string {
	var names []string
	group := false
	for line := range strings.SplitSeq(src, "\n") {
		switch {
		case group && line == ")":
			group = false
		case group:
			if rest, ok := strings.CutPrefix(line, "\t"); ok && rest != "" && !strings.HasPrefix(rest, "//") && !strings.HasPrefix(rest, "\t") {
				names = append(names, identList(rest)...)
			}
		case line == "const (" || line == "var (" || line == "type (":
			group = true
		case line == "" || line[0] == '\t' || line[0] == '/' || line[0] == '}':
			// A body, a comment or a blank line: most of the file.
		default:
			for _, kw := range []string{"func ", "type "} {
				if rest, ok := strings.CutPrefix(line, kw); ok && !strings.HasPrefix(rest, "(") {
					names = append(names, leadingIdent(rest))
				}
			}
			for _, kw := range []string{"const ", "var "} {
				if rest, ok := strings.CutPrefix(line, kw); ok {
					names = append(names, identList(rest)...)
				}
			}
		}
	}
	return names
}

// identList returns the identifiers of the list s starts with: "a, b = …".
func identList(s string) []string {
	var names []string
	for {
		name := leadingIdent(s)
		names = append(names, name)
		rest, ok := strings.CutPrefix(s[len(name):], ", ")
		if !ok {
			return names
		}
		s = rest
	}
}

// leadingIdent returns the identifier s starts with.
func leadingIdent(s string) string {
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' })
	if end < 0 {
		return s
	}
	return s[:end]
}

// Go returns the Go source file for c: gofmt'd, importing only the
// standard library, and identical for identical input.
func Go(c *catalog.Catalog, opts Options) ([]byte, error) {
	return render(c, opts, true)
}

// render builds the catalog's part and, when withFixed is set, splices
// the fixed part after it. Most of the catalog's part is written as gofmt
// writes it, beside jennifer's rendering of the envelope's types and
// Error's JSON methods, whose shape follows the envelope's.
func render(c *catalog.Catalog, opts Options, withFixed bool) ([]byte, error) {
	if !token.IsIdentifier(opts.Package) {
		return nil, fmt.Errorf("generator: invalid Go package name %q", opts.Package)
	}
	g := newGen(c, opts.Package)
	// The written part only reads the catalog, as jennifer's does.
	type result struct {
		w   writtenPart
		err error
	}
	written := make(chan result, 1)
	go func() {
		w, err := g.written()
		written <- result{w, err}
	}()
	f := jen.NewFile(opts.Package)
	f.HeaderComment("Code generated by errcat from " + commentText(opts.Source) + ". DO NOT EDIT.")
	g.f = f
	g.envelope()
	var buf bytes.Buffer
	err := f.Render(&buf)
	r := <-written
	if err == nil {
		err = r.err
	}
	if err != nil {
		return nil, fmt.Errorf("generator: %w", err)
	}
	return splice(buf.Bytes(), r.w, withFixed), nil
}

// writtenPart is what render writes as gofmt writes it: head, from the
// code constants to Error.Is, goes before jennifer's declarations and
// tail after them; usesTime says whether they name package time.
type writtenPart struct {
	head, tail []byte
	usesTime   bool
}

// written writes the catalog's part but for what jennifer renders.
func (g *gen) written() (w writtenPart, err error) {
	var b bytes.Buffer
	b.Grow(g.firstSize())
	if err := g.codeConsts(&b); err != nil {
		return w, err
	}
	b.WriteString("\n")
	g.codeTable(&b)
	if err := g.constructors(&b); err != nil {
		return w, err
	}
	g.codes(&b)
	if err := g.categories(&b); err != nil {
		return w, err
	}
	if w.usesTime, err = g.retry(&b); err != nil {
		return w, err
	}
	g.errors(&b)
	var tail bytes.Buffer
	g.envelopeConsts(&tail)
	w.head, w.tail = b.Bytes(), tail.Bytes()
	return w, nil
}

// notIdent reports the first of names, which errcat writes as Go
// identifiers for code, that is none. A catalog that passed Check has
// only identifiers there, but Go may be given one that did not, and
// go/format never sees the text written as gofmt writes it.
func notIdent(code *catalog.Code, names ...string) error {
	for _, name := range names {
		if !token.IsIdentifier(name) {
			return fmt.Errorf("code %q: %q is not a Go identifier (see Check)", code.Code, name)
		}
	}
	return nil
}

// Reserved returns the exported identifiers every generated package
// declares besides its codes, categories and constructors.
func Reserved() []string {
	return []string{
		"Code", "Codes", "ParseCode",
		"Category", "Categories",
		"RetryKind", "RetryNever", "RetryAfterAction", "RetryOnce", "RetryBackoff",
		"RetryPolicy", "RetryPolicyFor", "Jitter", "JitterNone", "JitterFull", "JitterEqual",
		"Error", "New", "Newf", "Decode", "FromResponse", "Write",
		"ShouldRetry", "CheckRetry", "Backoff", "MaxBodyBytes",
	}
}

// Check reports what keeps c from becoming a Go package: names that cannot
// be declared or collide (package ident), and a [catalog] package that is
// not a usable package name.
func Check(c *catalog.Catalog) catalog.Diagnostics {
	diags := ident.Check(c, Reserved())
	errorf := func(pos catalog.Position, format string, args ...any) {
		diags = append(diags, catalog.Diagnostic{File: c.File, Pos: pos, Message: fmt.Sprintf(format, args...)})
	}
	for _, p := range c.Envelope.Paths() {
		for _, seg := range p.Segments {
			if !tagName(seg) {
				errorf(c.KeyPos("envelope", p.Field), "envelope path %q: member %q %s", strings.Join(p.Segments, "."), seg, tagNameRule)
				break
			}
		}
	}
	for _, m := range c.Envelope.Fixed {
		if !tagName(m.Key) {
			errorf(c.KeyPos("envelope", "fixed"), "fixed member %q %s", m.Key, tagNameRule)
		}
	}
	if c.Package != "" {
		if msg := packageProblem(c.Package); msg != "" {
			diags = append(diags, catalog.Diagnostic{File: c.File, Pos: c.KeyPos("catalog", "package"), Message: fmt.Sprintf("package %q %s", c.Package, msg)})
		}
	}
	return diags
}

// tagNameRule says which names tagName accepts.
const tagNameRule = "cannot be named in Go: use letters, digits, spaces and punctuation other than quotes, backslash, backtick and comma"

// tagName reports whether encoding/json accepts name as the name in a
// struct tag, so that the generated types can hold a member of that name.
func tagName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", r) {
			return false
		}
	}
	return true
}

// packageProblem says why name cannot name a generated package, or "".
func packageProblem(name string) string {
	if !token.IsIdentifier(name) || name == "_" {
		return "is not a valid Go package name"
	}
	if why := reservedPackage(name); why != "" {
		return "cannot be used: " + why
	}
	return ""
}

// reservedPackage says why a valid identifier cannot name the generated
// package, or "".
func reservedPackage(name string) string {
	switch name {
	case "main":
		return "package main is a command, not an importable package"
	case "documentation":
		return "the go command ignores package documentation"
	}
	return ""
}

// CheckPackage reports why name, given as -package, cannot name a
// generated package.
func CheckPackage(name string) error {
	if msg := packageProblem(name); msg != "" {
		return fmt.Errorf("-package %q %s", name, msg)
	}
	return nil
}

// PackageName picks the Go package name: the flag's (see CheckPackage),
// else the catalog's, else the Go output directory's name, lower-cased,
// keeping [a-z0-9].
func PackageName(flagValue string, c *catalog.Catalog, goPath string) (string, error) {
	if flagValue != "" {
		return flagValue, CheckPackage(flagValue)
	}
	if c.Package != "" {
		return c.Package, nil
	}
	abs, err := filepath.Abs(filepath.Dir(goPath))
	if err != nil {
		return "", err
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, strings.ToLower(filepath.Base(abs)))
	if name == "" || token.IsKeyword(name) || name[0] >= '0' && name[0] <= '9' {
		return "", fmt.Errorf("cannot derive a Go package name from directory %q: set package in [catalog] or pass -package", filepath.Base(abs))
	}
	if why := reservedPackage(name); why != "" {
		return "", fmt.Errorf("cannot use directory %q as the Go package name: %s; set package in [catalog] or pass -package", filepath.Base(abs), why)
	}
	return name, nil
}

// splitFixed returns the import paths of a gofmt'd Go file and its text
// from the first declaration after the imports on.
func splitFixed(src string) ([]string, string) {
	start := strings.Index(src, "\nimport (\n")
	end := strings.Index(src[start:], "\n)\n")
	if start < 0 || end < 0 {
		panic("golang: fixed.go has no import block")
	}
	var imports []string
	for _, line := range strings.Split(src[start+len("\nimport (\n"):start+end], "\n") {
		if path, err := strconv.Unquote(strings.TrimSpace(line)); err == nil {
			imports = append(imports, path)
		}
	}
	return imports, strings.TrimLeft(src[start+end+len("\n)\n"):], "\n")
}

// splice assembles the file: the catalog's part rendered by jennifer,
// with the written part's head before its declarations, its tail after
// them and, when withFixed is set, the fixed part last. One import block
// holds what each part imports. Every piece is gofmt'd, and so is the
// result (a test checks it).
func splice(part []byte, w writtenPart, withFixed bool) []byte {
	var imports []string
	if withFixed {
		imports = slices.Clone(fixedImports)
	}
	if w.usesTime {
		imports = append(imports, "time")
	}
	src := string(part)
	// head is everything up to the package clause's line, rest what follows.
	p := strings.Index(src, "\npackage ") + 1
	p += strings.IndexByte(src[p:], '\n') + 1
	head, rest := src[:p], src[p:]
	switch {
	case strings.HasPrefix(rest, "\nimport (\n"):
		j := strings.Index(rest, "\n)\n")
		for _, line := range strings.Split(rest[len("\nimport (\n"):j], "\n") {
			imports = append(imports, unquote(line))
		}
		rest = rest[j+len("\n)\n"):]
	case strings.HasPrefix(rest, "\nimport \""):
		j := 1 + strings.IndexByte(rest[1:], '\n')
		imports = append(imports, unquote(strings.TrimPrefix(rest[1:j], "import ")))
		rest = rest[j+1:]
	}
	slices.Sort(imports)
	imports = slices.Compact(imports)
	b := make([]byte, 0, len(src)+len(w.head)+len(w.tail)+len(fixedDecls)+256)
	b = append(b, head...)
	if len(imports) > 0 {
		b = append(b, "\nimport (\n"...)
		for _, p := range imports {
			b = append(strconv.AppendQuote(append(b, '\t'), p), '\n')
		}
		b = append(b, ")\n"...)
	}
	b = append(b, '\n')
	b = append(b, w.head...)
	b = append(b, rest...)
	b = append(b, w.tail...)
	if withFixed {
		b = append(b, '\n')
		b = append(b, fixedDecls...)
	}
	return b
}

// unquote returns the import path on a line of an import block.
func unquote(line string) string {
	path, err := strconv.Unquote(strings.TrimSpace(line))
	if err != nil {
		panic("golang: unexpected import line " + strconv.Quote(line))
	}
	return path
}
