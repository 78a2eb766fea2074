package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
)

//go:embed starter.toml
var starter []byte

func runInit(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	flags := newFlags("init", "[DIR]", `Init writes a commented starter catalog to DIR/errors.toml (DIR defaults to
the working directory). It never overwrites an existing file.`, stderr)
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 1 {
		return usagef("init: want at most one directory, got %d", flags.NArg())
	}
	dir := "."
	if flags.NArg() == 1 {
		dir = flags.Arg(0)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(dir, "errors.toml")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; init never overwrites a catalog", path)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(starter)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return err
	}
	fmt.Fprintf(stdout, "wrote %s; next: errcat generate %s\n", path, path)
	return nil
}

func runVersion(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("version", "", "Version prints errcat's module version and the Go version that built it.", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("version: takes no arguments")
	}
	version, goVersion := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		goVersion = bi.GoVersion
	}
	fmt.Fprintf(stdout, "errcat %s %s\n", version, goVersion)
	return nil
}
