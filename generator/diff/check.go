package diff

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/bpgen/bpgen/generator/emit"
	"github.com/bpgen/bpgen/generator/write"
)

// OnDisk reads the Go files bpgen wrote in dir and in its subdirectories
// subdirs (the test subpackage), named as emit names them, so that GoAPI
// can compare them with a new generation. Files without bpgen's header are
// left out (the package's hand-written files are the same on both sides),
// and so are tombstones, which no build sees.
func OnDisk(dir string, subdirs ...string) ([]emit.File, error) {
	var out []emit.File
	for _, sub := range append([]string{""}, subdirs...) {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, sub, e.Name()))
			if err != nil {
				return nil, err
			}
			if written(data) {
				out = append(out, emit.File{Name: path.Join(sub, e.Name()), Content: data})
			}
		}
	}
	return out, nil
}

// written applies the write package's rule for files bpgen owns, so that
// -check and the writer agree (a CRLF checkout included).
func written(data []byte) bool {
	return write.IsBpgen(data, emit.Header) && !write.IsTombstone(data, emit.Header)
}

// Verdict says in a few lines what Go API changes mean for callers, for
// bpgen -check: whether they break, with the first incompatible ones.
func Verdict(cs []GoChange) []string {
	var bad []string
	added := 0
	for _, c := range cs {
		ident := c.QualifiedIdent()
		if c.Compatible {
			added++
		} else {
			bad = append(bad, fmt.Sprintf("  %s: %s", ident, goMessage(c)))
		}
	}
	switch {
	case len(bad) > 0:
		const shown = 5
		lines := []string{fmt.Sprintf("the change breaks callers: %d incompatible Go API change(s)", len(bad))}
		if len(bad) > shown {
			bad = append(bad[:shown], fmt.Sprintf("  ... and %d more (bpgen diff lists them all, and the run-time breaks)", len(bad)-shown))
		}
		return append(lines, bad...)
	case added > 0:
		return []string{fmt.Sprintf("the change keeps the Go API compatible (%d addition(s)); bpgen diff tells whether it breaks at run time", added)}
	}
	return []string{"the change leaves the Go API as it is; bpgen diff tells whether it breaks at run time"}
}
