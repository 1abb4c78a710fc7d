package fastfmt

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"text/tabwriter"
)

// funcBatch parses the function declarations of a file in one go, so that
// a printer that knows the shapes bpgen writes can print them from their
// syntax trees without go/printer.
type funcBatch struct {
	src   []byte // "package p" and the declarations, as parsed
	parts []int  // the index in Source's parts of each declaration
}

// batchHeader makes the declarations a file go/parser and go/format accept.
const batchHeader = "package p\n\n"

// add queues a chunk that holds one function declaration.
func (b *funcBatch) add(i int, chunk []byte) {
	if len(b.src) == 0 {
		b.src = append(b.src, batchHeader...)
	}
	b.src = append(append(b.src, chunk...), "\n\n"...)
	b.parts = append(b.parts, i)
}

// isFunc reports whether chunk is a function declaration, maybe after its
// doc comment.
func isFunc(chunk []byte) bool {
	for bytes.HasPrefix(chunk, []byte("//")) {
		_, chunk, _ = bytes.Cut(chunk, []byte("\n"))
	}
	return bytes.HasPrefix(chunk, []byte("func "))
}

// print lays out each queued declaration it can, into l.out, and records
// where in laid; the others stay for go/format. It reports false if the
// batch does not parse (go/format then says why, for the whole file).
func (b *funcBatch) print(l *layouter, laid [][2]int) bool {
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
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			return false
		}
		// Comments other than the doc comment go to go/format.
		inside := false
		for len(comments) > 0 && comments[0].Pos() < fd.End() {
			inside = inside || comments[0] != fd.Doc
			comments = comments[1:]
		}
		if inside {
			continue
		}
		start := len(l.out)
		if l.funcDecl(lines, fd) {
			laid[b.parts[k]] = [2]int{start, len(l.out)}
		} else {
			l.out = l.out[:start]
		}
	}
	return true
}

// funcDecl appends fd laid out as gofmt would, or reports false.
func (l *layouter) funcDecl(lines []int, fd *ast.FuncDecl) bool {
	if fd.Doc != nil {
		doc := make([][]byte, len(fd.Doc.List))
		for i, c := range fd.Doc.List {
			doc[i] = []byte(c.Text)
		}
		if !plainText(bytes.Join(doc, []byte("\n"))) || !l.comment(doc, "") {
			return false
		}
	}
	p := &printer{lines: lines, buf: l.stream[:0], ok: true}
	p.funcDecl(fd)
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
