package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/errcat/errcat/output"
)

// maxInput is the largest input file, such as a docs template, errcat
// reads.
const maxInput = 1 << 20

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
