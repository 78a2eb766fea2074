package output

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/errcat/errcat/internal/testcat"
)

// fixture is a catalog's directory, repo, beside another, outside:
//
//	repo/errors.toml, repo/docs.tmpl  inputs
//	repo/ERRORS.md                    an existing output
//	repo/file                         a regular file
//	repo/sub/                         a directory
//	repo/.git/config
//	outside/
type fixture struct {
	base, repo, outside string
	root                *Root
	inputs              []Input
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	base := t.TempDir()
	if real, err := filepath.EvalSymlinks(base); err == nil {
		base = real // macOS: /var is a symlink
	}
	fx := &fixture{base: base, repo: filepath.Join(base, "repo"), outside: filepath.Join(base, "outside")}
	for name, data := range map[string]string{
		"errors.toml": "catalog", "docs.tmpl": "template", "ERRORS.md": "old docs",
		"file": "a file", ".git/config": "[core]", "sub/keep": "",
	} {
		write(t, filepath.Join(fx.repo, name), data)
	}
	if err := os.MkdirAll(fx.outside, 0o755); err != nil {
		t.Fatal(err)
	}
	fx.root = &Root{Dir: fx.repo, Name: "the root"}
	fx.inputs = []Input{
		{Path: filepath.Join(fx.repo, "errors.toml"), Name: `the catalog "errors.toml"`},
		{Path: filepath.Join(fx.repo, "docs.tmpl"), Name: `the docs template "docs.tmpl"`},
	}
	return fx
}

func (fx *fixture) symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, filepath.Join(fx.repo, name)); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
}

func (fx *fixture) link(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Link(filepath.Join(fx.repo, target), filepath.Join(fx.repo, name)); err != nil {
		t.Skip("hard links unavailable:", err)
	}
}

