package generator_test

import (
	"os"
	"testing"

	"github.com/bpgen/bpgen/generator/internal/fastfmt"
)

// TestMain checks, in every generation the tests run, that the fast
// formatter gives what go/format gives.
func TestMain(m *testing.M) {
	fastfmt.Verify = true
	os.Exit(m.Run())
}
