// Package output writes generated files, or checks that files on disk are
// up to date with them.
//
// Paths are checked before anything is written: an output may not be an
// input of the run (Writer.Inputs), another output (os.SameFile, so hard
// links and symlinks count), a directory, FIFO, device or socket, anything
// in a .git directory, or a path ending in a separator; a symlink is
// followed, and a dangling one refused. A file with a Root must stay
// inside the root's directory, symlinks included, and is written through
// an os.Root opened on it, so that the confinement still holds at the
// moment of writing.
//
// Write is all or nothing: it writes each file through a temporary file
// in the same directory renamed over the old one, keeping the old file's
// mode; a file whose bytes are unchanged is not touched, so its mtime
// stays and builds stay cached. Directories are opened once and every file
// is then written by name inside them, never by path, and each is locked
// (flock, where the system has it) for the whole write, so concurrent
// runs writing the same outputs take turns. When anything fails, or the
// context ends, the files already replaced are put back, temporary files
// removed, and the directories Write made removed.
package output

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
)

// File is one generated file: where it goes and its bytes.
type File struct {
	// Path is where the file goes: relative to Root.Dir when Root is set,
	// else to the working directory, or absolute.
	Path string
	Data []byte
	// Root, when set, is the directory the file must stay inside.
	Root *Root
	// Name is how messages name the file, e.g. `-go "x.go"`; when empty,
	// Path quoted.
	Name string
	// Where, when set, is where the file is named in a source such as the
	// catalog, "FILE:LINE:COL"; a refusal of the file carries it.
	Where string
}

// Root is a directory files must stay inside.
type Root struct {
	Dir  string
	Name string // how messages name it, e.g. "the catalog's directory"
}

// Input is a file the run reads, which no output may be.
type Input struct {
	Path string
	Name string // how messages name it, e.g. `the catalog "errors.toml"`
}

// Writer writes and checks generated files.
type Writer struct {
	Inputs []Input
	fsys   fileSystem // nil means the operating system's
}

// maxExisting is the largest existing file Write replaces (it keeps the
// old bytes to put them back on failure) or Check reads.
const maxExisting = 256 << 20

// Write writes files, all or none, and returns the paths it changed.
// It stops, having written nothing, when ctx ends before it is done.
func (w Writer) Write(ctx context.Context, files []File) (changed []string, err error) {
	ts, err := resolveAll(files, w.Inputs)
	if err != nil {
		return nil, err
	}
	fsys := w.fsys
	if fsys == nil {
		fsys = osFS{}
	}
	// A directory removed by another run between its creation and its
	// lock is made again: a few times, not forever.
	for range 10 {
		r := &run{fsys: fsys, targets: ts}
		changed, err = r.write(ctx)
		if !errors.Is(err, errRetry) {
			return changed, err
		}
	}
	return nil, fmt.Errorf("output directories keep disappearing: %w", err)
}

// errRetry means a locked directory was no longer at its path.
var errRetry = errors.New("an output directory was removed while errcat waited for it")

// run is one attempt of Write.
type run struct {
	fsys    fileSystem
	targets []*target
	roots   map[string]*os.Root // by real directory
	made    []made              // directories made, outermost first
	dirs    []*openDir
	staged  []*staged
}

type made struct {
	root *os.Root // nil for an absolute path
	path string
}

type openDir struct {
	d      dir
	info   fs.FileInfo
	root   *os.Root // what path is relative to; nil when absolute
	path   string
	locked bool
}

type staged struct {
	t       *target
	d       dir
	base    string
	temp    string // "" once renamed
	old     []byte
	existed bool
	renamed bool
	perm    fs.FileMode
}

func (r *run) write(ctx context.Context) (changed []string, err error) {
	defer func() {
		if err != nil {
			r.undo() // while the directories are locked
		}
		r.closeDirs()
		if err != nil {
			r.removeMade() // again, for systems that cannot remove an open directory
		}
		for _, root := range r.roots {
			root.Close()
		}
	}()
	r.roots = map[string]*os.Root{}
	byTarget := make([]*openDir, len(r.targets))
	for i, t := range r.targets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if byTarget[i], err = r.open(t); err != nil {
			return nil, err
		}
	}
	// Lock in one order every process agrees on, so that two runs with
	// directories in common never wait for each other in a circle.
	order := slices.Clone(r.dirs)
	slices.SortStableFunc(order, func(a, b *openDir) int { return strings.Compare(lockKey(a.info), lockKey(b.info)) })
	for _, od := range order {
		if err := od.d.lock(ctx); err != nil {
			return nil, err
		}
		od.locked = true
		if !r.stillThere(od) {
			return nil, errRetry
		}
	}
	for i, t := range r.targets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := r.stage(t, byTarget[i].d); err != nil {
			return nil, err
		}
	}
	for _, s := range r.staged {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := s.d.rename(s.temp, s.base); err != nil {
			return nil, fmt.Errorf("write %s: %w", s.t.full, err)
		}
		s.temp, s.renamed = "", true
		changed = append(changed, s.t.full)
	}
	return changed, nil
}

