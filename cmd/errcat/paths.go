package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/errcat/errcat/catalog"
)

// catalogPath resolves an [output] entry against the catalog's directory;
// it must stay inside it, symlinks included. "" stays "" (off).
func catalogPath(dir string, o catalog.OutputPath) (string, error) {
	if o.Path == "" {
		return "", nil
	}
	p := filepath.Join(dir, filepath.FromSlash(o.Path))
	if !within(dir, p) {
		return "", fmt.Errorf("[output] %s %q leads outside the catalog's directory through a symlink; give the path as a flag to use it", o.Key, o.Path)
	}
	return p, nil
}

// within reports whether path, with symlinks resolved as far as it
// exists, lies inside dir.
func within(dir, path string) bool {
	base, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	base, _ = filepath.Abs(base)
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	// Resolve the deepest part of path that exists.
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			abs = filepath.Join(real, rest)
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return false
		}
		if filepath.Dir(p) == p {
			break
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
	rel, err := filepath.Rel(base, abs)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// sourceName is the catalog's path relative to the Go file's directory,
// with forward slashes, for the generated header.
func sourceName(catalogFile, goPath string) (string, error) {
	from, err := filepath.Abs(filepath.Dir(goPath))
	if err != nil {
		return "", err
	}
	to, err := filepath.Abs(catalogFile)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(from, to)
	if err != nil {
		return filepath.ToSlash(filepath.Base(catalogFile)), nil
	}
	return filepath.ToSlash(rel), nil
}
