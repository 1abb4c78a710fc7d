package generator_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/emit"
	"github.com/bpgen/bpgen/generator/load"
)

// TestValidationComesFirst checks what the user is told when validation,
// which runs beside emit, and the model both find problems: the model saw
// the document unvalidated, so validation's located errors explain it and
// are the ones reported; without them the model's error is.
func TestValidationComesFirst(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: T, version: "1"}
x-bpgen: {query: {objectNotation: slashes}}
paths:
  /a:
    get:
      operationId: getA
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/N'}}}}}
components:
  schemas:
    N: {type: number%s}
`
	for _, tc := range []struct {
		name, extra, want string
		line              int
	}{
		{"both", ", multipleOf: -2", "multipleOf must be greater than zero", 11},
		{"model only", "", `must be "brackets" or "dots"`, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := filepath.Join(t.TempDir(), "api.yaml")
			if err := os.WriteFile(spec, []byte(strings.Replace(doc, "%s", tc.extra, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			files, _, _, err := generator.Generate(context.Background(), generator.Config{Spec: spec, Package: "api", Parts: &emit.Parts{}})
			var lerr *load.Error
			if !errors.As(err, &lerr) || len(lerr.Problems) != 1 {
				t.Fatalf("got %d files and error %v, want one problem", len(files), err)
			}
			if p := lerr.Problems[0]; !strings.Contains(p.Message, tc.want) || p.Line != tc.line {
				t.Errorf("problem %+v, want %q at line %d", p, tc.want, tc.line)
			}
		})
	}
}
