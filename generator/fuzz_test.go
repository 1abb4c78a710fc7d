package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// FuzzGenerate feeds arbitrary documents to the whole pipeline: a spec is
// untrusted input, so bpgen must answer with files or an error, never a
// panic. The golden specs are the seed corpus.
func FuzzGenerate(f *testing.F) {
	paths, _ := filepath.Glob("testdata/golden/*.txtar")
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if file.Name == "spec.yaml" || file.Name == "spec.json" {
				f.Add(string(file.Data))
			}
		}
	}
	f.Add("openapi: 3.1.0\npaths: {/a: {get: {responses: {}}}}\n")
	f.Add("{}")
	// JSON documents too: the loader reads both, and JSON escapes carry any text.
	f.Add(`{"openapi":"3.0.3","info":{"title":"T\u2028*/","version":"1"},"paths":{"/a/{id}":{"get":{"operationId":"getA",` +
		`"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],` +
		`"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object",` +
		`"properties":{"a,b":{"type":"string"},"n":{"type":"integer","enum":[1,1]}}}}}}}}}}}`)
	// Documents the loader must locate problems in from their source: a null
	// where an object belongs, a cycle of $refs, a $ref written with escapes.
	f.Add("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      parameters: [~, {name: q, in: query, schema: {}, content: {}}]\n" +
		"      responses: {'200': null}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n")
	f.Add(`{"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"$ref":"#/\u0000"}}}}},"components":{"headers":{"H":null}}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		if strings.Contains(doc, "$ref") && (strings.Contains(doc, "http:") || strings.Contains(doc, "https:")) {
			t.Skip("no network in tests")
		}
		dir := t.TempDir()
		spec := filepath.Join(dir, "spec.yaml")
		if err := os.WriteFile(spec, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		files, err := generateWithin(t, spec, "api", 20*time.Second)
		if err == nil && len(files) == 0 {
			t.Fatal("no error and no files")
		}
	})
}
