//go:build !go1.25 && !linux

package output

import (
	"fmt"
	"os"
	"path/filepath"
)

// renameIn renames a file inside the directory dir is open on. Built with
// Go 1.24, where os.Root has no Rename and the syscall package has no
// renameat here, it renames by path after checking that the path still
// names that directory: a symlink swapped in during the rename itself is
// the one race left, closed by building with Go 1.25 or newer.
func renameIn(root *os.Root, dir *os.File, from, to string) error {
	path := root.Name()
	want, err := dir.Stat()
	if err != nil {
		return err
	}
	if got, err := os.Stat(path); err != nil || !os.SameFile(want, got) {
		return fmt.Errorf("%s changed while errcat was writing in it", path)
	}
	return os.Rename(filepath.Join(path, from), filepath.Join(path, to))
}
