//go:build !go1.25 && linux

package output

import (
	"os"
	"path/filepath"
	"syscall"
)

// renameIn renames a file inside the directory dir is open on: Go 1.24's
// os.Root has no Rename, so it calls renameat on the directory's own
// descriptor, which no later change of a path can redirect.
func renameIn(_ *os.Root, dir *os.File, from, to string) error {
	conn, err := dir.SyscallConn()
	if err != nil {
		return err
	}
	var rerr error
	if err := conn.Control(func(fd uintptr) {
		rerr = syscall.Renameat(int(fd), from, int(fd), to)
	}); err != nil {
		return err
	}
	if rerr != nil {
		return &os.LinkError{Op: "renameat", Old: filepath.Join(dir.Name(), from), New: filepath.Join(dir.Name(), to), Err: rerr}
	}
	return nil
}
