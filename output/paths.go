package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// PathError is a path errcat refuses to write or read, and why.
type PathError struct {
	Name    string // the file, as File.Name
	Problem string // e.g. "is a directory"
	Where   string // as File.Where: where the file is named, or ""
}

func (e *PathError) Error() string { return e.Name + " " + e.Problem }

// target is a file resolved and checked, ready to be written or read.
type target struct {
	File
	name string      // how messages name it
	full string      // Path, joined to its root's directory
	real string      // absolute, every symlink that exists resolved
	info fs.FileInfo // the existing file, symlinks followed; nil when there is none
	dir  string      // filepath.Dir(real)
	// dirInfo is the directory when it exists, to see that the one
	// written to is the one checked.
	dirInfo fs.FileInfo
	// rel is dir relative to the root's real directory ("." for itself),
	// for a file with a root.
	rel      string
	rootReal string
}

func (t *target) refuse(format string, args ...any) error {
	return &PathError{Name: t.name, Problem: fmt.Sprintf(format, args...), Where: t.Where}
}

// resolve checks one file's path and resolves it, reading the file
// system but changing nothing.
func resolve(f File) (*target, error) {
	t := &target{File: f, name: f.Name}
	if t.name == "" {
		t.name = strconv.Quote(f.Path)
	}
	p := f.Path
	switch {
	case p == "":
		return nil, t.refuse("is empty")
	case strings.HasSuffix(p, "/") || strings.HasSuffix(p, string(filepath.Separator)):
		return nil, t.refuse("ends in a path separator")
	}
	// The walk goes from start through comps, each resolved as it is met;
	// shown names the first i+1 components in messages.
	var start string
	var comps []string
	var shown func(i int) string
	if f.Root != nil {
		clean := filepath.Clean(p)
		switch {
		case filepath.IsAbs(p) || filepath.VolumeName(p) != "" || strings.HasPrefix(p, "/") || strings.HasPrefix(p, string(filepath.Separator)):
			return nil, t.refuse("is an absolute path; it must stay inside %s", f.Root.Name)
		case clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)):
			return nil, t.refuse("leads outside %s through %q", f.Root.Name, "..")
		case !filepath.IsLocal(clean):
			return nil, t.refuse("is not a local path; it must stay inside %s", f.Root.Name)
		}
		real, err := filepath.EvalSymlinks(f.Root.Dir)
		if err == nil {
			real, err = filepath.Abs(real)
		}
		if err != nil {
			return nil, err
		}
		t.rootReal = real
		t.full = filepath.Join(f.Root.Dir, clean)
		start, comps = real, strings.Split(clean, string(filepath.Separator))
		shown = func(i int) string { return filepath.Join(comps[:i+1]...) }
	} else {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		t.full = p
		vol := filepath.VolumeName(abs)
		start = vol + string(filepath.Separator)
		comps = strings.Split(strings.TrimPrefix(abs[len(vol):], string(filepath.Separator)), string(filepath.Separator))
		cwd, _ := os.Getwd()
		shown = func(i int) string {
			s := filepath.Join(append([]string{start}, comps[:i+1]...)...)
			if rel, err := filepath.Rel(cwd, s); err == nil && !filepath.IsAbs(p) && filepath.IsLocal(rel) {
				return rel
			}
			return s
		}
	}
	if gitDir(filepath.Clean(p)) {
		return nil, t.refuse("is inside a .git directory")
	}

	cur := start
	for i, c := range comps {
		last := i == len(comps)-1
		next := filepath.Join(cur, c)
		info, err := os.Lstat(next)
		if errors.Is(err, fs.ErrNotExist) {
			// c and all below it are to be created.
			t.real = filepath.Join(append([]string{cur}, comps[i:]...)...)
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.name, err)
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			link, _ := os.Readlink(next)
			dest, err := filepath.EvalSymlinks(next)
			switch {
			case errors.Is(err, fs.ErrNotExist) && last:
				return nil, t.refuse("is a symlink to %q, which does not exist", link)
			case errors.Is(err, fs.ErrNotExist):
				return nil, t.refuse("goes through %q, a symlink to %q, which does not exist", shown(i), link)
			case err != nil:
				return nil, t.refuse("goes through %q, a symlink errcat cannot follow: %v", shown(i), err)
			}
			if dest, err = filepath.Abs(dest); err != nil {
				return nil, err
			}
			if f.Root != nil && !inside(t.rootReal, dest) {
				return nil, t.refuse("leads outside %s through the symlink %q (to %q)", f.Root.Name, shown(i), link)
			}
			if info, err = os.Stat(dest); err != nil {
				return nil, fmt.Errorf("%s: %w", t.name, err)
			}
			next = dest
		}
		if !last && !info.IsDir() {
			return nil, t.refuse("goes through %q, %s, not a directory", shown(i), kind(info))
		}
		cur = next
		if last {
			t.real, t.info = cur, info
		}
	}
	if gitDir(t.real) {
		return nil, t.refuse("resolves into a .git directory (%q)", t.real)
	}
	if t.info != nil && !t.info.Mode().IsRegular() {
		return nil, t.refuse("is %s, not a regular file", kind(t.info))
	}
	t.dir = filepath.Dir(t.real)
	if info, err := os.Stat(t.dir); err == nil {
		t.dirInfo = info
	}
	if f.Root != nil {
		rel, err := filepath.Rel(t.rootReal, t.dir)
		if err != nil || !inside(t.rootReal, t.dir) {
			return nil, t.refuse("leads outside %s", f.Root.Name)
		}
		t.rel = rel
	}
	return t, nil
}

