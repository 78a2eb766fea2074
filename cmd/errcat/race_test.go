package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestConcurrentGenerate races two errcat generate processes, from two
// catalogs, on the same output files 50 times: every time, each output is
// complete, the whole of what one of them generated.
func TestConcurrentGenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 100 errcat processes")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "errcat")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build errcat: %v\n%s", err, out)
	}
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
	isOneOf := func(got string, i int) bool {
		for _, w := range want {
			if got == w[i] {
				return true
			}
		}
		return false
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
		if !isOneOf(readFile(t, goFile), 0) || !isOneOf(readFile(t, mdFile), 1) {
			t.Fatalf("round %d: an output is not what either process generated", round)
		}
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			if strings.Contains(e.Name(), ".errcat-") {
				t.Fatalf("round %d: temporary file left: %s", round, e.Name())
			}
		}
	}
}
