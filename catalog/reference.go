package catalog

import (
	"fmt"
	"strconv"
	"strings"
)

// Reference returns the reference page of the catalog format, in Markdown:
// a section per table, with a row per key giving its type, allowed values,
// default and description. Like Schema, it is built from the key table and
// extra, the targets' [output] keys; the bytes are the same on every call
// with the same rows.
func Reference(extra ...Key) ([]byte, error) {
	keys, err := withExtra(extra)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString(`<!-- Generated from the table of keys in errcat's package catalog (catalog/keys.go). DO NOT EDIT. -->

# Catalog keys

Every key an errcat catalog (` + "`errors.toml`" + `) may hold, table by table. Any
other key is an error, reported with the nearest known key. ` + "`errcat schema`" + `
prints the same as a JSON Schema (draft 2020-12), so that editors complete
and explain keys: Even Better TOML (Taplo) reads it from a first line
` + "`#:schema ./errcat.schema.json`" + ` after ` + "`errcat schema > errcat.schema.json`" + `.
Both, and errcat's unknown-key check, come from one table in package
` + "`catalog`" + ` (` + "`catalog/keys.go`" + `).

In a table's heading, an upper-case segment stands for a name the catalog
chooses: ` + "`[codes.CODE]`" + ` is the table of each code.
`)
	for _, path := range tables(keys, "") {
		kids := children(keys, path)
		if len(kids) == 1 && kids[0].Names != "" && kids[0].Type == TypeTable {
			continue // shown by the section of its entries
		}
		b.WriteString("\n## ")
		if path == "" {
			b.WriteString("The top level\n\n")
		} else {
			b.WriteString("`[" + path + "]`\n\n")
		}
		b.WriteString(tableIntro(keys, path))
		if len(kids) == 0 {
			b.WriteString("\nThe table has no keys.\n")
			continue
		}
		b.WriteString("\n| key | type | values | default | description |\n| --- | --- | --- | --- | --- |\n")
		for _, k := range kids {
			name := "`" + k.Name + "`"
			switch {
			case k.Required && k.Unless != [2]string{}:
				name += fmt.Sprintf(" (required unless %s = %q)", k.Unless[0], k.Unless[1])
			case k.Required:
				name += " (required)"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", name, typeText(k), cell(valuesText(k)), cell(defaultText(k.Default)), cell(k.Description))
		}
	}
	return []byte(b.String()), nil
}

// tables returns the path of the table at path and of the tables in it,
// depth first, in table order.
func tables(keys []Key, path string) []string {
	out := []string{path}
	for _, k := range children(keys, path) {
		if k.Type == TypeTable {
			out = append(out, tables(keys, k.Path())...)
		}
	}
	return out
}

// tableIntro is the paragraph that opens the section of the table at path.
func tableIntro(keys []Key, path string) string {
	if path == "" {
		return "The tables of a catalog.\n"
	}
	var k Key
	for _, row := range keys {
		if row.Path() == path {
			k = row
		}
	}
	s := k.Description
	if k.Names != "" {
		s = fmt.Sprintf("`%s` is any key that matches `%s`. %s", k.Name, k.Names, s)
	}
	if path == policyTable {
		var at []string
		for _, row := range keys {
			if row.Type == TypePolicy {
				at = append(at, "`["+row.Table+"] "+row.Name+"`")
			}
		}
		s += " Where a key takes a policy (" + strings.Join(at, ", ") + "), it takes its name or an inline table of these keys, such as `{ kind = \"once\" }`, in which `kind` is required."
	}
	return s + "\n"
}

func typeText(k Key) string {
	if k.Type == TypePolicy {
		return "policy name or inline table"
	}
	return k.Type.String()
}

func valuesText(k Key) string {
	var parts []string
	if k.Names != "" {
		parts = append(parts, "keys matching `"+k.Names+"`")
	}
	if len(k.Words) > 0 {
		words := make([]string, len(k.Words))
		for i, w := range k.Words {
			words[i] = "`" + w + "`"
		}
		parts = append(parts, strings.Join(words, ", "))
	}
	if k.Pattern != "" {
		parts = append(parts, "matching `"+k.Pattern+"`")
	}
	switch {
	case k.Type == TypeDuration:
		parts = append(parts, "Go duration syntax, such as `500ms` or `1m30s`")
	case k.Bounds.HasMin && k.Bounds.HasMax:
		parts = append(parts, fmt.Sprintf("%g–%g", k.Bounds.Min, k.Bounds.Max))
	case k.Bounds.HasMin:
		parts = append(parts, fmt.Sprintf("at least %g", k.Bounds.Min))
	case k.Bounds.HasMax:
		parts = append(parts, fmt.Sprintf("at most %g", k.Bounds.Max))
	}
	return strings.Join(parts, "; ")
}

// defaultText writes a default as a TOML value in a code span.
func defaultText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return "`" + strconv.Quote(v) + "`"
	case float64:
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		return "`" + s + "`"
	case []string:
		q := make([]string, len(v))
		for i, s := range v {
			q[i] = strconv.Quote(s)
		}
		return "`[" + strings.Join(q, ", ") + "]`"
	}
	return fmt.Sprintf("`%v`", v)
}

// cell escapes the pipes of a table cell; GitHub reads `\|` as a pipe even
// in a code span.
func cell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
