package catalog

import (
	"bytes"
	"fmt"
	"strings"
)

// keyIndex records where each key of a TOML document is written.
//
// BurntSushi/toml reports no position for a key, so beside the decoder a
// small scanner walks the source once more and notes the line and column
// of every key segment: in table headers, in key/value pairs, dotted keys
// and inline tables. The index is a tree of key segments, so a lookup
// walks the path without building a string.
type keyIndex struct {
	root keyNode
}

type keyNode struct {
	pos      Position // first place the key is written; zero when only implied
	header   Position // the '[' of the header that opens the table, if any
	children map[string]*keyNode
}

// walk follows path from the root. It returns the node at its end, or nil
// where the index lacks a segment, and the position of the last key on the
// way that is written, or 1:1.
func (ix *keyIndex) walk(path []string) (*keyNode, Position) {
	best := Position{Line: 1, Col: 1}
	n := &ix.root
	for _, seg := range path {
		if n = n.children[seg]; n == nil {
			return nil, best
		}
		if n.pos.Line > 0 {
			best = n.pos
		}
	}
	return n, best
}

// node returns the node at path, or nil.
func (ix *keyIndex) node(path []string) *keyNode {
	n, _ := ix.walk(path)
	return n
}

// lookup returns where the key at path is written, if it is.
func (ix *keyIndex) lookup(path ...string) (Position, bool) {
	if n := ix.node(path); n != nil && n.pos.Line > 0 {
		return n.pos, true
	}
	return Position{}, false
}

// key returns the position of the key at path, or of its nearest written
// ancestor, or 1:1.
func (ix *keyIndex) key(path ...string) Position {
	_, best := ix.walk(path)
	return best
}

// keyOf returns a function that gives ix.key(path..., k) for any k,
// walking path once.
func (ix *keyIndex) keyOf(path []string) func(k string) Position {
	n, best := ix.walk(path)
	return func(k string) Position {
		if n != nil {
			if c := n.children[k]; c != nil && c.pos.Line > 0 {
				return c.pos
			}
		}
		return best
	}
}

// table returns the position of the header that opens the table at path,
// else the position of its key.
func (ix *keyIndex) table(path ...string) Position {
	if n := ix.node(path); n != nil && n.header.Line > 0 {
		return n.header
	}
	if len(path) == 0 {
		return Position{Line: 1, Col: 1}
	}
	return ix.key(path...)
}

// scanKeys indexes the keys of src. It runs beside the decoder, and for a
// small document beside checkLimits too (parse): on a document that does
// not parse it records what it can and never panics, and its scanner
// stops where one is nested too deeply, as checkLimits does.
func scanKeys(src []byte) *keyIndex {
	s := &scanner{src: src, line: 1, ix: &keyIndex{}}
	s.document()
	return s.ix
}

// limitProblem is a place where a document exceeds a limit.
type limitProblem struct {
	pos Position
	msg string
}

// checkLimits reports where src nests deeper than MaxDepth or has a key or
// string longer than MaxKeyLen or MaxStringLen. It runs before the TOML
// decoder, on any input: it reads src once, records no keys, recurses at
// most MaxDepth levels and stops at the first place nested too deeply.
func checkLimits(src []byte) []limitProblem {
	s := &scanner{src: src, line: 1}
	s.document()
	return s.problems
}

// scanner reads just enough TOML to find keys: table headers, dotted and
// quoted keys, strings of every kind, arrays and inline tables. With ix nil
// it only checks the limits.
//
// It only moves forward, so it counts lines lazily: pos counts the newlines
// between the last position it computed and the current offset.
type scanner struct {
	src      []byte
	off      int
	ix       *keyIndex
	problems []limitProblem
	entries  int // keys, table headers and array elements so far

	lineOff   int // the offset line and lineStart were computed at
	line      int // the line of lineOff
	lineStart int // the offset where that line starts
}

func (s *scanner) eof() bool { return s.off >= len(s.src) }

