package botpress_test

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestProductionImports checks that programs importing the SDK compile no
// test code: neither the package's files nor anything they depend on import
// net/http/httptest or testing (those live in the botpresstest subpackage).
func TestProductionImports(t *testing.T) {
	banned := map[string]bool{"net/http/httptest": true, "testing": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	n := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		n++
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); banned[p] {
				t.Errorf("%s imports %s", name, p)
			}
		}
	}
	if n == 0 {
		t.Fatal("no production files found")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found: transitive imports not checked")
	}
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOFLAGS=")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if banned[dep] {
			t.Errorf("the package depends on %s", dep)
		}
	}
}
