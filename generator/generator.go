// Package generator is the list of errcat's targets: each turns a resolved
// catalog into the bytes of one output file, in its own package
// (generator/golang, generator/markdown), touching no disk.
//
// The list drives everything that depends on which targets exist: the
// command line's output flags and options, the keys [output] accepts, the
// checks validate runs, and the files generate writes and check compares.
// Adding a target is adding its package and one entry to Targets.
package generator

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"text/template"
	"time"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator/golang"
	"github.com/errcat/errcat/generator/markdown"
	"github.com/errcat/errcat/generator/openapi"
	"github.com/errcat/errcat/generator/typescript"
	"github.com/errcat/errcat/templates"
)

// Target is one kind of file errcat generates.
type Target struct {
	Name string // for messages: "Go", "Markdown"
	// Flag names the command-line flag that sets the output file (-go).
	Flag string
	// Key is the [output] key that sets the output file.
	Key string
	// Default is the file written beside the catalog when neither the flag
	// nor the key names one; "" means the target is off unless asked for.
	Default string
	// Usage describes the output flag.
	Usage string
	// Options are the target's other flags, such as -package.
	Options []Option
	// CheckOut, when set, reports an output file name the target cannot
	// write, before the catalog is loaded.
	CheckOut func(name string) error
	// Check reports what keeps a catalog from this target, positioned in
	// the catalog; nil when anything the catalog package accepts will do.
	Check func(c *catalog.Catalog) catalog.Diagnostics
	// Render returns the file's bytes; it stops when ctx is done.
	Render func(ctx context.Context, r *Request) ([]byte, error)
}

// Option is a target's flag besides its output file.
type Option struct {
	Flag    string // the flag's name
	Usage   string // the flag's usage; a name in backquotes names its value
	Default string // the value when the flag is not given
	// File, for an option that names a file, says what the file is, for
	// messages: "docs template".
	File string
	// Key, when set, is the [output] key that gives the option's value
	// when the flag does not. Such an option names a file errcat reads,
	// relative to the working directory as a flag and to the catalog's
	// directory as a key.
	Key string
	// Check, when set, reports a value that cannot be used, before the
	// catalog is loaded.
	Check func(value string) error
}

// IsFile reports whether the option names a file errcat reads.
func (o Option) IsFile() bool { return o.Key != "" }

// Request is what a target renders from.
type Request struct {
	Catalog *catalog.Catalog
	// Out is the path of the file to render.
	Out string
	// Source is the catalog's path relative to Out's directory, with
	// forward slashes, for generated headers.
	Source string
	// Options holds the value of each option by flag name, "" when unset.
	Options map[string]string
	// Files holds what was read of each file option by flag name.
	Files map[string]File
}

// File is an input file a target reads, such as a docs template.
type File struct {
	Path string
	Data []byte
}

// Targets returns errcat's targets, in the order their flags are listed.
func Targets() []Target {
	return []Target{
		{
			Name: "Go", Flag: "go", Key: "go", Default: "errors_gen.go",
			Usage: "Go output `file` (default: [output] go, else errors_gen.go beside the catalog)",
			Options: []Option{{Flag: "package", Check: golang.CheckPackage,
				Usage: "Go package `name` (default: [catalog] package, else the Go output directory's name)"}},
			Check:  golang.Check,
			Render: renderGo,
		},
		{
			Name: "Markdown", Flag: "md", Key: "markdown", Default: "ERRORS.md",
			Usage: "Markdown output `file` (default: [output] markdown, else ERRORS.md beside the catalog)",
			Options: []Option{
				{Flag: "md-template", Key: "markdown_template", File: "docs template",
					Usage: "text/template `file` for the docs, replacing the built-in one (default: [output] markdown_template)"},
				{Flag: "template-timeout", Default: "1m", Check: checkTimeout,
					Usage: "stop the docs template after this `duration`"},
			},
			Render: renderMarkdown,
		},
		{
			Name: "OpenAPI", Flag: "openapi", Key: "openapi",
			Usage:    "OpenAPI 3.1 output `file`, JSON (.json) or YAML (.yaml, .yml) (default: [output] openapi, else off)",
			CheckOut: func(name string) error { _, err := openapi.FormatFor(name); return err },
			Check:    openapi.Check,
			Render:   renderOpenAPI,
		},
		{
			Name: "TypeScript", Flag: "ts", Key: "typescript",
			Usage: "TypeScript module output `file` (default: [output] typescript, else off)",
			Render: func(_ context.Context, r *Request) ([]byte, error) {
				return typescript.TypeScript(r.Catalog, typescript.Options{Source: r.Source})
			},
		},
	}
}