// open makes the directory t goes in, as far as it is missing, and opens
// it, once for all the targets in it.
func (r *run) open(t *target) (*openDir, error) {
	var root *os.Root
	path := t.dir
	if t.Root != nil {
		root = r.roots[t.rootReal]
		if root == nil {
			var err error
			if root, err = os.OpenRoot(t.rootReal); err != nil {
				return nil, err
			}
			r.roots[t.rootReal] = root
		}
		path = t.rel
	}
	if err := r.mkdirs(t, root, path); err != nil {
		return nil, err
	}
	d, err := r.fsys.openDir(root, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.name, err)
	}
	info, err := d.stat()
	if err != nil {
		d.close()
		return nil, err
	}
	if t.dirInfo != nil && !os.SameFile(t.dirInfo, info) {
		d.close()
		return nil, t.refuse("changed while errcat was writing: its directory %q is no longer the one checked", t.dir)
	}
	for _, od := range r.dirs {
		if os.SameFile(od.info, info) {
			d.close()
			return od, nil
		}
	}
	od := &openDir{d: d, info: info, root: root, path: path}
	r.dirs = append(r.dirs, od)
	return od, nil
}

// mkdirs makes the missing directories of path, outermost first,
// recording those it made.
func (r *run) mkdirs(t *target, root *os.Root, path string) error {
	var prefixes []string
	for p := path; p != "." && p != filepath.Dir(p); p = filepath.Dir(p) {
		prefixes = append(prefixes, p)
	}
	slices.Reverse(prefixes)
	for _, p := range prefixes {
		var info fs.FileInfo
		var err error
		if root != nil {
			info, err = root.Stat(p)
		} else {
			info, err = os.Stat(p)
		}
		switch {
		case err == nil && info.IsDir():
			continue
		case err == nil:
			return t.refuse("goes through %q, %s, not a directory", p, kind(info))
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("%s: %w", t.name, err)
		}
		err = r.fsys.mkdir(root, p)
		if errors.Is(err, fs.ErrExist) {
			continue // made by another run meanwhile
		}
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		r.made = append(r.made, made{root, p})
	}
	return nil
}

// stillThere reports whether a locked directory is still the one at its
// path: another run may have removed it, having made it, before letting
// go of its lock.
func (r *run) stillThere(od *openDir) bool {
	var info fs.FileInfo
	var err error
	if od.root != nil {
		info, err = od.root.Stat(od.path)
	} else {
		info, err = os.Stat(od.path)
	}
	return err == nil && os.SameFile(info, od.info)
}

// stage writes t's new content to a temporary file beside it, unless its
// content is unchanged.
func (r *run) stage(t *target, d dir) error {
	s := &staged{t: t, d: d, base: filepath.Base(t.real), perm: 0o644}
	old, info, found, err := d.read(s.base, maxExisting)
	if err != nil {
		return fmt.Errorf("%s: %w", t.name, err)
	}
	if found {
		if bytes.Equal(old, t.Data) {
			return nil
		}
		s.old, s.existed, s.perm = old, true, info.Mode().Perm()
	}
	if s.temp, err = d.writeTemp(s.base, t.Data, s.perm); err != nil {
		return fmt.Errorf("write %s: %w", t.full, err)
	}
	r.staged = append(r.staged, s)
	return nil
}

// undo removes temporary files, puts back the previous content of files
// already replaced, and removes the directories the run made.
func (r *run) undo() {
	for _, s := range r.staged {
		switch {
		case s.temp != "":
			s.d.remove(s.temp)
		case s.renamed && !s.existed:
			s.d.remove(s.base)
		case s.renamed:
			if temp, err := s.d.writeTemp(s.base, s.old, s.perm); err == nil {
				if s.d.rename(temp, s.base) != nil {
					s.d.remove(temp)
				}
			}
		}
	}
	r.removeMade()
}

// removeMade removes the directories the run made, innermost first, as
// far as they are empty.
func (r *run) removeMade() {
	var left []made
	for i := len(r.made) - 1; i >= 0; i-- {
		m := r.made[i]
		if err := r.fsys.rmdir(m.root, m.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			left = append([]made{m}, left...)
		}
	}
	r.made = left
}

// closeDirs unlocks and closes every directory.
func (r *run) closeDirs() {
	for _, od := range r.dirs {
		if od.locked {
			od.d.unlock()
		}
		od.d.close()
	}
	r.dirs = nil
}

// Stale is a file whose content on disk differs from what was generated.
type Stale struct {
	Path    string
	Missing bool   // the file does not exist
	Diff    string // unified diff from the file on disk to the generated bytes
}

// Check compares files with the disk, in memory, and returns those that
// differ, each with a unified diff. It refuses the paths Write refuses.
func (w Writer) Check(files []File) ([]Stale, error) {
	ts, err := resolveAll(files, w.Inputs)
	if err != nil {
		return nil, err
	}
	var stale []Stale
	for _, t := range ts {
		old, found, err := t.read(maxExisting)
		if err != nil {
			return nil, err
		}
		if found && bytes.Equal(old, t.Data) {
			continue
		}
		from := t.full
		if !found {
			from = "/dev/null"
		}
		stale = append(stale, Stale{
			Path:    t.full,
			Missing: !found,
			Diff:    udiff.Unified(from, t.full+" (generated)", string(old), string(t.Data)),
		})
	}
	return stale, nil
}

// read reads the file t names, through its root when it has one.
func (t *target) read(limit int64) ([]byte, bool, error) {
	open := func() (*os.File, error) { return os.OpenFile(t.real, os.O_RDONLY|openNoBlock, 0) }
	if t.Root != nil {
		root, err := os.OpenRoot(t.rootReal)
		if err != nil {
			return nil, false, err
		}
		defer root.Close()
		rel := filepath.Join(t.rel, filepath.Base(t.real))
		open = func() (*os.File, error) { return root.OpenFile(rel, os.O_RDONLY|openNoBlock, 0) }
	}
	data, _, found, err := readRegular(open, t.name, limit)
	return data, found, err
}
