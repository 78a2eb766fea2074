package output

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	_ "github.com/errcat/errcat/internal/golden" // registers -update, so that go test ./... -update runs here too
	"github.com/errcat/errcat/internal/readonly"
	"github.com/errcat/errcat/internal/testcat"
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
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
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
	changed, err := Writer{}.Write(context.Background(), []File{{Path: a, Data: []byte("new a")}, {Path: b, Data: []byte("same b")}, {Path: c, Data: []byte("new c")}})
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

// TestWriteConfined writes files that stay inside their root, through
// symlinks that stay inside too, and through a symlinked output.
func TestWriteConfined(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "real", "docs.md"), "old")
	if err := os.Symlink("real", filepath.Join(dir, "link")); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
	if err := os.Symlink(filepath.Join("real", "docs.md"), filepath.Join(dir, "DOCS.md")); err != nil {
		t.Fatal(err)
	}
	root := &Root{Dir: dir, Name: "the root"}
	_, err := Writer{}.Write(context.Background(), []File{
		{Path: "link/new/x.go", Data: []byte("x"), Root: root},
		{Path: "DOCS.md", Data: []byte("new"), Root: root},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"real": "/", "real/docs.md": "new", "real/new": "/", "real/new/x.go": "x",
		"link": "-> real", "DOCS.md": "-> " + filepath.Join("real", "docs.md"),
	}
	if diff := cmp.Diff(want, testcat.Tree(t, dir)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

// faultFS fails one operation on one file, or ends the context there.
type faultFS struct {
	fileSystem
	op, base string
	cancel   context.CancelFunc // when set, the fault cancels instead of failing
	swap     func()             // when set, runs before openDir
	slow     bool               // sleep before each lock, to widen races
}

var errInjected = errors.New("injected fault: no space left on device")

func (f faultFS) openDir(root *os.Root, path string) (dir, error) {
	if f.swap != nil {
		f.swap()
	}
	d, err := f.fileSystem.openDir(root, path)
	if err != nil {
		return nil, err
	}
	return faultDir{d, f}, nil
}

type faultDir struct {
	dir
	f faultFS
}

func (d faultDir) fault() error {
	if d.f.cancel != nil {
		d.f.cancel()
		return nil
	}
	return errInjected
}

func (d faultDir) writeTemp(base string, data []byte, perm fs.FileMode) (string, error) {
	if d.f.op == "write" && base == d.f.base {
		if err := d.fault(); err != nil {
			return "", err
		}
	}
	return d.dir.writeTemp(base, data, perm)
}

func (d faultDir) rename(from, to string) error {
	if d.f.op == "rename" && to == d.f.base {
		if err := d.fault(); err != nil {
			return err
		}
	}
	return d.dir.rename(from, to)
}

func (d faultDir) lock(ctx context.Context) error {
	if d.f.slow {
		time.Sleep(time.Millisecond)
	}
	if d.f.op == "lock" {
		if err := d.fault(); err != nil {
			return err
		}
	}
	return d.dir.lock(ctx)
}

// TestWriteFaults shows that a failure or an interruption anywhere leaves
// every previous output byte-identical, no temporary file behind, and no
// directory the run made.
func TestWriteFaults(t *testing.T) {
	tests := []struct {
		name      string
		op        string
		base      string // which file fails
		interrupt bool   // the context ends there, instead of an error
	}{
		{"disk full writing the first file", "write", "a.go", false},
		{"disk full writing the second file", "write", "b.md", false},
		{"rename of the second file fails", "rename", "b.md", false},
		{"rename of the last, new file fails", "rename", "new.txt", false},
		{"interrupted while locking", "lock", "", true},
		{"interrupted while staging", "write", "b.md", true},
		{"interrupted after the first rename", "rename", "a.go", true},
		{"interrupted during the second rename", "rename", "b.md", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			a, b, n := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.md"), filepath.Join(dir, "made", "new.txt")
			write(t, a, "old a")
			write(t, b, "old b")
			before := testcat.Tree(t, dir)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			f := faultFS{fileSystem: osFS{}, op: tt.op, base: tt.base}
			wantErr := errInjected
			if tt.interrupt {
				f.cancel, wantErr = cancel, context.Canceled
			}
			changed, err := Writer{fsys: f}.Write(ctx, []File{{Path: a, Data: []byte("new a")}, {Path: b, Data: []byte("new b")}, {Path: n, Data: []byte("new")}})
			if !errors.Is(err, wantErr) || changed != nil {
				t.Fatalf("Write = %v, %v; want %v", changed, err, wantErr)
			}
			if diff := cmp.Diff(before, testcat.Tree(t, dir)); diff != "" {
				t.Errorf("files changed (-want +got):\n%s", diff)
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
	tests := []struct{ name, bad, problem string }{
		{"output is a directory", dir, "is a directory, not a regular file"},
		{"parent is a regular file", filepath.Join(blocker, "x.go"), `goes through "` + blocker + `", a regular file, not a directory`},
		{"parent cannot be created", filepath.Join(blocker, "sub", "x.go"), `goes through "` + blocker + `", a regular file, not a directory`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (Writer{}).Write(context.Background(), []File{{Path: good, Data: []byte("new")}, {Path: tt.bad, Data: []byte("x"), Name: "bad"}})
			if err == nil || err.Error() != "bad "+tt.problem {
				t.Fatalf("Write = %v; want %q", err, "bad "+tt.problem)
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
		if _, err := (Writer{}).Write(context.Background(), []File{{Path: path, Data: []byte("new")}}); err == nil {
			t.Fatal("Write succeeded")
		}
		if read(t, path) != "old" {
			t.Error("output changed")
		}
	})
	t.Run("directories made for a failed run are removed", func(t *testing.T) {
		ro := t.TempDir()
		write(t, filepath.Join(ro, "x.go"), "old")
		deep := filepath.Join(dir, "a", "b", "c", "x.go")
		readonly.Dir(t, ro)
		if _, err := (Writer{}).Write(context.Background(), []File{{Path: deep, Data: []byte("x")}, {Path: filepath.Join(ro, "x.go"), Data: []byte("new")}}); err == nil {
			t.Fatal("Write succeeded")
		}
		if diff := cmp.Diff([]string{"file", "good.go"}, entries(t, dir)); diff != "" {
			t.Errorf("directory changed (-want +got):\n%s", diff)
		}
	})
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	fresh, stale, missing := filepath.Join(dir, "fresh"), filepath.Join(dir, "stale"), filepath.Join(dir, "missing")
	write(t, fresh, "one\ntwo\n")
	write(t, stale, "one\ntwo\nthree\n")
	got, err := Writer{}.Check([]File{{Path: fresh, Data: []byte("one\ntwo\n")}, {Path: stale, Data: []byte("one\nTWO\nthree\n")}, {Path: missing, Data: []byte("x\n")}})
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

// TestWriteMarker checks that a file with a Marker replaces an existing
// file only when that file carries the marker near its top.
func TestWriteMarker(t *testing.T) {
	dir := t.TempDir()
	generated := filepath.Join(dir, "gen.go")
	hand := filepath.Join(dir, "hand.go")
	if err := os.WriteFile(generated, []byte("// Code generated by errcat from errors.toml. DO NOT EDIT.\n\npackage x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(hand, []byte("package x\n\n// Code generated by errcat from nothing, said far below the top.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const marker = "Code generated by errcat from "
	data := []byte("// Code generated by errcat from errors.toml. DO NOT EDIT.\n\npackage y\n")
	if _, err := (Writer{}).Write(context.Background(), []File{{Path: generated, Data: data, Marker: marker}}); err != nil {
		t.Fatalf("replacing a generated file: %v", err)
	}
	// Pad the hand-written file so its marker lies past the first KiB.
	if err := os.WriteFile(hand, append([]byte("package x\n\n"+strings.Repeat("// padding\n", 200)), "// Code generated by errcat from x.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(hand)
	_, err := (Writer{}).Write(context.Background(), []File{{Path: hand, Data: data, Marker: marker, Name: `[output] go "hand.go"`}})
	var pe *PathError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "was not generated by errcat") {
		t.Fatalf("replacing a hand-written file: %v", err)
	}
	if after, _ := os.ReadFile(hand); !bytes.Equal(before, after) {
		t.Error("the hand-written file changed")
	}
	if _, err := (Writer{}).Write(context.Background(), []File{{Path: filepath.Join(dir, "new.go"), Data: data, Marker: marker}}); err != nil {
		t.Errorf("writing a new file: %v", err)
	}
	// What a crash of the machine can leave of an output renamed into
	// place unsynced: no marker, and nothing anyone wrote.
	for name, crashed := range map[string][]byte{"empty.go": nil, "zeros.go": make([]byte, 4096), "nul.go": {0}} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, crashed, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := (Writer{}).Write(context.Background(), []File{{Path: path, Data: data, Marker: marker}}); err != nil {
			t.Errorf("replacing %s, %d NUL bytes: %v", name, len(crashed), err)
		} else if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
			t.Errorf("%s holds %q", name, got)
		}
	}
	zeroThenText := append(make([]byte, 10), "package x\n"...)
	if err := os.WriteFile(hand, zeroThenText, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := (Writer{}).Write(context.Background(), []File{{Path: hand, Data: data, Marker: marker}}); err == nil {
		t.Error("replaced a file of NUL bytes and text")
	}
}
