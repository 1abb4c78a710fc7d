package generator_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// maxCommentColumns bounds a comment line, a tab counted as 4 columns.
const maxCommentColumns = 100

// TestGodoc reads what bpgen writes for the golden specs and for Botpress as
// a reviewer would: every exported name has a doc comment that starts with
// the name, and no comment line is wider than 100 columns (unless it is one
// word, such as a URL).
func TestGodoc(t *testing.T) {
	for _, c := range goldenCases(t) {
		_, files := c.generate(t)
		for _, f := range files {
			checkGodoc(t, c.name+"/"+f.Name, f.Content)
		}
	}
	paths, err := filepath.Glob("../gen/botpress/*.go")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no gen/botpress files: %v", err)
	}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		checkGodoc(t, p, src)
	}
}

func checkGodoc(t *testing.T, name string, src []byte) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, line := range strings.Split(string(src), "\n") {
		text := strings.TrimLeft(line, "\t")
		cols := 4*(len(line)-len(text)) + len([]rune(text))
		if strings.HasPrefix(text, "//") && cols > maxCommentColumns && strings.Contains(strings.TrimPrefix(text, "// "), " ") {
			t.Errorf("%s: comment line of %d columns: %s", name, cols, text)
		}
	}
	for _, d := range f.Decls {
		for _, n := range exportedDecls(d) {
			if n.doc == nil {
				t.Errorf("%s: %s has no doc comment", fset.Position(n.pos), n.name)
				continue
			}
			text := n.doc.Text()
			if first, _, _ := strings.Cut(text, " "); first != n.name && !strings.HasPrefix(text, "Deprecated:") {
				t.Errorf("%s: the doc of %s starts %q", fset.Position(n.pos), n.name, firstLine(text))
			}
		}
	}
	if f.Doc != nil && !strings.HasPrefix(f.Doc.Text(), "Package ") {
		t.Errorf("%s: package doc starts %q", name, firstLine(f.Doc.Text()))
	}
}

type exportedName struct {
	name string
	doc  *ast.CommentGroup
	pos  token.Pos
}

// exportedDecls lists the exported names d declares with the comment that
// documents each: a method's (on an exported type), a spec's own, else its
// group's.
func exportedDecls(d ast.Decl) []exportedName {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if !d.Name.IsExported() || (d.Recv != nil && !exportedRecv(d.Recv)) {
			return nil
		}
		return []exportedName{{d.Name.Name, d.Doc, d.Pos()}}
	case *ast.GenDecl:
		var out []exportedName
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				if s.Name.IsExported() {
					out = append(out, exportedName{s.Name.Name, orDoc(s.Doc, d.Doc), s.Pos()})
				}
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.IsExported() {
						out = append(out, exportedName{n.Name, orDoc(s.Doc, d.Doc), n.Pos()})
					}
				}
			}
		}
		return out
	}
	return nil
}

func exportedRecv(fl *ast.FieldList) bool {
	t := fl.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	if ix, ok := t.(*ast.IndexListExpr); ok {
		t = ix.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.IsExported()
}

func orDoc(a, b *ast.CommentGroup) *ast.CommentGroup {
	if a != nil {
		return a
	}
	return b
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
