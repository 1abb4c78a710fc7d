package emit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"
)

// Spec text is untrusted: it reaches generated code only in // comments and in
// quoted literals (jen.Lit). A comment is the only place where the text is
// written verbatim, so every comment line goes through commentLines, which
// leaves nothing that could end the comment, start a new line of code, or
// make the Go scanner reject the file.

// comment adds text as // lines, one per line of text. jennifer would write a
// multi-line comment as /* */ (which a "*/" in the text closes) and writes a
// line starting with "//" or "/*" verbatim, so each line is handed over
// already prefixed.
func comment(g interface{ Comment(string) *jen.Statement }, text string) {
	for _, line := range commentLines(text) {
		g.Comment(line)
	}
}

// packageComment adds text as the package's doc comment, in // lines.
func packageComment(f *jen.File, text string) {
	for _, line := range commentLines(text) {
		f.PackageComment(line)
	}
}

// commentLines turns text into the lines of a // comment, each complete with
// its "//" prefix. Blank lines inside the text stay (they separate godoc
// paragraphs); leading and trailing ones go.
func commentLines(text string) []string {
	lines := splitLines(text)
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if l = strings.TrimRight(sanitizeLine(l), " \t"); l == "" {
			out = append(out, "//")
			continue
		}
		for _, w := range wrapLine(l) {
			out = append(out, "// "+w)
		}
	}
	return out
}

// commentWidth is the most text a wrapped comment line holds after "// ": a
// line stays within 100 columns at the top level and in a struct (a tab
// counted as 4).
const commentWidth = 93

// wrapLine breaks a paragraph line at spaces so that each piece fits
// commentWidth. Lines godoc reads as code blocks or list items (indented,
// or starting with a list marker) are kept whole, since breaking them would
// change what godoc shows; so are words longer than the width (URLs).
func wrapLine(l string) []string {
	if len(l) <= commentWidth || l[0] == ' ' || l[0] == '\t' || listItem(l) {
		return []string{l}
	}
	var out []string
	for len(l) > commentWidth {
		cut := wrapCut(l)
		if cut < 0 {
			break
		}
		out = append(out, strings.TrimRight(l[:cut], " "))
		l = strings.TrimLeft(l[cut:], " ")
	}
	return append(out, l)
}

// wrapCut is the space to break l at: the last one within the width whose
// continuation would not read as a list item or a heading; -1 for none.
func wrapCut(l string) int {
	end := commentWidth + 1
	for {
		cut := strings.LastIndexByte(l[:end], ' ')
		if cut <= 0 {
			if cut = strings.IndexByte(l[end:], ' '); cut < 0 {
				return -1
			}
			return end + cut // a word longer than the width
		}
		rest := strings.TrimLeft(l[cut:], " ")
		if !listItem(rest) && !strings.HasPrefix(rest, "# ") {
			return cut
		}
		end = cut
	}
}

// listItem reports whether a line starts a godoc list item ("- ", "* ",
// "+ ", "1. ").
func listItem(l string) bool {
	if len(l) > 1 && strings.IndexByte("-*+", l[0]) >= 0 && l[1] == ' ' {
		return true
	}
	i := 0
	for i < len(l) && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(l) && (l[i] == '.' || l[i] == ')') && l[i+1] == ' '
}

// splitLines splits at every sequence a reader could take for a line break:
// Go's scanner only ends a comment at \n, but editors, diff tools and godoc
// readers also break at \r, NEL and the Unicode separators, and a line that
// looks like code in a review must not be part of a comment.
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var lines []string
	start := 0
	for i, r := range text {
		switch r {
		case '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
			lines = append(lines, text[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	return append(lines, text[start:])
}

// sanitizeLine makes one line inert: it cannot close a block comment, and it
// holds nothing the Go scanner refuses (invalid UTF-8, NUL, a byte order
// mark) or that displays text in another order than the compiler reads it
// (bidirectional controls, as in "Trojan Source"). Other control characters
// become spaces.
func sanitizeLine(line string) string {
	if inertASCII(line) {
		return line // the common case, unchanged by what follows
	}
	line = strings.ToValidUTF8(line, "\uFFFD")
	line = strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return r
		case r == '\uFEFF' || unicode.Is(unicode.Bidi_Control, r):
			return -1
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, line)
	for strings.Contains(line, "*/") || strings.Contains(line, "/*") {
		line = strings.ReplaceAll(strings.ReplaceAll(line, "*/", "* /"), "/*", "/ *")
	}
	return line
}

// inertASCII reports whether line is printable ASCII (tabs allowed) that
// neither opens nor closes a block comment.
func inertASCII(line string) bool {
	for i := 0; i < len(line); i++ {
		if c := line[i]; (c < ' ' || c > '~') && c != '\t' {
			return false
		}
	}
	return !strings.Contains(line, "*/") && !strings.Contains(line, "/*")
}

// article is the indefinite article before name, a package name read
// letter by letter ("an api.Server", "a botpress.Server").
func article(name string) string {
	if name != "" && strings.ContainsRune("aeiouAEIOU", rune(name[0])) {
		return "an"
	}
	return "a"
}
