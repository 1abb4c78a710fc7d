// Package synth builds large synthetic OpenAPI documents for the scale tests
// and for the bench-compare tool, so that both measure the same document.
package synth

import (
	"encoding/json"
	"fmt"
)

// Spec builds an OpenAPI 3.1 document with the given number of paths and
// component schemas, in the shapes published documents use: objects with
// constrained scalars, enums, nullable and optional properties, arrays and
// maps of references, allOf extensions, discriminated and plain unions,
// recursion, list operations with query parameters and tokens, CRUD on
// templated paths, and error responses.
func Spec(paths, schemas int) map[string]any {
	comps := map[string]any{}
	ref := func(i int) map[string]any {
		return map[string]any{"$ref": fmt.Sprintf("#/components/schemas/S%d", (i+schemas)%schemas)}
	}
	for i := range schemas {
		comps[fmt.Sprintf("S%d", i)] = schema(i, ref)
	}
	comps["Error"] = map[string]any{"type": "object", "required": []any{"message"}, "properties": map[string]any{
		"message": map[string]any{"type": "string"}, "code": map[string]any{"type": "integer"}}}
	ps := map[string]any{}
	for i := range paths {
		ps[fmt.Sprintf("/r%d/{id}", i)] = item(i, ref)
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

func schema(i int, ref func(int) map[string]any) map[string]any {
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

func item(i int, ref func(int) map[string]any) map[string]any {
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

// JSON is [Spec] encoded as a JSON document.
func JSON(paths, schemas int) ([]byte, error) {
	return json.Marshal(Spec(paths, schemas))
}
