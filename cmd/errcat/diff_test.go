package main

import (
	"os"
	"path/filepath"
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
		"tombstone_removed": false, "added": false, "text_edits": false, "no_changes": false,
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
	stdin := os.Stdin
	os.Stdin = old
	defer func() { os.Stdin = stdin }()
	code, stdout, _ := errcat(t, "diff", "-", "../../testdata/diff/status_changed/new.toml")
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
