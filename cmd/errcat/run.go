package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/errcat/errcat/output"
)

// usageError is a mistake on the command line; errcat exits 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// errProblems means the problems were already reported; errcat exits 1.
var errProblems = errors.New("problems found")

// exitCode maps run's error to the process exit status, printing it once
// with the errcat: prefix.
func exitCode(err error, stderr io.Writer) int {
	var usage *usageError
	var refused *output.PathError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errProblems):
		return 1
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "errcat: %s\nRun 'errcat -h' for usage.\n", terminalText(usage.msg))
		return 2
	case errors.As(err, &refused) && refused.Where != "":
		// A path the catalog names is refused where the catalog names it,
		// as its other problems are.
		fmt.Fprintf(stderr, "%s: %s\n", terminalText(refused.Where), terminalText(err.Error()))
		return 1
	}
	fmt.Fprintf(stderr, "errcat: %s\n", terminalText(err.Error()))
	return 1
}

type command struct {
	name    string
	args    string
	summary string
	run     func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"generate", "[flags] [CATALOG]", "write the outputs: Go, Markdown, and OpenAPI and TypeScript when asked", runGenerate},
		{"check", "[flags] [CATALOG]", "exit 1 with a unified diff when generated files are stale", runCheck},
		{"validate", "[flags] CATALOG...", "report problems in catalogs as FILE:LINE:COL: message", runValidate},
		{"diff", "[flags] OLD NEW", "report changes between two catalogs; exit 1 on a breaking one", runDiff},
		{"init", "[DIR]", "write a commented starter errors.toml", runInit},
		{"schema", "", "print a JSON Schema of the catalog format, for editors", runSchema},
		{"version", "", "print errcat's version", runVersion},
	}
}

// run is errcat's whole command line: main and the tests call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		printUsage(stderr)
		return usagef("no command given")
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		printUsage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdin, stdout, stderr)
		}
	}
	return usagef("unknown command %q", args[0])
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `errcat turns one TOML error catalog into Go code and Markdown docs, and
when asked an OpenAPI 3.1 document and a TypeScript module.

Usage:

`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  errcat %-30s %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprint(w, `
Run 'errcat COMMAND -h' for a command's flags.

In a module: go get -tool github.com/errcat/errcat/cmd/errcat
then:        //go:generate go tool errcat generate errors.toml
and in CI:   go tool errcat check errors.toml

Exit status: 0 ok, 1 problems found, 2 usage error.
`)
}

// newFlags returns a flag set for a command whose -h prints a manual page.
func newFlags(name, args, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("errcat "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: errcat %s\n\n%s\n", strings.TrimSpace(name+" "+args), about)
		var any bool
		fs.VisitAll(func(*flag.Flag) { any = true })
		if any {
			fmt.Fprint(fs.Output(), "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args; a bad flag is a usage error, -h is flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%s: %v", fs.Name(), err)
	}
	return nil
}
