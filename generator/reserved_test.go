package generator_test

import (
	"context"
	"encoding/json"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/bpgen/bpgen/generator"
)

// TestGeneratedNamesAreReserved names a component after every top-level
// identifier bpgen generates for the golden specs and the Botpress spec
// (emitted ones and the runtime's alike) and builds the result: a name an
// emitter writes but the namer does not reserve would be declared twice.
func TestGeneratedNamesAreReserved(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a package")
	}
	specs := []string{"../spec/botpress.yaml"}
	for _, c := range goldenCases(t) {
		if _, files := c.generate(t); files != nil {
			specs = append(specs, c.spec())
		}
	}
	names := map[string]bool{}
	for _, spec := range specs {
		files, _, _, err := generator.Generate(context.Background(), generator.Config{Spec: spec, Package: "api"})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			for _, n := range topLevelNames(t, f.Name, f.Content) {
				names[n] = true
			}
		}
	}
	schemas := map[string]any{}
	for n := range names {
		schemas[n] = map[string]any{"type": "string"}
	}
	spec := map[string]any{
		"openapi": "3.1.0", "info": map[string]any{"title": "Reserved", "version": "1"},
		"paths": map[string]any{"/a": map[string]any{"get": map[string]any{"operationId": "getA",
			"responses": map[string]any{"200": map[string]any{"description": "ok"}}}}},
		"components": map[string]any{"schemas": schemas},
	}
	data, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "spec.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Run(context.Background(), generator.Config{Spec: path, Out: filepath.Join(dir, "mod", "api"), Package: "api", ImportPath: "inert.test/api"}); err != nil {
		t.Fatal(err)
	}
	buildAndVet(t, filepath.Join(dir, "mod"))
	t.Logf("%d generated names reserved", len(names))
}

var asciiName = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// topLevelNames lists the exported names a file declares at package level.
func topLevelNames(t *testing.T, name string, src []byte) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	out := generator.TopLevelNames(f)
	// Component names are limited to ASCII letters, digits, ".", "_" and "-".
	return slices.DeleteFunc(out, func(n string) bool { return !token.IsExported(n) || !asciiName.MatchString(n) })
}
