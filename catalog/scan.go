package catalog

import "strings"

// keyIndex records where each key of a TOML document is written.
//
// BurntSushi/toml reports no position for a key, so after the document has
// parsed, a small scanner walks the source once more and notes the line and
// column of every key segment: in table headers, in key/value pairs, dotted
// keys and inline tables. The index is a tree of key segments, so a lookup
// walks the path without building a string.
type keyIndex struct {
	root keyNode
}

type keyNode struct {
	pos      Position // first place the key is written; zero when only implied
	header   Position // the '[' of the header that opens the table, if any
	children map[string]*keyNode
}

// node returns the node at path, creating it when create is set.
func (ix *keyIndex) node(path []string, create bool) *keyNode {
	n := &ix.root
	for _, seg := range path {
		child := n.children[seg]
		if child == nil {
			if !create {
				return nil
			}
			if n.children == nil {
				n.children = map[string]*keyNode{}
			}
			child = &keyNode{}
			n.children[seg] = child
		}
		n = child
	}
	return n
}

// lookup returns where the key at path is written, if it is.
func (ix *keyIndex) lookup(path ...string) (Position, bool) {
	if n := ix.node(path, false); n != nil && n.pos.Line > 0 {
		return n.pos, true
	}
	return Position{}, false
}

// key returns the position of the key at path, or of its nearest written
// ancestor, or 1:1.
func (ix *keyIndex) key(path ...string) Position {
	best := Position{Line: 1, Col: 1}
	n := &ix.root
	for _, seg := range path {
		if n = n.children[seg]; n == nil {
			break
		}
		if n.pos.Line > 0 {
			best = n.pos
		}
	}
	return best
}

// table returns the position of the header that opens the table at path,
// else the position of its key.
func (ix *keyIndex) table(path ...string) Position {
	if n := ix.node(path, false); n != nil && n.header.Line > 0 {
		return n.header
	}
	if len(path) == 0 {
		return Position{Line: 1, Col: 1}
	}
	return ix.key(path...)
}

// scanKeys indexes the keys of src. It is meant for documents that already
// parsed; on anything else it records what it can and never panics.
func scanKeys(src []byte) *keyIndex {
	s := &scanner{src: src, line: 1, col: 1, ix: &keyIndex{}}
	s.document()
	return s.ix
}

type scanner struct {
	src       []byte
	off       int
	line, col int
	ix        *keyIndex
}

func (s *scanner) eof() bool { return s.off >= len(s.src) }

func (s *scanner) hasPrefix(p string) bool {
	rest := s.src[min(s.off, len(s.src)):]
	return len(rest) >= len(p) && string(rest[:len(p)]) == p
}

func (s *scanner) next() {
	if s.eof() {
		return
	}
	if s.src[s.off] == '\n' {
		s.line++
		s.col = 1
	} else {
		s.col++
	}
	s.off++
}

func (s *scanner) pos() Position { return Position{Line: s.line, Col: s.col} }

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
	for !s.eof() && s.src[s.off] != '\n' {
		s.next()
	}
}

func (s *scanner) document() {
	var table []string
	for {
		s.blank(true)
		if s.eof() {
			return
		}
		start := s.off
		if s.src[s.off] == '[' {
			at := s.pos()
			s.next()
			array := !s.eof() && s.src[s.off] == '['
			if array {
				s.next()
			}
			table = s.keyPath(nil)
			if n := s.ix.node(table, true); n.header.Line == 0 {
				n.header = at
			}
			s.skipLine()
		} else {
			s.keyValue(table)
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

func (s *scanner) record(path []string, p Position) {
	if n := s.ix.node(path, true); n.pos.Line == 0 {
		n.pos = p
	}
}

// keyPath reads a dotted key and records each of its segments under prefix.
func (s *scanner) keyPath(prefix []string) []string {
	path := append([]string(nil), prefix...)
	for {
		s.blank(false)
		at := s.pos()
		seg, ok := s.keySegment()
		if !ok {
			return path
		}
		path = append(path, seg)
		s.record(path, at)
		s.blank(false)
		if s.eof() || s.src[s.off] != '.' {
			return path
		}
		s.next()
	}
}

func (s *scanner) keySegment() (string, bool) {
	if s.eof() {
		return "", false
	}
	switch s.src[s.off] {
	case '"':
		return s.basicString(), true
	case '\'':
		return s.literalString(), true
	}
	start := s.off
	for !s.eof() && isBareKeyByte(s.src[s.off]) {
		s.next()
	}
	return string(s.src[start:s.off]), s.off > start
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func (s *scanner) keyValue(prefix []string) {
	path := s.keyPath(prefix)
	s.blank(false)
	if s.eof() || s.src[s.off] != '=' {
		return
	}
	s.next()
	s.blank(false)
	s.value(path)
}

func (s *scanner) value(path []string) {
	if s.eof() {
		return
	}
	switch {
	case s.hasPrefix(`"""`):
		s.multiline(`"""`, true)
	case s.hasPrefix(`'''`):
		s.multiline(`'''`, false)
	case s.src[s.off] == '"':
		s.basicString()
	case s.src[s.off] == '\'':
		s.literalString()
	case s.src[s.off] == '{':
		s.inlineTable(path)
	case s.src[s.off] == '[':
		s.array(path)
	default:
		for !s.eof() {
			switch s.src[s.off] {
			case ',', ']', '}', '\n', '#':
				return
			}
			s.next()
		}
	}
}

// basicString reads a "..." string and returns its contents with simple
// escapes resolved (enough to name a quoted key).
func (s *scanner) basicString() string {
	var b strings.Builder
	s.next()
	for !s.eof() {
		c := s.src[s.off]
		switch c {
		case '"':
			s.next()
			return b.String()
		case '\n':
			return b.String()
		case '\\':
			s.next()
			if s.eof() {
				return b.String()
			}
			switch e := s.src[s.off]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'u', 'U', 'x':
				b.WriteString(s.unicodeEscape(e))
				continue
			default:
				b.WriteByte(e)
			}
			s.next()
		default:
			b.WriteByte(c)
			s.next()
		}
	}
	return b.String()
}

func (s *scanner) unicodeEscape(kind byte) string {
	n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[kind]
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
			return string(r)
		}
		r = r*16 + d
		s.next()
	}
	return string(r)
}

func (s *scanner) literalString() string {
	s.next()
	start := s.off
	for !s.eof() && s.src[s.off] != '\'' && s.src[s.off] != '\n' {
		s.next()
	}
	v := string(s.src[start:s.off])
	if !s.eof() && s.src[s.off] == '\'' {
		s.next()
	}
	return v
}

func (s *scanner) multiline(delim string, escapes bool) {
	for range 3 {
		s.next()
	}
	for !s.eof() {
		if escapes && s.src[s.off] == '\\' {
			s.next()
			s.next()
			continue
		}
		if s.hasPrefix(delim) {
			for range 3 {
				s.next()
			}
			// Up to two more quotes belong to the string's content.
			for i := 0; i < 2 && !s.eof() && s.src[s.off] == delim[0]; i++ {
				s.next()
			}
			return
		}
		s.next()
	}
}

func (s *scanner) inlineTable(path []string) {
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
		s.keyValue(path)
		if s.off == start {
			s.next()
		}
	}
}

func (s *scanner) array(path []string) {
	s.next()
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
		// Keys inside tables in arrays are not addressable by path; index
		// them under the array's own key so positions fall back to it.
		s.value(append(path[:len(path):len(path)], "[]"))
		if s.off == start {
			s.next()
		}
	}
}
