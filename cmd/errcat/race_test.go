package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestConcurrentGenerate races two errcat generate processes, from two
// catalogs, on the same output files 50 times: every time, the outputs are
// the whole of what one of them generated, both from the same catalog (the
// output directory's lock serialises them).
func TestConcurrentGenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 100 errcat processes")
	}
	dir := t.TempDir()
	bin := buildErrcat(t)
	out := filepath.Join(dir, "out")
	goFile, mdFile := filepath.Join(out, "errors_gen.go"), filepath.Join(out, "ERRORS.md")
	want := map[string][2]string{} // catalog → Go, Markdown
	var catalogs []string
	for _, name := range []string{"tryon", "genapi"} {
		cat := filepath.Join("..", "..", "testdata", "catalogs", name, "errors.toml")
		catalogs = append(catalogs, cat)
		alone := filepath.Join(dir, name)
		if b, err := exec.Command(bin, "generate", "-package", "apierr", "-go", filepath.Join(alone, "errors_gen.go"), "-md", filepath.Join(alone, "ERRORS.md"), cat).CombinedOutput(); err != nil {
			t.Fatalf("generate %s: %v\n%s", name, err, b)
		}
		want[cat] = [2]string{readFile(t, filepath.Join(alone, "errors_gen.go")), readFile(t, filepath.Join(alone, "ERRORS.md"))}
	}
	// from names the catalog the outputs come from, or says what they are.
	from := func(goSrc, md string) string {
		for cat, w := range want {
			switch {
			case goSrc == w[0] && md == w[1]:
				return cat
			case goSrc == w[0]:
				return "Go from " + cat + ", docs from the other catalog or neither"
			}
		}
		return "a Go file from neither catalog"
	}
	for round := range 50 {
		var cmds []*exec.Cmd
		for _, cat := range catalogs {
			cmd := exec.Command(bin, "generate", "-package", "apierr", "-go", goFile, "-md", mdFile, cat)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds = append(cmds, cmd)
		}
		for _, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if got := from(readFile(t, goFile), readFile(t, mdFile)); want[got] == [2]string{} {
			t.Fatalf("round %d: the outputs are not one run's: %s", round, got)
		}
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			if strings.Contains(e.Name(), ".errcat-") {
				t.Fatalf("round %d: temporary file left: %s", round, e.Name())
			}
		}
	}
}

// buildErrcat builds the errcat command for tests that run it as a
// process, and returns its path.
func buildErrcat(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "errcat")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build errcat: %v\n%s", err, out)
	}
	return bin
}
