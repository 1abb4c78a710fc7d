// Package fastfmt formats the Go source that jennifer renders, giving the
// bytes go/format would give, in a fraction of its time.
//
// go/format parses a file and prints it again; for a generator that is most
// of the run. But much of a generated file is declarations of a fixed shape
// (struct types whose fields are one per line, named types, blocks of typed
// constants) that can be laid out directly from their lines. Source splits
// the file into its top-level declarations, lays out those it recognizes
// itself and hands every other one to go/format. gofmt formats top-level
// declarations separated by a blank line independently of each other, so the
// pieces join into the file go/format would print.
//
// A declaration is laid out directly only when every line of it matches a
// strict shape; anything else, however small, goes to go/format. The tests
// compare the two on every generated file (see Verify).
package fastfmt

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
)

// Verify, when set (by tests, before any formatting), makes Source also run
// go/format over the whole file and fail if the results differ.
var Verify bool

// Source formats src, a complete Go file, as go/format.Source does.
func Source(src []byte) ([]byte, error) {
	out, err := source(src)
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
	laid := make([][2]int, len(parts)) // where in l.out a part is laid out; empty: it goes to go/format
	var l layouter
	l.out = make([]byte, 0, len(src)/2)
	var rest []byte // the parts for go/format, cut apart by marks
	nrest := 0
	for i, part := range parts {
		start := len(l.out)
		if i > 0 && l.layout(part) { // the first part holds the package clause
			laid[i] = [2]int{start, len(l.out)}
			continue
		}
		if nrest > 0 {
			rest = append(rest, "\n\n"+mark+"\n\n"...)
		}
		rest = append(rest, part...)
		nrest++
	}
	formatted, err := format.Source(rest)
	if err != nil {
		return nil, err
	}
	pieces := bytes.Split(formatted, []byte("\n"+mark+"\n\n"))
	if len(pieces) != nrest {
		return nil, errMarks
	}
	out := make([]byte, 0, len(src)+len(src)/8)
	for _, at := range laid {
		piece := l.out[at[0]:at[1]]
		if len(piece) == 0 {
			piece, pieces = pieces[0], pieces[1:]
		}
		out = appendPiece(out, piece)
	}
	return out, nil
}

// mark separates, in what goes to go/format, the parts that a laid-out part
// comes between: a comment between blank lines, which go/format writes back
// as it is. Nothing jennifer writes has a line like it (comments bpgen
// writes start with "// ").
const mark = "//fastfmt:cut"

var errMarks = errors.New("fastfmt: go/format did not keep the marks between declarations")

// appendPiece adds a formatted piece to out, a blank line after the one
// before it: what gofmt puts between top-level declarations that the source
// separates by one or more blank lines.
func appendPiece(out, piece []byte) []byte {
	if len(out) > 0 {
		out = append(out, '\n')
	}
	return append(out, piece...)
}

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
