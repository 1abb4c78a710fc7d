package generator_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/emit"
)

var update = flag.Bool("update", false, "rewrite the want/ sections of testdata/golden/*.txtar")

// A golden case is a txtar archive: the spec (spec.yaml plus any files it
// references) and, under want/, the expected generated files (runtime copies
// excluded: they are templates/ verbatim), the warnings, or the error.
type goldenCase struct {
	name    string
	path    string
	archive *txtar.Archive
	dir     string // spec files extracted here
}

func goldenCases(t *testing.T) []*goldenCase {
	t.Helper()
	paths, err := filepath.Glob("testdata/golden/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	var cases []*goldenCase
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c := &goldenCase{name: strings.TrimSuffix(filepath.Base(p), ".txtar"), path: p, archive: ar, dir: t.TempDir()}
		for _, f := range ar.Files {
			if strings.HasPrefix(f.Name, "want/") || strings.HasPrefix(f.Name, "test/") {
				continue
			}
			dst := filepath.Join(c.dir, f.Name)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cases = append(cases, c)
	}
	return cases
}

// generate runs the pipeline on the case and returns its files by name
// (want/ names), with the temporary directory replaced by $DIR.
func (c *goldenCase) generate(t *testing.T) (map[string][]byte, []emit.File) {
	t.Helper()
	files, _, warnings, err := generator.Generate(context.Background(), generator.Config{
		Spec: c.spec(), Package: "api", ImportPath: "golden.test/" + c.name,
	})
	got := map[string][]byte{}
	clean := func(s string) string { return strings.ReplaceAll(s, c.dir, "$DIR") }
	if err != nil {
		got["want/error.txt"] = []byte(clean(err.Error()) + "\n")
		return got, nil
	}
	if len(warnings) > 0 {
		var b strings.Builder
		for _, w := range warnings {
			b.WriteString(clean(w.String()) + "\n")
		}
		got["want/warnings.txt"] = []byte(b.String())
	}
	for _, f := range files {
		if !strings.HasPrefix(f.Name, "runtime_") {
			got["want/"+f.Name] = f.Content
		}
	}
	return got, files
}

// spec is the case's entry document: spec.json when present, else spec.yaml.
func (c *goldenCase) spec() string {
	if p := filepath.Join(c.dir, "spec.json"); fileExists(p) {
		return p
	}
	return filepath.Join(c.dir, "spec.yaml")
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			got, _ := c.generate(t)
			if *update {
				c.rewrite(t, got)
				return
			}
			want := map[string][]byte{}
			for _, f := range c.archive.Files {
				if strings.HasPrefix(f.Name, "want/") {
					want[f.Name] = f.Data
				}
			}
			if diff := cmp.Diff(stringMap(want), stringMap(got)); diff != "" {
				t.Errorf("%s: generated output differs from golden (-want +got); run go test ./generator -update if intended:\n%s", c.path, diff)
			}
		})
	}
}

func stringMap(m map[string][]byte) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}

