package main

import (
	"context"
	"flag"
	"fmt"
	"io"
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
			f.options[o.Flag] = fs.String(o.Flag, o.Default, o.Usage)
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
	files, inputs, _, err := parseAndProduce(ctx, "generate", `Generate writes the outputs of CATALOG (default errors.toml): the Go file
and the Markdown docs by default, the OpenAPI document and the TypeScript
module when a flag or the catalog's [output] names them. It writes nothing
when anything fails,
writes each file atomically, and leaves a file untouched when its content is
unchanged.`, args, stderr)
	if err != nil {
		return err
	}
	return writeOutputs(ctx, inputs, files)
}

func runCheck(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	files, inputs, hint, err := parseAndProduce(ctx, "check", `Check regenerates CATALOG's outputs in memory and compares them with the
files on disk. For each stale or missing file it prints a unified diff and
exits 1; run errcat generate to update them. Use it in CI.`, args, stderr)
	if err != nil {
		return err
	}
	stale, err := output.Writer{Inputs: inputs}.Check(files)
	if err != nil {
		return pathError(err)
	}
	if len(stale) == 0 {
		return nil
	}
	var names []string
	for _, s := range stale {
		// The diff quotes generated files, and the files on disk, which a
		// pull request may have filled with anything.
		fmt.Fprint(stdout, terminalDiff(s.Diff))
		state := "stale"
		if s.Missing {
			state = "missing"
		}
		names = append(names, fmt.Sprintf("%s (%s)", s.Path, state))
	}
	return fmt.Errorf("generated files are out of date: %s; run '%s'", terminalLine(strings.Join(names, ", ")), terminalLine(hint))
}

// parseAndProduce parses the flags of generate or check and renders the
// catalog's outputs in memory. It also returns the files the run read,
// which no output may be, and the generate command that writes the
// outputs, for check's hint.
func parseAndProduce(ctx context.Context, verb, about string, args []string, stderr io.Writer) ([]output.File, []output.Input, string, error) {
	fs := newFlags(verb, "[flags] [CATALOG]", about+"\n\n"+genAbout, stderr)
	f := addGenFlags(fs)
	file, err := catalogArg(fs, args)
	if err == nil {
		err = f.check()
	}
	if err != nil {
		return nil, nil, "", err
	}
	hint := strings.Join(append(append([]string{"errcat", "generate"}, f.args()...), shellQuote(file)), " ")
	files, inputs, err := produce(ctx, file, f, stderr)
	return files, inputs, hint, err
}

// check checks the options that need no catalog, before it is loaded.
func (f *genFlags) check() error {
	for _, t := range generator.Targets() {
		if v := *f.outs[t.Flag]; v != "" && t.CheckOut != nil {
			if err := t.CheckOut(v); err != nil {
				return usagef("-%s: %v", t.Flag, err)
			}
		}
		for _, o := range t.Options {
			if v := *f.options[o.Flag]; v != "" && o.Check != nil {
				if err := o.Check(v); err != nil {
					return usagef("%v", err)
				}
			}
		}
	}
	return nil
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
	file   output.File
	req    *generator.Request
	err    error
}

// produce loads the catalog and renders every target that is on, side by
// side, in memory. It also returns the files it read, which no output may
// be.
func produce(ctx context.Context, file string, f *genFlags, stderr io.Writer) ([]output.File, []output.Input, error) {
	c, err := loadCatalog(file, f.strict, stderr)
	if err != nil {
		return nil, nil, err
	}
	dir := filepath.Dir(file)
	inputs := []output.Input{{Path: file, Name: fmt.Sprintf("the catalog %q", file)}}
	options := map[string]string{}
	for name, v := range f.options {
		options[name] = *v
	}
	var jobs []*job
	for _, t := range generator.Targets() {
		out := targetFile(c, dir, t, f)
		if out.Path == "" {
			continue
		}
		if out.Where != "" && t.Marked != nil && t.Marked(out.Path) {
			out.Marker = generator.Marker
		}
		outPath := fullPath(out)
		source, err := sourceName(file, outPath)
		if err != nil {
			return nil, nil, err
		}
		req := &generator.Request{Catalog: c, Out: outPath, Source: source, Options: options, Files: map[string]generator.File{}}
		for _, o := range t.Options {
			if !o.IsFile() {
				continue
			}
			in := optionFile(c, dir, o, f)
			if in.Path == "" {
				continue
			}
			data, err := output.ReadFile(in, maxInput)
			if err != nil {
				return nil, nil, pathError(err)
			}
			req.Files[o.Flag] = generator.File{Path: fullPath(in), Data: data}
			inputs = append(inputs, output.Input{Path: fullPath(in), Name: fmt.Sprintf("the %s %q", o.File, fullPath(in))})
		}
		jobs = append(jobs, &job{target: t, file: out, req: req})
	}
	if len(jobs) == 0 {
		return nil, nil, usagef("every target is off: name at least one output")
	}
	// The targets share nothing but the read-only catalog: render them
	// side by side.
	done := make(chan struct{})
	for _, j := range jobs[1:] {
		go func() {
			defer func() { done <- struct{}{} }()
			j.file.Data, j.err = j.target.Render(ctx, j.req)
		}()
	}
	jobs[0].file.Data, jobs[0].err = jobs[0].target.Render(ctx, jobs[0].req)
	for range jobs[1:] {
		<-done
	}
	files := make([]output.File, 0, len(jobs))
	for _, j := range jobs {
		if j.err != nil {
			return nil, nil, j.err
		}
		files = append(files, j.file)
	}
	return files, inputs, nil
}

// targetFile picks a target's output file: the flag's, else the catalog's
// [output] entry, else the target's default beside the catalog; its Path
// is "" when the target is off.
func targetFile(c *catalog.Catalog, dir string, t generator.Target, f *genFlags) output.File {
	if f.given(t.Flag) {
		if v := *f.outs[t.Flag]; v != "" {
			return flagFile(t.Flag, v)
		}
		return output.File{}
	}
	if o, ok := c.Output(t.Key); ok {
		return catalogFile(c, dir, o)
	}
	return defaultFile(dir, t.Default)
}

// optionFile picks the file of a file option: the flag's, else the
// catalog's [output] entry, else none.
func optionFile(c *catalog.Catalog, dir string, o generator.Option, f *genFlags) output.File {
	if v := *f.options[o.Flag]; v != "" {
		return flagFile(o.Flag, v)
	}
	if entry, ok := c.Output(o.Key); ok {
		return catalogFile(c, dir, entry)
	}
	return output.File{}
}
