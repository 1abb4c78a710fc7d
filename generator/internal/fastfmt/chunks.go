package fastfmt

import "bytes"

// chunks splits src at the blank lines that separate its top-level
// declarations: blank lines outside any bracket, string or comment, before
// a declaration or a comment. Each
// chunk is returned without its blank lines and final newline. Source that
// does not scan (an unterminated string or comment) is one chunk, which
// go/format then reports on.
func chunks(src []byte) [][]byte {
	var out [][]byte
	depth, start := 0, 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '"', '\'', '`':
			end := skipQuoted(src, i, c)
			if end < 0 {
				return [][]byte{src}
			}
			i = end
		case '/':
			end := skipComment(src, i)
			if end < 0 {
				return [][]byte{src}
			}
			i = end
		case '\n':
			if depth != 0 {
				continue
			}
			j := skipBlank(src, i+1)
			if j < len(src) && src[j] != '\n' {
				continue // no blank line here
			}
			for j < len(src) && src[j] == '\n' {
				j = skipBlank(src, j+1)
			}
			if !startsDecl(src[j:]) {
				continue // a blank line inside a declaration
			}
			if start < i {
				out = append(out, src[start:i])
			}
			start, i = j, j-1
		}
	}
	if start < len(src) {
		out = append(out, trimEnd(src[start:]))
	}
	return out
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
