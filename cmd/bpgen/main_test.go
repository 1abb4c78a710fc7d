package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets scripts run bpgen as a command, in-process built.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"bpgen": func() { os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scenarios in testdata/script: flags, exit codes,
// the summary line, -check, stale-file removal and failure atomicity.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}

// TestDownstream uses bpgen as a downstream module would: a fresh module
// whose go:generate line runs `go run github.com/bpgen/bpgen/cmd/bpgen`
// (replaced by this checkout), then go generate, go build and go vet.
func TestDownstream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module from scratch; skipped with -short")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	_, file, _, _ := runtime.Caller(0)
	root, err := filepath.Abs(filepath.Join(filepath.Dir(file), "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/downstream",
		Setup: func(env *testscript.Env) error {
			env.Setenv("BPGEN_ROOT", root)
			env.Setenv("PATH", filepath.Dir(gobin)+string(os.PathListSeparator)+os.Getenv("PATH"))
			for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY", "GONOSUMDB", "GOPRIVATE", "GOFLAGS", "GOTOOLCHAIN", "GONOSUMCHECK", "GOSUMDB"} {
				if v, ok := os.LookupEnv(k); ok {
					env.Setenv(k, v)
				}
			}
			for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH"} {
				if _, ok := os.LookupEnv(k); !ok {
					out, err := exec.Command(gobin, "env", k).Output()
					if err != nil {
						return err
					}
					env.Setenv(k, string(trimNL(out)))
				}
			}
			return nil
		},
	})
}

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
