package model

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bpgen/bpgen/generator/load"
)

// TestParamStyleDefaults checks the style and explode OpenAPI gives a
// parameter that says neither: form and exploded in the query and cookies,
// simple and not exploded in paths and headers; an explicit explode wins.
func TestParamStyleDefaults(t *testing.T) {
	api, err := build(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items/{ids}:
    get:
      operationId: getItems
      parameters:
        - {name: ids, in: path, required: true, schema: {type: array, items: {type: string}}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
        - {name: X-Ids, in: header, schema: {type: array, items: {type: string}}}
        - {name: X-Exploded, in: header, explode: true, schema: {type: array, items: {type: string}}}
        - {name: session, in: cookie, schema: {type: string}}
        - {name: flat, in: query, explode: false, schema: {type: array, items: {type: string}}}
      responses:
        '204': {description: done}
`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		style   Style
		explode bool
	}{
		"ids": {StyleSimple, false}, "tags": {StyleForm, true}, "X-Ids": {StyleSimple, false},
		"X-Exploded": {StyleSimple, true}, "session": {StyleForm, true}, "flat": {StyleForm, false},
	}
	params := api.Operations[0].Params
	if len(params) != len(want) {
		t.Fatalf("%d parameters, want %d", len(params), len(want))
	}
	for _, p := range params {
		if w := want[p.Wire]; p.Style != w.style || p.Explode != w.explode {
			t.Errorf("%s: style %s explode %v, want %s %v", p.Wire, p.Style, p.Explode, w.style, w.explode)
		}
	}
}

// TestReservedHeaderParamsIgnored checks that header parameters named
// Accept, Content-Type or Authorization, in any case, are left out with a
// warning, and that a query parameter of such a name is not.
func TestReservedHeaderParamsIgnored(t *testing.T) {
	api, warnings, err := buildWarnings(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items:
    get:
      operationId: getItems
      parameters:
        - {name: accept, in: header, schema: {type: string}}
        - {name: CONTENT-TYPE, in: header, schema: {type: string}}
        - {name: Authorization, in: header, required: true, schema: {type: string}}
        - {name: accept, in: query, schema: {type: string}}
      responses:
        '204': {description: done}
`)
	if err != nil {
		t.Fatal(err)
	}
	params := api.Operations[0].Params
	if len(params) != 1 || params[0].In != InQuery {
		t.Fatalf("parameters %+v, want only the query one", params)
	}
	if len(warnings) != 3 {
		t.Errorf("warnings %v, want 3", warnings)
	}
}

// TestAdjacentPathParamsWarn checks that a path segment with two parameters
// and nothing between them warns, naming both, and that one with a literal
// between them does not.
func TestAdjacentPathParamsWarn(t *testing.T) {
	_, warnings, err := buildWarnings(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /root/{a}{b}:
    get:
      operationId: getAB
      parameters:
        - {name: a, in: path, required: true, schema: {type: string}}
        - {name: b, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: done}
  /files/{name}.{ext}:
    get:
      operationId: getFile
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
        - {name: ext, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: done}
`)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0].Message, "puts {b} right after {a}") || warnings[0].Pointer != "/paths/~1root~1{a}{b}/get" {
		t.Errorf("warnings %v, want one about {a}{b}", warnings)
	}
}

// TestUntemplatedPathParamDropped checks that a path parameter the template
// does not hold is left out of the input, with a warning naming it.
func TestUntemplatedPathParamDropped(t *testing.T) {
	api, warnings, err := buildWarnings(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /tables/{table}:
    get:
      operationId: getTable
      parameters:
        - {name: table, in: path, required: true, schema: {type: string}}
        - {name: schema, in: path, required: true, schema: {type: string}}
        - {name: schema, in: query, schema: {type: string}}
      responses:
        '204': {description: done}
`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range api.Operations[0].Input.Fields {
		got = append(got, f.Name+":"+string(f.Params.In))
	}
	if strings.Join(got, ",") != "Table:path,Schema:query" {
		t.Errorf("input fields %v, want the table path parameter and the schema query parameter", got)
	}
	if !slices.ContainsFunc(warnings, func(d load.Diagnostic) bool {
		return strings.Contains(d.Message, `path parameter "schema" is not in the path "/tables/{table}"`)
	}) {
		t.Errorf("warnings %v, want one about the schema path parameter", warnings)
	}
}

// TestExplodedObjectSiblings checks that an exploded form object that keeps
// undeclared properties knows the other query parameters, whose keys are not
// its own, and that one whose properties are all declared, or that is under
// its own key, does not.
func TestExplodedObjectSiblings(t *testing.T) {
	api, warnings, err := buildWarnings(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: extra, in: query, schema: {type: object, properties: {a: {type: string}}, additionalProperties: {type: string}}}
        - {name: free, in: query, schema: {type: object}}
        - {name: deep, in: query, style: deepObject, schema: {type: object, additionalProperties: {type: string}}}
        - {name: plain, in: query, schema: {type: object, properties: {a: {type: string}}}}
        - {name: odd, in: query, schema: {type: object, properties: {"a,b": {type: string}}}}
        - {name: limit, in: query, schema: {type: integer}}
        - {name: X-Trace, in: header, schema: {type: string}}
      responses:
        '204': {description: done}
`)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings %v, want none: every part is sent", warnings)
	}
	got := map[string][]string{}
	for _, p := range api.Operations[0].Params {
		got[p.Wire] = p.Siblings
	}
	others := func(self string) []string {
		return slices.DeleteFunc([]string{"extra", "free", "deep", "plain", "odd", "limit"}, func(s string) bool { return s == self })
	}
	want := map[string][]string{"extra": others("extra"), "free": others("free"), "deep": nil, "plain": nil, "odd": nil, "limit": nil, "X-Trace": nil}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("siblings %v, want %v", got, want)
	}
}

// TestGetRequestBodyWarns checks that a GET operation's requestBody is
// kept, with a warning at it, and that a DELETE's is kept without one.
func TestGetRequestBodyWarns(t *testing.T) {
	api, warnings, err := buildWarnings(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items:
    get:
      operationId: getItems
      requestBody: {content: {application/json: {schema: {type: object, properties: {id: {type: integer}}}}}}
      responses:
        '204': {description: done}
    delete:
      operationId: deleteItems
      requestBody: {content: {application/json: {schema: {type: object, properties: {id: {type: integer}}}}}}
      responses:
        '204': {description: done}
`)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range api.Operations {
		if op.Body == nil {
			t.Errorf("%s: no body", op.Method)
		}
	}
	if len(warnings) != 1 || warnings[0].Pointer != "/paths/~1items/get/requestBody" || !strings.Contains(warnings[0].Message, "a GET request body no meaning") {
		t.Errorf("warnings %v, want one at the GET requestBody", warnings)
	}
}

// TestPathShapeWarns checks the one warning each odd path gives: a '#' (how
// tools that join documents mark a second /health), a parameter the
// template holds twice, and a path item with no operation (a $ref that leads
// back to itself resolves to an empty one), which would otherwise vanish.
func TestPathShapeWarns(t *testing.T) {
	const head = "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n"
	const op = "get: {operationId: op, responses: {'204': {description: ok}}}"
	for _, c := range []struct{ name, paths, want string }{
		{"fragment", "  /health: {" + op + "}\n  /health#second:\n    get: {operationId: second, responses: {'204': {description: ok}}}\n", "requests go to /health,"},
		{"parameter twice", "  /users/{id}/issues/{id}:\n    get:\n      operationId: op\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: ok}}\n", "holds {id} twice"},
		{"no operations", "  /a:\n    parameters: [{name: q, in: query, schema: {type: string}}]\n  /b: {" + op + "}\n", `path "/a" has no operations`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, warnings, err := buildWarnings(t, head+c.paths)
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) != 1 || !strings.Contains(warnings[0].Message, c.want) {
				t.Errorf("warnings %v, want one saying %q", warnings, c.want)
			}
		})
	}
}

