package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator"
)

func runValidate(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("validate", "[-strict] CATALOG...", `Validate reads each catalog and reports every problem it finds, sorted by
position, as FILE:LINE:COL: message (warnings as FILE:LINE:COL: warning:
message). It exits 1 when any catalog has an error, or a warning under
-strict.`, stderr)
	strict := fs.Bool("strict", false, "treat warnings as errors")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("validate: no catalog given")
	}
	failed := false
	for _, file := range fs.Args() {
		if _, err := loadCatalog(file, *strict, stderr); err != nil {
			if !errors.Is(err, errProblems) {
				fmt.Fprintf(stderr, "errcat: %v\n", err)
			}
			failed = true
		}
	}
	if failed {
		return errProblems
	}
	return nil
}

// loadCatalog loads file and prints its diagnostics to stderr. It returns
// errProblems when the catalog has errors, or warnings under strict.
func loadCatalog(file string, strict bool, stderr io.Writer) (*catalog.Catalog, error) {
	c, diags, err := generator.Load(file)
	if err != nil {
		return nil, err
	}
	for _, d := range diags {
		fmt.Fprintln(stderr, terminalLine(d.String()))
	}
	if c == nil || (strict && len(diags) > 0) {
		return nil, errProblems
	}
	return c, nil
}