// TestRefusals shows every path Write and Check refuse: each is refused
// with one message saying what is wrong, before anything is written, and
// none hangs.
func TestRefusals(t *testing.T) {
	one := func(f File) []File { f.Name = "out"; return []File{f} }
	two := func(a, b File) []File {
		a.Name, b.Name = "first", "second"
		return []File{a, b}
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, fx *fixture) ([]File, string)
	}{
		{"empty path", func(t *testing.T, fx *fixture) ([]File, string) {
			return one(File{Path: ""}), "out is empty"
		}},
		{"ends in a separator", func(t *testing.T, fx *fixture) ([]File, string) {
			return one(File{Path: filepath.Join(fx.repo, "new") + "/"}), "out ends in a path separator"
		}},
		{"confined path ends in a separator", func(t *testing.T, fx *fixture) ([]File, string) {
			return one(File{Path: "new/", Root: fx.root}), "out ends in a path separator"
		}},
		{"directory", func(t *testing.T, fx *fixture) ([]File, string) {
			return one(File{Path: filepath.Join(fx.repo, "sub")}), "out is a directory, not a regular file"
		}},
		{"FIFO", func(t *testing.T, fx *fixture) ([]File, string) {
			mkfifo(t, filepath.Join(fx.repo, "fifo"))
			return one(File{Path: "fifo", Root: fx.root}), "out is a named pipe (FIFO), not a regular file"
		}},
		{"device", func(t *testing.T, fx *fixture) ([]File, string) {
			if info, err := os.Stat(os.DevNull); err != nil || info.Mode().IsRegular() {
				t.Skip("no device at", os.DevNull)
			}
			return one(File{Path: os.DevNull}), "out is a device, not a regular file"
		}},
		{"socket", func(t *testing.T, fx *fixture) ([]File, string) {
			l, err := net.Listen("unix", filepath.Join(fx.repo, "sock"))
			if err != nil {
				t.Skip("unix sockets unavailable:", err)
			}
			t.Cleanup(func() { l.Close() })
			return one(File{Path: "sock", Root: fx.root}), "out is a socket, not a regular file"
		}},
		{"inside .git", func(t *testing.T, fx *fixture) ([]File, string) {
			return one(File{Path: ".git/config", Root: fx.root}), "out is inside a .git directory"
		}},
		{"inside .git, new file", func(t *testing.T, fx *fixture) ([]File, string) {
			return one(File{Path: filepath.Join(fx.repo, ".git", "hooks", "pre-commit")}), "out is inside a .git directory"
		}},
		{"inside .GIT", func(t *testing.T, fx *fixture) ([]File, string) {
			return one(File{Path: ".GIT/config", Root: fx.root}), "out is inside a .git directory"
		}},
		{"symlink into .git", func(t *testing.T, fx *fixture) ([]File, string) {
			fx.symlink(t, ".git", "gitlink")
			return one(File{Path: "gitlink/config", Root: fx.root}), fmt.Sprintf("out resolves into a .git directory (%q)", filepath.Join(fx.repo, ".git", "config"))
		}},
		{"the catalog", func(t *testing.T, fx *fixture) ([]File, string) {
			return one(File{Path: "errors.toml", Root: fx.root}), `out is the catalog "errors.toml"`
		}},
		{"the catalog through a symlink", func(t *testing.T, fx *fixture) ([]File, string) {
			fx.symlink(t, "errors.toml", "cat.go")
			return one(File{Path: filepath.Join(fx.repo, "cat.go")}), `out is the catalog "errors.toml"`
		}},
		{"the catalog through a hard link", func(t *testing.T, fx *fixture) ([]File, string) {
			fx.link(t, "errors.toml", "cat.go")
			return one(File{Path: "cat.go", Root: fx.root}), `out is the catalog "errors.toml"`
		}},
		{"the docs template", func(t *testing.T, fx *fixture) ([]File, string) {
			return one(File{Path: filepath.Join(fx.repo, "docs.tmpl")}), `out is the docs template "docs.tmpl"`
		}},
		{"two outputs, one new file", func(t *testing.T, fx *fixture) ([]File, string) {
			t.Chdir(fx.repo)
			return two(File{Path: "same.go"}, File{Path: filepath.Join(fx.repo, "sub", "..", "same.go")}), `second is the same file as first`
		}},
		{"two outputs, one existing file", func(t *testing.T, fx *fixture) ([]File, string) {
			return two(File{Path: "ERRORS.md", Root: fx.root}, File{Path: filepath.Join(fx.repo, "ERRORS.md")}), `second is the same file as first`
		}},
		{"two outputs through a symlink", func(t *testing.T, fx *fixture) ([]File, string) {
			fx.symlink(t, "sub", "alias")
			return two(File{Path: "sub/x.go", Root: fx.root}, File{Path: "alias/x.go", Root: fx.root}), `second is the same file as first`
		}},
		{"two outputs through a hard link", func(t *testing.T, fx *fixture) ([]File, string) {
			fx.link(t, "ERRORS.md", "copy.md")
			return two(File{Path: "ERRORS.md", Root: fx.root}, File{Path: "copy.md", Root: fx.root}), `second is the same file as first`
		}},
		{"one output in the other", func(t *testing.T, fx *fixture) ([]File, string) {
			return two(File{Path: "x", Root: fx.root}, File{Path: "x/y.md", Root: fx.root}), `first is the directory of second`
		}},
		{"absolute confined path", func(t *testing.T, fx *fixture) ([]File, string) {
			return one(File{Path: filepath.Join(fx.outside, "x.go"), Root: fx.root}), "out is an absolute path; it must stay inside the root"
		}},
		{"dot-dot", func(t *testing.T, fx *fixture) ([]File, string) {
			return one(File{Path: "sub/../../outside/x.go", Root: fx.root}), `out leads outside the root through ".."`
		}},
		{"symlinked directory leading out", func(t *testing.T, fx *fixture) ([]File, string) {
			fx.symlink(t, fx.outside, "out")
			return one(File{Path: "out/x.go", Root: fx.root}), fmt.Sprintf("out leads outside the root through the symlink %q (to %q)", "out", fx.outside)
		}},
		{"symlinked file leading out", func(t *testing.T, fx *fixture) ([]File, string) {
			fx.symlink(t, filepath.Join("..", "outside", "x.go"), "x.go")
			write(t, filepath.Join(fx.outside, "x.go"), "outside")
			return one(File{Path: "x.go", Root: fx.root}), fmt.Sprintf("out leads outside the root through the symlink %q (to %q)", "x.go", filepath.Join("..", "outside", "x.go"))
		}},
		{"regular file in the path", func(t *testing.T, fx *fixture) ([]File, string) {
			return one(File{Path: "file/x.go", Root: fx.root}), `out goes through "file", a regular file, not a directory`
		}},
		{"regular file in a flag path", func(t *testing.T, fx *fixture) ([]File, string) {
			t.Chdir(fx.repo)
			return one(File{Path: "file/sub/x.go"}), `out goes through "file", a regular file, not a directory`
		}},
		{"dangling symlinked directory", func(t *testing.T, fx *fixture) ([]File, string) {
			fx.symlink(t, "missing", "l")
			return one(File{Path: "l/x.go", Root: fx.root}), `out goes through "l", a symlink to "missing", which does not exist`
		}},
		{"dangling symlinked directory in a flag path", func(t *testing.T, fx *fixture) ([]File, string) {
			fx.symlink(t, "missing", "l")
			t.Chdir(fx.repo)
			return one(File{Path: "l/x.go"}), `out goes through "l", a symlink to "missing", which does not exist`
		}},
		{"dangling symlinked output", func(t *testing.T, fx *fixture) ([]File, string) {
			fx.symlink(t, "gen/x.go", "x.go")
			return one(File{Path: "x.go", Root: fx.root}), `out is a symlink to "gen/x.go", which does not exist`
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t)
			files, want := tt.setup(t, fx)
			for i := range files {
				files[i].Data = []byte("generated")
			}
			before := testcat.Tree(t, fx.base)
			w := Writer{Inputs: fx.inputs}
			for _, verb := range []string{"Write", "Check"} {
				done := make(chan error, 1)
				go func() {
					var err error
					if verb == "Write" {
						_, err = w.Write(context.Background(), files)
					} else {
						_, err = w.Check(files)
					}
					done <- err
				}()
				select {
				case err := <-done:
					var pe *PathError
					if !errors.As(err, &pe) || err.Error() != want {
						t.Errorf("%s = %v; want the PathError %q", verb, err, want)
					}
				case <-time.After(time.Minute):
					t.Fatalf("%s hangs", verb)
				}
			}
			if diff := cmp.Diff(before, testcat.Tree(t, fx.base)); diff != "" {
				t.Errorf("files changed (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWriteSymlinkSwap swaps a directory for a symlink between the check
// and the write: the confined file never lands outside its root.
func TestWriteSymlinkSwap(t *testing.T) {
	tests := []struct {
		name string
		op   string // where the swap happens: "open" or "write"
		to   func(fx *fixture) string
		want string // the error, "" when the write succeeds inside
	}{
		{"outside, before the directory is opened", "open", func(fx *fixture) string { return fx.outside }, "escapes"},
		{"into .git, before the directory is opened", "open", func(fx *fixture) string { return ".git" }, `out changed while errcat was writing`},
		{"outside, after the directory is opened", "write", func(fx *fixture) string { return fx.outside }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t)
			sub := filepath.Join(fx.repo, "sub")
			swap := func() {
				if err := os.Rename(sub, filepath.Join(fx.repo, "moved")); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(tt.to(fx), sub); err != nil {
					t.Skip("symlinks unavailable:", err)
				}
			}
			f := faultFS{fileSystem: osFS{}}
			if tt.op == "open" {
				f.swap = swap
			} else {
				f.op, f.base, f.cancel = "write", "x.go", func() { swap() }
			}
			_, err := Writer{fsys: f}.Write(context.Background(), []File{{Path: "sub/x.go", Data: []byte("x"), Root: fx.root, Name: "out"}})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Write: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Write = %v; want an error containing %q", err, tt.want)
			}
			if diff := cmp.Diff(map[string]string{}, testcat.Tree(t, fx.outside)); diff != "" {
				t.Errorf("wrote outside the root (-want +got):\n%s", diff)
			}
			if got := read(t, filepath.Join(fx.repo, ".git", "config")); got != "[core]" {
				t.Errorf(".git/config = %q", got)
			}
			if tt.want == "" && read(t, filepath.Join(fx.repo, "moved", "x.go")) != "x" {
				t.Error("the file did not land in the directory opened")
			}
		})
	}
}

// TestWriteLocks holds the lock of an output directory: Write waits for
// it, and gives up without writing when its context ends.
func TestWriteLocks(t *testing.T) {
	if !locks {
		t.Skip("no advisory locks on", runtime.GOOS)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "x.go")
	write(t, out, "old")
	held, err := osFS{}.openDir(nil, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer held.close()
	if err := held.lock(context.Background()); err != nil {
		t.Fatal(err)
	}
	made := filepath.Join(dir, "made", "y.go")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := Writer{}.Write(ctx, []File{{Path: out, Data: []byte("new")}, {Path: made, Data: []byte("y")}})
		done <- err
	}()
	// Write makes its directory, and waits for the lock: it has not
	// written a while later.
	for _, err := os.Stat(filepath.Dir(made)); err != nil; _, err = os.Stat(filepath.Dir(made)) {
		time.Sleep(time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("Write returned %v while the lock was held", err)
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Write while the lock is held = %v; want context.Canceled", err)
	}
	if diff := cmp.Diff(map[string]string{"x.go": "old"}, testcat.Tree(t, dir)); diff != "" {
		t.Errorf("files changed (-want +got):\n%s", diff)
	}

	go func() {
		_, err := Writer{}.Write(context.Background(), []File{{Path: out, Data: []byte("new")}})
		done <- err
	}()
	held.unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if read(t, out) != "new" {
		t.Error("not written once the lock was released")
	}
}

// TestWriteLockOrder runs writers that share two directories, naming them
// in opposite orders: they lock in one order, so none waits forever.
func TestWriteLockOrder(t *testing.T) {
	base := t.TempDir()
	a, b := filepath.Join(base, "a", "x.go"), filepath.Join(base, "b", "y.go")
	// Writers waiting for each other in a circle would wait until this
	// deadline.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan error)
	for i := range 4 {
		go func() {
			files := []File{{Path: a, Data: []byte{byte(i)}}, {Path: b, Data: []byte{byte(i)}}}
			if i%2 == 1 {
				files[0], files[1] = files[1], files[0]
			}
			for range 20 {
				if _, err := (Writer{fsys: faultFS{fileSystem: osFS{}, slow: true}}).Write(ctx, files); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if read(t, a) != read(t, b) {
		t.Errorf("the outputs come from different writers: %q, %q", read(t, a), read(t, b))
	}
}

func TestReadFile(t *testing.T) {
	fx := newFixture(t)
	mkfifo(t, filepath.Join(fx.repo, "fifo"))
	fx.symlink(t, fx.outside, "out")
	write(t, filepath.Join(fx.outside, "secret"), "secret")
	tests := []struct {
		name string
		f    File
		want string // the content, or the error
	}{
		{"inside", File{Path: "docs.tmpl", Root: fx.root}, "template"},
		{"too large", File{Path: "errors.toml", Root: fx.root, Name: "in"}, "in is larger than 4 bytes"},
		{"FIFO", File{Path: "fifo", Root: fx.root, Name: "in"}, "in is a named pipe (FIFO), not a regular file"},
		{"outside", File{Path: "out/secret", Root: fx.root, Name: "in"}, fmt.Sprintf("in leads outside the root through the symlink %q (to %q)", "out", fx.outside)},
		{"flag path outside", File{Path: filepath.Join(fx.repo, "out", "secret")}, "secret"},
		{"in .git", File{Path: ".git/config", Root: fx.root, Name: "in"}, "in is inside a .git directory"},
		{"missing", File{Path: "nope", Root: fx.root, Name: "in"}, "in: file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadFile(tt.f, 4)
			if tt.name == "inside" || tt.name == "flag path outside" {
				got, err = ReadFile(tt.f, 1<<20)
			}
			if err != nil {
				got = []byte(err.Error())
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("ReadFile (-want +got):\n%s", diff)
			}
		})
	}
}
