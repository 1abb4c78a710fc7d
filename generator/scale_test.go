package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/internal/synth"
)

// writeSynthSpec writes synth.Spec(paths, schemas) into a temporary file and
// returns its path.

func writeSynthSpec(tb testing.TB, paths, schemas int) string {
	tb.Helper()
	data, err := synth.JSON(paths, schemas)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "synthetic.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// TestLargeDocumentBuilds generates a document of 800 paths (2,400
// operations) and 2,000 schemas and builds and vets the package.
func TestLargeDocumentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large package")
	}
	spec := writeSynthSpec(t, 800, 2000)
	dir := t.TempDir()
	res, err := generator.Run(context.Background(), generator.Config{Spec: spec, Out: filepath.Join(dir, "api"), Package: "api", ImportPath: "inert.test/api"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Operations != 2400 || res.Types < 2000 {
		t.Fatalf("generated %d operations and %d types", res.Operations, res.Types)
	}
	buildAndVet(t, dir)
}

// BenchmarkGenerateLarge compares full generation of the synthetic document
// with loading it alone, in the same run.
func BenchmarkGenerateLarge(b *testing.B) {
	benchLoadVsGenerate(b, writeSynthSpec(b, 800, 2000), "api")
}
