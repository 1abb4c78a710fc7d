package fastfmt

import "bytes"

// A chunk is a top-level declaration (with its doc comment), or what
// stands between blank lines at the top level (the package clause, a free
// comment).
type chunk struct {
	text  []byte // without the blank lines around it and the final newline
	decl  []byte // text from the declaration's keyword on, after its doc comment
	last  []byte // the same for its last declaration (a chunk holds several after a line that ends in a comment)
	tight bool   // no blank line before it
	// indented: blanks start its first line, its declaration's or a line
	// of its doc comment. gofmt reformats only a doc comment that starts
	// in column 1 and abuts a declaration in column 1.
	indented bool
}

// newChunk is the chunk src[start:end], whose last declaration starts at
// last (from start).
func newChunk(src []byte, start, end, last int, tight bool) chunk {
	text := src[start:end]
	decl, indented := afterDoc(text)
	lastDecl, lastIndented := afterDoc(text[last:])
	// gofmt reformats a doc comment only when it starts in column 1 and the
	// declaration it abuts does too: such a chunk goes to go/format.
	c := chunk{decl: decl, last: lastDecl, tight: tight, indented: indented || lastIndented}
	for start > 0 && (src[start-1] == ' ' || src[start-1] == '\t') {
		start-- // go/format gets the blanks, which keep a comment out of column 1
		c.indented = true
	}
	c.text = src[start:end]
	return c
}

// hasDoc reports whether the part starts with a comment.
func (c chunk) hasDoc() bool { return !bytes.Equal(bytes.TrimLeft(c.text, " \t"), c.decl) }

// endsInComment reports whether a comment ends the chunk on a line after its
// declaration's code. gofmt places such a comment by what follows it: before
// another declaration it goes to column 1 after a blank line, at the end of
// the file it keeps the indentation of the line before. The chunk alone
// does not say which, so a file where it is not the last chunk goes to
// go/format whole. A "*/" that ends the line counts too, to be safe.
func (c chunk) endsInComment() bool {
	i := bytes.LastIndexByte(c.text, '\n')
	if i < 0 || len(c.decl) == 0 {
		return false // one line, or only a comment
	}
	last := bytes.TrimLeft(c.text[i+1:], " \t")
	return bytes.HasPrefix(last, []byte("//")) || bytes.HasPrefix(last, []byte("/*")) || bytes.HasSuffix(last, []byte("*/"))
}

// token is the declaration's keyword; lastToken that of its last one.
func (c chunk) token() []byte     { return keyword(c.decl) }
func (c chunk) lastToken() []byte { return keyword(c.last) }

func keyword(decl []byte) []byte {
	n := 0
	for n < len(decl) && isIdentByte(decl[n]) {
		n++ // "const(" is a const declaration too
	}
	return decl[:n]
}

// afterDoc returns b from its first line that is not a // comment, without
// the blanks that start that line (a declaration may be indented), and
// whether that line or a comment line before it started with blanks.
func afterDoc(b []byte) (rest []byte, indented bool) {
	for {
		t := bytes.TrimLeft(b, " \t")
		indented = indented || len(t) < len(b)
		if !bytes.HasPrefix(t, []byte("//")) {
			return t, indented
		}
		_, b, _ = bytes.Cut(t, []byte("\n"))
	}
}