func (s *scanner) hasPrefix(p string) bool {
	rest := s.src[min(s.off, len(s.src)):]
	return len(rest) >= len(p) && string(rest[:len(p)]) == p
}

func (s *scanner) next() {
	if s.off < len(s.src) {
		s.off++
	}
}

// skipTo moves to the first byte at or after the current one for which
// stop is true, or to the end.
func (s *scanner) skipTo(stop func(c byte) bool) {
	for s.off < len(s.src) && !stop(s.src[s.off]) {
		s.off++
	}
}

func (s *scanner) pos() Position {
	off := min(s.off, len(s.src))
	if seen := s.src[s.lineOff:off]; len(seen) > 0 {
		if n := bytes.Count(seen, []byte{'\n'}); n > 0 {
			s.line += n
			s.lineStart = s.lineOff + bytes.LastIndexByte(seen, '\n') + 1
		}
		s.lineOff = off
	}
	return Position{Line: s.line, Col: off - s.lineStart + 1}
}

func (s *scanner) problem(p Position, format string, args ...any) {
	s.problems = append(s.problems, limitProblem{p, fmt.Sprintf(format, args...)})
}

// deeper returns depth+1, or stops the scan with a problem at p when that
// is more than MaxDepth.
func (s *scanner) deeper(depth int, p Position) (int, bool) {
	if depth >= MaxDepth {
		s.problem(p, "nested more than %d levels deep (keys, arrays and inline tables each count one)", MaxDepth)
		s.off = len(s.src)
		return depth, false
	}
	return depth + 1, true
}

// entry counts an entry at p, or stops the scan with a problem at p when
// it is one more than MaxEntries.
func (s *scanner) entry(p Position) bool {
	if s.entries++; s.entries > MaxEntries {
		s.problem(p, "more than %d entries (keys, tables and array elements)", MaxEntries)
		s.off = len(s.src)
		return false
	}
	return true
}

// blank skips spaces and tabs, and also newlines and comments when lines is set.
func (s *scanner) blank(lines bool) {
	for !s.eof() {
		switch c := s.src[s.off]; {
		case c == ' ' || c == '\t' || c == '\r':
			s.next()
		case lines && c == '\n':
			s.next()
		case lines && c == '#':
			s.skipLine()
		default:
			return
		}
	}
}

func (s *scanner) skipLine() {
	if i := bytes.IndexByte(s.src[min(s.off, len(s.src)):], '\n'); i >= 0 {
		s.off += i
	} else {
		s.off = len(s.src)
	}
}

func (s *scanner) root() *keyNode {
	if s.ix == nil {
		return nil
	}
	return &s.ix.root
}

func (s *scanner) document() {
	table, depth := s.root(), 0
	for {
		s.blank(true)
		if s.eof() {
			return
		}
		start := s.off
		if s.src[s.off] == '[' {
			at := s.pos()
			s.next()
			if !s.eof() && s.src[s.off] == '[' {
				s.next()
			}
			table, depth, _ = s.keyPath(s.root(), 0)
			if table != nil && table.header.Line == 0 {
				table.header = at
			}
			s.skipLine()
		} else {
			s.keyValue(table, depth)
			s.blank(false)
			if !s.eof() && s.src[s.off] == '#' {
				s.skipLine()
			}
		}
		if s.off == start { // malformed input: make progress
			s.skipLine()
			s.next()
		}
	}
}

// child returns n's child seg, recording p as its position; nil when
// nothing is recorded.
func (s *scanner) child(n *keyNode, seg []byte, quoted string, isQuoted bool, p Position) *keyNode {
	if n == nil {
		return nil
	}
	var c *keyNode
	if isQuoted {
		c = n.children[quoted]
	} else {
		c = n.children[string(seg)] // no allocation for the lookup
	}
	if c == nil {
		if n.children == nil {
			n.children = map[string]*keyNode{}
		}
		c = &keyNode{}
		if isQuoted {
			n.children[quoted] = c
		} else {
			n.children[string(seg)] = c
		}
	}
	if c.pos.Line == 0 {
		c.pos = p
	}
	return c
}

