package emit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bpgen/bpgen/generator/model"
	"github.com/bpgen/bpgen/templates"
)

// runtimeDecls is what templates/rt declares: top-level names, the fields and
// methods of each type, and its files.
type runtimeDecls struct {
	top     map[string]bool
	members map[string]map[string]bool // type -> field and method names
	files   map[string]bool
	roles   []string // the serverRole constants, in order
}

func parseRuntime(t *testing.T) runtimeDecls {
	t.Helper()
	d := runtimeDecls{top: map[string]bool{}, members: map[string]map[string]bool{}, files: map[string]bool{}}
	paths, err := fs.Glob(templates.FS, "rt/*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		d.files[p] = true
		src, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			d.add(decl)
		}
	}
	return d
}

func (d *runtimeDecls) member(typ, name string) {
	if d.members[typ] == nil {
		d.members[typ] = map[string]bool{}
	}
	d.members[typ][name] = true
}

func (d *runtimeDecls) add(decl ast.Decl) {
	switch decl := decl.(type) {
	case *ast.FuncDecl:
		if decl.Recv == nil {
			d.top[decl.Name.Name] = true
			return
		}
		recv := decl.Recv.List[0].Type
		if star, ok := recv.(*ast.StarExpr); ok {
			recv = star.X
		}
		if id, ok := recv.(*ast.Ident); ok {
			d.member(id.Name, decl.Name.Name)
		}
	case *ast.GenDecl:
		typ := "" // a constant without a type repeats the one before it (iota)
		for _, spec := range decl.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				d.top[s.Name.Name] = true
				var members *ast.FieldList // a struct's fields, an interface's methods
				switch typ := s.Type.(type) {
				case *ast.StructType:
					members = typ.Fields
				case *ast.InterfaceType:
					members = typ.Methods
				}
				if members != nil {
					for _, fl := range members.List {
						for _, n := range fl.Names {
							d.member(s.Name.Name, n.Name)
						}
					}
				}
			case *ast.ValueSpec:
				if id, ok := s.Type.(*ast.Ident); ok {
					typ = id.Name
				} else if s.Type != nil || len(s.Values) > 0 {
					typ = ""
				}
				for _, n := range s.Names {
					d.top[n.Name] = true
					if decl.Tok == token.CONST && typ == "serverRole" {
						d.roles = append(d.roles, n.Name)
					}
				}
			}
		}
	}
}

// declaredNames reads the constants of runtime_names.go.
func declaredNames(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "runtime_names.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, decl := range f.Decls {
		g, ok := decl.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			v, err := strconv.Unquote(vs.Values[0].(*ast.BasicLit).Value)
			if err != nil {
				t.Fatal(err)
			}
			out[vs.Names[0].Name] = v
		}
	}
	return out
}

// fieldOwners maps the prefixes of field constants to the runtime type they
// belong to.
var fieldOwners = map[string]string{"fieldCall": "callOption", "fieldCore": "clientCore", "fieldRequest": "clientRequest", "fieldRoute": "serverRoute", "fieldStyle": "queryStyle",
	"methodClientRaw": "clientRawOutput", "methodServerRaw": "serverRawOutput", "methodClientStatus": "clientStatusOutput", "methodServerStatus": "serverStatusOutput"}

// TestRuntimeNames checks every runtime identifier, member and file the
// emitters name against templates/rt, so that a rename there fails here,
// naming what is missing, rather than in a compile test of generated code.
func TestRuntimeNames(t *testing.T) {
	rt := parseRuntime(t)
	for name, value := range declaredNames(t) {
		switch {
		case strings.HasPrefix(name, "rtFile"):
			if !rt.files[value] {
				t.Errorf("%s: templates has no runtime file %s", name, value)
			}
		case strings.HasPrefix(name, "rt"):
			if !rt.top[value] {
				t.Errorf("%s: templates/rt declares no %s", name, value)
			}
		default:
			owner := ""
			for prefix, typ := range fieldOwners {
				if strings.HasPrefix(name, prefix) {
					owner = typ
				}
			}
			if owner == "" {
				t.Errorf("%s: not a runtime identifier, member or file constant", name)
			} else if !rt.members[owner][value] {
				t.Errorf("%s: the runtime's %s has no field or method %s", name, owner, value)
			}
		}
	}
	for _, name := range FixedNames {
		if rt.top[name] {
			t.Errorf("FixedNames lists %s, which the runtime declares (RuntimeNames reserves it)", name)
		}
	}
}

// TestRolesMatchTheRuntime checks the model's error roles against the
// runtime's serverRole constants, one for one and in the same order.
func TestRolesMatchTheRuntime(t *testing.T) {
	rt := parseRuntime(t)
	var want []string
	for _, r := range model.Roles {
		want = append(want, roleConstant(r))
	}
	got := slices.DeleteFunc(slices.Clone(rt.roles), func(s string) bool { return s == rtServerRoles })
	if !slices.Equal(got, want) {
		t.Errorf("runtime serverRole constants %v, want %v (from model.Roles)", got, want)
	}
}

// TestEmittersUseDeclaredNames fails for a string literal in an emitter that
// spells a runtime identifier or file instead of using its constant.
func TestEmittersUseDeclaredNames(t *testing.T) {
	rt := parseRuntime(t)
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") || p == "runtime_names.go" {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if v, err := strconv.Unquote(lit.Value); err == nil && (rt.top[v] || rt.files[v]) {
				t.Errorf("%s: %s names the runtime's %s; use its constant (runtime_names.go)", fset.Position(lit.Pos()), lit.Value, v)
			}
			return true
		})
	}
}

// TestWireTagMatchesTheRuntime checks that the tag key the emitter writes is
// the one the runtime's query encoding reads.
func TestWireTagMatchesTheRuntime(t *testing.T) {
	src, err := fs.ReadFile(templates.FS, "rt/query.go")
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "query.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	for _, decl := range f.Decls {
		if g, ok := decl.(*ast.GenDecl); ok && g.Tok == token.CONST {
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				if vs.Names[0].Name == "queryWireTag" {
					if v, _ := strconv.Unquote(vs.Values[0].(*ast.BasicLit).Value); v != wireTag {
						t.Errorf("templates/rt reads the tag %q, the emitter writes %q", v, wireTag)
					}
					return
				}
			}
		}
	}
	t.Error("templates/rt/query.go declares no queryWireTag")
}
