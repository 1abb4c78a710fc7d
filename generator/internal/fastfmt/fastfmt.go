// Package fastfmt formats the Go source that jennifer renders, giving the
// bytes go/format would give, in a fraction of its time.
//
// go/format parses a file and prints it again with go/printer, a general
// pretty-printer; for a generator that was most of the run. Source cuts the
// file into its top-level declarations (gofmt formats each on its own, and
// joins them by a simple rule) and formats each one the cheapest exact way:
//   - declarations of a fixed shape (struct types with one field per line,
//     named types, blocks of literal constants) are laid out from their
//     lines (layout.go, table.go, types.go);
//   - functions, variables and interface types are parsed in one go/parser
//     call and printed by a printer that follows go/printer's rules for the
//     statements and expressions bpgen writes (funcs.go, printer.go,
//     printer_expr.go);
//   - anything else, however small, and anything those two do not know
//     exactly, goes to one go/format call for the rest of the file.
//
// The tests compare the result with go/format on every file the generator
// tests write (see Verify), and FuzzSource on mutated declarations.
package fastfmt

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"slices"
	"sync"
)

// Verify, when set (by tests, before any formatting), makes Source also run
// go/format over the whole file and fail if the results differ.
var Verify bool

// Source formats src, a complete Go file, as go/format.Source does.
func Source(src []byte) ([]byte, error) {
	out, err := source(src)
	if err == nil && !sameCode(src, out) {
		if Verify {
			return nil, errCode // a bug the tests must see
		}
		err = errCode
	}
	if err != nil {
		// The error of the whole file names the right line.
		return format.Source(src)
	}
	if Verify {
		if err := same(src, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func source(src []byte) ([]byte, error) {
	parts := chunks(src)
	l, laid, err := layOut(parts, len(src))
	if err != nil {
		return nil, err
	}
	defer layouters.Put(l) // out below is a copy: nothing keeps l's buffers
	isLaid := func(i int) bool { return laid[i][1] > laid[i][0] }
	// The parts for go/format, in groups cut apart by marks: a part that
	// follows another without a blank line joins its group, as gofmt may
	// align the two (one-line functions).
	joinsGroup := func(i int) bool { return i > 0 && parts[i].tight && !isLaid(i-1) }
	var rest []byte
	groups := 0
	for i, part := range parts {
		switch {
		case isLaid(i):
			continue
		case joinsGroup(i):
			rest = append(rest, '\n')
		case groups > 0:
			rest = append(rest, "\n\n"+mark+"\n\n"...)
			groups++
		default:
			groups++
		}
		rest = append(rest, part.text...)
	}
	formatted, err := format.Source(rest)
	if err != nil {
		return nil, err
	}
	pieces := bytes.Split(formatted, []byte("\n"+mark+"\n\n"))
	if len(pieces) != groups {
		return nil, errMarks
	}
	out := make([]byte, 0, len(src)+len(src)/8)
	for i, part := range parts {
		var piece []byte
		switch {
		case isLaid(i):
			piece = l.out[laid[i][0]:laid[i][1]]
		case joinsGroup(i):
			continue // in its group's piece
		default:
			piece, pieces = pieces[0], pieces[1:]
		}
		if i > 0 && gofmtBlank(parts[i-1], part) {
			out = append(out, '\n')
		}
		out = append(out, piece...)
	}
	return out, nil
}

// layOut lays out the parts it knows how to, and says where they are in
// l.out: laid[i] is empty for a part that goes to go/format. size is the
// source's length. It fails with errTrailing when the whole file must go
// to go/format.
func layOut(parts []chunk, size int) (l *layouter, laid [][2]int, err error) {
	for _, p := range parts[:max(len(parts)-1, 0)] {
		if p.endsInComment() {
			return nil, nil, errTrailing
		}
	}
	laid = make([][2]int, len(parts))
	l = layouters.Get().(*layouter)
	l.out = slices.Grow(l.out[:0], size+size/4) // gofmt adds indentation
	batch := declBatch{src: slices.Grow(l.batch[:0], size)}
	for i := 1; i < len(parts); i++ { // the first part holds the package clause
		if parts[i].indented {
			continue // rare (never jennifer's): go/format's
		}
		if isBatched(parts[i]) {
			batch.add(i, parts[i].text)
		} else if start := len(l.out); l.layout(parts[i].text) {
			laid[i] = [2]int{start, len(l.out)}
		}
	}
	ok := batch.print(l, laid)
	l.batch = batch.src // grown, maybe: the next file starts from it
	if !ok {
		layouters.Put(l)
		return nil, nil, errParse
	}
	return l, laid, nil
}

// layouters recycles layouters with their buffers, each about the size of
// a file: a package's files are formatted one after another, and without it
// each would allocate (and zero) its own.
var layouters = sync.Pool{New: func() any { return new(layouter) }}

// gofmtBlank reports whether gofmt puts a blank line between two top-level
// parts: when the source has one, or the second is a declaration of
// another kind than the first or has a doc comment.
func gofmtBlank(prev, next chunk) bool {
	if !next.tight {
		return true
	}
	return next.hasDoc() || !bytes.Equal(next.token(), prev.lastToken())
}

// mark separates, in what goes to go/format, the groups of parts that
// laid-out parts come between: a comment between blank lines, which go/format writes back
// as it is. Nothing jennifer writes has a line like it (comments bpgen
// writes start with "// ").
const mark = "//fastfmt:cut"

var (
	errMarks    = errors.New("fastfmt: go/format did not keep the marks between declarations")
	errParse    = errors.New("fastfmt: the functions do not parse")
	errTrailing = errors.New("fastfmt: a comment follows a declaration that is not the file's last")
	errCode     = errors.New("fastfmt: the code differs from the source's beyond blanks and comments")
)

// same reports where out differs from what go/format makes of src.
func same(src, out []byte) error {
	want, err := format.Source(src)
	if err != nil {
		return err
	}
	if bytes.Equal(want, out) {
		return nil
	}
	line := 1
	for i := range min(len(want), len(out)) {
		if want[i] != out[i] {
			break
		}
		if want[i] == '\n' {
			line++
		}
	}
	w, _, _ := bytes.Cut(nthLine(want, line), []byte("\n"))
	o, _, _ := bytes.Cut(nthLine(out, line), []byte("\n"))
	return fmt.Errorf("fastfmt: line %d differs from go/format:\n\tgo/format: %q\n\tfastfmt:   %q", line, w, o)
}

func nthLine(b []byte, n int) []byte {
	for ; n > 1 && len(b) > 0; n-- {
		_, b, _ = bytes.Cut(b, []byte("\n"))
	}
	return b
}
