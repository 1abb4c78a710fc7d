package load

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"go.yaml.in/yaml/v4"
)

const head = "openapi: 3.1.0\ninfo: {title: T, version: \"1\"}\n"

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func schemaSpec(schema string) string {
	return head + `paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
` + schema
}

func TestLoadWarningsAndErrors(t *testing.T) {
	tests := []struct {
		name, spec string
		warn, fail string // substrings (warn: one per line); "" means none expected
	}{
		{"valid", schemaSpec("                type: string\n"), "", ""},
		{"unknown format is a warning", schemaSpec("                type: string\n                format: made-up\n"), "format", ""},
		{"an unknown format is placed at the format, in an operation and in a component",
			head + "paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: string, format: made-up-q}}\n      responses: {'200': {description: ok}}\n" +
				"components:\n  schemas:\n    S:\n      type: object\n      properties:\n        n:\n          type: string\n          format: made-up-s\n",
			"spec.yaml:7:55: invalid paths: invalid path /a: invalid operation GET: parameter \"q\" schema is invalid: unsupported 'format' value \"made-up-q\"\n" +
				"spec.yaml:16:11: invalid components: schema \"S\": unsupported 'format' value \"made-up-s\"", ""},
		{"an unknown format in a header component is placed at the format",
			head + "paths: {}\ncomponents:\n  headers:\n    H:\n      schema:\n        type: string\n        format: made-up-h\n",
			`spec.yaml:9:9: invalid components: header "H": header schema is invalid: unsupported 'format' value "made-up-h"`, ""},
		{"a named example's problem keeps the operation it is in, and its place",
			head + "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {n: {type: object}}}\n" +
				"            examples:\n              one: {value: {n: [1]}}\n      responses: {'200': {description: ok}}\n",
			`spec.yaml:11:21: invalid paths: invalid path /a: invalid operation POST: invalid example: example one: validation failed due to: error at "/n"`, ""},
		{"bad example is a warning", schemaSpec("                type: integer\n                example: nope\n"), "example", ""},
		{"a bad type is the model's warning", schemaSpec("                type: strin\n"), "", ""},
		{"a bad parameter location is an error with a line", head + "paths:\n  /a:\n    get:\n      parameters:\n        - {name: x, in: nowhere, schema: {type: string}}\n      responses: {'200': {description: ok}}\n", "", `spec.yaml:7:12: invalid paths: invalid path /a: invalid operation GET: parameter can't have 'in' value "nowhere"`},
		{"missing info title is a warning", "openapi: 3.1.0\ninfo: {version: \"1\"}\npaths: {}\n", "title", ""},
		{"a dangling schema ref is dropped with a warning at the ref", schemaSpec("                $ref: '#/components/schemas/Nope'\n"), `spec.yaml:13:24: $ref "#/components/schemas/Nope" points at nothing; it is dropped: the value is free-form`, ""},
		{"a dangling response ref is dropped with a warning", head + "paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Gone'}\n", `spec.yaml:7:24: $ref "#/components/responses/Gone" points at nothing; it is dropped: the response has no body`, ""},
		{"a dangling parameter ref is dropped with a warning", head + "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Gone'\n      responses: {'200': {description: ok}}\n", `spec.yaml:7:18: $ref "#/components/parameters/Gone" points at nothing; it is dropped: the operation has no such parameter`, ""},
		{"a dangling request body ref is an error at its first use, with the count", head + "paths:\n  /a:\n    post:\n      requestBody: {$ref: '#/components/requestBodies/Gone'}\n      responses: {'200': {description: ok}}\n  /b:\n    post:\n      requestBody: {$ref: \"#/components/requestBodies/Gone\"}\n      responses: {'200': {description: ok}}\n", "",
			`spec.yaml:6:28: $ref "#/components/requestBodies/Gone" points at nothing (reported 2 times)`},
		{"a field of the wrong type is ignored with a warning at its key", head + "tags:\n  - name: a\n    description:\n      $ref: x.md\npaths: {}\n", "spec.yaml:5:5: description is a mapping, not what #/tags/0/description holds: it is ignored", ""},
		{"a scalar field of the wrong type is ignored", schemaSpec("                type: object\n                required: true\n"), "spec.yaml:14:17: required is a boolean, not what #/paths/~1a/get/responses/200/content/application~1json/schema/required holds: it is ignored", ""},
		{"a map entry of the wrong type stays an error, as written", head + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            $ref: x.yaml\n", "", "cannot construct !!str `x.yaml` into openapi3.MediaType in /paths/~1a/get/responses/200/content/$ref; this $ref stands for a whole map, which OpenAPI does not allow"},
		{"a 3.0 document without paths is a warning", "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\ncomponents: {schemas: {A: {type: string}}}\n", "paths", ""},
		{"an operation without responses is the model's warning", head + "paths:\n  /a:\n    get:\n      responses: {}\n", "", ""},
		{"a request body given as a response is dropped there, not where it is a request body", head + "paths:\n  /a:\n    post:\n      requestBody: {$ref: '#/components/requestBodies/B'}\n      responses:\n        '200': {$ref: '#/components/requestBodies/B'}\n        '201':\n          \"$ref\": \"#/components/requestBodies/B\"\ncomponents:\n  requestBodies:\n    B: {content: {text/plain: {}}}\n",
			`spec.yaml:8:24: $ref "#/components/requestBodies/B" is not a response; it is dropped: the response has no body` + "\n" + `spec.yaml:10:20: $ref "#/components/requestBodies/B" is not a response; it is dropped: the response has no body`, ""},
		{"a response given as a request body is an error at the ref", head + "paths:\n  /a:\n    post:\n      requestBody: {$ref: '#/components/responses/R'}\n      responses: {'200': {description: ok}}\ncomponents:\n  responses:\n    R: {description: r}\n", "",
			`spec.yaml:6:28: $ref "#/components/responses/R" points at the wrong kind of object: expecting ref to requestBody object`},
		{"a syntax error is an error at its line", head + "paths:\n  /a: [\n", "", "spec.yaml:5: the document does not parse: "},
		{"a link without operationId is a warning", head + "paths: {}\ncomponents:\n  links:\n    L: {description: d}\n", "operationRef on link", ""},
		{"a response given as a schema is dropped there", schemaSpec("                $ref: '#/components/responses/R'\n") + "components:\n  responses:\n    R: {description: r}\n",
			`spec.yaml:13:24: $ref "#/components/responses/R" is not a schema; it is dropped: the value is free-form`, ""},
		{"a server without a url is a warning", head + "servers: [{url: ''}]\npaths: {}\n", "invalid servers: value of url must be a non-empty string", ""},
		{"external docs without a url are a warning", head + "paths:\n  /a:\n    get:\n      externalDocs: {description: d}\n      responses: {'200': {description: ok}}\n", "invalid external docs: url is required", ""},
		{"a parameter without a name is the model's warning", head + "paths:\n  /a:\n    get:\n      parameters: [{name: '', in: query, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n", "", ""},
		{"a component name outside the charset is a warning", "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\ncomponents: {schemas: {\"Int_exp!\": {type: string}}}\n", "not supported by OpenAPIv3 standard", ""},
		{"components.pathItems is OpenAPI 3.1's, not an extra field", "openapi: 3.1.0\ninfo: {title: T, version: \"1\"}\npaths:\n  /a: {$ref: '#/components/pathItems/A'}\ncomponents:\n  pathItems:\n    A: {get: {responses: {'200': {description: ok}}}}\n", "", ""},
		{"components.pathItems in a 3.0 document is an extra field", "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  /a: {$ref: '#/components/pathItems/A'}\ncomponents:\n  pathItems:\n    A: {get: {responses: {'200': {description: ok}}}}\n", "extra sibling fields: [pathItems]", ""},
		{"a 3.2 field in a 3.1 document is a warning", "openapi: 3.1.0\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    query: {responses: {'200': {description: ok}}}\n", "is for OpenAPI >=3.2", ""},
		{"a $ref to a schema's $id is an error at the ref", "openapi: 3.1.0\ninfo: {title: T, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {$ref: /api/schemas/b}}}\n    B: {$id: /api/schemas/b, type: string}\n", "",
			`spec.yaml:6:46: $ref "/api/schemas/b" is read as a file path, as a $ref to a schema's $id is not resolved`},
		{"missing relative file is an error", schemaSpec("                $ref: './other.yaml#/X'\n"), "", "other.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, t.TempDir(), "spec.yaml", tt.spec)
			doc, err := Load(context.Background(), p)
			if tt.fail != "" {
				var le *Error
				if !errors.As(err, &le) || !strings.Contains(err.Error(), tt.fail) || !strings.Contains(err.Error(), "spec.yaml") {
					t.Fatalf("err = %v, want a *load.Error naming spec.yaml and %q", err, tt.fail)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			var all []string
			for _, w := range doc.Warnings {
				all = append(all, w.String())
			}
			joined := strings.Join(all, "\n")
			switch {
			case tt.warn == "" && len(all) > 0:
				t.Errorf("unexpected warnings:\n%s", joined)
			case tt.warn != "":
				for _, w := range strings.Split(tt.warn, "\n") {
					if !strings.Contains(joined, w) {
						t.Errorf("warnings %q do not mention %q", joined, w)
					}
				}
			}
		})
	}
}

// A document is untrusted: its references must not make bpgen send requests.
func TestLoadRefusesRemoteRefs(t *testing.T) {
	srv, requests := countingServer(t, "X: {type: string}\n")
	p := write(t, t.TempDir(), "spec.yaml", schemaSpec("                $ref: '"+srv.URL+"/x.yaml#/X'\n"))
	_, err := Load(context.Background(), p)
	want := fmt.Sprintf(`spec.yaml:13:24: $ref "%s/x.yaml#/X" cannot be read: remote document "%s/x.yaml": bpgen reads only local files`, srv.URL, srv.URL)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("the loader sent %d requests", n)
	}
}

func TestLoadLocatesBadRefs(t *testing.T) {
	tests := []struct{ name, ref, want string }{
		{"a missing file", "./gone.yaml#/X", `spec.yaml:13:24: $ref "./gone.yaml#/X" cannot be read: open `},
		{"an anchor", "#user", `spec.yaml:13:24: $ref "#user" is not a JSON pointer (#/...)`},
		{"a ref that does not parse", "http://h:${port}/x#/X", `spec.yaml:13:24: $ref "http://h:${port}/x#/X" is not a valid reference: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, t.TempDir(), "spec.yaml", schemaSpec("                $ref: '"+tt.ref+"'\n"))
			if _, err := Load(context.Background(), p); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// An unquoted number where a string belongs (info.version: 1) is read as its
// text, with a warning at its place, in YAML and in JSON.
func TestLoadQuotesScalarsWhereStringsBelong(t *testing.T) {
	tests := []struct{ name, file, src, version, warn string }{
		{"yaml", "spec.yaml", "openapi: 3.1.0\ninfo:\n  title: T\n  version: 1.10 # the minor\npaths: {}\n", "1.10", `spec.yaml:4:12: version is 1.10, not a string: it is read as "1.10"`},
		{"yaml flow", "spec.yaml", "openapi: 3.1.0\ninfo: {title: T, version: 2}\npaths: {}\n", "2", `spec.yaml:2:27: version is 2, not a string`},
		{"json", "spec.json", "{\"openapi\": \"3.1.0\",\n \"info\": {\"title\": \"T\",\n  \"version\": 3},\n \"paths\": {}}\n", "3", `spec.json:3:14: version is 3, not a string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Load(context.Background(), write(t, t.TempDir(), tt.file, tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if doc.T.Info.Version != tt.version {
				t.Errorf("version = %q, want %q", doc.T.Info.Version, tt.version)
			}
			var all []string
			for _, w := range doc.Warnings {
				all = append(all, w.String())
			}
			if joined := strings.Join(all, "\n"); !strings.Contains(joined, tt.warn) {
				t.Errorf("warnings %q do not contain %q", joined, tt.warn)
			}
		})
	}
}

// Every dangling reference is dropped after one report of kin-openapi's, and
// only those: a valid one stays, also beside a component whose name YAML reads
// as a number.
func TestLoadDropsAllDanglingRefsAtOnce(t *testing.T) {
	src := head + `paths:
  /a:
    get:
      parameters: [{$ref: '#/components/parameters/Gone'}, {$ref: '#/components/parameters/Here'}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}}
        '201': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/404'}}}}
        '404': {$ref: '#/components/responses/Gone'}
components:
  parameters:
    Here: {name: here, in: query, schema: {type: string}}
  schemas:
    404: {type: string}
`
	doc, err := Load(context.Background(), write(t, t.TempDir(), "spec.yaml", src))
	if err != nil {
		t.Fatal(err)
	}
	var dropped []string
	for _, w := range doc.Warnings {
		if strings.Contains(w.Message, "it is dropped") {
			dropped = append(dropped, w.Message[:strings.Index(w.Message, " points")])
		}
	}
	want := []string{`$ref "#/components/parameters/Gone"`, `$ref "#/components/schemas/Gone"`, `$ref "#/components/responses/Gone"`}
	if strings.Join(dropped, "; ") != strings.Join(want, "; ") {
		t.Fatalf("dropped %q, want %q", dropped, want)
	}
	if p := doc.T.Paths.Value("/a").Get.Parameters[1]; p.Value == nil || p.Value.Name != "here" {
		t.Fatalf("the valid parameter reference was not kept: %+v", p)
	}
}

func TestLoadTruncatedJSON(t *testing.T) {
	p := write(t, t.TempDir(), "spec.json", "{\"openapi\": \"3.1.0\",\n \"paths\": {\n")
	_, err := Load(context.Background(), p)
	want := "spec.json:3: the document does not parse: did not find expected node content (as JSON: unexpected end of JSON input)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want %q", err, want)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(context.Background(), filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !strings.Contains(err.Error(), "nope.yaml") {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadRelativeRef(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "other.yaml", "X: {type: string}\n")
	p := write(t, dir, "spec.yaml", schemaSpec("                $ref: './other.yaml#/X'\n"))
	if _, err := Load(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}

// kin-openapi resolves a local reference that a chain of references brings
// back into its file against the file the chain went through: the error
// says so, at the reference, instead of calling the target missing.
func TestLoadRefComingBack(t *testing.T) {
	dir := t.TempDir()
	comps := head + "paths: {}\ncomponents:\n  schemas:\n"
	write(t, dir, "b.yaml", comps+"    B:\n      type: object\n      properties:\n        back: {$ref: './a.yaml#/components/schemas/A'}\n")
	union := "    A:\n      oneOf: [{$ref: '#/components/schemas/%s'}]\n      discriminator:\n        propertyName: kind\n        mapping: {own: '#/components/schemas/%[1]s', across: './b.yaml#/components/schemas/B'}\n"
	p := write(t, dir, "a.yaml", comps+fmt.Sprintf(union, "Leaf")+"    Leaf:\n      type: object\n      properties:\n        kind: {type: string}\n")
	_, err := Load(context.Background(), p)
	want := p + `:7:23: $ref "#/components/schemas/Leaf" is not resolved, although this file has its target: kin-openapi reached it through "./b.yaml#/components/schemas/B" and looked for it in ./b.yaml.`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("Load = %v\nwant %s...", err, want)
	}
	// A target that is really missing keeps the plain message.
	p = write(t, dir, "a.yaml", comps+fmt.Sprintf(union, "Gone"))
	if _, err := Load(context.Background(), p); err == nil || !strings.Contains(err.Error(), "points at nothing") {
		t.Errorf("Load = %v, want a reference that points at nothing", err)
	}
}

// A schema that is only a $ref to another that refers back defines nothing:
// kin-openapi calls the reference unresolved, bpgen names the cycle.
func TestLoadRefCycle(t *testing.T) {
	p := write(t, t.TempDir(), "spec.yaml", schemaSpec("                $ref: '#/components/schemas/C'\n")+
		"components:\n  schemas:\n    C: {$ref: '#/components/schemas/A'}\n    A: {$ref: '#/components/schemas/B'}\n    B:\n      $ref: '#/components/schemas/A'\n    D: {$ref: '#/components/schemas/E'}\n    E: {type: string}\n")
	_, err := Load(context.Background(), p)
	want := `$ref "#/components/schemas/C" leads into a cycle of references (#/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A): each object in it is only a $ref to the next, so none is defined`
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "unresolved") {
		t.Fatalf("Load = %v\nwant %s", err, want)
	}
	if strings.Contains(err.Error(), `"D"`) {
		t.Errorf("a chain that ends at a definition is reported: %v", err)
	}
	// An example is no schema: the cycle is a warning, explained the same way.
	p = write(t, t.TempDir(), "spec.yaml", schemaSpec("                type: string\n")+"components:\n  examples:\n    E: {$ref: '#/components/examples/E'}\n")
	doc, err := Load(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(doc.Warnings, func(d Diagnostic) bool {
		return strings.Contains(d.Message, `$ref "#/components/examples/E" leads into a cycle of references (#/components/examples/E -> #/components/examples/E)`)
	}) {
		t.Errorf("warnings %v do not name the cycle", doc.Warnings)
	}
}

// kin-openapi reports a null where an object belongs, a parameter with both
// a schema and a content, and a $ref it cannot parse without a position (or
// with the reference decoded); bpgen finds the place in the source.
func TestLoadLocatesUnplaced(t *testing.T) {
	op := "paths:\n  /a:\n    get:\n%s      responses:\n        '200': %s\n"
	for _, c := range []struct{ name, spec, want string }{
		{"component header", head + fmt.Sprintf(op, "", "{description: ok}") + "components:\n  headers:\n    X: null\n", `spec.yaml:10:8: invalid header: value MUST be an object: it is null`},
		{"operation parameter", head + fmt.Sprintf(op, "      parameters:\n        - ~\n", "{description: ok}"), `spec.yaml:7:11: invalid parameter: value MUST be an object: it is null`},
		{"response", head + fmt.Sprintf(op, "", "null"), `spec.yaml:7:16: invalid response: value MUST be an object: it is null`},
		{"json request body", `{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}, "components": {"requestBodies": {"B": null}}}`,
			`spec.yaml:1:113: invalid requestBody: value MUST be an object: it is null`},
		{"schema and content", head + fmt.Sprintf(op, "      parameters:\n        - {name: q, in: query, schema: {type: string}, content: {application/json: {}}}\n", "{description: ok}"),
			`spec.yaml:7:11: cannot contain both schema and content in a parameter`},
		{"escaped ref", `{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"$ref": "\u0000x"}}}}}}`,
			`spec.yaml:1:118: $ref "\x00x" is not a valid reference: parse "\x00x": net/url: invalid control character in URL`},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := write(t, t.TempDir(), "spec.yaml", c.spec)
			_, err := Load(context.Background(), p)
			if err == nil || strings.TrimPrefix(err.Error(), filepath.Dir(p)+"/") != c.want {
				t.Errorf("Load = %v\nwant %s", err, c.want)
			}
		})
	}
}

// A dropped response reference leaves an object without a description, which
// validation reports at the key holding it, on another line than the $ref in
// block style: the repair's warning is the only one, whatever the style.
func TestDroppedResponseRefWarnsOnce(t *testing.T) {
	for name, response := range map[string]string{
		"dangling, block":    "        '200':\n          $ref: '#/components/responses/Gone'\n",
		"dangling, JSON":     "        \"200\": {\n          \"$ref\": \"#/components/responses/Gone\"\n        }\n",
		"wrong kind, block":  "        '200':\n          $ref: '#/components/requestBodies/B'\n",
		"dangling, flow":     "        '200': {$ref: '#/components/responses/Gone'}\n",
		"wrong kind, JSON":   "        \"200\": {\n          \"$ref\": \"#/components/requestBodies/B\"\n        }\n",
		"wrong kind, nested": "        default:\n          $ref: '#/components/requestBodies/B'\n",
	} {
		t.Run(name, func(t *testing.T) {
			spec := head + "paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n" + response +
				"components:\n  requestBodies:\n    B: {content: {text/plain: {}}}\n"
			doc, err := Load(context.Background(), write(t, t.TempDir(), "spec.yaml", spec))
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Warnings) != 1 || !strings.Contains(doc.Warnings[0].Message, "it is dropped: the response has no body") {
				t.Errorf("warnings %v, want only the repair's", doc.Warnings)
			}
		})
	}
}

