package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
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

// TestExitCodes checks the exit status of usage errors and of a refused
// overwrite, which scripts cannot see (they only tell success from failure).
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(spec, []byte("openapi: 3.1.0\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {description: ok}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	for _, c := range []struct {
		args []string
		code int
		say  string
	}{
		{[]string{"-h"}, exitOK, ""},
		{[]string{"-spec", spec, "-out", out, "-package", "api", "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"-spec", spec, "-out", out, "-package", "my-api"}, exitUsage, `"my-api" is not a valid`},
		{[]string{"-spec", spec, "-out", out}, exitUsage, "missing -package"},
		{[]string{"-generate", "test", "-spec", spec, "-out", out, "-package", "api"}, exitUsage, "test needs server"},
		{[]string{"-spec", spec, "-out", out, "-package", "api"}, exitOK, ""},
	} {
		var stdout, stderr strings.Builder
		if got := run(context.Background(), c.args, &stdout, &stderr); got != c.code || !strings.Contains(stderr.String(), c.say) {
			t.Errorf("bpgen %v: exit %d, stderr %q; want exit %d saying %q", c.args, got, stderr.String(), c.code, c.say)
		}
		if c.args[0] == "-h" && (stdout.Len() == 0 || stderr.Len() != 0) {
			t.Errorf("-h: usage must go to stdout only; stdout %q, stderr %q", stdout.String(), stderr.String())
		}
	}
	if err := os.WriteFile(filepath.Join(out, "client.go"), []byte("package api\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if got := run(context.Background(), []string{"-spec", spec, "-out", out, "-package", "api"}, &stdout, &stderr); got != exitFailed || !strings.Contains(stderr.String(), "client.go") {
		t.Errorf("hand-written client.go: exit %d, stderr %q; want exit 3 naming it", got, stderr.String())
	}
	if data, _ := os.ReadFile(filepath.Join(out, "client.go")); string(data) != "package api\n" {
		t.Errorf("hand-written client.go was overwritten")
	}
}
