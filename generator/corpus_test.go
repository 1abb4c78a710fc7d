package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bpgen/bpgen/generator"
)

// TestThirdPartyCorpus runs bpgen on every OpenAPI 3 document that
// kin-openapi ships as test data (a module we already depend on, so no
// network): odd, recursive, multi-file and invalid specs written by other
// people. Each must generate or fail with an error, never panic or hang, and
// everything generated must build and vet.
func TestThirdPartyCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles dozens of generated packages; skipped with -short")
	}
	root := kinOpenAPIDir(t)
	specs := corpusSpecs(t, filepath.Join(root, "openapi3", "testdata"))
	if len(specs) < 50 {
		t.Fatalf("found only %d specs under %s", len(specs), root)
	}
	mod := lintDir("BPGEN_CORPUS_DIR") // kept for make lint's staticcheck run
	if mod == "" {
		mod = t.TempDir()
	}
	if err := os.MkdirAll(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module corpus.test\n\ngo 1.25\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	generated := 0
	for i, spec := range specs {
		rel, _ := filepath.Rel(root, spec)
		pkg := fmt.Sprintf("p%d", i)
		files, err := generateWithin(t, spec, pkg, 30*time.Second)
		if err != nil {
			continue // invalid documents are expected in this corpus
		}
		generated++
		for _, f := range files {
			dst := filepath.Join(mod, pkg, f.name)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("%s -> %s (%d files)", rel, pkg, len(files))
	}
	t.Logf("%d of %d documents generated", generated, len(specs))
	if generated < len(specs)/2 {
		t.Errorf("only %d of %d documents generated", generated, len(specs))
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = mod
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generated corpus packages do not build or vet:\n%s", out)
	}
}

type genFile struct {
	name string
	data []byte
}

// generateWithin fails the test when generation panics or takes too long
// (a reference cycle walked forever, say).
func generateWithin(t *testing.T, spec, pkg string, limit time.Duration) ([]genFile, error) {
	t.Helper()
	type result struct {
		files []genFile
		err   error
	}
	done := make(chan result, 1)
	go func() {
		files, _, _, err := generator.Generate(context.Background(), generator.Config{Spec: spec, Package: pkg, ImportPath: "corpus.test/" + pkg})
		var out []genFile
		for _, f := range files {
			out = append(out, genFile{f.Name, f.Content})
		}
		done <- result{out, err}
	}()
	select {
	case r := <-done:
		if r.err != nil && bytes.Contains([]byte(r.err.Error()), []byte("internal error")) {
			t.Errorf("%s: %v", spec, r.err)
		}
		if r.err != nil {
			checkLocated(t, spec, r.err)
		}
		return r.files, r.err
	case <-time.After(limit):
		t.Fatalf("%s: generation did not finish within %v", spec, limit)
		return nil, nil
	}
}

var openAPI3 = regexp.MustCompile(`(?m)^openapi:|"openapi"\s*:`)

func corpusSpecs(t *testing.T, dir string) []string {
	t.Helper()
	var specs []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".yml", ".yaml", ".json":
		default:
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if openAPI3.Match(data) {
			specs = append(specs, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return specs
}

func kinOpenAPIDir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-json", "github.com/getkin/kin-openapi").Output()
	if err != nil {
		t.Skipf("cannot locate kin-openapi: %v", err)
	}
	var m struct{ Dir string }
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" {
		t.Skipf("kin-openapi is not in the module cache: %v", err)
	}
	return m.Dir
}

// checkLocated fails unless every line of a generation error names the file
// it is about: the spec or a file it references (absolute, or beside it).
func checkLocated(t *testing.T, spec string, err error) {
	t.Helper()
	for _, line := range strings.Split(err.Error(), "\n") {
		if !strings.HasPrefix(line, spec) && !strings.HasPrefix(line, filepath.Dir(spec)) && !filepath.IsAbs(strings.SplitN(line, ":", 2)[0]) {
			t.Errorf("error line names no file: %q", line)
		}
	}
}
