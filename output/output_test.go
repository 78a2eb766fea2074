package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/errcat/errcat/internal/readonly"

	_ "github.com/errcat/errcat/internal/golden" // registers -update, so that go test ./... -update runs here too
)

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// entries lists a directory, to show no temporary file was left behind.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.md"), filepath.Join(dir, "sub", "c.go")
	write(t, a, "old a")
	write(t, b, "same b")
	if err := os.Chmod(a, 0o600); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(b, past, past); err != nil {
		t.Fatal(err)
	}
	changed, err := Writer{}.Write([]File{{a, []byte("new a")}, {b, []byte("same b")}, {c, []byte("new c")}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{a, c}, changed); diff != "" {
		t.Errorf("changed (-want +got):\n%s", diff)
	}
	if read(t, a) != "new a" || read(t, b) != "same b" || read(t, c) != "new c" {
		t.Error("contents not written")
	}
	if info, _ := os.Stat(a); info.Mode().Perm() != 0o600 {
		t.Errorf("mode of a = %v, want 0600 kept", info.Mode().Perm())
	}
	if info, _ := os.Stat(c); info.Mode().Perm() != 0o644 {
		t.Errorf("mode of new c = %v, want 0644", info.Mode().Perm())
	}
	if info, _ := os.Stat(b); !info.ModTime().Equal(past) {
		t.Errorf("unchanged b was touched: mtime %v, want %v", info.ModTime(), past)
	}
	if diff := cmp.Diff([]string{"a.go", "b.md", "sub"}, entries(t, dir)); diff != "" {
		t.Errorf("directory (-want +got):\n%s", diff)
	}
}

// faultFS fails one operation on one file.
type faultFS struct {
	FS
	op, path string
}

var errInjected = errors.New("injected fault: no space left on device")

func (f faultFS) WriteTemp(dir, pattern string, data []byte, perm fs.FileMode) (string, error) {
	if f.op == "write" && strings.HasPrefix(pattern, "."+filepath.Base(f.path)) {
		return "", errInjected
	}
	return f.FS.WriteTemp(dir, pattern, data, perm)
}

func (f faultFS) Rename(oldpath, newpath string) error {
	if f.op == "rename" && newpath == f.path {
		return errInjected
	}
	return f.FS.Rename(oldpath, newpath)
}

// TestWriteFaults shows that a failure anywhere leaves every previous
// output byte-identical and no temporary file behind.
func TestWriteFaults(t *testing.T) {
	tests := []struct {
		name   string
		op     string
		target string // which file fails: "a", "b" or "new"
	}{
		{"disk full writing the first file", "write", "a"},
		{"disk full writing the second file", "write", "b"},
		{"rename of the second file fails", "rename", "b"},
		{"rename of the last, new file fails", "rename", "new"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			paths := map[string]string{"a": filepath.Join(dir, "a.go"), "b": filepath.Join(dir, "b.md"), "new": filepath.Join(dir, "new.txt")}
			write(t, paths["a"], "old a")
			write(t, paths["b"], "old b")
			before := entries(t, dir)
			w := Writer{FS: faultFS{OS, tt.op, paths[tt.target]}}
			changed, err := w.Write([]File{{paths["a"], []byte("new a")}, {paths["b"], []byte("new b")}, {paths["new"], []byte("new")}})
			if !errors.Is(err, errInjected) || changed != nil {
				t.Fatalf("Write = %v, %v; want the injected error", changed, err)
			}
			if read(t, paths["a"]) != "old a" || read(t, paths["b"]) != "old b" {
				t.Errorf("outputs changed: a=%q b=%q", read(t, paths["a"]), read(t, paths["b"]))
			}
			if diff := cmp.Diff(before, entries(t, dir)); diff != "" {
				t.Errorf("directory changed (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteRealFailures(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.go")
	write(t, good, "old")
	blocker := filepath.Join(dir, "file")
	write(t, blocker, "a file, not a directory")
	tests := []struct{ name, bad string }{
		{"output is a directory", dir},
		{"parent is a regular file", filepath.Join(blocker, "x.go")},
		{"parent cannot be created", filepath.Join(blocker, "sub", "x.go")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := (Writer{}).Write([]File{{good, []byte("new")}, {tt.bad, []byte("x")}}); err == nil {
				t.Fatal("Write succeeded")
			}
			if read(t, good) != "old" || read(t, blocker) != "a file, not a directory" {
				t.Error("an output changed")
			}
			if diff := cmp.Diff([]string{"file", "good.go"}, entries(t, dir)); diff != "" {
				t.Errorf("directory changed (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("read-only directory", func(t *testing.T) {
		ro := t.TempDir()
		path := filepath.Join(ro, "x.go")
		write(t, path, "old")
		readonly.Dir(t, ro)
		if _, err := (Writer{}).Write([]File{{path, []byte("new")}}); err == nil {
			t.Fatal("Write succeeded")
		}
		if read(t, path) != "old" {
			t.Error("output changed")
		}
	})
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	fresh, stale, missing := filepath.Join(dir, "fresh"), filepath.Join(dir, "stale"), filepath.Join(dir, "missing")
	write(t, fresh, "one\ntwo\n")
	write(t, stale, "one\ntwo\nthree\n")
	got, err := Writer{}.Check([]File{{fresh, []byte("one\ntwo\n")}, {stale, []byte("one\nTWO\nthree\n")}, {missing, []byte("x\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Path != stale || got[1].Path != missing || !got[1].Missing {
		t.Fatalf("Check = %+v", got)
	}
	for _, want := range []string{"--- " + stale, "+++ " + stale + " (generated)", "-two", "+TWO", "@@"} {
		if !strings.Contains(got[0].Diff, want) {
			t.Errorf("diff lacks %q:\n%s", want, got[0].Diff)
		}
	}
	if !strings.Contains(got[1].Diff, "--- /dev/null") || !strings.Contains(got[1].Diff, "+x") {
		t.Errorf("diff of a missing file:\n%s", got[1].Diff)
	}
	if read(t, stale) != "one\ntwo\nthree\n" {
		t.Error("Check wrote to disk")
	}
}