// elements returns the node under which the values of an array at n are
// indexed. Keys inside tables in arrays are not addressable by path; they
// go under "[]" so positions fall back to the array's own key.
func elements(n *keyNode) *keyNode {
	if n == nil {
		return nil
	}
	c := n.children["[]"]
	if c == nil {
		if n.children == nil {
			n.children = map[string]*keyNode{}
		}
		c = &keyNode{}
		n.children["[]"] = c
	}
	return c
}

// keyPath reads a dotted key below n, which is at depth, and records each
// of its segments. It returns the node of the last segment, its depth and
// its position; n, depth and the zero position when there is no key.
func (s *scanner) keyPath(n *keyNode, depth int) (*keyNode, int, Position) {
	var last Position
	for {
		s.blank(false)
		at := s.pos()
		if s.eof() {
			return n, depth, last
		}
		c, ok := s.keySegment(n, at)
		if !ok {
			return n, depth, last
		}
		if depth, ok = s.deeper(depth, at); !ok || !s.entry(at) {
			return nil, depth, last
		}
		n, last = c, at
		s.blank(false)
		if s.eof() || s.src[s.off] != '.' {
			return n, depth, last
		}
		s.next()
	}
}

// keySegment reads one bare or quoted key at p and records it below n.
func (s *scanner) keySegment(n *keyNode, p Position) (*keyNode, bool) {
	var start, end int
	var quoted string
	isQuoted := true
	switch s.src[s.off] {
	case '"':
		start, end, quoted = s.basicString(n != nil)
	case '\'':
		start, end = s.literalString()
		if n != nil {
			quoted = string(s.src[start:end])
		}
	default:
		isQuoted = false
		start = s.off
		s.skipTo(func(c byte) bool { return !isBareKeyByte(c) })
		end = s.off
		if end == start {
			return nil, false
		}
	}
	if end-start > MaxKeyLen {
		s.problem(p, "key is longer than %d bytes", MaxKeyLen)
	}
	return s.child(n, s.src[start:end], quoted, isQuoted, p), true
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// keyValue reads key = value below n, which is at depth.
func (s *scanner) keyValue(n *keyNode, depth int) {
	n, depth, at := s.keyPath(n, depth)
	s.blank(false)
	if s.eof() || s.src[s.off] != '=' {
		return
	}
	s.next()
	s.blank(false)
	s.value(n, depth, at)
}

// value reads the value of the key written at key, whose node n is at
// depth.
func (s *scanner) value(n *keyNode, depth int, key Position) {
	if s.eof() {
		return
	}
	var start, end int
	switch {
	case s.hasPrefix(`"""`):
		start, end = s.multiline(`"""`, true)
	case s.hasPrefix(`'''`):
		start, end = s.multiline(`'''`, false)
	case s.src[s.off] == '"':
		start, end, _ = s.basicString(false)
	case s.src[s.off] == '\'':
		start, end = s.literalString()
	case s.src[s.off] == '{':
		s.inlineTable(n, depth)
		return
	case s.src[s.off] == '[':
		s.array(n, depth, key)
		return
	default:
		s.skipTo(func(c byte) bool { return c == ',' || c == ']' || c == '}' || c == '\n' || c == '#' })
		return
	}
	if end-start > MaxStringLen {
		s.problem(key, "string is longer than %d KiB", MaxStringLen>>10)
	}
}

// basicString reads a "..." string. It returns the offsets of its content
// and, when decode is set, the content with escapes resolved (enough to
// name a quoted key).
func (s *scanner) basicString(decode bool) (start, end int, val string) {
	var b strings.Builder
	s.next()
	start = s.off
	for !s.eof() {
		run := s.off
		s.skipTo(func(c byte) bool { return c == '"' || c == '\n' || c == '\\' })
		if decode {
			b.Write(s.src[run:s.off])
		}
		if s.eof() {
			break
		}
		switch c := s.src[s.off]; c {
		case '"':
			end = s.off
			s.next()
			return start, end, b.String()
		case '\n':
			return start, s.off, b.String()
		case '\\':
			s.next()
			if s.eof() {
				return start, s.off, b.String()
			}
			e := s.src[s.off]
			if e == 'u' || e == 'U' || e == 'x' {
				r := s.unicodeEscape(e)
				if decode {
					b.WriteRune(r)
				}
				continue
			}
			if decode {
				b.WriteByte(escaped(e))
			}
			s.next()
		}
	}
	return start, s.off, b.String()
}

// escaped is the byte a TOML escape \e stands for; an invalid escape
// (which the decoder reports) stands for itself.
func escaped(e byte) byte {
	switch e {
	case 'b':
		return '\b'
	case 't':
		return '\t'
	case 'n':
		return '\n'
	case 'f':
		return '\f'
	case 'r':
		return '\r'
	case 'e':
		return 0x1b
	}
	return e // \" and \\ included
}

// unicodeEscape reads \xHH, \uHHHH or \UHHHHHHHH after the backslash.
func (s *scanner) unicodeEscape(kind byte) rune {
	n := 8
	switch kind {
	case 'x':
		n = 2
	case 'u':
		n = 4
	}
	s.next()
	var r rune
	for i := 0; i < n && !s.eof(); i++ {
		c := s.src[s.off]
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case c >= 'a' && c <= 'f':
			d = rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return r
		}
		r = r*16 + d
		s.next()
	}
	return r
}