// TestResolves checks the lookup that tells a dangling reference from one
// that only points at a place kin-openapi does not resolve: keys as written
// (an integer status code too), escaped pointer tokens and aliases.
func TestResolves(t *testing.T) {
	const doc = `paths:
  /a/{id}:
    get:
      responses:
        200: &ok {description: ok}
x:
  alias: *ok
  "t~k": 1
`
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &root); err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]bool{
		"#/paths/~1a~1{id}/get/responses/200":                    true,
		"#/paths/~1a~1{id}/get/responses/200/description":        true,
		"#/x/alias/description":                                  true,
		"#/x/t~0k":                                               true,
		"#/paths/~1a~1{id}/get/responses/201":                    false,
		"#/paths/~1a~1{id}/get/responses/200/description/deeper": false,
		"#/x/missing":                                            false,
	} {
		if got := resolves(&root, ref); got != want {
			t.Errorf("resolves(%q) = %v, want %v", ref, got, want)
		}
	}
}

// TestLoadInlinesWholeMapRefs checks that a local $ref standing for a whole
// map (content, properties) is read as the map it points at, in block, flow
// and JSON layouts, with a warning at the reference and every later line
// still reported where it is; and that a reference whose target holds it
// stays an error.
func TestLoadInlinesWholeMapRefs(t *testing.T) {
	// B's dangling reference is repaired after the map is inlined, in the
	// source as inlining left it, and reported at its line there: it must
	// be the line as written.
	const contents = "components:\n  x-contents:\n    JSON:\n      application/json:\n        schema: {type: string, format: made-up}\n  schemas:\n    B: {$ref: '#/components/schemas/Nope'}\n"
	for _, tc := range []struct {
		name, spec, warn, later string
	}{
		{"block", head + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            $ref: '#/components/x-contents/JSON'\n" + contents,
			`spec.yaml:10:13: $ref "#/components/x-contents/JSON" stands for the whole content map`, "spec.yaml:17:16:"},
		{"flow", head + "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, content: {$ref: '#/components/x-contents/JSON'}}\n" + contents,
			`spec.yaml:7:44: $ref "#/components/x-contents/JSON" stands for the whole content map`, "spec.yaml:14:16:"},
		{"json", `{"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
"paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
  "$ref": "#/components/x-contents/JSON"
}}}}}},
"components": {"x-contents": {"JSON": {"application/json": {"schema": {"type": "string",
  "format": "made-up"}}}},
  "schemas": {"B": {
    "$ref": "#/components/schemas/Nope"}}}}
`, `spec.yaml:3:3: $ref "#/components/x-contents/JSON" stands for the whole content map`, "spec.yaml:8:14:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Load(context.Background(), write(t, t.TempDir(), "spec.yaml", tc.spec))
			if err != nil {
				t.Fatal(err)
			}
			var warns []string
			for _, w := range doc.Warnings {
				warns = append(warns, w.String())
			}
			all := strings.Join(warns, "\n")
			// The inlined map is validated: its schema's unknown format,
			// placed from the operation that holds it, is not taken for
			// one the repair already reported.
			if !strings.Contains(all, tc.warn) || !laterAt(warns, tc.later) || !strings.Contains(all, `unsupported 'format' value "made-up"`) {
				t.Errorf("warnings:\n%s\nwant %q, and the dangling reference at %q", all, tc.warn, tc.later)
			}
			resp := doc.T.Paths.Value("/a").Get.Responses.Value("200").Value
			if mt := resp.Content.Get("application/json"); mt == nil || mt.Schema == nil || mt.Schema.Value.Format != "made-up" {
				t.Errorf("the response's content is %v, want the map the reference points at", resp.Content)
			}
		})
	}
	t.Run("another file", func(t *testing.T) {
		dir := t.TempDir()
		os.Mkdir(filepath.Join(dir, "parts"), 0o755)
		os.Mkdir(filepath.Join(dir, "schemas"), 0o755)
		write(t, dir, "parts/content.yaml", "application/json:\n  schema: {$ref: '../schemas/pet.yaml'}\ntext/plain:\n  schema: {$ref: '#/Text'}\nText: {type: string}\n")
		write(t, dir, "schemas/pet.yaml", "type: object\nproperties: {name: {type: string}}\n")
		spec := write(t, dir, "spec.yaml", head+"paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            $ref: parts/content.yaml\n")
		doc, err := Load(context.Background(), spec)
		if err != nil {
			t.Fatal(err)
		}
		content := doc.T.Paths.Value("/a").Get.Responses.Value("200").Value.Content
		pet, text := content.Get("application/json"), content.Get("text/plain")
		if pet == nil || pet.Schema.Value.Properties["name"] == nil || text == nil || !text.Schema.Value.Type.Is("string") {
			t.Errorf("content %v, want the file's map with its references resolved from where they were written", content)
		}
	})
	t.Run("alias bomb", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(head + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            $ref: '#/components/x-c/L9'\n")
		b.WriteString("components:\n  x-c:\n    L0: &l0 [a, a, a, a, a, a, a, a, a, a]\n")
		for i := 1; i < 10; i++ {
			fmt.Fprintf(&b, "    L%d: &l%d {", i, i)
			for j := range 10 {
				fmt.Fprintf(&b, "k%d: *l%d, ", j, i-1)
			}
			b.WriteString("z: 0}\n")
		}
		_, err := Load(context.Background(), write(t, t.TempDir(), "spec.yaml", b.String()))
		if err == nil {
			t.Error("a map ten billion items long once expanded was inlined")
		}
	})
	t.Run("self", func(t *testing.T) {
		spec := head + "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        $ref: '#/components/schemas/A'\n"
		_, err := Load(context.Background(), write(t, t.TempDir(), "spec.yaml", spec))
		if err == nil || !strings.Contains(err.Error(), "stands for a whole map") {
			t.Errorf("error %v, want the whole-map $ref refused", err)
		}
	})
}