// resolveAll resolves files and checks that no two are the same file,
// that none is an input, and that none is the directory of another.
func resolveAll(files []File, inputs []Input) ([]*target, error) {
	var ts []*target
	for _, f := range files {
		t, err := resolve(f)
		if err != nil {
			return nil, err
		}
		for _, u := range ts {
			switch {
			case sameFile(t, u):
				return nil, t.refuse("is the same file as %s", u.name)
			case within(t.real, u.real):
				return nil, t.refuse("is the directory of %s", u.name)
			case within(u.real, t.real):
				return nil, u.refuse("is the directory of %s", t.name)
			}
		}
		ts = append(ts, t)
	}
	for _, in := range inputs {
		info, err := os.Stat(in.Path)
		if err != nil {
			continue // an input that does not exist cannot be overwritten
		}
		for _, t := range ts {
			if t.info != nil && os.SameFile(t.info, info) {
				return nil, t.refuse("is %s", in.Name)
			}
		}
	}
	return ts, nil
}

// sameFile reports whether two targets are one file: the same existing
// file (hard links included), or the same path to be created.
func sameFile(a, b *target) bool {
	if a.info != nil && b.info != nil {
		return os.SameFile(a.info, b.info)
	}
	return a.info == nil && b.info == nil && samePath(a.real, b.real)
}

// samePath compares paths as the usual file systems of the platform do:
// without case on macOS and Windows.
func samePath(a, b string) bool {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// within reports whether path is strictly below dir.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && filepath.IsLocal(rel)
}

// inside reports whether path is dir or below it.
func inside(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

// gitDir reports whether a component of path names a .git directory, as
// git itself reads names: without case, trailing dots or spaces (Windows),
// or as the 8.3 short name.
func gitDir(path string) bool {
	for _, c := range strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == filepath.Separator }) {
		if strings.EqualFold(strings.TrimRight(c, ". "), ".git") || strings.EqualFold(c, "git~1") {
			return true
		}
	}
	return false
}

// kind names the kind of file info describes, with an article.
func kind(info fs.FileInfo) string {
	m := info.Mode()
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symlink"
	}
	return "an irregular file"
}