func (c *goldenCase) rewrite(t *testing.T, got map[string][]byte) {
	ar := &txtar.Archive{Comment: c.archive.Comment}
	for _, f := range c.archive.Files {
		if !strings.HasPrefix(f.Name, "want/") {
			ar.Files = append(ar.Files, f)
		}
	}
	names := make([]string, 0, len(got))
	for n := range got {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ar.Files = append(ar.Files, txtar.File{Name: n, Data: got[n]})
	}
	if err := os.WriteFile(c.path, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lintDir is where the Makefile wants a test to keep the packages it
// generates, for staticcheck (env names the variable), or "" for a temporary
// directory.
func lintDir(env string) string { return os.Getenv(env) }

// TestGoldenCompiles builds, vets and tests every successful golden case,
// runtime included, as packages of a throwaway module that needs only the
// standard library. A case's test/ files (JSON round trips and the like) are
// copied next to its generated code and run there, and so is, in every case
// with a test subpackage, testdata/roundtrip_test.go.tmpl, which sends each
// operation's input through the client to the server and back. With
// BPGEN_COMPILE_DIR set, the module is written there and kept (make lint
// runs staticcheck on it).

func TestGoldenCompiles(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	root := lintDir("BPGEN_COMPILE_DIR")
	if root == "" {
		root = t.TempDir()
	}
	write := func(name string, data []byte) {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "go.mod"), []byte("module golden.test\n\ngo 1.25\n"))
	roundTrip, err := os.ReadFile("testdata/roundtrip_test.go.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range goldenCases(t) {
		_, files := c.generate(t)
		for _, f := range files {
			write(filepath.Join(root, c.name, f.Name), f.Content)
			if f.Name == "apitest/fake.go" {
				write(filepath.Join(root, c.name, "zz_roundtrip_test.go"), bytes.ReplaceAll(roundTrip, []byte("IMPORT"), []byte("golden.test/"+c.name)))
			}
		}
		if files == nil {
			continue
		}
		n++
		for _, f := range c.archive.Files {
			if name, ok := strings.CutPrefix(f.Name, "test/"); ok {
				write(filepath.Join(root, c.name, name), f.Data)
			}
		}
	}
	if n == 0 {
		t.Fatal("no case generated code")
	}
	for _, args := range [][]string{{"vet", "./..."}, {"test", "-count=1", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s on the generated golden packages failed:\n%s", strings.Join(args, " "), out)
		}
	}
}

// TestDeterministic generates the same specs repeatedly in one process: Go
// randomises map iteration on every range, so any unsorted map walk that
// leaks into the output shows up as a difference.
func TestDeterministic(t *testing.T) {
	specs := []string{"../spec/botpress.yaml"}
	for _, c := range goldenCases(t) {
		if _, files := c.generate(t); files != nil {
			specs = append(specs, c.spec())
		}
	}
	for _, spec := range specs {
		var first []emit.File
		for i := 0; i < 5; i++ {
			files, _, _, err := generator.Generate(context.Background(), generator.Config{Spec: spec, Package: "api"})
			if err != nil {
				t.Fatalf("%s: %v", spec, err)
			}
			if i == 0 {
				first = files
				continue
			}
			if len(files) != len(first) {
				t.Fatalf("%s: run %d gave %d files, first gave %d", spec, i, len(files), len(first))
			}
			for j := range files {
				if files[j].Name != first[j].Name || !bytes.Equal(files[j].Content, first[j].Content) {
					t.Fatalf("%s: run %d differs from the first in %s", spec, i, files[j].Name)
				}
			}
		}
	}
}

// TestGoldenClientOnlyCompiles generates every golden case with the client
// part alone (bpgen -generate client) and builds and vets the packages: no
// server code and no server runtime file may be needed, and none is written.
// With BPGEN_CLIENT_ONLY_DIR set, the module is written there and kept (make
// lint runs staticcheck on it: no runtime code may be left unused).
func TestGoldenClientOnlyCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles every golden case; skipped with -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	root := lintDir("BPGEN_CLIENT_ONLY_DIR")
	if root == "" {
		root = t.TempDir()
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module golden.test\n\ngo 1.25\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range goldenCases(t) {
		files, _, _, err := generator.Generate(context.Background(), generator.Config{
			Spec: c.spec(), Package: "api", Parts: &emit.Parts{},
		})
		if err != nil {
			continue
		}
		n++
		for _, f := range files {
			if f.Name == "server.go" || strings.HasPrefix(f.Name, "runtime_server") || strings.HasSuffix(f.Name, "_server.go") || strings.Contains(f.Name, "/") {
				t.Errorf("%s: -generate client wrote %s", c.name, f.Name)
			}
			dst := filepath.Join(root, c.name, f.Name)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n == 0 {
		t.Fatal("no case generated code")
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet on the client-only golden packages failed:\n%s", out)
	}
}

// TestMainPackageImportsNoTestCode checks, for every golden case, that the
// generated package's own files import neither net/http/httptest nor testing:
// the test helpers live in the api/apitest subpackage.
func TestMainPackageImportsNoTestCode(t *testing.T) {
	for _, c := range goldenCases(t) {
		_, files := c.generate(t)
		for _, f := range files {
			if strings.Contains(f.Name, "/") {
				continue
			}
			for _, banned := range []string{`"net/http/httptest"`, `"testing"`} {
				if bytes.Contains(f.Content, []byte(banned)) {
					t.Errorf("%s: %s imports %s", c.name, f.Name, banned)
				}
			}
		}
	}
}
