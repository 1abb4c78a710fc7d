package diff

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"golang.org/x/exp/apidiff"

	"github.com/bpgen/bpgen/generator/emit"
)

// GoChange is one change of a generated package's Go API, as apidiff words
// it.
type GoChange struct {
	// Package is the directory of the package within the output: "" for
	// the main one, "apitest" for its test subpackage.
	Package    string
	Ident      string // e.g. CreateInput.Name, (*Client).Create
	Message    string // e.g. "removed", "changed from string to *string"
	Compatible bool
}

// QualifiedIdent is Ident with the package directory in front, when the
// change is in a subpackage (apitest.Fake).
func (c GoChange) QualifiedIdent() string {
	if c.Package == "" {
		return c.Ident
	}
	return c.Package + "." + c.Ident
}

// GoAPI type-checks the two generated file sets in memory, each package
// under the import path it is generated for (importPath, and importPath/DIR
// for a subpackage), and compares their exported APIs by Go's
// compatibility rules. A package only one side has is added or removed.
func GoAPI(old, new []emit.File, importPath string) ([]GoChange, error) {
	oldPkgs, err := checkAll(old, importPath)
	if err != nil {
		return nil, fmt.Errorf("old side: %w", err)
	}
	newPkgs, err := checkAll(new, importPath)
	if err != nil {
		return nil, fmt.Errorf("new side: %w", err)
	}
	var out []GoChange
	for _, dir := range unionKeys(oldPkgs, newPkgs) {
		o, n := oldPkgs[dir], newPkgs[dir]
		switch {
		case o == nil:
			out = append(out, GoChange{Package: dir, Ident: "package " + n.Name(), Message: "added", Compatible: true})
		case n == nil:
			out = append(out, GoChange{Package: dir, Ident: "package " + o.Name(), Message: "removed"})
		default:
			for _, c := range apidiff.Changes(o, n).Changes {
				ident, msg, _ := strings.Cut(c.Message, ": ")
				out = append(out, GoChange{Package: dir, Ident: ident, Message: msg, Compatible: c.Compatible})
			}
		}
	}
	return out, nil
}

func unionKeys[V any](a, b map[string]V) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// checkAll type-checks the packages of files (the main one first, since
// subpackages import it), keyed by directory. Test files are left out: they
// are no API.
func checkAll(files []emit.File, importPath string) (map[string]*types.Package, error) {
	byDir := map[string][]emit.File{}
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".go") && !strings.HasSuffix(f.Name, "_test.go") {
			dir := path.Dir(f.Name)
			if dir == "." {
				dir = ""
			}
			byDir[dir] = append(byDir[dir], f)
		}
	}
	pkgs := map[string]*types.Package{}
	imp := &localImporter{local: map[string]*types.Package{}}
	for _, dir := range slices.Sorted(maps.Keys(byDir)) { // "" sorts first
		p := path.Join(importPath, dir)
		pkg, err := check(p, byDir[dir], imp)
		if err != nil {
			return nil, err
		}
		pkgs[dir], imp.local[p] = pkg, pkg
	}
	return pkgs, nil
}

// check parses and type-checks one package; its first error is returned
// with its position, which names the generated file.
func check(importPath string, files []emit.File, imp types.Importer) (*types.Package, error) {
	fset := token.NewFileSet()
	var asts []*ast.File
	for _, f := range files {
		af, err := parser.ParseFile(fset, f.Name, f.Content, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("generated %s does not parse: %w", f.Name, err)
		}
		asts = append(asts, af)
	}
	var first error
	conf := types.Config{Importer: imp, Error: func(err error) {
		if first == nil {
			first = err
		}
	}}
	pkg, _ := conf.Check(importPath, fset, asts, nil)
	if first != nil {
		return nil, fmt.Errorf("generated package %s does not type-check: %w", importPath, first)
	}
	return pkg, nil
}

// localImporter serves the packages checked so far, and the standard
// library from stdImporter.
type localImporter struct{ local map[string]*types.Package }

func (l *localImporter) Import(p string) (*types.Package, error) {
	if pkg, ok := l.local[p]; ok {
		return pkg, nil
	}
	return stdImport(p)
}

// The standard library's packages are imported once per process and shared
// by every check: importing net/http takes most of a second from export
// data ("gc", which asks the go command for it) and several from source,
// the fallback when export data cannot be had. One importer serves them
// all, so that every check sees the same io.Reader.
var (
	stdMu   sync.Mutex // the importers keep their packages in a map of their own, unguarded
	stdOnce sync.Once
	stdImp  types.Importer
)

func stdImport(p string) (*types.Package, error) {
	stdOnce.Do(func() {
		fset := token.NewFileSet()
		stdImp = importer.ForCompiler(fset, "gc", nil)
		if _, err := stdImp.Import("context"); err != nil {
			stdImp = importer.ForCompiler(fset, "source", nil)
		}
	})
	stdMu.Lock()
	defer stdMu.Unlock()
	return stdImp.Import(p) // the importer returns the package it imported before
}