func renderOpenAPI(_ context.Context, r *Request) ([]byte, error) {
	format, err := openapi.FormatFor(r.Out)
	if err != nil {
		return nil, err
	}
	return openapi.OpenAPI(r.Catalog, openapi.Options{Format: format, Source: r.Source})
}

func renderGo(_ context.Context, r *Request) ([]byte, error) {
	pkg, err := golang.PackageName(r.Options["package"], r.Catalog, r.Out)
	if err != nil {
		return nil, err
	}
	return golang.Go(r.Catalog, golang.Options{Package: pkg, Source: r.Source})
}

// docsLimit bounds the docs made from inputs bytes of catalog and
// template, so that what a template can cost stays in proportion to what
// it is given: 1 MiB, plus 16 bytes for each byte of input, in whole MiB,
// and never more than templates.MaxOutput. The built-in template writes
// about as many bytes as the catalog holds.
func docsLimit(inputs int) int {
	const mib = 1 << 20
	n := mib + 16*inputs
	return min((n+mib-1)/mib*mib, templates.MaxOutput)
}

// checkTimeout checks -template-timeout.
func checkTimeout(v string) error {
	d, err := time.ParseDuration(v)
	switch {
	case err != nil:
		return fmt.Errorf("-template-timeout %q: want a duration such as 30s", v)
	case d <= 0:
		return fmt.Errorf("-template-timeout %v: want a positive duration", d)
	}
	return nil
}

func renderMarkdown(ctx context.Context, r *Request) ([]byte, error) {
	var tmpl *template.Template
	name := "built-in"
	inputs := r.Catalog.Size
	if f, ok := r.Files["md-template"]; ok {
		var err error
		inputs += len(f.Data)
		name = path.Base(filepath.ToSlash(f.Path))
		if tmpl, err = templates.Parse(name, string(f.Data)); err != nil {
			return nil, err
		}
	}
	timeout, err := time.ParseDuration(r.Options["template-timeout"])
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out, err := markdown.Render(ctx, r.Catalog, tmpl, docsLimit(inputs))
	var limit *templates.LimitError
	switch {
	case err == nil:
		return out, nil
	case errors.Is(err, context.DeadlineExceeded):
		return nil, fmt.Errorf("%s: docs template %q did not finish within %v; nothing was written (see -template-timeout)", r.Catalog.File, name, timeout)
	case errors.As(err, &limit):
		return nil, fmt.Errorf("%s: docs template %q %s; nothing was written", r.Catalog.File, name, limit.What)
	}
	return nil, fmt.Errorf("%s: %w", r.Catalog.File, err)
}

// Check reports what keeps c from any target: [output] keys no target
// knows, and each target's own problems. Validation is the catalog
// package's diagnostics and these, sorted together.
func Check(c *catalog.Catalog) catalog.Diagnostics {
	var diags catalog.Diagnostics
	var keys []string
	for _, t := range Targets() {
		keys = append(keys, t.Key)
		for _, o := range t.Options {
			if o.Key != "" {
				keys = append(keys, o.Key)
			}
		}
	}
	for _, o := range c.Outputs {
		if !slices.Contains(keys, o.Key) {
			diags = append(diags, catalog.Diagnostic{File: c.File, Pos: o.Pos,
				Message: fmt.Sprintf("unknown key %q in [output]%s", o.Key, catalog.Suggest(o.Key, keys))})
		}
	}
	for _, t := range Targets() {
		if t.Check != nil {
			diags = append(diags, t.Check(c)...)
		}
	}
	diags.Sort()
	return diags
}

// Load reads, parses and checks the catalog at path for every target: the
// catalog package's diagnostics and Check's, sorted together. The catalog
// is nil when any of them is an error.
func Load(path string) (*catalog.Catalog, catalog.Diagnostics, error) {
	c, diags, err := catalog.Load(path)
	if err != nil {
		return nil, nil, err
	}
	return checked(c, diags)
}

// Parse is Load for a catalog in memory; file names it in diagnostics.
func Parse(file string, src []byte) (*catalog.Catalog, catalog.Diagnostics) {
	c, diags, _ := checked(catalog.Parse(file, src))
	return c, diags
}

func checked(c *catalog.Catalog, diags catalog.Diagnostics) (*catalog.Catalog, catalog.Diagnostics, error) {
	if c == nil {
		return nil, diags, nil
	}
	diags = append(diags, Check(c)...)
	diags.Sort()
	if diags.HasErrors() {
		return nil, diags, nil
	}
	return c, diags, nil
}
