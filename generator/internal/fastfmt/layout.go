package fastfmt

import (
	"bytes"
	"go/token"
	"strconv"
	"unicode/utf8"
)

// A layouter lays out declarations; it keeps its buffers from one to the
// next, since a file has hundreds.
type layouter struct {
	out    []byte   // what it has written
	types  []byte   // the gofmt form of the types of the current block
	rows   []row    // the lines of the current block
	lines  [][]byte // the lines of the current chunk
	stream []byte   // a function as the printer writes it for tabwriter
	tw     bytes.Buffer
	batch  []byte // the buffer of the declarations parsed together, kept for the next file
}

// A row is a line of a struct or const block: a comment line, or a field
// (name, type, tag) or constant (name, type, value). The type is
// types[typ0:typ1].
type row struct {
	comment    bool
	blank      bool   // an empty line between two fields: gofmt keeps one
	embedded   bool   // an embedded field without tag, T or *T: its type alone
	name, last []byte // last: a field's tag, a constant's value
	typ0, typ1 int
}

// kind says which rows are written together: fields (or constants),
// comment lines, embedded fields, blank lines. gofmt aligns each run of
// fields on its own: a line of one cell or none (a comment, an embedded
// type, a blank line) ends tabwriter's columns.
func (r row) kind() int {
	switch {
	case r.comment:
		return 1
	case r.embedded:
		return 2
	case r.blank:
		return 3
	}
	return 0
}

// layout appends chunk, a top-level declaration, to l.out laid out as gofmt
// would, if it is a type or a block of constants of a shape it knows.
// Otherwise it reports false and leaves l.out as it was.
func (l *layouter) layout(chunk []byte) bool {
	if !plainText(chunk) {
		return false
	}
	start := len(l.out)
	l.lines = splitLines(l.lines[:0], chunk)
	if !l.lineDecl(l.lines) {
		l.out = l.out[:start]
		return false
	}
	return true
}

// lineDecl lays out the declaration in lines, after its doc comment.
func (l *layouter) lineDecl(lines [][]byte) bool {
	i := 0
	for i < len(lines) && isComment(lines[i]) {
		i++
	}
	if i == len(lines) || !l.comment(lines[:i], "") {
		return false
	}
	n := 0
	switch tok, _, _ := bytes.Cut(lines[i], []byte(" ")); string(tok) {
	case "type":
		n = l.typeDecl(lines[i:])
	case "const":
		n = l.constDecl(lines[i:])
	}
	return n > 0 && i+n == len(lines)
}

func splitLines(dst [][]byte, b []byte) [][]byte {
	for {
		line, rest, found := bytes.Cut(b, []byte("\n"))
		dst = append(dst, line)
		if !found {
			return dst
		}
		b = rest
	}
}

func isComment(line []byte) bool { return bytes.HasPrefix(line, []byte("//")) }

