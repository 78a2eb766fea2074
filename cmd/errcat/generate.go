package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/errcat/errcat/generator"
	"github.com/errcat/errcat/output"
)

// genFlags are the flags generate and check share.
type genFlags struct {
	goOut, mdOut, mdTemplate, pkg string
	strict                        bool
	templateTimeout               time.Duration
}

func addGenFlags(fs *flag.FlagSet) *genFlags {
	f := new(genFlags)
	fs.StringVar(&f.goOut, "go", "", "Go output `file` (default: [output] go, else errors_gen.go beside the catalog)")
	fs.StringVar(&f.mdOut, "md", "", "Markdown output `file` (default: [output] markdown, else ERRORS.md beside the catalog)")
	fs.StringVar(&f.mdTemplate, "md-template", "", "text/template `file` for the docs, replacing the built-in one")
	fs.StringVar(&f.pkg, "package", "", "Go package `name` (default: [catalog] package, else the Go output directory's name)")
	fs.BoolVar(&f.strict, "strict", false, "treat warnings as errors")
	fs.DurationVar(&f.templateTimeout, "template-timeout", time.Minute, "stop the docs template after this `duration`")
	return f
}

const genAbout = `The catalog's [output] paths are relative to the catalog's directory and
may not leave it; flags are relative to the working directory and may point
anywhere.`

func runGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	files, inputs, _, err := parseAndProduce(ctx, "generate", `Generate writes the Go file and the Markdown docs of CATALOG (default
errors.toml). It writes nothing when anything fails, writes each file
atomically, and leaves a file untouched when its content is unchanged.`, args, stderr)
	if err != nil {
		return err
	}
	return writeOutputs(ctx, inputs, files)
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	files, inputs, file, err := parseAndProduce(ctx, "check", `Check regenerates CATALOG's outputs in memory and compares them with the
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
		fmt.Fprint(stdout, s.Diff)
		state := "stale"
		if s.Missing {
			state = "missing"
		}
		names = append(names, fmt.Sprintf("%s (%s)", s.Path, state))
	}
	return fmt.Errorf("generated files are out of date: %s; run 'errcat generate %s'", strings.Join(names, ", "), file)
}

// parseAndProduce parses the flags of generate or check and renders the
// catalog's outputs in memory.
func parseAndProduce(ctx context.Context, verb, about string, args []string, stderr io.Writer) ([]output.File, []output.Input, string, error) {
	fs := newFlags(verb, "[flags] [CATALOG]", about+"\n\n"+genAbout, stderr)
	f := addGenFlags(fs)
	file, err := catalogArg(fs, args)
	if err == nil {
		err = checkGenFlags(f)
	}
	if err != nil {
		return nil, nil, "", err
	}
	files, inputs, err := produce(ctx, file, f, stderr)
	return files, inputs, file, err
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

// produce loads the catalog and renders its outputs in memory; inputs
// are the files read, which no output may be.
func produce(ctx context.Context, file string, f *genFlags, stderr io.Writer) (files []output.File, inputs []output.Input, err error) {
	c, err := loadCatalog(file, f.strict, stderr)
	if err != nil {
		return nil, nil, err
	}
	dir := filepath.Dir(file)
	goFile := outputPath(dir, "go", f.goOut, c.Output.Go, "errors_gen.go", "go")
	mdFile := outputPath(dir, "md", f.mdOut, c.Output.Markdown, "ERRORS.md", "markdown")
	goPath := fullPath(goFile)
	inputs = []output.Input{{Path: file, Name: fmt.Sprintf("the catalog %q", file)}}
	var tmpl *template.Template
	if tf := outputPath(dir, "md-template", f.mdTemplate, c.Output.MarkdownTemplate, "", "markdown_template"); tf.Path != "" {
		if tmpl, err = readTemplate(tf); err != nil {
			return nil, nil, err
		}
		inputs = append(inputs, output.Input{Path: fullPath(tf), Name: inputName("docs template", tf)})
	}
	pkg, err := packageName(f.pkg, c, goPath)
	if err != nil {
		return nil, nil, err
	}
	source, err := sourceName(file, goPath)
	if err != nil {
		return nil, nil, err
	}
	// The two renderings share nothing but the read-only catalog: run them
	// side by side.
	var md []byte
	var mdErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		ctx, cancel := context.WithTimeout(ctx, f.templateTimeout)
		defer cancel()
		md, mdErr = generator.MarkdownContext(ctx, c, tmpl)
	}()
	goSrc, err := generator.Go(c, generator.GoOptions{Package: pkg, Source: source})
	<-done
	if err != nil {
		return nil, nil, err
	}
	if mdErr != nil {
		return nil, nil, templateError(file, tmpl, f.templateTimeout, mdErr)
	}
	goFile.Data, mdFile.Data = goSrc, md
	return []output.File{goFile, mdFile}, inputs, nil
}
