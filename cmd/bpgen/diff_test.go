package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffExitCodes checks bpgen diff's exit statuses, which scripts cannot
// tell apart: 0 nothing breaks, 1 something does at the -fail-on level, 2
// usage, 3 failure.
func TestDiffExitCodes(t *testing.T) {
	dir := t.TempDir()
	spec := func(name, extra string) string {
		p := filepath.Join(dir, name)
		body := "openapi: 3.1.0\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {description: ok}\n" + extra
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := spec("a.yaml", "")
	b := spec("b.yaml", "  /b:\n    get:\n      operationId: getB\n      responses:\n        '200': {description: ok}\n")
	bad := spec("bad.yaml", "  /c: [\n") // does not parse
	for _, c := range []struct {
		args []string
		code int
		say  string
	}{
		{[]string{"-old", a, "-new", a, "-package", "api"}, exitOK, ""},
		{[]string{"-old", a, "-new", b, "-package", "api", "-generate", "client"}, exitOK, ""},
		{[]string{"-old", a, "-new", b, "-package", "api", "-generate", "client", "-fail-on", "any"}, exitChanged, ""},
		{[]string{"-old", a, "-new", b, "-package", "api"}, exitChanged, ""}, // Server gains a method
		{[]string{"-old", b, "-new", a, "-package", "api", "-fail-on", "incompatible"}, exitChanged, ""},
		{[]string{"-old", a, "-new", bad, "-package", "api"}, exitFailed, "bad.yaml"},
		{[]string{"-old", a, "-new", filepath.Join(dir, "none.yaml"), "-package", "api"}, exitFailed, "none.yaml"},
		{[]string{"-old", a, "-package", "api"}, exitUsage, "required"},
		{[]string{"-old", a, "-new", b, "-package", "my-api"}, exitUsage, "not a valid"},
		{[]string{"-old", a, "-new", b, "-package", "api", "-generate", "test"}, exitUsage, "test needs server"},
		{[]string{"-old", a, "-new", b, "-package", "api", "extra"}, exitUsage, "unexpected argument"},
		{[]string{"-h"}, exitOK, ""},
	} {
		var stdout, stderr strings.Builder
		args := append([]string{"diff"}, c.args...)
		if got := run(context.Background(), args, &stdout, &stderr); got != c.code || !strings.Contains(stderr.String(), c.say) {
			t.Errorf("bpgen %v: exit %d, stderr %q; want exit %d saying %q", args, got, stderr.String(), c.code, c.say)
		}
	}
}
