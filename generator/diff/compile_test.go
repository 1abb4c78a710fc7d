package diff

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/emit"
)

// TestEditsCompile checks the Go half of each classification against the
// compiler: each edit's caller, written against the SDK of the base spec,
// compiles against it and against the edited spec's SDK unless the edit is
// incompatible. Every SDK and caller goes into one temporary module built
// by one go build, whose errors are attributed by package.
func TestEditsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module of 70 packages; skipped with -short")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	base, dir := readBase(t), t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module difftest\n\ngo 1.26\n")
	sdks := map[string]string{} // generated files -> the directory holding them
	apiOf := func(e edit, spec, want string) string {
		files := generateFiles(t, spec, configFor(e))
		if d, ok := sdks[key(files)]; ok {
			return d // the same SDK (a constraint the client does not check): built once
		}
		writeSDK(t, dir, want, files)
		sdks[key(files)] = want
		return want
	}
	bases := map[bool]string{false: apiOf(edit{}, base, "base"), true: apiOf(edit{server: true}, base, "baseserver")}
	newAPI := make([]string, len(edits))
	for i, e := range edits {
		d := editDir(i)
		newAPI[i] = apiOf(e, specOf(t, base, e), d)
		writeCaller(t, dir, d+"/oldcaller", "difftest/"+bases[e.server]+"/api", e.caller)
		writeCaller(t, dir, d+"/caller", "difftest/"+newAPI[i]+"/api", e.caller)
	}
	// -N -l: compiling without optimization is what takes the time here,
	// and only whether it compiles matters.
	cmd := exec.Command(gobin, "build", "-gcflags=-N -l", "-o", os.DevNull, "./...")
	cmd.Dir = dir
	out, _ := cmd.CombinedOutput()
	failed := failedPackages(string(out))
	for _, b := range bases {
		if msg, ok := failed["difftest/"+b+"/api"]; ok {
			t.Fatalf("the base SDK does not compile:\n%s", msg)
		}
	}
	for i, e := range edits {
		d := "difftest/" + editDir(i)
		if msg, ok := failed["difftest/"+newAPI[i]+"/api"]; ok {
			t.Errorf("%s: the edited SDK does not compile:\n%s", e.name, msg)
			continue
		}
		if msg, ok := failed[d+"/oldcaller"]; ok {
			t.Errorf("%s: the caller does not compile against the base SDK:\n%s", e.name, msg)
			continue
		}
		_, broke := failed[d+"/caller"]
		if incompatible := len(e.want) > 0 && e.want[0] == Incompatible; broke != incompatible {
			t.Errorf("%s: caller compiles against the new SDK: %v, want %v (classified %v)\n%s", e.name, !broke, !incompatible, e.want, failed[d+"/caller"])
		}
	}
}

func editDir(i int) string { return fmt.Sprintf("e%02d", i) }

// generateFiles generates spec in memory.
func generateFiles(t *testing.T, spec string, cfg generator.Config) []emit.File {
	t.Helper()
	specFile := filepath.Join(t.TempDir(), "spec.yaml")
	writeFile(t, specFile, spec)
	cfg.Spec = specFile
	files, _, _, err := generator.Generate(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// key is files' names and contents as one string.
func key(files []emit.File) string {
	var b strings.Builder
	for _, f := range files {
		fmt.Fprintf(&b, "-- %s --\n%s", f.Name, f.Content)
	}
	return b.String()
}

// writeSDK writes files into dir/sub/api.
func writeSDK(t *testing.T, dir, sub string, files []emit.File) {
	t.Helper()
	for _, f := range files {
		writeFile(t, filepath.Join(dir, sub, "api", filepath.FromSlash(f.Name)), string(f.Content))
	}
}

func writeCaller(t *testing.T, dir, sub, importPath, decls string) {
	t.Helper()
	src := fmt.Sprintf("package caller\n\nimport (\n\t\"context\"\n\n\tapi %q\n)\n\nvar _ context.Context\n\n%s\n", importPath, decls)
	writeFile(t, filepath.Join(dir, sub, "caller.go"), src)
}

// failedPackages reads go build's output: each "# path" line starts the
// errors of a package.
func failedPackages(out string) map[string]string {
	failed := map[string]string{}
	pkg := ""
	for _, line := range strings.Split(out, "\n") {
		if p, ok := strings.CutPrefix(line, "# "); ok {
			pkg = p
			failed[pkg] = ""
			continue
		}
		if pkg != "" && line != "" {
			failed[pkg] += line + "\n"
		}
	}
	return failed
}
