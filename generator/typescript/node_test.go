package typescript

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/ident"
	"github.com/errcat/errcat/internal/synth"
	"github.com/errcat/errcat/internal/testcat"
)

// requireNode is the environment variable that turns the skip of tests
// needing Node and the pinned TypeScript into a failure; CI sets it.
const requireNode = "ERRCAT_REQUIRE_NODE"

// tscFlags are the compiler options every module must compile under: those
// of SPEC §12, the stricter checks a consumer's project may turn on, and
// the oldest target and library the README promises (ES2020).
var tscFlags = []string{
	"--strict", "--isolatedModules", "--verbatimModuleSyntax", "--erasableSyntaxOnly",
	"--noUnusedLocals", "--noUnusedParameters", "--noImplicitReturns", "--noFallthroughCasesInSwitch",
	"--noUncheckedIndexedAccess", "--exactOptionalPropertyTypes", "--noImplicitOverride",
	"--noPropertyAccessFromIndexSignature", "--noEmitOnError", "--skipLibCheck",
	"--target", "es2020", "--lib", "es2020,dom", "--module", "esnext", "--moduleResolution", "bundler",
}

// toolchain returns the node command and the pinned TypeScript compiler
// (installed by npm ci in testdata/typescript). Without them the test is
// skipped with a message, or fails when ERRCAT_REQUIRE_NODE=1.
func toolchain(t *testing.T) (node, tsc string) {
	t.Helper()
	missing := func(format string, args ...any) {
		t.Helper()
		if os.Getenv(requireNode) == "1" {
			t.Fatalf(format+" ("+requireNode+"=1)", args...)
		}
		t.Skipf(format+"; skipping the TypeScript compile and Node tests", args...)
	}
	if testing.Short() {
		t.Skip("compiles and runs generated TypeScript")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("no node command on PATH")
	}
	out, err := exec.Command(node, "--version").Output()
	major, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(string(out)), "v"), ".")
	if n, _ := strconv.Atoi(major); err != nil || n < 18 {
		missing("node %q is older than 18", strings.TrimSpace(string(out)))
	}
	tsc = testcat.Testdata("typescript", "node_modules", "typescript", "bin", "tsc")
	if _, err := os.Stat(tsc); err != nil {
		missing("no TypeScript compiler at %s: run npm ci in testdata/typescript", tsc)
	}
	return node, tsc
}

// compile compiles the .ts files under dir into out, as ES modules, with
// tscFlags.
func compile(t *testing.T, node, tsc, dir, out string) {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".ts") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{tsc}, tscFlags...)
	args = append(args, "--rootDir", dir, "--outDir", out)
	cmd := exec.Command(node, append(args, files...)...)
	start := time.Now()
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tsc: %v\n%s", err, b)
	}
	t.Logf("tsc compiled %d files in %v", len(files), time.Since(start).Round(time.Millisecond))
	writeFile(t, filepath.Join(out, "package.json"), []byte(`{"type": "module"}`+"\n"))
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, b)
}

// runNode runs node with args in dir and fails the test with its output
// when it fails.
func runNode(t *testing.T, node, dir string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(node, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NODE_OPTIONS=")
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("node %s: %v\n%s\n%s", strings.Join(args, " "), err, out, stderr)
	}
	return out
}

// policyJSON is a RetryPolicy as the module writes it.
type policyJSON struct {
	Kind           string  `json:"kind"`
	MaxRetries     int     `json:"maxRetries"`
	InitialDelayMs float64 `json:"initialDelayMs"`
	MaxDelayMs     float64 `json:"maxDelayMs"`
	Multiplier     float64 `json:"multiplier"`
	RetryAfter     bool    `json:"retryAfter"`
	IdempotentOnly bool    `json:"idempotentOnly"`
	Jitter         string  `json:"jitter"`
}

func policyOf(p catalog.Runtime) policyJSON {
	return policyJSON{
		Kind: p.Kind.String(), MaxRetries: p.MaxRetries,
		InitialDelayMs: float64(p.InitialDelay) / 1e6, MaxDelayMs: float64(p.MaxDelay) / 1e6,
		Multiplier: p.Multiplier, RetryAfter: p.RetryAfter, IdempotentOnly: p.IdempotentOnly, Jitter: p.Jitter.String(),
	}
}

