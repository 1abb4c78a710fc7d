package generator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/bpgen/bpgen/generator"
)

// synthSpec builds an OpenAPI 3.1 document with the given number of paths and
// component schemas, in the shapes published documents use: objects with
// constrained scalars, enums, nullable and optional properties, arrays and
// maps of references, allOf extensions, discriminated and plain unions,
// recursion, list operations with query parameters and tokens, CRUD on
// templated paths, and error responses.
func synthSpec(paths, schemas int) map[string]any {
	comps := map[string]any{}
	ref := func(i int) map[string]any {
		return map[string]any{"$ref": fmt.Sprintf("#/components/schemas/S%d", (i+schemas)%schemas)}
	}
	for i := range schemas {
		comps[fmt.Sprintf("S%d", i)] = synthSchema(i, ref)
	}
	comps["Error"] = map[string]any{"type": "object", "required": []any{"message"}, "properties": map[string]any{
		"message": map[string]any{"type": "string"}, "code": map[string]any{"type": "integer"}}}
	ps := map[string]any{}
	for i := range paths {
		ps[fmt.Sprintf("/r%d/{id}", i)] = synthItem(i, ref)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info":    map[string]any{"title": "Synthetic", "version": "1"},
		"servers": []any{map[string]any{"url": "https://api.example.com"}},
		"paths":   ps,
		"components": map[string]any{
			"schemas":         comps,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
		},
		"security": []any{map[string]any{"bearer": []any{}}},
	}
}

func synthSchema(i int, ref func(int) map[string]any) map[string]any {
	props := map[string]any{
		"id":      map[string]any{"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-z0-9_]+$"},
		"count":   map[string]any{"type": "integer", "minimum": 0, "maximum": 1000},
		"ratio":   map[string]any{"type": "number", "format": "float"},
		"active":  map[string]any{"type": "boolean"},
		"created": map[string]any{"type": "string", "format": "date-time"},
		"state":   map[string]any{"type": "string", "enum": []any{"new", "open", "closed", fmt.Sprintf("s%d", i%7)}},
		"note":    map[string]any{"type": []any{"string", "null"}},
		"tags":    map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
		"next":    ref(i + 1),
		"list":    map[string]any{"type": "array", "items": ref(i + 2)},
		"byKey":   map[string]any{"type": "object", "additionalProperties": ref(i + 3)},
		"inline":  map[string]any{"type": "object", "properties": map[string]any{"a": map[string]any{"type": "string"}, "b": map[string]any{"type": "array", "items": map[string]any{"type": "integer"}}}},
	}
	s := map[string]any{"type": "object", "description": fmt.Sprintf("Schema %d.", i), "required": []any{"id", "state"}, "properties": props}
	switch i % 10 {
	case 3:
		return map[string]any{"allOf": []any{ref(i - 1), s}}
	case 5:
		return map[string]any{"oneOf": []any{ref(i - 1), ref(i - 2)}}
	case 7:
		props["self"] = ref(i)
		s["required"] = []any{"id", "state", "self"}
	}
	return s
}

func synthItem(i int, ref func(int) map[string]any) map[string]any {
	body := func(r map[string]any) map[string]any {
		return map[string]any{"application/json": map[string]any{"schema": r}}
	}
	errs := map[string]any{"description": "error", "content": body(map[string]any{"$ref": "#/components/schemas/Error"})}
	idParam := map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "string"}}
	list := map[string]any{"type": "object", "properties": map[string]any{
		"items": map[string]any{"type": "array", "items": ref(i)},
		"meta":  map[string]any{"type": "object", "properties": map[string]any{"nextToken": map[string]any{"type": "string"}}},
	}}
	return map[string]any{
		"parameters": []any{idParam},
		"get": map[string]any{
			"operationId": fmt.Sprintf("list%d", i), "description": fmt.Sprintf("Lists the items of resource %d.", i),
			"parameters": []any{
				map[string]any{"name": "nextToken", "in": "query", "schema": map[string]any{"type": "string"}},
				map[string]any{"name": "limit", "in": "query", "schema": map[string]any{"type": "integer", "maximum": 100}},
				map[string]any{"name": "tags", "in": "query", "style": "deepObject", "schema": map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}}},
			},
			"responses": map[string]any{"200": map[string]any{"description": "ok", "content": body(list)}, "default": errs},
		},
		"put": map[string]any{
			"operationId": fmt.Sprintf("update%d", i),
			"requestBody": map[string]any{"required": true, "content": body(ref(i))},
			"responses":   map[string]any{"200": map[string]any{"description": "ok", "content": body(ref(i + 1))}, "404": errs},
		},
		"delete": map[string]any{
			"operationId": fmt.Sprintf("delete%d", i),
			"responses":   map[string]any{"204": map[string]any{"description": "gone"}, "4XX": errs},
		},
	}
}

func writeSynthSpec(tb testing.TB, paths, schemas int) string {
	tb.Helper()
	data, err := json.Marshal(synthSpec(paths, schemas))
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "synthetic.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// TestLargeDocumentBuilds generates a document of 800 paths (2,400
// operations) and 2,000 schemas and builds and vets the package.
func TestLargeDocumentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large package")
	}
	spec := writeSynthSpec(t, 800, 2000)
	dir := t.TempDir()
	res, err := generator.Run(context.Background(), generator.Config{Spec: spec, Out: filepath.Join(dir, "api"), Package: "api", ImportPath: "inert.test/api"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Operations != 2400 || res.Types < 2000 {
		t.Fatalf("generated %d operations and %d types", res.Operations, res.Types)
	}
	buildAndVet(t, dir)
}

// BenchmarkGenerateLarge compares full generation of the synthetic document
// with loading it alone, in the same run.
func BenchmarkGenerateLarge(b *testing.B) {
	benchLoadVsGenerate(b, writeSynthSpec(b, 800, 2000), "api")
}
