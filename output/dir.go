package output

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"strconv"
)

// fileSystem is what Writer does to the disk: make and remove the
// directories outputs go in, and open them. Tests replace it to inject
// faults.
type fileSystem interface {
	// mkdir makes one directory: path is relative to root's directory, or
	// absolute when root is nil.
	mkdir(root *os.Root, path string) error
	// rmdir removes an empty directory made by mkdir.
	rmdir(root *os.Root, path string) error
	// openDir opens a directory to write into, path as for mkdir.
	openDir(root *os.Root, path string) (dir, error)
}

// dir is a directory open for writing. Every name is a plain file name
// in it: once the directory is open, no path is resolved again, so a
// symlink swapped in cannot send a file elsewhere.
type dir interface {
	stat() (fs.FileInfo, error)
	// lock takes an exclusive advisory lock on the directory, waiting
	// for it until ctx is done; unlock releases it.
	lock(ctx context.Context) error
	unlock()
	// read returns the content of the regular file name, or found false
	// when it does not exist. It never blocks on a FIFO or device.
	read(name string, limit int64) (data []byte, info fs.FileInfo, found bool, err error)
	// writeTemp writes data to a new file named after base, with mode
	// perm, and returns its name.
	writeTemp(base string, data []byte, perm fs.FileMode) (string, error)
	rename(from, to string) error
	remove(name string) error
	close() error
}

type osFS struct{}

func (osFS) mkdir(root *os.Root, path string) error {
	if root != nil {
		return root.Mkdir(path, 0o755)
	}
	return os.Mkdir(path, 0o755)
}

func (osFS) rmdir(root *os.Root, path string) error {
	if root != nil {
		return root.Remove(path)
	}
	return os.Remove(path)
}

func (osFS) openDir(root *os.Root, path string) (dir, error) {
	var r *os.Root
	var err error
	if root != nil {
		r, err = root.OpenRoot(path)
	} else {
		r, err = os.OpenRoot(path)
	}
	if err != nil {
		return nil, err
	}
	f, err := r.Open(".")
	if err != nil {
		r.Close()
		return nil, err
	}
	return &osDir{root: r, f: f}, nil
}

// osDir is a directory opened as an os.Root, which keeps every name
// inside it, and as a file, for its lock.
type osDir struct {
	root *os.Root
	f    *os.File
}

func (d *osDir) stat() (fs.FileInfo, error) { return d.f.Stat() }

func (d *osDir) lock(ctx context.Context) error { return lockFile(ctx, d.f) }

func (d *osDir) unlock() { unlockFile(d.f) }

func (d *osDir) read(name string, limit int64) ([]byte, fs.FileInfo, bool, error) {
	return readRegular(func() (*os.File, error) {
		return d.root.OpenFile(name, os.O_RDONLY|openNoBlock, 0)
	}, name, limit)
}

// readRegular opens a file with open and reads it whole, up to limit
// bytes, when it is a regular file.
func readRegular(open func() (*os.File, error), name string, limit int64) ([]byte, fs.FileInfo, bool, error) {
	f, err := open()
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, false, err
	}
	if !info.Mode().IsRegular() {
		return nil, nil, false, fmt.Errorf("%s is %s, not a regular file", name, kind(info))
	}
	if info.Size() > limit {
		return nil, nil, false, fmt.Errorf("%s is larger than %s", name, sizeText(limit))
	}
	var buf bytes.Buffer
	buf.Grow(int(info.Size()) + 1)
	n, err := buf.ReadFrom(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, nil, false, err
	}
	if n > limit {
		return nil, nil, false, fmt.Errorf("%s is larger than %s", name, sizeText(limit))
	}
	return buf.Bytes(), info, true, nil
}

// sizeText writes n bytes for people.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// writeTemp does not fsync: the rename keeps a reader, an interrupted run
// and a failed one from a partial file, and what a crash of the machine
// could cost, a file the catalog rebuilds, is what gofmt -w and go mod
// tidy risk too. A sync cost two fsyncs, 6 ms of a 35 ms run at 250 codes.
func (d *osDir) writeTemp(base string, data []byte, perm fs.FileMode) (string, error) {
	var f *os.File
	var name string
	var err error
	for range 100 {
		name = tempName(base)
		f, err = d.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		d.root.Remove(name)
		return "", err
	}
	return name, nil
}

// tempName is the name of a temporary file for base: hidden, and marked
// as errcat's.
func tempName(base string) string {
	return "." + base + ".errcat-" + strconv.FormatUint(rand.Uint64(), 36)
}

func (d *osDir) rename(from, to string) error { return renameIn(d.root, d.f, from, to) }

func (d *osDir) remove(name string) error { return d.root.Remove(name) }

func (d *osDir) close() error {
	err := d.f.Close()
	if rerr := d.root.Close(); err == nil {
		err = rerr
	}
	return err
}

// ReadFile reads an input file under the rules outputs follow: inside its
// root when it has one, symlinks included; not in a .git directory; a
// regular file, never blocking on a FIFO or device; at most limit bytes.
// Its Data is ignored.
func ReadFile(f File, limit int64) ([]byte, error) {
	t, err := resolve(f)
	if err != nil {
		return nil, err
	}
	data, found, err := t.read(limit)
	if err == nil && !found {
		err = fmt.Errorf("%s: %w", t.name, fs.ErrNotExist)
	}
	return data, err
}