// laterAt reports whether the warning about B's dangling reference is at the
// place given.
func laterAt(warns []string, at string) bool {
	return slices.ContainsFunc(warns, func(w string) bool { return strings.Contains(w, "Nope") && strings.Contains(w, at) })
}

// TestLoadSwagger2 checks how a Swagger 2.0 document that cannot be
// converted is refused: with what is wrong, and without a request for a
// remote reference; and that a schema in another file is read.
func TestLoadSwagger2(t *testing.T) {
	srv, requests := countingServer(t, "type: string\n")
	const head = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n"
	refTo := func(target string) string {
		return head + "paths:\n  /a:\n    get:\n      responses:\n        200: {description: ok, schema: {$ref: '" + target + "'}}\n"
	}
	for _, c := range []struct{ name, spec, want string }{
		{"a schema in another file", refTo("other.yaml#/definitions/X"), ""},
		{"a schema file", refTo("x.yaml"), ""},
		{"a parameter in another file", head + "paths:\n  /a:\n    get:\n      parameters: [{$ref: 'other.yaml#/parameters/P'}]\n      responses: {200: {description: ok}}\n",
			`refers to "other.yaml#/parameters/P", a part of another file that is not a schema, which its conversion cannot read: bundle the document into one file first`},
		{"a path item in another file", head + "paths:\n  /a: {$ref: 'other.yaml#/paths/~1a'}\n", `refers to "other.yaml#/paths/~1a", a part of another file that is not a schema`},
		{"a remote document", refTo(srv.URL + "/x.yaml"), "bpgen reads only local files, it does not fetch documents"},
		{"not YAML", head + "paths: [\n", "spec.yaml: the Swagger 2.0 document does not parse"},
		{"a field of the wrong type", head + "paths: {/a: {get: {responses: {200: {description: [x]}}}}}\n", "spec.yaml: the Swagger 2.0 document does not parse"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "other.yaml", "definitions:\n  X: {type: string, maxLength: 1000000}\nparameters:\n  P: {name: p, in: query, type: string}\n")
			write(t, dir, "x.yaml", "type: string\n")
			doc, err := Load(context.Background(), write(t, dir, "spec.yaml", c.spec))
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				s := doc.T.Paths.Value("/a").Get.Responses.Value("200").Value.Content.Get("application/json").Schema
				if s == nil || s.Value == nil || !s.Value.Type.Is("string") {
					t.Errorf("the response's schema is %+v, want the other file's string", s)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("the loader sent %d requests", n)
	}
}

// TestLoadSwagger2SortedKeys reads a Swagger 2.0 document written as JSON
// with sorted keys, whose version comes after a long info.
func TestLoadSwagger2SortedKeys(t *testing.T) {
	spec := `{"info": {"description": "` + strings.Repeat("x", 5000) + `", "title": "t", "version": "1"},` +
		`"paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/A"}}}}}},` +
		`"definitions": {"A": {"type": "object", "properties": {"n": {"type": "integer", "default": "x"}}}}, "swagger": "2.0"}`
	doc, err := Load(context.Background(), write(t, t.TempDir(), "spec.json", spec))
	if err != nil {
		t.Fatal(err)
	}
	joined := warningText(doc)
	for _, want := range []string{"spec.json: this is a Swagger 2.0 document", "spec.json#/definitions/A/properties/n: "} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings %q do not mention %q", joined, want)
		}
	}
	if doc.T.Components == nil || doc.T.Components.Schemas["A"] == nil {
		t.Error("the definitions are not the conversion's schemas")
	}
}

// warningText is doc's warnings as the CLI prints them, one per line.
func warningText(doc *Document) string {
	var lines []string
	for _, w := range doc.Warnings {
		lines = append(lines, w.String())
	}
	return strings.Join(lines, "\n")
}

// countingServer serves body to every request, and counts them: a
// document's references must not reach it.
func countingServer(t *testing.T, body string) (*httptest.Server, *atomic.Int32) {
	requests := new(atomic.Int32)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, requests
}
