//go:build unix

package output

import (
	"io/fs"
	"strconv"
	"syscall"
)

// openNoBlock opens a FIFO without waiting for a writer, and a terminal
// without making it the controlling one; a check of the opened file then
// refuses both.
const openNoBlock = syscall.O_NONBLOCK | syscall.O_NOCTTY

// lockKey orders directories for locking by device and inode, the same
// in every process whatever path names them.
func lockKey(info fs.FileInfo) string {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return strconv.FormatUint(uint64(st.Dev), 16) + ":" + strconv.FormatUint(uint64(st.Ino), 16)
	}
	return ""
}