// TestParamUnions checks which unions a parameter reads as one type: a
// string when a plain string variant admits any text, the array when the
// other variant is its item; the others stay strings with a warning.
func TestParamUnions(t *testing.T) {
	api, err := build(t, `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - {name: id, in: query, schema: {anyOf: [{type: integer}, {type: string, enum: [x]}, {type: string}]}}
        - {name: ids, in: query, schema: {oneOf: [{type: integer}, {type: array, items: {type: integer}}]}}
        - {name: pair, in: query, schema: {oneOf: [{type: string}, {type: array, minItems: 2, items: {type: string}}]}}
        - {name: nullable, in: query, schema: {oneOf: [{type: string}, {type: [integer, "null"]}]}}
        - {name: formatted, in: query, schema: {oneOf: [{type: string, format: date}, {type: array, items: {type: string}}]}}
        - {name: numbers, in: query, schema: {oneOf: [{type: integer}, {type: number}]}}
      responses:
        '204': {description: done}
`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"id": "string", "ids": "[]int64", "pair": "string", "nullable": "string", "formatted": "string", "numbers": "string"}
	for _, p := range api.Operations[0].Params {
		ref := p.Field.Type
		for ref.Kind == RefPtr || ref.Kind == RefNullable {
			ref = ref.Elem
		}
		got := ref.Name
		if ref.Kind == RefSlice {
			got = "[]" + ref.Elem.Name
		}
		if got != want[p.Wire] {
			t.Errorf("%s is %s, want %s", p.Wire, got, want[p.Wire])
		}
	}
}
