package diff

import (
	"context"
	"testing"
)

// TestRepoPathStaysInside checks that a REV:path cannot name a file outside
// the repository, however it is written: the path is joined to the directory
// the revision is extracted to.
func TestRepoPathStaysInside(t *testing.T) {
	for _, rel := range []string{"a/../../x", "..", "a/b/../../../x", "/etc/passwd"} {
		if got, err := repoPath(context.Background(), rel); err == nil {
			t.Errorf("repoPath(%q) = %q, want an error", rel, got)
		}
	}
	for rel, want := range map[string]string{"spec/api.yaml": "spec/api.yaml", "a/../spec/x.yaml": "spec/x.yaml"} {
		if got, err := repoPath(context.Background(), rel); err != nil || got != want {
			t.Errorf("repoPath(%q) = %q, %v; want %q", rel, got, err, want)
		}
	}
}
