package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/errcat/errcat/internal/golden"
)

// TestDiff runs errcat diff on each case in testdata/diff: base.toml (or
// the case's old.toml) against the case's new.toml, and compares the
// report with the case's golden.
func TestDiff(t *testing.T) {
	t.Chdir("../../testdata/diff")
	breaking := map[string]bool{
		"removed_code": true, "removed_retired": true, "status_changed": true, "category_changed": true,
		"stopped_retryable": true, "envelope_moved": true, "retired_reappears": true, "go_name_changed": true,
		"retry_changed": false, "deprecated": false, "fixed_changed": false, "fallback_changed": false,
		"tombstone_removed": false, "added": false, "jitter_changed": false, "text_edits": false, "no_changes": false,
	}
	dirs, _ := filepath.Glob("*/new.toml")
	if len(dirs) != len(breaking) {
		t.Errorf("%d cases in testdata/diff, %d in this table", len(dirs), len(breaking))
	}
	for name, wantBreaking := range breaking {
		t.Run(name, func(t *testing.T) {
			old := "base.toml"
			if _, err := os.Stat(filepath.Join(name, "old.toml")); err == nil {
				old = filepath.Join(name, "old.toml")
			}
			code, stdout, stderr := errcat(t, "diff", old, filepath.Join(name, "new.toml"))
			if want := map[bool]int{true: 1, false: 0}[wantBreaking]; code != want {
				t.Errorf("exit %d, want %d\n%s%s", code, want, stdout, stderr)
			}
			if stderr != "" {
				t.Errorf("stderr: %s", stderr)
			}
			golden.Check(t, filepath.Join(name, "report.golden"), []byte(stdout))
			if name == "removed_code" {
				_, md, _ := errcat(t, "diff", "-format", "markdown", old, filepath.Join(name, "new.toml"))
				golden.Check(t, filepath.Join(name, "report.md.golden"), []byte(md))
			}
		})
	}
}

func TestDiffStdinAndUsage(t *testing.T) {
	old, err := os.Open("../../testdata/diff/base.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	code, stdout, _ := errcatStdin(t, old, "diff", "-", "../../testdata/diff/status_changed/new.toml")
	if code != 1 || !strings.Contains(stdout, "NOT_FOUND: status 404 → 410") {
		t.Errorf("diff from stdin: exit %d\n%s", code, stdout)
	}
	for _, args := range [][]string{{"diff", "a.toml"}, {"diff", "-format", "html", "a", "b"}, {"diff", "-", "-"}} {
		if code, _, _ := errcat(t, args...); code != 2 {
			t.Errorf("errcat %v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := errcat(t, "diff", "../../testdata/bad/status_range.toml", "../../testdata/diff/base.toml"); code != 1 || !strings.Contains(stderr, "outside 100-599") {
		t.Errorf("diff with an invalid catalog: exit %d, %s", code, stderr)
	}
}

// TestDiffSeeds compares each seed catalog with an edited copy: its last
// code removed, a code added.
func TestDiffSeeds(t *testing.T) {
	for _, name := range []string{"tryon", "thumbnails", "alphavideo", "fashn", "genapi"} {
		t.Run(name, func(t *testing.T) {
			old := filepath.Join("..", "..", "testdata", "catalogs", name, "errors.toml")
			src, err := os.ReadFile(old)
			if err != nil {
				t.Fatal(err)
			}
			// Remove the last code's table.
			text := string(src)
			start := strings.LastIndex(text, "\n[codes.") + 1
			end := strings.Index(text[start+1:], "\n[")
			if end < 0 {
				end = len(text)
			} else {
				end += start + 2
			}
			header := text[start : strings.Index(text[start:], "\n")+start]
			removed := strings.TrimSuffix(strings.TrimPrefix(header, "[codes."), "]")
			kept := text[:start] + text[end:]
			added := "BRAND_NEW_CODE"
			if strings.ToUpper(removed) != removed {
				added = "BrandNewCode"
			}
			category := ""
			if i := strings.Index(string(src), "[categories."); i >= 0 {
				key := string(src)[i+len("[categories."):]
				category = "category = " + strconv.Quote(key[:strings.Index(key, "]")]) + "\n"
			}
			edited := kept + "\n[codes." + added + "]\n" + category + "status = 418\ndescription = \"A new code.\"\n"
			newFile := filepath.Join(t.TempDir(), "errors.toml")
			if err := os.WriteFile(newFile, []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := errcat(t, "diff", old, newFile)
			if code != 1 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			wantRemoved := old + ":"
			for _, want := range []string{"breaking changes:\n  " + wantRemoved, ": " + removed + ": removed (was status ", "hint: add [retired." + removed + "]", "safe changes:\n  " + newFile + ":", ": " + added + ": added (status 418, retry never)"} {
				if !strings.Contains(stdout, want) {
					t.Errorf("report lacks %q:\n%s", want, stdout)
				}
			}
		})
	}
}
