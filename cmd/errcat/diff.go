package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/templates"
)

func runDiff(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	flags := newFlags("diff", "[-format text|markdown] OLD NEW", `Diff compares two versions of a catalog and reports every change as
breaking (a removed code, even when retired; a changed status, category
or go_name; a code that stopped being retryable; a changed envelope format
or a moved envelope path; a retired code listed again), notable (other retry changes, deprecations, fixed envelope
members, fallback changes) or safe (additions, text edits). Each line names
the code, the old and new values, and its line in NEW (in OLD for a
removed code). Flags come before the files. Either file may be -
for standard input:

	git show main:errors.toml | errcat diff - errors.toml

Diff exits 1 when any change is breaking, else 0.`, stderr)
	format := flags.String("format", "text", "report `format`: text or markdown (for a pull-request comment)")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() != 2 {
		if slices.ContainsFunc(flags.Args(), func(a string) bool { return len(a) > 1 && a[0] == '-' }) {
			return usagef("diff: want OLD and NEW catalogs, got %d arguments (flags go before the catalogs)", flags.NArg())
		}
		return usagef("diff: want OLD and NEW catalogs, got %d arguments", flags.NArg())
	}
	if *format != "text" && *format != "markdown" {
		return usagef("diff: unknown -format %q: want text or markdown", *format)
	}
	if flags.Arg(0) == "-" && flags.Arg(1) == "-" {
		return usagef("diff: only one of OLD and NEW can be standard input")
	}
	oldFile, newFile := flags.Arg(0), flags.Arg(1)
	old, err := loadEither(oldFile, stdin, stderr)
	if err != nil {
		return err
	}
	new, err := loadEither(newFile, stdin, stderr)
	if err != nil {
		return err
	}
	changes := catalog.Compare(old, new)
	if *format == "markdown" {
		writeMarkdownReport(stdout, changes, oldFile, newFile)
	} else {
		writeTextReport(stdout, changes, oldFile, newFile)
	}
	for _, c := range changes {
		if c.Severity == catalog.Breaking {
			return errProblems
		}
	}
	return nil
}

// loadEither loads a catalog from a file, or from standard input for "-",
// printing its errors.
func loadEither(file string, stdin io.Reader, stderr io.Writer) (*catalog.Catalog, error) {
	var c *catalog.Catalog
	var diags catalog.Diagnostics
	if file == "-" {
		src, err := io.ReadAll(io.LimitReader(stdin, catalog.MaxSize+1))
		if err != nil {
			return nil, err
		}
		c, diags = catalog.Parse("<stdin>", src)
	} else {
		var err error
		if c, diags, err = catalog.Load(file); err != nil {
			return nil, err
		}
	}
	// Warnings are validate's business; diff reports only what stops it.
	for _, d := range diags {
		if !d.Warning {
			fmt.Fprintln(stderr, terminalLine(d.String()))
		}
	}
	if c == nil {
		return nil, errProblems
	}
	return c, nil
}

func where(c catalog.Change, oldFile, newFile string) string {
	file := newFile
	if c.InOld {
		file = oldFile
	}
	if file == "-" {
		file = "<stdin>"
	}
	return fmt.Sprintf("%s:%d", file, c.Pos.Line)
}

func writeTextReport(w io.Writer, changes []catalog.Change, oldFile, newFile string) {
	if len(changes) == 0 {
		fmt.Fprintln(w, "no changes")
		return
	}
	last := catalog.Severity(-1)
	for _, c := range changes {
		if c.Severity != last {
			if last >= 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "%s changes:\n", c.Severity)
			last = c.Severity
		}
		fmt.Fprintf(w, "  %s: %s: %s\n", terminalLine(where(c, oldFile, newFile)), terminalLine(c.Subject), terminalLine(c.Message))
		if c.Hint != "" {
			fmt.Fprintf(w, "      hint: %s\n", terminalLine(c.Hint))
		}
	}
}

// writeMarkdownReport writes the report as Markdown for a pull-request
// comment. Catalog text in it (codes, keys, names, reasons, values) comes
// from the pull request under review, so each change is one list item
// whose subject is a code span and whose text is literal (templates.Text):
// nothing in it can close the span, start a heading, a list item or an
// HTML comment, or reach the page as HTML, and invisible characters show
// as escapes.
func writeMarkdownReport(w io.Writer, changes []catalog.Change, oldFile, newFile string) {
	if len(changes) == 0 {
		fmt.Fprintln(w, "**errcat diff:** no changes to the error catalog.")
		return
	}
	counts := map[catalog.Severity]int{}
	for _, c := range changes {
		counts[c.Severity]++
	}
	fmt.Fprintf(w, "**errcat diff:** %d breaking, %d notable, %d safe.\n", counts[catalog.Breaking], counts[catalog.Notable], counts[catalog.Safe])
	last := catalog.Severity(-1)
	for _, c := range changes {
		if c.Severity != last {
			fmt.Fprintf(w, "\n### %s changes\n\n", strings.ToUpper(c.Severity.String()[:1])+c.Severity.String()[1:])
			last = c.Severity
		}
		fmt.Fprintf(w, "- %s: %s (%s)", templates.CodeSpan(c.Subject), templates.Text(c.Message), templates.Text(where(c, oldFile, newFile)))
		if c.Hint != "" {
			fmt.Fprintf(w, " — %s", templates.Text(c.Hint))
		}
		fmt.Fprintln(w)
	}
}
