//go:build go1.25

package output

import "os"

// renameIn renames a file inside the directory root: os.Root.Rename
// (Go 1.25) resolves both names against the open directory.
func renameIn(root *os.Root, _ *os.File, from, to string) error {
	return root.Rename(from, to)
}
