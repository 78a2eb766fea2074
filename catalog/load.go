package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// MaxSize is the largest catalog Load accepts, in bytes.
const MaxSize = 64 << 20

// Load reads and parses the catalog at path. The returned error reports a
// file that cannot be read; problems in its content are diagnostics.
func Load(path string) (*Catalog, Diagnostics, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, nil, err
	}
	if len(src) > MaxSize {
		return nil, nil, fmt.Errorf("%s: catalog is larger than %d MiB", path, MaxSize>>20)
	}
	c, diags := Parse(path, src)
	return c, diags, nil
}

// Parse parses the catalog in src; file names it in diagnostics. It returns
// a nil Catalog when any diagnostic is an error. Warnings come with a
// usable Catalog.
func Parse(file string, src []byte) (*Catalog, Diagnostics) {
	l := &loader{file: file}
	if len(src) > MaxSize {
		l.errorf(Position{1, 1}, "catalog is larger than %d MiB", MaxSize>>20)
		return nil, l.diags
	}
	// Key positions are only needed once the document has parsed, but
	// finding them takes a while; do it on another core meanwhile.
	index := make(chan *keyIndex, 1)
	go func() { index <- scanKeys(src) }()
	var doc map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&doc); err != nil {
		l.errorf(syntaxPos(src, err), "%s", syntaxMessage(err))
		<-index
		return nil, l.diags
	}
	l.ix = <-index
	c := l.build(doc)
	c.ix = l.ix
	l.diags.sort()
	if l.diags.HasErrors() {
		return nil, l.diags
	}
	return c, l.diags
}

func syntaxMessage(err error) string {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return "syntax error: " + pe.Message
	}
	return "syntax error: " + strings.TrimPrefix(err.Error(), "toml: ")
}

// syntaxPos returns where a TOML syntax error is, with the column counted
// from the error's byte offset.
func syntaxPos(src []byte, err error) Position {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return Position{1, 1}
	}
	p := Position{Line: max(pe.Position.Line, 1), Col: max(pe.Position.Col, 1)}
	if start := pe.Position.Start; start >= 0 && start <= len(src) {
		lineStart := bytes.LastIndexByte(src[:start], '\n') + 1
		if bytes.Count(src[:lineStart], []byte("\n"))+1 == p.Line {
			p.Col = start - lineStart + 1
		}
	}
	return p
}

type loader struct {
	file         string
	codesWritten bool // the codes table has entries, valid or not
	ix           *keyIndex
	diags        Diagnostics
}

func (l *loader) errorf(p Position, format string, args ...any) {
	l.diags = append(l.diags, Diagnostic{File: l.file, Pos: p, Message: fmt.Sprintf(format, args...)})
}

func (l *loader) warnf(p Position, format string, args ...any) {
	l.diags = append(l.diags, Diagnostic{File: l.file, Pos: p, Warning: true, Message: fmt.Sprintf(format, args...)})
}

func extend(path []string, key string) []string {
	return append(path[:len(path):len(path)], key)
}

// keyName is the TOML spelling of a key path, for messages.
func keyName(path []string) string { return toml.Key(path).String() }

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	}
	return "a date or time"
}

// ordered returns the keys of the table at path in file order.
func (l *loader) ordered(path []string, m map[string]any) []string {
	type keyAt struct {
		key string
		pos Position
	}
	keys := make([]keyAt, 0, len(m))
	for k := range m {
		keys = append(keys, keyAt{k, l.ix.key(extend(path, k)...)})
	}
	slices.SortFunc(keys, func(a, b keyAt) int {
		if c := a.pos.compare(b.pos); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.key
	}
	return out
}

// known reports every key of m not in allowed, suggesting the nearest one.
// Diagnostics are sorted at the end, so map order does not matter here.
func (l *loader) known(path []string, m map[string]any, allowed ...string) {
	for k := range m {
		if !slices.Contains(allowed, k) {
			l.errorf(l.ix.key(extend(path, k)...), "unknown key %q in %s%s", k, tableName(path), suggest(k, allowed))
		}
	}
}

func tableName(path []string) string {
	if len(path) == 0 {
		return "the catalog"
	}
	return "[" + keyName(path) + "]"
}

func (l *loader) table(path []string, v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		l.errorf(l.ix.key(path...), "%s must be a table, not %s", keyName(path), typeName(v))
	}
	return m, ok
}

func (l *loader) str(path []string, m map[string]any, key string) (string, bool) {
	v, ok := m[key]
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		l.errorf(l.ix.key(extend(path, key)...), "%s must be a string, not %s", key, typeName(v))
	}
	return s, ok
}

// required is str for a key that must be present and not blank.
func (l *loader) required(path []string, m map[string]any, key string) string {
	s, ok := l.str(path, m, key)
	if _, present := m[key]; !present {
		l.errorf(l.ix.table(path...), "%s is missing required key %q", tableName(path), key)
	} else if ok && strings.TrimSpace(s) == "" {
		l.errorf(l.ix.key(extend(path, key)...), "%s must not be empty", key)
	}
	return s
}

func (l *loader) integer(path []string, m map[string]any, key string) (int, bool) {
	v, ok := m[key]
	if !ok {
		return 0, false
	}
	n, ok := v.(int64)
	if !ok {
		l.errorf(l.ix.key(extend(path, key)...), "%s must be an integer, not %s", key, typeName(v))
		return 0, false
	}
	if n > math.MaxInt32 || n < math.MinInt32 {
		l.errorf(l.ix.key(extend(path, key)...), "%s is out of range: %d", key, n)
		return 0, false
	}
	return int(n), true
}

func (l *loader) status(path []string, m map[string]any) int {
	n, ok := l.integer(path, m, "status")
	if ok && (n < 100 || n > 599) {
		l.errorf(l.ix.key(extend(path, "status")...), "status %d is outside 100-599", n)
		return 0
	}
	return n
}

func (l *loader) boolean(path []string, m map[string]any, key string) (bool, bool) {
	v, ok := m[key]
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		l.errorf(l.ix.key(extend(path, key)...), "%s must be a boolean, not %s", key, typeName(v))
	}
	return b, ok
}

func (l *loader) build(doc map[string]any) *Catalog {
	c := &Catalog{File: l.file, CodeStyle: "any"}
	l.known(nil, doc, "catalog", "output", "envelope", "retry", "fallback", "categories", "codes", "retired")
	l.catalogTable(c, doc)
	if v, ok := doc["output"]; ok {
		l.output(c, v)
	}
	l.policies(c, doc["retry"])
	l.fallback(c, doc["fallback"])
	l.categories(c, doc["categories"])
	l.codes(c, doc["codes"])
	l.retired(c, doc["retired"])
	l.envelope(c, doc["envelope"])
	l.advise(c)
	return c
}
