package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// MaxSize is the largest catalog Load accepts, in bytes.
const MaxSize = 64 << 20

// Load reads and parses the catalog at path. The returned error reports a
// file that cannot be read; problems in its content are diagnostics.
func Load(path string) (*Catalog, Diagnostics, error) {
	// A device or a FIFO in place of a catalog (a symlink to /dev/zero, a
	// pipe that never ends) is refused before it is opened.
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("%s: the catalog is %s, not a regular file", path, fileKind(info.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	// Read into a buffer of the file's size, not io.ReadAll's doubling
	// one: each megabyte a run touches is about a millisecond of page
	// faults.
	buf := bytes.NewBuffer(make([]byte, 0, min(info.Size(), MaxSize)+bytes.MinRead))
	_, err = buf.ReadFrom(io.LimitReader(f, MaxSize+1))
	src := buf.Bytes()
	if err != nil {
		return nil, nil, err
	}
	if len(src) > MaxSize {
		return nil, nil, fmt.Errorf("%s: catalog is larger than %d MiB", path, MaxSize>>20)
	}
	c, diags := Parse(path, src)
	return c, diags, nil
}

// earlyIndex is the size up to which a catalog's keys are indexed while
// its limits are checked: an entry takes at least two bytes, so a
// document of this size cannot hold more than MaxEntries.
const earlyIndex = 1 << 20

// Parse parses the catalog in src; file names it in diagnostics. It returns
// a nil Catalog when any diagnostic is an error. Warnings come with a
// usable Catalog.
func Parse(file string, src []byte) (*Catalog, Diagnostics) {
	return parse(file, src, MaxCodes)
}

// parse is Parse with a limit on codes other than MaxCodes, which tests
// reach with small inputs.
func parse(file string, src []byte, maxCodes int) (*Catalog, Diagnostics) {
	l := &loader{file: file, suggestBudget: suggestBudget, maxCodes: maxCodes}
	if len(src) > MaxSize {
		l.errorf(Position{1, 1}, "catalog is larger than %d MiB", MaxSize>>20)
		return nil, l.diags
	}
	// A UTF-8 byte order mark is not part of the document: positions are
	// those of the text after it, as an editor shows them.
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	// The key index (scanKeys) is built beside the decoding, and for a
	// document of at most earlyIndex bytes beside the limit check too:
	// one that small holds fewer entries than MaxEntries, so indexing it
	// costs no more when the limits refuse it than when they pass it.
	index := make(chan *keyIndex, 1)
	indexKeys := func() { index <- scanKeys(src) }
	early := len(src) <= earlyIndex
	if early {
		go indexKeys()
	}
	// The decoder's time and memory grow faster than the input with
	// nesting, so the limits are checked before it sees the document.
	if problems := checkLimits(src); len(problems) > 0 {
		if early {
			<-index
		}
		for _, p := range problems {
			l.errorf(p.pos, "%s", p.msg)
		}
		l.diags.sort()
		return nil, l.diags
	}
	if !early {
		go indexKeys()
	}
	doc, err := decode(src)
	ix := <-index
	if err != nil {
		l.errorf(syntaxPos(src, err), "%s", syntaxMessage(err))
		return nil, l.diags
	}
	l.ix = ix
	c := l.build(doc)
	c.ix, c.Size = l.ix, len(src)
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

// syntaxPos returns where a TOML syntax error is, counted from the error's
// byte offset.
//
// The decoder reports the span of the token it was reading: Start is where
// the token began and Start+Len where it stopped, just after the character
// it could not accept. For most errors Start is the place. Where it is not,
// the place is found from the span: the character that should have been a
// newline after an item (Start is the blank space before it); the
// backslash of an invalid escape (Start is the string's first character,
// perhaps lines earlier); a control character (Start is one byte before
// it) or an invalid UTF-8 byte (Start is the token's start); and
// otherwise, when the token began on an earlier line than the error, the
// character the decoder stopped at.
func syntaxPos(src []byte, err error) Position {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return Position{1, 1}
	}
	fallback := Position{Line: max(pe.Position.Line, 1), Col: max(pe.Position.Col, 1)}
	start := pe.Position.Start
	if strings.HasPrefix(pe.Message, "TOML files cannot contain control characters") {
		start++
	}
	if start < 0 || start > len(src) {
		return fallback
	}
	end := min(max(start+pe.Position.Len, start), len(src))
	lastRune := func() int {
		_, size := utf8.DecodeLastRune(src[start:end])
		return end - size
	}
	off := start
	switch msg := pe.Message; {
	case strings.HasPrefix(msg, "expected a top-level item to end with a newline"):
		off = lastRune()
	case strings.HasPrefix(msg, "invalid escape in string"):
		if i := bytes.LastIndexByte(src[start:end], '\\'); i >= 0 {
			off = start + i
		}
	case strings.HasPrefix(msg, "TOML files cannot contain control characters"):
		// off is right: start was moved past the byte before it.
	case strings.HasPrefix(msg, "invalid UTF-8 byte"):
		for off < len(src) {
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
	case strings.Contains(msg, `hexadecimal digits after '\`):
		// `after '\u'` and the like: the escape's backslash.
		if i := strings.Index(msg, `after '\`); i >= 0 && i+len(`after '\`) < len(msg) {
			esc := []byte{'\\', msg[i+len(`after '\`)]}
			if j := bytes.LastIndex(src[start:end], esc); j >= 0 {
				off = start + j
			}
		}
	default:
		if p := positionAt(src, start); p.Line != fallback.Line && end > start {
			off = lastRune()
		}
	}
	return positionAt(src, off)
}

// positionAt returns the line and column of the byte at off.
func positionAt(src []byte, off int) Position {
	off = min(off, len(src))
	lineStart := bytes.LastIndexByte(src[:off], '\n') + 1
	return Position{Line: bytes.Count(src[:lineStart], []byte("\n")) + 1, Col: off - lineStart + 1}
}

type loader struct {
	file          string
	codesWritten  bool // the codes table has entries, valid or not
	ix            *keyIndex
	diags         Diagnostics
	suggestBudget int // what suggest may still spend, in edit-distance steps
	maxCodes      int // MaxCodes, but for tests
	dist          distancer

	// Names refused by the name grammar or past a limit, already
	// reported: references to them draw no second error.
	badCategories, badPolicies map[string]bool
}

// errorf reports an error at p. Like warnf, it escapes every character of
// the message that is not printable, so catalog text quoted in it cannot
// reach a terminal raw.
func (l *loader) errorf(p Position, format string, args ...any) {
	l.diags = append(l.diags, Diagnostic{File: l.file, Pos: p, Message: printable(fmt.Sprintf(format, args...))})
}

func (l *loader) warnf(p Position, format string, args ...any) {
	l.diags = append(l.diags, Diagnostic{File: l.file, Pos: p, Warning: true, Message: printable(fmt.Sprintf(format, args...))})
}

func extend(path []string, key string) []string {
	return append(path[:len(path):len(path)], key)
}

// keyName is the TOML spelling of a key path, for messages: bare keys as
// they are, others quoted with every unprintable character escaped.
func keyName(path []string) string {
	var b strings.Builder
	for i, seg := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		if seg != "" && strings.IndexFunc(seg, func(r rune) bool { return r >= utf8.RuneSelf || !isBareKeyByte(byte(r)) }) < 0 {
			b.WriteString(seg)
		} else {
			b.WriteString(strconv.Quote(seg))
		}
	}
	return b.String()
}

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
	at := l.ix.keyOf(path)
	for k := range m {
		keys = append(keys, keyAt{k, at(k)})
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

// known reports every key of m, the table at path, that the key table does
// not list for the table it is an instance of (such as "codes.CODE"),
// suggesting the nearest one. They are reported in file order, so that
// the suggestions' budget is spent the same way on every run.
func (l *loader) known(table string, path []string, m map[string]any) {
	allowed := knownKeys[table]
	var unknown map[string]any
	for k := range m {
		if !slices.Contains(allowed, k) {
			if unknown == nil {
				unknown = map[string]any{}
			}
			unknown[k] = nil
		}
	}
	if len(unknown) == 0 {
		return
	}
	for _, k := range l.ordered(path, unknown) {
		l.errorf(l.ix.key(extend(path, k)...), "unknown key %q in %s%s", k, tableName(path), l.suggest(k, allowed))
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
	l.known("", nil, doc)
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
	l.runtimePolicies(c)
	l.advise(c)
	return c
}

// fileKind names a kind of file that is not a regular one.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
