//go:build (unix && !aix && !solaris) || illumos

package output

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"
)

// locks reports whether Write locks directories here.
const locks = true

// lockFile takes flock's exclusive lock on f, polling so that waiting
// ends when ctx does (a blocking flock would hold off a signal).
func lockFile(ctx context.Context, f *os.File) error {
	conn, err := f.SyscallConn()
	if err != nil {
		return err
	}
	wait := time.Millisecond
	for {
		var ferr error
		if err := conn.Control(func(fd uintptr) {
			ferr = syscall.Flock(int(fd), syscall.LOCK_EX|syscall.LOCK_NB)
		}); err != nil {
			return err
		}
		if ferr == nil {
			return nil
		}
		if errors.Is(ferr, syscall.ENOLCK) || errors.Is(ferr, syscall.EOPNOTSUPP) {
			return nil // a file system without locks (some NFS setups): write unlocked
		}
		if !errors.Is(ferr, syscall.EWOULDBLOCK) && !errors.Is(ferr, syscall.EINTR) {
			return &os.PathError{Op: "flock", Path: f.Name(), Err: ferr}
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}

// unlockFile releases f's lock; closing f would too.
func unlockFile(f *os.File) {
	if conn, err := f.SyscallConn(); err == nil {
		conn.Control(func(fd uintptr) { syscall.Flock(int(fd), syscall.LOCK_UN) })
	}
}
