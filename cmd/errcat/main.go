// Command errcat turns one TOML error catalog into Go code and Markdown
// reference docs, and when asked an OpenAPI 3.1 document and a TypeScript
// module, and keeps them in sync.
//
// Usage:
//
//	errcat generate [flags] [CATALOG]   write the outputs (default CATALOG: errors.toml)
//	errcat check    [flags] [CATALOG]   exit 1, with a unified diff, when generated files are stale
//	errcat validate [flags] CATALOG...  report problems as FILE:LINE:COL: message
//	errcat diff [flags] OLD NEW         report changes between two catalogs; exit 1 on a breaking one
//	errcat init [DIR]                   write a commented starter errors.toml
//	errcat schema                       print a JSON Schema of the catalog format, for editors
//	errcat version                      print errcat's version
//
// In a Go module, add errcat as a tool and generate from the package that
// holds the catalog:
//
//	go get -tool github.com/errcat/errcat/cmd/errcat
//
//	//go:generate go tool errcat generate errors.toml
//
// and fail CI when someone edits the catalog but not the generated files:
//
//	go tool errcat check errors.toml
//
// Editors complete and explain a catalog's keys from the JSON Schema (draft
// 2020-12) that errcat schema prints. For Even Better TOML (Taplo), write it
// beside the catalog and name it on the catalog's first line:
//
//	go tool errcat schema > errcat.schema.json
//
//	#:schema ./errcat.schema.json
//
// or associate the schema with errors.toml in the editor's settings. The
// schema, the unknown-key check and the catalog reference in errcat's
// docs/catalog-keys.md come from one table of keys, so they agree.
//
// Flags:
//
//	-go FILE              Go output file (default: [output] go, else errors_gen.go beside the catalog)
//	-md FILE              Markdown output file (default: [output] markdown, else ERRORS.md beside the catalog)
//	-md-template FILE     text/template for the docs, replacing the built-in one
//	-openapi FILE         OpenAPI 3.1 output file, .json or .yaml (default: [output] openapi, else none)
//	-ts FILE              TypeScript module output file (default: [output] typescript, else none)
//	-package NAME         Go package name (default: [catalog] package, else the Go output directory's name)
//	-strict               treat warnings as errors
//	-template-timeout D   stop the docs template after D (default 1m)
//	-format FORMAT        diff only: text (default) or markdown
//
// Paths given as flags are relative to the working directory; [output]
// paths in the catalog are relative to the catalog's directory and may not
// leave it.
//
// Exit status: 0 when all is well, 1 when problems were found (an invalid
// catalog, stale files, a breaking change), 2 on a usage error.
package main

import (
	"context"
	"os"
	"runtime/debug"
)

func main() {
	tuneGC()
	catchSignals()
	os.Exit(exitCode(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr), os.Stderr))
}

// tuneGC sets the garbage collector for a short batch run, unless the
// environment sets it: a run allocates much and keeps little, and at the
// default GOGC=100 collecting takes a quarter of a small catalog's run.
// The memory limit keeps a large catalog's peak near what the default
// would reach.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(768 << 20)
	}
}
