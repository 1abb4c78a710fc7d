package diff

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/bpgen/bpgen/generator"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/report.*")

// TestGoldenReports checks the three renderings of one report, from
// testdata/base.yaml to testdata/edited.yaml (several of the table's edits
// at once, the server and test parts generated).
func TestGoldenReports(t *testing.T) {
	rep, err := Run(context.Background(), Options{Old: "testdata/base.yaml", New: "testdata/edited.yaml", Config: generator.Config{Package: "api"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		file   string
		render func(*Report, *bytes.Buffer) error
	}{
		{"report.txt", func(r *Report, b *bytes.Buffer) error { return r.Text(b) }},
		{"report.json", func(r *Report, b *bytes.Buffer) error { return r.JSON(b) }},
		{"report.md", func(r *Report, b *bytes.Buffer) error { return r.Markdown(b) }},
	} {
		var got bytes.Buffer
		if err := f.render(rep, &got); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", "golden", f.file)
		if *update {
			writeFile(t, path, got.String())
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./generator/diff -update)", err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s differs from the golden file (run go test ./generator/diff -run TestGoldenReports -update if intended); got:\n%s", path, got.String())
		}
	}
}
