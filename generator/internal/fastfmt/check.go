package fastfmt

// sameCode reports whether out holds the code of src: the same bytes once
// blanks and comments are left out (comments because gofmt rewrites doc
// comments, blanks outside literals because that is what formatting
// changes), and the same comments by count: as many after code on its line,
// and as many runs of comments on lines of their own (gofmt rewrites the
// text of a doc comment, never drops one). It is the net under the fast
// paths: a part or a comment lost, doubled or mangled by a bug fails it,
// and Source then gives go/format's result.
func sameCode(src, out []byte) bool {
	var sc, oc comments
	i, j := 0, 0
	for {
		for i < len(src) && j < len(out) && src[i] == out[j] && !layoutByte[src[i]] {
			i, j = i+1, j+1 // the common case: code that formatting kept as it was
		}
		i, j = sc.skipLayout(src, i), oc.skipLayout(out, j)
		if i == len(src) || j == len(out) {
			return i == len(src) && j == len(out) && sc.trailing == oc.trailing && sc.runs == oc.runs
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

// comments counts the comments of a file as skipLayout meets them.
type comments struct {
	trailing, runs int  // comments after code on their line; runs of comments on lines of their own
	code, comment  bool // the current line has code, a comment
	inRun          bool // the comments since the last code or blank line are a run
}

// skipLayout returns the index of the first byte at or after i that is
// neither a blank nor in a comment, counting the comments it skips. What
// it stops at is code (a run of code never holds a line break).
func (c *comments) skipLayout(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case '\n':
			if !c.code && !c.comment {
				c.inRun = false // a blank line ends a run
			}
			c.code, c.comment = false, false
			i++
		case ' ', '\t', '\r', '\f', '\v':
			i++
		case '/':
			end := skipComment(b, i)
			if end == i {
				c.sawCode()
				return i
			}
			c.sawComment()
			if end < 0 {
				return len(b)
			}
			i = end + 1
		default:
			c.sawCode()
			return i
		}
	}
	return i
}

func (c *comments) sawCode() { c.code, c.inRun = true, false }

func (c *comments) sawComment() {
	switch {
	case c.code:
		c.trailing++
	case !c.inRun:
		c.runs++
		c.inRun = true
	}
	c.comment = true
}

// layoutByte marks the bytes that may start blanks, comments or literals.
var layoutByte = func() (t [256]bool) {
	for _, c := range []byte(" \t\n\r\f\v/\"'`") {
		t[c] = true
	}
	return t
}()
