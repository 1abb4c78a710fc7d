package diff

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bpgen/bpgen/generator/emit"
)

// TestOnDisk reads what bpgen wrote and nothing else: hand-written files,
// tests and tombstones are no part of the generated API.
func TestOnDisk(t *testing.T) {
	dir := t.TempDir()
	head := "// " + emit.Header + "\n\n"
	for name, content := range map[string]string{
		"types.go":         head + "package api\n",
		"mine.go":          "package api\n",
		"types_test.go":    head + "package api\n",
		"stale.go":         head + "//go:build ignore\n\npackage api\n",
		"apitest/fake.go":  head + "package apitest\n",
		"other/ignored.go": head + "package other\n",
	} {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), content)
	}
	files, err := OnDisk(dir, "apitest", "missing")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	if want := []string{"types.go", "apitest/fake.go"}; !slices.Equal(names, want) {
		t.Errorf("OnDisk read %v, want %v", names, want)
	}
}

// TestVerdict: what breaks comes first and is listed, at most five lines.
func TestVerdict(t *testing.T) {
	var cs []GoChange
	for i := range 7 {
		cs = append(cs, GoChange{Ident: fmt.Sprintf("T%d", i), Message: "removed"})
	}
	cs = append(cs, GoChange{Package: "apitest", Ident: "Fake.X", Message: "added", Compatible: true})
	got := strings.Join(Verdict(cs), "\n")
	for _, want := range []string{"the change breaks callers: 7 incompatible", "  T4: removed", "and 2 more"} {
		if !strings.Contains(got, want) {
			t.Errorf("verdict %q does not say %q", got, want)
		}
	}
	if got := Verdict(cs[7:]); len(got) != 1 || !strings.Contains(got[0], "compatible (1 addition(s))") {
		t.Errorf("additions only: %q", got)
	}
	if got := Verdict(nil); !strings.Contains(got[0], "leaves the Go API as it is") {
		t.Errorf("no change: %q", got)
	}
}
