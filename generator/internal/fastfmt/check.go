package fastfmt

// sameCode reports whether out holds the code of src: the same bytes once
// blanks and comments are left out (comments because gofmt rewrites doc
// comments, blanks outside literals because that is what formatting
// changes). It is the net under the fast paths: a part lost, doubled or
// mangled by a bug fails it, and Source then gives go/format's result.
func sameCode(src, out []byte) bool {
	i, j := 0, 0
	for {
		for i < len(src) && j < len(out) && src[i] == out[j] && !layoutByte[src[i]] {
			i, j = i+1, j+1 // the common case: code that formatting kept as it was
		}
		i, j = skipLayout(src, i), skipLayout(out, j)
		if i == len(src) || j == len(out) {
			return i == len(src) && j == len(out)
		}
		if c := src[i]; c == '"' || c == '\'' || c == '`' {
			end := skipQuoted(src, i, c)
			if end < 0 || j+end-i >= len(out) || string(src[i:end+1]) != string(out[j:j+end-i+1]) {
				return false
			}
			i, j = end+1, j+end-i+1
			continue
		}
		if src[i] != out[j] {
			return false
		}
		i, j = i+1, j+1
	}
}

// skipLayout returns the index of the first byte at or after i that is
// neither a blank nor in a comment.
func skipLayout(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			i++
		case '/':
			end := skipComment(b, i)
			if end == i {
				return i
			}
			if end < 0 {
				return len(b)
			}
			i = end + 1
		default:
			return i
		}
	}
	return i
}

// layoutByte marks the bytes that may start blanks, comments or literals.
var layoutByte = func() (t [256]bool) {
	for _, c := range []byte(" \t\n\r\f\v/\"'`") {
		t[c] = true
	}
	return t
}()