// wantJSON is what the catalog says, for behaviour.test.mjs, computed from
// the catalog model rather than from the module.
func wantJSON(t *testing.T, c *catalog.Catalog) []byte {
	t.Helper()
	type code struct {
		Wire     string     `json:"wire"`
		Name     string     `json:"name"`
		Status   int        `json:"status"`
		Category string     `json:"category"`
		Title    string     `json:"title"`
		Policy   policyJSON `json:"policy"`
	}
	type category struct {
		Key  string `json:"key"`
		Name string `json:"name"`
	}
	type fallback struct {
		Status int        `json:"status"`
		Policy policyJSON `json:"policy"`
	}
	var w struct {
		Codes       []code                     `json:"codes"`
		Categories  []category                 `json:"categories"`
		Fallback    []fallback                 `json:"fallback"`
		HasStatus   bool                       `json:"hasStatus"`
		HasDetails  bool                       `json:"hasDetails"`
		HasTitle    bool                       `json:"hasTitle"`
		HasInstance bool                       `json:"hasInstance"`
		Problem     bool                       `json:"problem"`
		Fixed       map[string]json.RawMessage `json:"fixed"`
	}
	for _, cd := range c.Codes {
		cat := ""
		if cd.Category != nil {
			cat = cd.Category.Key
		}
		w.Codes = append(w.Codes, code{cd.Code, ident.Code(cd), cd.Status, cat, cd.Title, policyOf(cd.Retry.Runtime())})
	}
	w.Categories = []category{}
	for _, cat := range c.Categories {
		w.Categories = append(w.Categories, category{cat.Key, strings.TrimPrefix(ident.Category(cat), "Category")})
	}
	for _, status := range []int{0, -1, 100, 302, 400, 402, 404, 408, 409, 429, 499, 500, 501, 502, 503, 504, 599, 600, 1000} {
		p := c.FallbackFor(status).Runtime()
		if status == 501 {
			p = catalog.Runtime{} // SPEC §9: the fallback never retries 501
		}
		w.Fallback = append(w.Fallback, fallback{status, policyOf(p)})
	}
	w.HasStatus, w.HasDetails = c.Envelope.Status != nil, c.Envelope.Details != nil
	w.HasTitle, w.HasInstance, w.Problem = c.Envelope.Title != nil, c.Envelope.Instance != nil, c.Envelope.IsProblem()
	w.Fixed = map[string]json.RawMessage{}
	for _, m := range c.Envelope.Fixed {
		w.Fixed[m.Key] = m.Value
	}
	b, err := json.MarshalIndent(w, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// nodeSummary matches the closing lines of node --test.
var nodeSummary = regexp.MustCompile(`(?m)^ℹ (tests|pass|fail|skipped) \d+$`)

// synthCodes is the size of the synthetic catalog TestNode compiles and
// tests besides the testdata catalogs: large enough that a type the
// compiler cannot check at scale (a union of every code) shows.
const synthCodes = 10000

// TestNode compiles the module of every testdata catalog, of a synthetic
// catalog of synthCodes codes, and the runtime on its own with the pinned
// TypeScript under tscFlags, and runs the behaviour tests with Node's test
// runner against each.
func TestNode(t *testing.T) {
	node, tsc := toolchain(t)
	src, out := t.TempDir(), t.TempDir()
	synthName := fmt.Sprintf("synth%d", synthCodes)
	inline := map[string][]byte{
		synthName: synth.Catalog(synthCodes),
		// The smallest catalog: no categories, policies or fallback.
		"minimal": []byte("[catalog]\nname = \"Minimal\"\n\n[envelope]\ncode = \"code\"\nmessage = \"message\"\n\n[codes.OOPS]\nstatus = 500\ndescription = \"Oops.\"\n"),
	}
	names := append(testcat.All[:len(testcat.All):len(testcat.All)], synthName, "minimal")
	for _, name := range names {
		var c *catalog.Catalog
		if src, ok := inline[name]; ok {
			var diags catalog.Diagnostics
			if c, diags = catalog.Parse("errors.toml", src); c == nil {
				t.Fatal(diags)
			}
		} else {
			c = loadCatalog(t, name)
		}
		writeFile(t, filepath.Join(src, name, "errors.ts"), generate(t, c))
		writeFile(t, filepath.Join(out, name, "want.json"), wantJSON(t, c))
		copyFile(t, filepath.Join("testdata", "behaviour.test.mjs"), filepath.Join(out, name, "behaviour.test.mjs"))
	}
	for _, f := range []string{"runtime.ts", "catalog_gen.ts"} {
		copyFile(t, filepath.Join("runtime", f), filepath.Join(src, "runtime", f))
	}
	copyFile(t, filepath.Join("runtime", "runtime.test.mjs"), filepath.Join(out, "runtime", "runtime.test.mjs"))
	compile(t, node, tsc, src, out)
	files := []string{"runtime/runtime.test.mjs"}
	for _, name := range names {
		files = append(files, name+"/behaviour.test.mjs")
	}
	got := runNode(t, node, out, append([]string{"--test", "--test-reporter=spec"}, files...)...)
	t.Logf("node --test:\n%s", strings.Join(nodeSummary.FindAllString(string(got), -1), "\n"))
}

// readmeExample returns the TypeScript block of docs/typescript.md,
// exactly as it reads there.
func readmeExample(t *testing.T) []byte {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(testcat.Root(), "docs", "typescript.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(doc), "\n```ts\n")
	block, _, ok2 := strings.Cut(block, "\n```\n")
	if !ok || !ok2 {
		t.Fatal("docs/typescript.md has no ```ts block")
	}
	return []byte(block + "\n")
}

// TestREADMEExample compiles the TypeScript example of docs/typescript.md,
// as it reads there, beside the module of the README's catalog, and runs it against a
// Node HTTP server.
func TestREADMEExample(t *testing.T) {
	node, tsc := toolchain(t)
	c, diags, err := catalog.Load(filepath.Join(testcat.Root(), "internal", "tryonerr", "testdata", "errors.toml"))
	if err != nil || c == nil {
		t.Fatalf("load: %v\n%v", err, diags)
	}
	src, out := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(src, "errors.ts"), generate(t, c))
	writeFile(t, filepath.Join(src, "example.ts"), readmeExample(t))
	compile(t, node, tsc, src, out)
	copyFile(t, filepath.Join("testdata", "readme.test.mjs"), filepath.Join(out, "readme.test.mjs"))
	got := runNode(t, node, out, "--test", "--test-reporter=spec", "readme.test.mjs")
	t.Logf("node --test:\n%s", strings.Join(nodeSummary.FindAllString(string(got), -1), "\n"))
}
