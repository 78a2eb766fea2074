//go:build !unix

package output

import "io/fs"

// openNoBlock is nothing where opening a file cannot block.
const openNoBlock = 0

// lockKey orders nothing where directories are not locked.
func lockKey(fs.FileInfo) string { return "" }
