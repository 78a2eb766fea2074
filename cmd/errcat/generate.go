package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator"
	"github.com/errcat/errcat/output"
)

// genFlags are the flags generate and check share: an output flag per
// target, each target's options, and -strict.
type genFlags struct {
	fs      *flag.FlagSet
	outs    map[string]*string // by target flag
	options map[string]*string // by option flag
	strict  bool
}

func addGenFlags(fs *flag.FlagSet) *genFlags {
	f := &genFlags{fs: fs, outs: map[string]*string{}, options: map[string]*string{}}
	for _, t := range generator.Targets() {
		f.outs[t.Flag] = fs.String(t.Flag, "", t.Usage)
		for _, o := range t.Options {
			f.options[o.Flag] = fs.String(o.Flag, "", o.Usage)
		}
	}
	fs.BoolVar(&f.strict, "strict", false, "treat warnings as errors")
	return f
}

// given reports whether the flag was on the command line, even as "".
func (f *genFlags) given(name string) bool {
	found := false
	f.fs.Visit(func(fl *flag.Flag) { found = found || fl.Name == name })
	return found
}

// args returns the flags as given, to repeat them in a hint.
func (f *genFlags) args() []string {
	var args []string
	f.fs.Visit(func(fl *flag.Flag) {
		if fl.Name == "strict" {
			args = append(args, "-strict")
			return
		}
		args = append(args, "-"+fl.Name, shellQuote(fl.Value.String()))
	})
	return args
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

const genAbout = `Each target's output file comes from its flag, else from the catalog's
[output] table, else from its default beside the catalog; "" turns a target
off. The catalog's [output] paths are relative to the catalog's directory and
may not leave it; flags are relative to the working directory and may point
anywhere.`

func runGenerate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	files, _, err := parseAndProduce(ctx, "generate", `Generate writes the outputs of CATALOG (default errors.toml): the Go file
and the Markdown docs by default. It writes nothing when anything fails,
writes each file atomically, and leaves a file untouched when its content is
unchanged.`, args, stderr)
	if err != nil {
		return err
	}
	_, err = output.Writer{}.Write(files)
	return err
}

func runCheck(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	files, hint, err := parseAndProduce(ctx, "check", `Check regenerates CATALOG's outputs in memory and compares them with the
files on disk. For each stale or missing file it prints a unified diff and
exits 1; run errcat generate to update them. Use it in CI.`, args, stderr)
	if err != nil {
		return err
	}
	stale, err := output.Writer{}.Check(files)
	if err != nil {
		return err
	}
	if len(stale) == 0 {
		return nil
	}
	var names []string
	for _, s := range stale {
		fmt.Fprint(stdout, s.Diff)
		state := "stale"
		if s.Missing {
			state = "missing"
		}
		names = append(names, fmt.Sprintf("%s (%s)", s.Path, state))
	}
	return fmt.Errorf("generated files are out of date: %s; run '%s'", strings.Join(names, ", "), hint)
}

// parseAndProduce parses the flags of generate or check and renders the
// catalog's outputs in memory. It also returns the generate command that
// writes them, for check's hint.
func parseAndProduce(ctx context.Context, verb, about string, args []string, stderr io.Writer) ([]output.File, string, error) {
	fs := newFlags(verb, "[flags] [CATALOG]", about+"\n\n"+genAbout, stderr)
	f := addGenFlags(fs)
	file, err := catalogArg(fs, args)
	if err != nil {
		return nil, "", err
	}
	hint := strings.Join(append(append([]string{"errcat", "generate"}, f.args()...), shellQuote(file)), " ")
	files, err := produce(ctx, file, f, stderr)
	return files, hint, err
}

// catalogArg parses flags and returns the one optional catalog argument.
func catalogArg(fs *flag.FlagSet, args []string) (string, error) {
	if err := parseFlags(fs, args); err != nil {
		return "", err
	}
	switch fs.NArg() {
	case 0:
		return "errors.toml", nil
	case 1:
		return fs.Arg(0), nil
	}
	return "", usagef("%s: want at most one catalog, got %d", strings.TrimPrefix(fs.Name(), "errcat "), fs.NArg())
}

// job is one target to render.
type job struct {
	target generator.Target
	req    *generator.Request
	out    []byte
	err    error
}

// produce loads the catalog and renders every target that is on, side by
// side, in memory.
func produce(ctx context.Context, file string, f *genFlags, stderr io.Writer) ([]output.File, error) {
	for _, t := range generator.Targets() {
		for _, o := range t.Options {
			if v := *f.options[o.Flag]; v != "" && o.Check != nil {
				if err := o.Check(v); err != nil {
					return nil, usagef("%v", err)
				}
			}
		}
	}
	c, err := loadCatalog(file, f.strict, stderr)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(file)
	options := map[string]string{}
	for name, v := range f.options {
		options[name] = *v
	}
	var jobs []*job
	for _, t := range generator.Targets() {
		out, err := targetPath(c, dir, t, f)
		if err != nil {
			return nil, err
		}
		if out == "" {
			continue
		}
		source, err := sourceName(file, out)
		if err != nil {
			return nil, err
		}
		req := &generator.Request{Catalog: c, Out: out, Source: source, Options: options, Files: map[string]generator.File{}}
		for _, o := range t.Options {
			if o.Key == "" {
				continue
			}
			path, err := optionPath(c, dir, o, f)
			if err != nil || path == "" {
				if err != nil {
					return nil, err
				}
				continue
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			req.Files[o.Flag] = generator.File{Path: path, Data: data}
		}
		jobs = append(jobs, &job{target: t, req: req})
	}
	if len(jobs) == 0 {
		return nil, usagef("every target is off: name at least one output")
	}
	for i, a := range jobs {
		for _, b := range jobs[:i] {
			if filepath.Clean(a.req.Out) == filepath.Clean(b.req.Out) {
				return nil, fmt.Errorf("the %s and %s outputs are the same file: %s", b.target.Name, a.target.Name, a.req.Out)
			}
		}
	}
	// The targets share nothing but the read-only catalog: render them
	// side by side.
	done := make(chan struct{})
	for _, j := range jobs[1:] {
		go func() {
			defer func() { done <- struct{}{} }()
			j.out, j.err = j.target.Render(j.req)
		}()
	}
	jobs[0].out, jobs[0].err = jobs[0].target.Render(jobs[0].req)
	for range jobs[1:] {
		<-done
	}
	files := make([]output.File, 0, len(jobs))
	for _, j := range jobs {
		if j.err != nil {
			return nil, j.err
		}
		files = append(files, output.File{Path: j.req.Out, Data: j.out})
	}
	return files, nil
}

// targetPath picks a target's output file: the flag's, else the catalog's
// [output] entry, else the target's default beside the catalog; "" when
// the target is off.
func targetPath(c *catalog.Catalog, dir string, t generator.Target, f *genFlags) (string, error) {
	if f.given(t.Flag) {
		return *f.outs[t.Flag], nil
	}
	if o, ok := c.Output(t.Key); ok {
		return catalogPath(dir, o)
	}
	if t.Default == "" {
		return "", nil
	}
	return filepath.Join(dir, t.Default), nil
}

// optionPath picks the file of a file option: the flag's, else the
// catalog's [output] entry, else none.
func optionPath(c *catalog.Catalog, dir string, o generator.Option, f *genFlags) (string, error) {
	if v := *f.options[o.Flag]; v != "" {
		return v, nil
	}
	if entry, ok := c.Output(o.Key); ok {
		return catalogPath(dir, entry)
	}
	return "", nil
}
