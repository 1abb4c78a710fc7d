package fastfmt

import "bytes"

// A chunk is a top-level declaration (with its doc comment), or what
// stands between blank lines at the top level (the package clause, a free
// comment).
type chunk struct {
	text  []byte // without the blank lines around it and the final newline
	decl  []byte // text from the declaration's keyword on, after its doc comment
	tight bool   // no blank line before it
}

func newChunk(text []byte, tight bool) chunk {
	return chunk{text: text, decl: afterDoc(text), tight: tight}
}

// hasDoc reports whether the part starts with a comment.
func (c chunk) hasDoc() bool { return len(c.decl) < len(c.text) }

// token is the declaration's keyword.
func (c chunk) token() []byte {
	tok, _, _ := bytes.Cut(c.decl, []byte(" "))
	return tok
}

// afterDoc returns b from its first line that is not a // comment.
func afterDoc(b []byte) []byte {
	for bytes.HasPrefix(b, []byte("//")) {
		_, b, _ = bytes.Cut(b, []byte("\n"))
	}
	return b
}

// chunks splits src into its top-level declarations: at blank lines outside
// any bracket, string or comment that come before a declaration or a
// comment, and at line breaks before a declaration or its doc comment.
// Source that does not scan (an unterminated string or comment) is one
// chunk, which go/format then reports on.
func chunks(src []byte) []chunk {
	var out []chunk
	depth, start, tight, line := 0, 0, false, 0 // line: where the current line starts
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
				return []chunk{newChunk(src, false)}
			}
			i = end
		case '/':
			end := skipComment(src, i)
			if end < 0 {
				return []chunk{newChunk(src, false)}
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
			if depth != 0 || after {
				continue
			}
			j := skipBlank(src, i+1)
			blank := j < len(src) && src[j] == '\n'
			for j < len(src) && src[j] == '\n' {
				j = skipBlank(src, j+1)
			}
			if blank && !startsDecl(src[j:]) || !blank && (comment || !documentedDecl(src[j:])) {
				continue // inside a declaration or its doc comment, or a comment that goes with the line before
			}
			if start < i {
				out = append(out, newChunk(src[start:i], tight))
			}
			start, i, tight, line = j, j-1, !blank, j
		}
	}
	if start < len(src) {
		out = append(out, newChunk(trimEnd(src[start:]), tight))
	}
	return out
}

// documentedDecl reports whether b starts with a declaration, maybe after
// its doc comment.
func documentedDecl(b []byte) bool {
	b = afterDoc(b)
	return startsDecl(b) && !bytes.HasPrefix(b, []byte("//"))
}

// startsDecl reports whether b starts with a top-level declaration or a
// comment.
func startsDecl(b []byte) bool {
	for _, kw := range []string{"type ", "func ", "const ", "var ", "import ", "//"} {
		if bytes.HasPrefix(b, []byte(kw)) {
			return true
		}
	}
	return false
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
