package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/errcat/errcat/internal/readonly"
)

// copyCatalog copies a catalog from testdata/catalogs into a fresh
// directory and returns the copy's path.
func copyCatalog(t *testing.T, name string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "catalogs", name, "errors.toml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "errors.toml")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestGenerateCheckCycle generates, checks, edits the catalog, sees check
// fail with a diff naming the edited code, and generates again.
func TestGenerateCheckCycle(t *testing.T) {
	cat := copyCatalog(t, "tryon")
	dir := filepath.Dir(cat)
	goFile, mdFile := filepath.Join(dir, "errors_gen.go"), filepath.Join(dir, "ERRORS.md")
	if code, _, stderr := errcat(t, "generate", cat); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, stderr)
	}
	goldenGo := readFile(t, "../../testdata/catalogs/tryon/errors_gen.go.golden")
	if diff := cmp.Diff(goldenGo, readFile(t, goFile)); diff != "" {
		t.Errorf("generated Go differs from the golden (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(readFile(t, "../../testdata/catalogs/tryon/ERRORS.md.golden"), readFile(t, mdFile)); diff != "" {
		t.Errorf("generated docs differ from the golden (-want +got):\n%s", diff)
	}
	if code, stdout, stderr := errcat(t, "check", cat); code != 0 || stdout != "" || strings.Contains(stderr, "errcat:") {
		t.Fatalf("check after generate: exit %d\n%s%s", code, stdout, stderr)
	}

	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(goFile, past, past); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := errcat(t, "generate", cat); code != 0 {
		t.Fatalf("generate again: exit %d\n%s", code, stderr)
	}
	if info, _ := os.Stat(goFile); !info.ModTime().Equal(past) {
		t.Error("generate touched an unchanged file")
	}

	edited := strings.Replace(readFile(t, cat), "[codes.FILE_TOO_LARGE]\ncategory = \"payload\"", "[codes.FILE_TOO_LARGE]\ncategory = \"payload\"\nstatus = 400", 1)
	if err := os.WriteFile(cat, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := errcat(t, "check", cat)
	if code != 1 || !strings.Contains(stdout, "+\t// FileTooLarge comes with HTTP status 400") || !strings.Contains(stdout, "@@") || !strings.Contains(stderr, "errcat: generated files are out of date") {
		t.Errorf("check after an edit: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if readFile(t, goFile) != goldenGo {
		t.Error("check wrote to the output")
	}
	if code, _, _ := errcat(t, "generate", cat); code != 0 {
		t.Fatal("generate after the edit failed")
	}
	if code, _, _ := errcat(t, "check", cat); code != 0 {
		t.Error("check after regenerating still fails")
	}
}

// TestGenerateFailuresWriteNothing shows that an invalid catalog, a
// failing template or an unwritable output leave previous outputs as they
// were.
func TestGenerateFailuresWriteNothing(t *testing.T) {
	cat := copyCatalog(t, "genapi")
	dir := filepath.Dir(cat)
	if code, _, stderr := errcat(t, "generate", cat); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	goFile, mdFile := filepath.Join(dir, "errors_gen.go"), filepath.Join(dir, "ERRORS.md")
	before := map[string]string{goFile: readFile(t, goFile), mdFile: readFile(t, mdFile)}
	original := readFile(t, cat)

	badTemplate := filepath.Join(dir, "bad.tmpl")
	if err := os.WriteFile(badTemplate, []byte("# {{.Name}}\n{{range .Codes}}{{.NoSuchField}}{{end}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	blocker := filepath.Join(dir, "not-a-dir")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		catalog string // replaces the catalog when set
		args    []string
		stderr  string
	}{
		{"invalid catalog", strings.Replace(original, `category = "quota"`, `category = "qouta"`, 1), nil, `did you mean "quota"`},
		{"template fails mid-render", "", []string{"-md-template", badTemplate}, "NoSuchField"},
		{"markdown output cannot be written", "", []string{"-md", filepath.Join(blocker, "ERRORS.md")}, "not-a-dir"},
		{"go output is a directory", "", []string{"-go", dir}, "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := original
			if tt.catalog != "" {
				src = tt.catalog
			}
			src = strings.Replace(src, "Most failures", "Nearly all failures", 1) // would change both outputs
			if err := os.WriteFile(cat, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			args := append(append([]string{"generate"}, tt.args...), cat)
			code, _, stderr := errcat(t, args...)
			if code != 1 || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want 1 mentioning %q", code, stderr, tt.stderr)
			}
			if tt.catalog == "" && (strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "errcat: ")) {
				t.Errorf("want one clear error line, got %q", stderr)
			}
			for path, want := range before {
				if readFile(t, path) != want {
					t.Errorf("%s changed", path)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".errcat-") {
					t.Errorf("temporary file left behind: %s", e.Name())
				}
			}
		})
	}
}

// TestGenerateReadOnlyDirectory shows that generating into a read-only
// directory fails with one error and leaves the previous outputs as they
// were.
func TestGenerateReadOnlyDirectory(t *testing.T) {
	cat := copyCatalog(t, "genapi")
	dir := filepath.Dir(cat)
	if code, _, stderr := errcat(t, "generate", cat); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	goFile, mdFile := filepath.Join(dir, "errors_gen.go"), filepath.Join(dir, "ERRORS.md")
	before := []string{readFile(t, goFile), readFile(t, mdFile)}
	edited := strings.Replace(readFile(t, cat), "Most failures", "Nearly all failures", 1)
	if err := os.WriteFile(cat, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	readonly.Dir(t, dir)
	code, _, stderr := errcat(t, "generate", cat)
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "errcat: ") {
		t.Errorf("exit %d, stderr %q; want 1 and one error line", code, stderr)
	}
	if readFile(t, goFile) != before[0] || readFile(t, mdFile) != before[1] {
		t.Error("an output changed")
	}
}

func TestOutputPathsAndPackage(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	write := func(path, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	catalogText := func(output string) string {
		return `[catalog]
name = "Paths"
` + output + `
[envelope]
code = "code"
message = "message"

[codes.NOT_FOUND]
status = 404
description = "Missing."
`
	}
	write("api/errors.toml", catalogText(`[output]
go = "gen/my-errors/errors_gen.go"
markdown = "docs/ERRORS.md"
`))
	if code, _, stderr := errcat(t, "generate", "api/errors.toml"); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	goSrc := readFile(t, "api/gen/my-errors/errors_gen.go")
	if !strings.HasPrefix(goSrc, "// Code generated by errcat from ../../errors.toml. DO NOT EDIT.\n\npackage myerrors\n") {
		t.Errorf("header and package:\n%s", goSrc[:120])
	}
	readFile(t, "api/docs/ERRORS.md")

	// Flags are relative to the working directory and override [output].
	if code, _, stderr := errcat(t, "generate", "-go", "out/x.go", "-md", "out/X.md", "-package", "custom", "api/errors.toml"); code != 0 {
		t.Fatalf("generate with flags: %s", stderr)
	}
	if src := readFile(t, "out/x.go"); !strings.Contains(src, "from ../api/errors.toml.") || !strings.Contains(src, "package custom\n") {
		t.Errorf("flag outputs:\n%s", src[:120])
	}

	// Without [output]: beside the catalog; a directory that makes no
	// package name needs -package.
	write("123/errors.toml", catalogText(""))
	if code, _, stderr := errcat(t, "generate", "123/errors.toml"); code != 1 || !strings.Contains(stderr, "pass -package") {
		t.Errorf("package from \"123\": exit %d, %s", code, stderr)
	}
	if code, _, stderr := errcat(t, "generate", "-package", "numbers", "123/errors.toml"); code != 0 {
		t.Errorf("with -package: %s", stderr)
	}
	readFile(t, "123/errors_gen.go")
	if code, _, stderr := errcat(t, "generate", "-package", "no-good", "123/errors.toml"); code != 2 || !strings.Contains(stderr, "not a valid Go package name") {
		t.Errorf("bad -package: exit %d, %s", code, stderr)
	}
}

// TestUntrustedPaths checks that [output] paths cannot reach outside the
// catalog's directory, through .. or a symlink, while flags may.
func TestUntrustedPaths(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(root, "outside")
	repo := filepath.Join(root, "repo")
	for _, d := range []string{outside, repo} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(repo, "link")); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
	cat := filepath.Join(repo, "errors.toml")
	for name, out := range map[string]string{
		"symlink":  `go = "link/errors_gen.go"`,
		"dot-dot":  `go = "../outside/errors_gen.go"`,
		"absolute": `go = "` + filepath.ToSlash(filepath.Join(outside, "errors_gen.go")) + `"`,
		"template": `markdown_template = "link/evil.tmpl"`,
	} {
		t.Run(name, func(t *testing.T) {
			src := "[catalog]\nname = \"U\"\npackage = \"u\"\n[output]\n" + out + "\n[envelope]\ncode = \"c\"\nmessage = \"m\"\n[codes.X]\nstatus = 400\ndescription = \"x\"\n"
			if err := os.WriteFile(cat, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			if code, _, stderr := errcat(t, "generate", cat); code != 1 || !strings.Contains(stderr, "catalog's directory") {
				t.Errorf("exit %d, stderr %q; want the path refused", code, stderr)
			}
			if entries, _ := os.ReadDir(outside); len(entries) != 0 {
				t.Errorf("wrote outside the catalog's directory: %v", entries)
			}
			if _, err := os.Stat(filepath.Join(repo, "ERRORS.md")); err == nil {
				t.Error("wrote the docs although the Go path was refused")
			}
		})
	}
	t.Run("flag may point outside", func(t *testing.T) {
		src := "[catalog]\nname = \"U\"\npackage = \"u\"\n[envelope]\ncode = \"c\"\nmessage = \"m\"\n[codes.X]\nstatus = 400\ndescription = \"x\"\n"
		if err := os.WriteFile(cat, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := errcat(t, "generate", "-go", filepath.Join(repo, "link", "errors_gen.go"), cat); code != 0 {
			t.Errorf("exit %d: %s", code, stderr)
		}
		readFile(t, filepath.Join(outside, "errors_gen.go"))
	})
}

func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "apierr")
	code, stdout, stderr := errcat(t, "init", dir)
	if code != 0 || !strings.Contains(stdout, "errors.toml") {
		t.Fatalf("init: exit %d\n%s%s", code, stdout, stderr)
	}
	cat := filepath.Join(dir, "errors.toml")
	if code, _, stderr := errcat(t, "validate", "-strict", cat); code != 0 {
		t.Errorf("the starter catalog does not validate cleanly:\n%s", stderr)
	}
	if code, _, stderr := errcat(t, "generate", cat); code != 0 {
		t.Errorf("the starter catalog does not generate:\n%s", stderr)
	}
	if src := readFile(t, filepath.Join(dir, "errors_gen.go")); !strings.Contains(src, "package apierr\n") {
		t.Error("package not derived from the directory")
	}
	before := readFile(t, cat)
	if code, _, stderr := errcat(t, "init", dir); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("second init: exit %d, %s", code, stderr)
	}
	if readFile(t, cat) != before {
		t.Error("init overwrote the catalog")
	}
}