// literalString reads a '...' string and returns the offsets of its content.
func (s *scanner) literalString() (start, end int) {
	s.next()
	start = s.off
	s.skipTo(func(c byte) bool { return c == '\'' || c == '\n' })
	end = s.off
	if !s.eof() && s.src[s.off] == '\'' {
		s.next()
	}
	return start, end
}

// multiline reads a multi-line string, basic or literal, delimited by
// delim, and returns the offsets of its content.
func (s *scanner) multiline(delim string, escapes bool) (start, end int) {
	for range 3 {
		s.next()
	}
	start = s.off
	for !s.eof() {
		s.skipTo(func(c byte) bool { return c == delim[0] || escapes && c == '\\' })
		if s.eof() {
			break
		}
		if escapes && s.src[s.off] == '\\' {
			s.next()
			s.next()
			continue
		}
		if s.hasPrefix(delim) {
			// Up to two more quotes belong to the string's content.
			for i := 0; i < 2 && s.off+3 < len(s.src) && s.src[s.off+3] == delim[0]; i++ {
				s.next()
			}
			end = s.off
			for range 3 {
				s.next()
			}
			return start, end
		}
		s.next()
	}
	return start, s.off
}

// inlineTable reads {…}, the value of a key whose node n is at depth.
func (s *scanner) inlineTable(n *keyNode, depth int) {
	depth, ok := s.deeper(depth, s.pos())
	if !ok {
		return
	}
	s.next()
	for !s.eof() {
		s.blank(true)
		if s.eof() {
			return
		}
		switch s.src[s.off] {
		case '}':
			s.next()
			return
		case ',':
			s.next()
			continue
		}
		start := s.off
		s.keyValue(n, depth)
		if s.off == start {
			s.next()
		}
	}
}

// array reads […], the value of the key written at key, whose node n is at
// depth.
func (s *scanner) array(n *keyNode, depth int, key Position) {
	depth, ok := s.deeper(depth, s.pos())
	if !ok {
		return
	}
	s.next()
	n = elements(n)
	for !s.eof() {
		s.blank(true)
		if s.eof() {
			return
		}
		switch s.src[s.off] {
		case ']':
			s.next()
			return
		case ',':
			s.next()
			continue
		}
		start := s.off
		if !s.entry(s.pos()) {
			return
		}
		s.value(n, depth, key)
		if s.off == start {
			s.next()
		}
	}
}
