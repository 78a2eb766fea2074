package testcat

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Tree returns what lies below dir, for comparing before and after a run:
// each path relative to dir maps to the file's content, "/" for a
// directory, "-> target" for a symlink, and the mode of anything else.
func Tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			link, _ := os.Readlink(path)
			m[rel] = "-> " + link
		case d.IsDir():
			m[rel] = "/"
		case d.Type().IsRegular():
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			m[rel] = string(data)
		default:
			m[rel] = d.Type().String()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