func TestHelpAndVersion(t *testing.T) {
	code, stdout, _ := errcat(t, "-h")
	for _, verb := range []string{"generate", "check", "validate", "diff", "init", "schema", "version"} {
		if !strings.Contains(stdout, "errcat "+verb) {
			t.Errorf("errcat -h does not list %s:\n%s", verb, stdout)
		}
		if code, _, stderr := errcat(t, verb, "-h"); code != 0 || !strings.Contains(stderr, "Usage: errcat "+verb) {
			t.Errorf("errcat %s -h: exit %d\n%s", verb, code, stderr)
		}
	}
	if code != 0 {
		t.Errorf("errcat -h exits %d", code)
	}
	if code, stdout, _ := errcat(t, "version"); code != 0 || !strings.HasPrefix(stdout, "errcat ") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
	if code, _, _ := errcat(t, "generate", "a.toml", "b.toml"); code != 2 {
		t.Errorf("generate with two catalogs: exit %d, want 2", code)
	}
}

// TestCommittedPackageIsFresh runs errcat check on the generated packages
// committed for the runtime fuzz tests and the real-client tests (retry
// clients, a problem details library), as a consumer's CI would.
func TestCommittedPackageIsFresh(t *testing.T) {
	for _, tt := range []struct{ dir, catalog string }{
		{"../../internal/fuzzgen/genapierr", "../../../testdata/catalogs/genapi/errors.toml"},
		{"../../internal/tryonerr", "testdata/errors.toml"},
		{"../../internal/storeerr", "../../testdata/catalogs/store/errors.toml"},
	} {
		t.Run(filepath.Base(tt.dir), func(t *testing.T) {
			t.Chdir(tt.dir)
			code, stdout, stderr := errcat(t, "check", "-go", "errors_gen.go", "-md", "ERRORS.md", tt.catalog)
			if code != 0 {
				t.Errorf("%s is stale; run go generate there\n%s%s", tt.dir, stdout, stderr)
			}
		})
	}
}

