package main

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/template"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/output"
	"github.com/errcat/errcat/templates"
)

// maxTemplate is the largest docs template errcat reads.
const maxTemplate = 1 << 20

// outputPath picks the file of one output, or of the docs template: the
// flag's, relative to the working directory and anywhere; else the
// catalog's [output] key, or the default, both inside the catalog's
// directory (symlinks included). Its path is "" when there is none.
func outputPath(dir, flagName, flagValue, fromCatalog, def, key string) output.File {
	root := &output.Root{Dir: dir, Name: "the catalog's directory"}
	switch {
	case flagValue != "":
		return output.File{Path: flagValue, Name: fmt.Sprintf("-%s %q", flagName, flagValue)}
	case fromCatalog != "":
		return output.File{Path: filepath.FromSlash(fromCatalog), Root: root, Name: fmt.Sprintf("[output] %s %q", key, fromCatalog)}
	case def != "":
		return output.File{Path: def, Root: root, Name: fmt.Sprintf("%q", filepath.Join(dir, def))}
	}
	return output.File{}
}

// fullPath is where f goes, as a path from the working directory.
func fullPath(f output.File) string {
	if f.Root != nil {
		return filepath.Join(f.Root.Dir, f.Path)
	}
	return f.Path
}

// pathError adds to a refused [output] path how to use it anyway.
func pathError(err error) error {
	var pe *output.PathError
	if errors.As(err, &pe) && strings.HasPrefix(pe.Name, "[output]") &&
		(strings.HasPrefix(pe.Problem, "leads outside") || strings.HasPrefix(pe.Problem, "is an absolute path")) {
		return fmt.Errorf("%w; give the path as a flag to use it", err)
	}
	return err
}

// readTemplate reads and parses a user's docs template.
func readTemplate(f output.File) (*template.Template, error) {
	text, err := output.ReadFile(f, maxTemplate)
	if err != nil {
		return nil, pathError(err)
	}
	return templates.Parse(filepath.Base(f.Path), string(text))
}

// templateError says what stopped the docs template tmpl (nil for the
// built-in one) of catalogFile.
func templateError(catalogFile string, tmpl *template.Template, timeout time.Duration, err error) error {
	name := "built-in"
	if tmpl != nil {
		name = tmpl.Name()
	}
	var limit *templates.LimitError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s: docs template %q did not finish within %v; nothing was written (see -template-timeout)", catalogFile, name, timeout)
	case errors.As(err, &limit):
		return fmt.Errorf("%s: docs template %q %s; nothing was written", catalogFile, name, limit.What)
	}
	return fmt.Errorf("%s: %w", catalogFile, err)
}

// writeOutputs writes files, none of which may be an input. A SIGINT,
// SIGTERM or SIGHUP stops it with the outputs as they were.
func writeOutputs(ctx context.Context, inputs []output.Input, files []output.File) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	_, err := output.Writer{Inputs: inputs}.Write(ctx, files)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return errors.New("interrupted: the outputs are as they were")
	}
	return pathError(err)
}

// inputName names a file the run reads, for messages.
func inputName(what string, f output.File) string {
	return fmt.Sprintf("the %s %q", what, fullPath(f))
}

// checkGenFlags checks the flags of generate and check that need no
// catalog, before it is loaded.
func checkGenFlags(f *genFlags) error {
	if f.templateTimeout <= 0 {
		return usagef("-template-timeout %v: want a positive duration", f.templateTimeout)
	}
	return checkPackageFlag(f.pkg)
}

// reservedPackage says why a valid identifier cannot name the generated
// package, or "".
func reservedPackage(name string) string {
	switch name {
	case "main":
		return "package main is a command, not an importable package"
	case "documentation":
		return "the go command ignores package documentation"
	}
	return ""
}

// checkPackageFlag checks -package before anything is loaded.
func checkPackageFlag(name string) error {
	if name == "" {
		return nil
	}
	if !token.IsIdentifier(name) || name == "_" {
		return usagef("-package %q is not a valid Go package name", name)
	}
	if why := reservedPackage(name); why != "" {
		return usagef("-package %q cannot be used: %s", name, why)
	}
	return nil
}

// packageName picks the Go package name: the flag (checked by
// checkPackageFlag), the catalog's, or the Go output directory's name.
func packageName(flagValue string, c *catalog.Catalog, goPath string) (string, error) {
	if flagValue != "" {
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
	if why := reservedPackage(name); why != "" {
		return "", fmt.Errorf("cannot use directory %q as the Go package name: %s; set package in [catalog] or pass -package", filepath.Base(abs), why)
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
