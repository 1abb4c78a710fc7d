package diff

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/emit"
)

// configFor is the generation an edit is compared under: the client, and
// the server when the edit asks for it.
func configFor(e edit) generator.Config {
	return generator.Config{Package: "api", Parts: &emit.Parts{Server: e.server}}
}

// runEdit writes the base spec and the edited one into dir and diffs them.
func runEdit(t *testing.T, dir, base string, e edit) *Report {
	t.Helper()
	oldSpec, newSpec := filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")
	writeFile(t, oldSpec, base)
	writeFile(t, newSpec, specOf(t, base, e))
	rep, err := Run(context.Background(), Options{Old: oldSpec, New: newSpec, Config: configFor(e)})
	if err != nil {
		t.Fatalf("%s: %v", e.name, err)
	}
	return rep
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// kinds lists the kinds of r's changes in report order, without repeats.
func kinds(r *Report) []Kind {
	var out []Kind
	for _, c := range r.Changes {
		if len(out) == 0 || out[len(out)-1] != c.Kind {
			out = append(out, c.Kind)
		}
	}
	return out
}

// TestEdits checks the classification of each edit of the table: the kinds
// of changes reported, one message, and the semver suggestion that follows.
func TestEdits(t *testing.T) {
	if len(edits) < 25 {
		t.Fatalf("%d edits; the table must have at least 25", len(edits))
	}
	base := readBase(t)
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			rep := runEdit(t, t.TempDir(), base, e)
			got := kinds(rep)
			if !slices.Equal(got, e.want) || !mentions(rep, e.say) {
				var b strings.Builder
				rep.Text(&b)
				t.Errorf("kinds %v, want %v, saying %q; report:\n%s", got, e.want, e.say, b.String())
			}
			if want := wantSemver(e.want); rep.Semver != want {
				t.Errorf("semver %s, want %s", rep.Semver, want)
			}
			for _, c := range rep.Changes {
				if c.File == "" || (c.Source == "spec" && c.Pointer == "") {
					t.Errorf("change %+v is not located", c)
				}
			}
		})
	}
}

func mentions(r *Report, s string) bool {
	return s == "" || slices.ContainsFunc(r.Changes, func(c Change) bool {
		return strings.Contains(c.Message, s) || strings.Contains(c.Ident, s)
	})
}

func wantSemver(kinds []Kind) string {
	switch {
	case slices.Contains(kinds, Incompatible) || slices.Contains(kinds, Runtime):
		return "major"
	case len(kinds) > 0:
		return "minor"
	}
	return "patch"
}
