package fastfmt

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"slices"
	"text/tabwriter"
)

// A declBatch parses the functions (and variables and interfaces) of a
// file in one go, so that a printer that knows the shapes bpgen writes can
// print them from their syntax trees without go/printer.
type declBatch struct {
	src   []byte // "package p" and the declarations, as parsed
	parts []int  // the index in Source's parts of each declaration
}

// batchHeader makes the declarations a file go/parser and go/format accept.
const batchHeader = "package p\n\n"

// add queues a chunk that holds one function declaration.
func (b *declBatch) add(i int, chunk []byte) {
	if len(b.src) == 0 {
		b.src = append(b.src, batchHeader...)
	}
	b.src = append(append(b.src, chunk...), "\n\n"...)
	b.parts = append(b.parts, i)
}

// isBatched reports whether chunk is a declaration the printer may print
// from its syntax tree: a function, a variable, or an interface type, maybe
// after a doc comment.
func isBatched(c chunk) bool {
	line, _, _ := bytes.Cut(c.decl, []byte("\n"))
	return bytes.HasPrefix(line, []byte("func ")) || bytes.HasPrefix(line, []byte("var ")) ||
		bytes.HasPrefix(line, []byte("type ")) && bytes.HasSuffix(line, []byte(" interface{"))
}

// print lays out each queued declaration it can, into l.out, and records
// where in laid; the others stay for go/format. It reports false if the
// batch does not parse (go/format then says why, for the whole file).
func (b *declBatch) print(l *layouter, laid [][2]int) bool {
	if len(b.parts) == 0 {
		return true
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", b.src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return false
	}
	if len(f.Decls) != len(b.parts) {
		return true // a chunk holds more than a function: all go to go/format
	}
	lines := fset.File(f.Pos()).Lines()
	comments := f.Comments
	for k, d := range f.Decls {
		// Comments other than doc comments go to go/format: those inside
		// the declaration, and those after it in its chunk ("} // x").
		docs := docComments(d)
		end := token.Pos(math.MaxInt)
		if k+1 < len(f.Decls) {
			end = declStart(f.Decls[k+1])
		}
		inside := false
		for len(comments) > 0 && comments[0].Pos() < end {
			inside = inside || !slices.Contains(docs, comments[0])
			comments = comments[1:]
		}
		if inside {
			continue
		}
		start := len(l.out)
		if l.decl(lines, d) {
			laid[b.parts[k]] = [2]int{start, len(l.out)}
		} else {
			l.out = l.out[:start]
		}
	}
	return true
}

// declStart is where d starts: at its doc comment, if it has one.
func declStart(d ast.Decl) token.Pos {
	if docs := docComments(d); len(docs) > 0 && docs[0] != nil {
		return docs[0].Pos()
	}
	return d.Pos()
}

// docComments returns the doc comments of d and of the methods of an
// interface it declares: the comments the printer prints.
func docComments(d ast.Decl) []*ast.CommentGroup {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return []*ast.CommentGroup{d.Doc}
	case *ast.GenDecl:
		docs := []*ast.CommentGroup{d.Doc}
		for _, s := range d.Specs {
			if ts, ok := s.(*ast.TypeSpec); ok {
				if it, ok := ts.Type.(*ast.InterfaceType); ok {
					for _, m := range it.Methods.List {
						docs = append(docs, m.Doc)
					}
				}
			}
		}
		return docs
	}
	return nil
}

// decl appends d laid out as gofmt would, or reports false.
func (l *layouter) decl(lines []int, d ast.Decl) bool {
	var doc *ast.CommentGroup
	switch d := d.(type) {
	case *ast.FuncDecl:
		doc = d.Doc
	case *ast.GenDecl:
		doc = d.Doc
	}
	if doc != nil {
		// A chunk starts a line, and so do its doc comment and what
		// follows it: gofmt reformats the comment.
		text, ok := docLines(doc)
		if !ok || !l.comment(text, "") {
			return false
		}
	}
	p := &printer{lines: lines, buf: l.stream[:0], ok: true}
	p.decl(d)
	l.stream = p.buf
	if !p.ok {
		return false
	}
	stream := p.buf
	if p.aligned { // columns to align: text/tabwriter lays them out as in go/printer
		l.tw.Reset()
		tw := tabwriter.NewWriter(&l.tw, 0, 8, 1, ' ', tabwriter.DiscardEmptyColumns|tabwriter.TabIndent)
		tw.Write(stream)
		tw.Flush()
		stream = l.tw.Bytes()
	}
	l.out = appendTrimmed(l.out, stream)
	return true
}

// appendTrimmed appends what go/printer's trimmer makes of src: the
// escapes around literals dropped, the blanks that end lines too, form
// feeds made newlines.
func appendTrimmed(dst, src []byte) []byte {
	space := -1 // where in dst the blanks before a newline begin
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case tabwriter.Escape:
			end := bytes.IndexByte(src[i+1:], tabwriter.Escape)
			if end < 0 {
				end = len(src) - i - 1
			}
			dst = append(dst, src[i+1:i+1+end]...)
			i += end + 1
			space = -1
		case ' ', '\t', '\v':
			if space < 0 {
				space = len(dst)
			}
			if c == '\v' {
				c = '\t'
			}
			dst = append(dst, c)
		case '\n', '\f':
			if space >= 0 {
				dst = dst[:space]
			}
			dst = append(dst, '\n')
			space = -1
		default:
			dst = append(dst, c)
			space = -1
		}
	}
	return dst
}

// docLines returns the lines of a comment group that is all // lines of
// plain text (see plainText).
func docLines(g *ast.CommentGroup) ([][]byte, bool) {
	lines := make([][]byte, len(g.List))
	for i, c := range g.List {
		lines[i] = []byte(c.Text)
		if !plainText(lines[i]) || !isComment(lines[i]) {
			return nil, false
		}
	}
	return lines, true
}
