package main

import (
	"context"
	"fmt"
	"io"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/generator"
)

func runSchema(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("schema", "", `Schema prints a JSON Schema (draft 2020-12) of the catalog format: every
key with its description, type, allowed values and default. Editors that
read JSON Schema complete and explain a catalog's keys with it. For Even
Better TOML (Taplo):

	errcat schema > errcat.schema.json

and make the catalog's first line

	#:schema ./errcat.schema.json

or associate the schema with errors.toml in the editor's settings.`, stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("schema: takes no arguments")
	}
	schema, err := catalog.Schema(outputKeys()...)
	if err != nil {
		return err
	}
	_, err = stdout.Write(schema)
	return err
}

// outputKeys returns the rows of the [output] table for the catalog's
// table of keys: one per target, and one per option with a key. The
// targets decide which keys [output] has; validation (generator.Check)
// reads the same list.
func outputKeys() []catalog.Key {
	var keys []catalog.Key
	for _, t := range generator.Targets() {
		k := catalog.Key{Table: "output", Name: t.Key, Type: catalog.TypeString,
			Description: fmt.Sprintf("The %s output file, relative to the catalog's directory; \"\" turns it off; -%s overrides it.", t.Name, t.Flag)}
		if t.Default != "" {
			k.Default = t.Default
		}
		keys = append(keys, k)
		for _, o := range t.Options {
			if o.Key != "" {
				keys = append(keys, catalog.Key{Table: "output", Name: o.Key, Type: catalog.TypeString,
					Description: fmt.Sprintf("The %s file, relative to the catalog's directory; -%s overrides it.", o.File, o.Flag)})
			}
		}
	}
	return keys
}