// plainText reports whether chunk holds only what the layouts write as it
// is: valid UTF-8 without control characters (but newlines) or a byte order
// mark, which go/format would reject or read as the columns of a table.
func plainText(chunk []byte) bool {
	for i := 0; i < len(chunk); {
		c := chunk[i]
		if c < utf8.RuneSelf {
			if (c < ' ' && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(chunk[i:])
		if r == utf8.RuneError || r == '\uFEFF' {
			return false
		}
		i += size
	}
	return true
}

// typeDecl lays out the type declaration that starts lines and returns how
// many lines it took, 0 if its shape is not one it knows.
func (l *layouter) typeDecl(lines [][]byte) int {
	rest, _ := bytes.CutPrefix(lines[0], []byte("type "))
	name, rest, found := bytes.Cut(rest, []byte(" "))
	if !found || !isIdent(name) {
		return 0
	}
	switch string(rest) {
	case "struct{}":
		l.out = append(append(append(l.out, "type "...), name...), " struct{}\n"...)
		return 1
	case "struct{":
		return l.structDecl(name, lines)
	}
	l.out = append(append(append(l.out, "type "...), name...), ' ')
	if r, ok := bytes.CutPrefix(rest, []byte("= ")); ok {
		l.out, rest = append(l.out, "= "...), r
	}
	var ok bool
	if l.out, ok = appendType(l.out, rest); !ok {
		return 0
	}
	l.out = append(l.out, '\n')
	return 1
}

// structDecl lays out a struct type whose fields are each on one line,
// possibly after doc comments, and returns how many lines it took (0 if it
// is not such a struct).
func (l *layouter) structDecl(name []byte, lines [][]byte) int {
	body, n := block(lines, "}")
	if n == 0 || !l.readRows(body, (*layouter).fieldRow) || !blanksBetweenFields(l.rows) {
		return 0
	}
	l.out = append(append(append(l.out, "type "...), name...), " struct {\n"...)
	if !l.table(false) {
		return 0
	}
	l.out = append(l.out, "}\n"...)
	return n
}

// block returns the lines between lines[0] and the line close, and how many
// lines that is with both ends; 0 if close is missing, nothing is between
// or the last line before close is a comment (gofmt would not make it a
// doc comment).
func block(lines [][]byte, close string) ([][]byte, int) {
	for end := 1; end < len(lines); end++ {
		if string(lines[end]) == close {
			if end == 1 || isComment(lines[end-1]) {
				return nil, 0
			}
			return lines[1:end], end + 1
		}
	}
	return nil, 0
}

// readRows reads the lines of a block into l.rows: comment lines, and the
// others with read.
func (l *layouter) readRows(body [][]byte, read func(*layouter, []byte) (row, bool)) bool {
	l.rows, l.types = l.rows[:0], l.types[:0]
	for _, line := range body {
		if isComment(line) {
			l.rows = append(l.rows, row{comment: true, name: line})
			continue
		}
		r, ok := read(l, line)
		if !ok {
			return false
		}
		if r.blank && len(l.rows) > 0 && l.rows[len(l.rows)-1].blank {
			continue // gofmt keeps one of several
		}
		l.rows = append(l.rows, r)
	}
	return true
}

// blanksBetweenFields reports whether every blank row stands between two
// fields (or a field and the next one's doc comment), where gofmt keeps one
// blank line and does nothing else: it drops blank lines at either end of a
// body, and a comment a blank line follows is no field's doc comment, which
// gofmt would not reformat as this layout does.
func blanksBetweenFields(rows []row) bool {
	for i, r := range rows {
		if r.blank && (i == 0 || i == len(rows)-1 || rows[i-1].comment) {
			return false
		}
	}
	return true
}

// fieldRow reads a struct field line: "name type [tag]", or an embedded
// field without tag ("T" or "*T").
func (l *layouter) fieldRow(line []byte) (row, bool) {
	if len(line) == 0 {
		return row{blank: true}, true
	}
	if t, ptr := bytes.CutPrefix(line, []byte("* ")); isIdent(t) {
		r := row{embedded: true, typ0: len(l.types)}
		if ptr {
			l.types = append(l.types, '*')
		}
		l.types = append(l.types, t...)
		r.typ1 = len(l.types)
		return r, true
	}
	name, rest, found := bytes.Cut(line, []byte(" "))
	if !found || !isIdent(name) {
		return row{}, false
	}
	var tag []byte
	if k := bytes.IndexAny(rest, "`\""); k >= 0 {
		rest, tag = rest[:k], rest[k:]
		if !isStringLit(tag) {
			return row{}, false
		}
	}
	r := row{name: name, last: tag, typ0: len(l.types)}
	var ok bool
	l.types, ok = appendType(l.types, rest)
	r.typ1 = len(l.types)
	return r, ok
}

// constDecl lays out a parenthesized block of constants, each "name [type]
// = literal" on one line, and returns how many lines it took (0 if it is
// not such a block).
func (l *layouter) constDecl(lines [][]byte) int {
	if string(lines[0]) != "const (" {
		return 0
	}
	body, n := block(lines, ")")
	if n == 0 || !l.readRows(body, (*layouter).constRow) {
		return 0
	}
	l.out = append(l.out, "const (\n"...)
	if !l.table(true) {
		return 0
	}
	l.out = append(l.out, ")\n"...)
	return n
}

// constRow reads a constant's line: "name [type] = literal".
func (l *layouter) constRow(line []byte) (row, bool) {
	lhs, value, found := bytes.Cut(line, []byte(" = "))
	if !found || !isLiteral(value) {
		return row{}, false
	}
	name, typ, _ := bytes.Cut(lhs, []byte(" "))
	if !isIdent(name) {
		return row{}, false
	}
	r := row{name: name, last: value, typ0: len(l.types)}
	ok := true
	if len(typ) > 0 {
		l.types, ok = appendType(l.types, typ)
	}
	r.typ1 = len(l.types)
	return r, ok
}

// isIdent reports whether s is a Go identifier (not a keyword).
func isIdent(s []byte) bool { return token.IsIdentifier(string(s)) }

// isStringLit reports whether s is exactly one string literal.
func isStringLit(s []byte) bool {
	if len(s) >= 2 && s[0] == '`' {
		return s[len(s)-1] == '`' && bytes.IndexByte(s[1:len(s)-1], '`') < 0
	}
	if len(s) < 2 || s[0] != '"' {
		return false
	}
	_, err := strconv.Unquote(string(s))
	return err == nil
}

// isLiteral reports whether s is a literal that gofmt prints as it is: a
// string, or a decimal integer or float without exponent, maybe negative.
func isLiteral(s []byte) bool {
	if len(s) > 0 && (s[0] == '"' || s[0] == '`') {
		return isStringLit(s)
	}
	s = bytes.TrimPrefix(s, []byte("-"))
	digits, frac, dot := bytes.Cut(s, []byte("."))
	return allDigits(digits) && (!dot || allDigits(frac)) && (len(digits) == 1 || digits[0] != '0')
}

func allDigits(s []byte) bool {
	for _, c := range s {
		if !isDigit(c) {
			return false
		}
	}
	return len(s) > 0
}
