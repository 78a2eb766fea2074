package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/errcat/errcat/generator"
	"github.com/errcat/errcat/output"
	"github.com/errcat/errcat/templates"
)

// genFlags are the flags generate and check share.
type genFlags struct {
	goOut, mdOut, mdTemplate, pkg string
	strict                        bool
}

func addGenFlags(fs *flag.FlagSet) *genFlags {
	f := new(genFlags)
	fs.StringVar(&f.goOut, "go", "", "Go output `file` (default: [output] go, else errors_gen.go beside the catalog)")
	fs.StringVar(&f.mdOut, "md", "", "Markdown output `file` (default: [output] markdown, else ERRORS.md beside the catalog)")
	fs.StringVar(&f.mdTemplate, "md-template", "", "text/template `file` for the docs, replacing the built-in one")
	fs.StringVar(&f.pkg, "package", "", "Go package `name` (default: [catalog] package, else the Go output directory's name)")
	fs.BoolVar(&f.strict, "strict", false, "treat warnings as errors")
	return f
}

const genAbout = `The catalog's [output] paths are relative to the catalog's directory and
may not leave it; flags are relative to the working directory and may point
anywhere.`

func runGenerate(_ context.Context, args []string, stdout, stderr io.Writer) error {
	files, _, err := parseAndProduce("generate", `Generate writes the Go file and the Markdown docs of CATALOG (default
errors.toml). It writes nothing when anything fails, writes each file
atomically, and leaves a file untouched when its content is unchanged.`, args, stderr)
	if err != nil {
		return err
	}
	_, err = output.Writer{}.Write(context.Background(), files)
	return err
}

func runCheck(_ context.Context, args []string, stdout, stderr io.Writer) error {
	files, file, err := parseAndProduce("check", `Check regenerates CATALOG's outputs in memory and compares them with the
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
	return fmt.Errorf("generated files are out of date: %s; run 'errcat generate %s'", strings.Join(names, ", "), file)
}

// parseAndProduce parses the flags of generate or check and renders the
// catalog's outputs in memory.
func parseAndProduce(verb, about string, args []string, stderr io.Writer) ([]output.File, string, error) {
	fs := newFlags(verb, "[flags] [CATALOG]", about+"\n\n"+genAbout, stderr)
	f := addGenFlags(fs)
	file, err := catalogArg(fs, args)
	if err != nil {
		return nil, "", err
	}
	files, err := produce(file, f, stderr)
	return files, file, err
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

// produce loads the catalog and renders its outputs in memory.
func produce(file string, f *genFlags, stderr io.Writer) ([]output.File, error) {
	c, err := loadCatalog(file, f.strict, stderr)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(file)
	goPath, err := outputPath(dir, f.goOut, c.Output.Go, "errors_gen.go", "go")
	if err != nil {
		return nil, err
	}
	mdPath, err := outputPath(dir, f.mdOut, c.Output.Markdown, "ERRORS.md", "markdown")
	if err != nil {
		return nil, err
	}
	if filepath.Clean(goPath) == filepath.Clean(mdPath) {
		return nil, fmt.Errorf("the Go and Markdown outputs are the same file: %s", goPath)
	}
	tmplPath, err := outputPath(dir, f.mdTemplate, c.Output.MarkdownTemplate, "", "markdown_template")
	if err != nil {
		return nil, err
	}
	var tmpl *template.Template
	if tmplPath != "" {
		text, err := os.ReadFile(tmplPath)
		if err != nil {
			return nil, err
		}
		if tmpl, err = templates.Parse(filepath.Base(tmplPath), string(text)); err != nil {
			return nil, err
		}
	}
	pkg, err := packageName(f.pkg, c, goPath)
	if err != nil {
		return nil, err
	}
	source, err := sourceName(file, goPath)
	if err != nil {
		return nil, err
	}
	// The two renderings share nothing but the read-only catalog: run them
	// side by side.
	var md []byte
	var mdErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		md, mdErr = generator.Markdown(c, tmpl)
	}()
	goSrc, err := generator.Go(c, generator.GoOptions{Package: pkg, Source: source})
	<-done
	if err != nil {
		return nil, err
	}
	if mdErr != nil {
		return nil, fmt.Errorf("%s: %w", file, mdErr)
	}
	return []output.File{{Path: goPath, Data: goSrc}, {Path: mdPath, Data: md}}, nil
}
