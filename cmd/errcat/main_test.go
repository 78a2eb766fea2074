package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// errcat runs the command line in process and returns its exit status and
// output.
func errcat(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return errcatStdin(t, nil, args...)
}

// errcatStdin is errcat with stdin as standard input.
func errcatStdin(t *testing.T, stdin io.Reader, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = exitCode(run(context.Background(), args, stdin, &out, &errb), &errb)
	return code, out.String(), errb.String()
}

// TestValidateBad checks that validate exits 1 on every bad catalog and
// prints exactly its golden diagnostics.
func TestValidateBad(t *testing.T) {
	t.Chdir("../../testdata/bad")
	files, _ := filepath.Glob("*.toml")
	if len(files) < 25 {
		t.Fatalf("found %d bad catalogs", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(file, ".toml"), func(t *testing.T) {
			code, stdout, stderr := errcat(t, "validate", file)
			if code != 1 || stdout != "" {
				t.Errorf("exit %d, stdout %q; want exit 1 and no stdout", code, stdout)
			}
			want, err := os.ReadFile(strings.TrimSuffix(file, ".toml") + ".golden")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), stderr); diff != "" {
				t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	seeds, _ := filepath.Glob("../../testdata/catalogs/*/errors.toml")
	warn, _ := filepath.Glob("../../testdata/warn/*.toml")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // a substring, "" for no output
	}{
		{"seeds", append([]string{"validate"}, seeds...), 0, "warning: code QUOTA_EXCEEDED"},
		{"warnings pass", append([]string{"validate"}, warn...), 0, "warning:"},
		{"strict fails on warnings", append([]string{"validate", "-strict"}, warn...), 1, "warning:"},
		{"strict passes clean catalog", []string{"validate", "-strict", "../../testdata/catalogs/genapi/errors.toml"}, 0, ""},
		{"missing file", []string{"validate", "nope.toml"}, 1, "nope.toml: no such file or directory"},
		{"no catalog", []string{"validate"}, 2, "errcat: validate: no catalog given"},
		{"bad flag", []string{"validate", "-bogus", "x.toml"}, 2, "flag provided but not defined: -bogus"},
		{"no command", nil, 2, "errcat: no command given"},
		{"unknown command", []string{"frobnicate"}, 2, `errcat: unknown command "frobnicate"`},
		{"help", []string{"validate", "-h"}, 0, "Usage: errcat validate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := errcat(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if tt.stderr == "" && stderr != "" || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.stderr)
			}
			if strings.Count(stderr, "errcat: ") > 1 {
				t.Errorf("errcat: prefix printed more than once:\n%s", stderr)
			}
		})
	}
}
