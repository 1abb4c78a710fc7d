package fastfmt

import (
	"bytes"
	"go/doc/comment"
	"strings"
	"unicode"
	"unicode/utf8"
)

// comment appends doc comment lines, each after indent, as gofmt rewrites
// them: it reformats every comment that starts a line and sits right above
// the declaration or field it documents, which is where jennifer puts
// comments. It reports false when gofmt would do more than reformat it (a
// directive among the lines).
//
// Most generated comments are one paragraph of "// text" lines, which
// gofmt leaves as they are; the others go through go/doc/comment, as in
// gofmt.
func (l *layouter) comment(lines [][]byte, indent string) bool {
	lines, ok := gofmtComment(lines)
	for _, line := range lines {
		l.out = append(append(append(l.out, indent...), line...), '\n')
	}
	return ok
}

// gofmtComment returns the lines of a doc comment as gofmt rewrites them;
// false for a directive among them.
func gofmtComment(lines [][]byte) ([][]byte, bool) {
	plain := true
	for _, line := range lines {
		plain = plain && plainLine(line)
	}
	if plain {
		return lines, true
	}
	return reformat(lines)
}

// reformat returns the lines of a comment as gofmt reformats them.
func reformat(lines [][]byte) ([][]byte, bool) {
	var text strings.Builder
	for _, line := range lines {
		after, _ := bytes.CutPrefix(line, []byte("//"))
		if isDirective(after) {
			return nil, false
		}
		text.Write(bytes.TrimPrefix(after, []byte(" ")))
		text.WriteByte('\n')
	}
	var p comment.Parser
	var pr comment.Printer
	out := pr.Comment(p.Parse(text.String()))
	var res [][]byte
	for len(out) > 0 {
		var line []byte
		line, out, _ = bytes.Cut(out, []byte("\n"))
		line = bytes.TrimRightFunc(line, unicode.IsSpace) // as go/printer trims every // comment
		switch {
		case len(line) == 0:
			line = []byte("//")
		case line[0] == '\t':
			line = append([]byte("//"), line...)
		default:
			line = append([]byte("// "), line...)
		}
		res = append(res, line)
	}
	return res, len(res) > 0
}

// plainLine reports whether l is a line of an ordinary paragraph that
// go/doc/comment prints back unchanged: "// " and text that starts with
// none of the marks of a code block, list, heading or link definition, has
// no doubled quotes and does not end in a space (unicode.IsSpace).
func plainLine(l []byte) bool {
	text, ok := bytes.CutPrefix(l, []byte("// "))
	if !ok || len(text) == 0 {
		return false
	}
	if r, _ := utf8.DecodeLastRune(text); unicode.IsSpace(r) {
		return false // go/printer trims it: a no-break space too
	}
	switch c := text[0]; {
	case c == ' ', c == '#', c == '[', c == '-', c == '*', c == '+', isDigit(c):
		return false
	}
	// go/doc/comment turns `` and '' into typographic quotes.
	return !bytes.HasPrefix(text, []byte("•")) && !bytes.Contains(text, []byte("``")) && !bytes.Contains(text, []byte("''"))
}

// isDirective reports whether the text after "//" is a directive
// ("//go:generate", "//line ..."), which gofmt moves to the end of a doc
// comment.
func isDirective(c []byte) bool {
	for _, p := range []string{"line ", "extern ", "export "} {
		if bytes.HasPrefix(c, []byte(p)) {
			return true
		}
	}
	colon := bytes.IndexByte(c, ':')
	if colon <= 0 || colon+1 >= len(c) {
		return false
	}
	for i := 0; i <= colon+1; i++ {
		if i == colon {
			continue
		}
		if b := c[i]; !('a' <= b && b <= 'z' || '0' <= b && b <= '9') {
			return false
		}
	}
	return true
}