// TestOutputNameCheckedEarly checks that an output file name a target
// cannot write is a usage error, found before the catalog is read.
func TestOutputNameCheckedEarly(t *testing.T) {
	code, _, stderr := errcat(t, "generate", "-openapi", "api.txt", "no-such-catalog.toml")
	if code != 2 || !strings.Contains(stderr, `-openapi: OpenAPI output "api.txt": the file name must end in .json, .yaml or .yml`) {
		t.Errorf("exit %d, %s", code, stderr)
	}
}

// TestCheckDiffIsEscaped checks that check's diff shows control characters
// of the files it compares escaped, and keeps their tabs.
func TestCheckDiffIsEscaped(t *testing.T) {
	cat := copyCatalog(t, "genapi")
	dir := filepath.Dir(cat)
	if code, _, stderr := errcat(t, "generate", cat); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	goFile := filepath.Join(dir, "errors_gen.go")
	old := readFile(t, goFile)
	if err := os.WriteFile(goFile, []byte(strings.Replace(old, "\n\t", "\n\t\x1b]0;pwned\x07\x1b[2J\u202e\n\t", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := errcat(t, "check", cat)
	if code != 1 || strings.ContainsAny(stdout, "\x1b\x07\u202e") || !strings.Contains(stdout, `\x1b]0;pwned\a`) && !strings.Contains(stdout, `\x1b]0;pwned\x07`) {
		t.Errorf("check: exit %d, stdout %q", code, stdout)
	}
	if !strings.Contains(stdout, "\n \t") && !strings.Contains(stdout, "\n-\t") && !strings.Contains(stdout, "\n+\t") {
		t.Errorf("check's diff lost its tabs:\n%s", stdout)
	}
}
