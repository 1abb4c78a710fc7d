package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/model"
)

// TestNamesStable adds unrelated operations (sorting before and after the
// existing ones, with inline types of their own) to a spec and checks that
// every existing Go name survives unchanged.
func TestNamesStable(t *testing.T) {
	base, err := os.ReadFile("../spec/botpress.yaml")
	if err != nil {
		t.Fatal(err)
	}
	extra := `
  /zz/extra:
    post:
      operationId: aaaExtra
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                meta: {type: object, properties: {kind: {type: string, enum: [a, b]}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  conversation: {type: object, properties: {id: {type: string}}}
  /zz/other:
    get:
      operationId: zzzOther
      responses:
        '200': {description: ok}
`
	doc := string(base)
	i := strings.Index(doc, "\npaths:\n")
	if i < 0 {
		t.Fatal("no paths: section")
	}
	grown := doc[:i+len("\npaths:")] + extra + doc[i+len("\npaths:"):]
	before := names(t, generate(t, doc))
	after := names(t, generate(t, grown))
	for n := range before {
		if !after[n] {
			t.Errorf("name %s disappeared after adding unrelated operations", n)
		}
	}
	if len(after) <= len(before) {
		t.Errorf("the new operations added no names (%d before, %d after)", len(before), len(after))
	}
}

func generate(t *testing.T, doc string) *model.API {
	t.Helper()
	spec := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(spec, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	_, api, _, err := generator.Generate(context.Background(), generator.Config{Spec: spec, Package: "api"})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// names lists every Go name the model decided, qualified by what it is.
func names(t *testing.T, api *model.API) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, ty := range api.Types {
		out["type "+ty.Name] = true
		for _, f := range ty.Fields {
			out["field "+ty.Name+"."+f.Name] = true
		}
		if ty.Enum != nil {
			for _, v := range ty.Enum.Values {
				out["const "+v.Name] = true
			}
		}
	}
	for _, op := range api.Operations {
		out["method "+op.Name] = true
		if op.Pager != nil {
			out["method "+op.Pager.Method] = true
		}
	}
	return out
}
