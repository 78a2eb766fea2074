package main

import (
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/errcat/errcat/catalog"
)

// outputPath picks an output path: the flag's, else the catalog's (which
// must stay inside the catalog's directory, symlinks included), else the
// default beside the catalog.
func outputPath(dir, flagValue, fromCatalog, def, key string) (string, error) {
	switch {
	case flagValue != "":
		return flagValue, nil
	case fromCatalog != "":
		p := filepath.Join(dir, filepath.FromSlash(fromCatalog))
		if !within(dir, p) {
			return "", fmt.Errorf("[output] %s %q leads outside the catalog's directory through a symlink; give the path as a flag to use it", key, fromCatalog)
		}
		return p, nil
	case def != "":
		return filepath.Join(dir, def), nil
	}
	return "", nil
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

// packageName picks the Go package name: the flag, the catalog's, or the
// Go output directory's name.
func packageName(flagValue string, c *catalog.Catalog, goPath string) (string, error) {
	if flagValue != "" {
		if !token.IsIdentifier(flagValue) || flagValue == "_" {
			return "", usagef("-package %q is not a valid Go package name", flagValue)
		}
		return flagValue, nil
	}
	if c.Package != "" {
		return c.Package, nil
	}
	abs, err := filepath.Abs(filepath.Dir(goPath))
	if err != nil {
		return "", err
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, strings.ToLower(filepath.Base(abs)))
	if name == "" || token.IsKeyword(name) || name[0] >= '0' && name[0] <= '9' {
		return "", fmt.Errorf("cannot derive a Go package name from directory %q: set package in [catalog] or pass -package", filepath.Base(abs))
	}
	return name, nil
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