// chunks splits src into its top-level declarations: at blank lines outside
// any bracket, string or comment that come before a declaration or a
// comment, and at line breaks before a declaration or its doc comment.
// Source that does not scan (an unterminated string or comment), or holds
// a control character, is one chunk, which go/format then formats or
// reports on.
func chunks(src []byte) []chunk {
	if hasControl(src) {
		return []chunk{newChunk(src, 0, len(src), 0, false)}
	}
	var out []chunk
	depth, start, tight, line := 0, 0, false, 0 // line: where the current line starts
	last := 0                                   // where the current chunk's last declaration starts
	trailing := false                           // the current line has a comment after code
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '"', '\'', '`':
			end := skipQuoted(src, i, c)
			if end < 0 {
				return []chunk{newChunk(src, 0, len(src), 0, false)}
			}
			i = end
		case '/':
			end := skipComment(src, i)
			if end < 0 {
				return []chunk{newChunk(src, 0, len(src), 0, false)}
			}
			trailing = trailing || (end > i && (i > line || src[i+1] == '*'))
			i = end
		case '\n':
			comment := bytes.HasPrefix(src[line:], []byte("//"))
			after := trailing
			if after { // the blank lines after a comment that ends code stay with it: gofmt's line breaks there depend on more
				for j := skipBlank(src, i+1); j < len(src) && src[j] == '\n'; j = skipBlank(src, i+1) {
					i = j
				}
			}
			line, trailing = i+1, false
			if depth == 0 && after {
				if j := skipBlankLines(src, i+1); documentedDecl(src[j:]) {
					last = j - start
				}
			}
			if depth != 0 || after {
				continue
			}
			j := skipBlank(src, i+1)
			blank := j < len(src) && src[j] == '\n'
			j = skipBlankLines(src, j)
			if blank && !startsDecl(src[j:]) || !blank && (comment || !documentedDecl(src[j:])) {
				continue // inside a declaration or its doc comment, or a comment that goes with the line before
			}
			if start < i {
				out = append(out, newChunk(src, start, i, last, tight))
			}
			start, i, tight, line, last = j, j-1, !blank, j, 0
		}
	}
	if start < len(src) {
		end := start + len(trimEnd(src[start:]))
		out = append(out, newChunk(src, start, end, min(last, end-start), tight))
	}
	return out
}

// hasControl reports whether src holds a form feed, vertical tab, carriage
// return or NUL byte. go/printer lays text out through text/tabwriter, which
// reads the first two as cell and line breaks even inside a comment, and the
// scanner drops or refuses the others: such a file is go/format's whole.
// jennifer writes none (bpgen's comments replace control characters).
func hasControl(src []byte) bool {
	for _, c := range []byte{'\f', '\v', '\r', 0} {
		if bytes.IndexByte(src, c) >= 0 {
			return true
		}
	}
	return false
}

// documentedDecl reports whether b starts with a declaration, maybe after
// its doc comment.
func documentedDecl(b []byte) bool {
	b, _ = afterDoc(b)
	return startsDecl(b) && !bytes.HasPrefix(b, []byte("//"))
}

// startsDecl reports whether b starts with a top-level declaration or a
// comment.
func startsDecl(b []byte) bool {
	if bytes.HasPrefix(b, []byte("//")) {
		return true
	}
	switch kw := keyword(b); string(kw) {
	case "type", "func", "const", "var", "import":
		// A keyword ends at a blank, a parenthesis, a comment or a line
		// break ("var\n()" is "var ()": no semicolon goes after var).
		return len(b) > len(kw) && endsKeyword(b[len(kw)])
	}
	return false
}

func endsKeyword(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '(', '/':
		return true
	}
	return false
}

// skipBlankLines returns the offset of the first line from i on that is
// not blank (spaces and tabs only).
func skipBlankLines(src []byte, i int) int {
	for i < len(src) && src[i] == '\n' {
		i = skipBlank(src, i+1)
	}
	return i
}

// trimEnd drops the newlines and blanks that end the last chunk.
func trimEnd(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// skipBlank returns the index of the first byte at or after i that is not a
// space or tab.
func skipBlank(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return i
}

// skipQuoted returns the index of the quote that closes the literal opened
// at i, -1 if there is none.
func skipQuoted(src []byte, i int, quote byte) int {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case quote:
			return j
		case '\\':
			if quote != '`' {
				j++
			}
		case '\n':
			if quote != '`' {
				return -1
			}
		}
	}
	return -1
}

// skipComment returns the index of the last byte of the comment starting at
// i (the byte before the newline that ends a // comment), i if src[i] starts
// no comment, -1 if a /* comment is not closed.
func skipComment(src []byte, i int) int {
	if i+1 >= len(src) {
		return i
	}
	switch src[i+1] {
	case '/':
		for j := i + 2; j < len(src); j++ {
			if src[j] == '\n' {
				return j - 1
			}
		}
		return len(src) - 1
	case '*':
		for j := i + 2; j+1 < len(src); j++ {
			if src[j] == '*' && src[j+1] == '/' {
				return j + 1
			}
		}
		return -1
	}
	return i
}
