package model

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpgen/bpgen/generator/load"
)

// build loads spec text and builds its model.
func build(t *testing.T, spec string) (*API, error) {
	t.Helper()
	api, _, err := buildWarnings(t, spec)
	return api, err
}

// buildWarnings builds the model of spec and returns its warnings too.
func buildWarnings(t *testing.T, spec string) (*API, []load.Diagnostic, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(p, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := load.Load(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return Build(doc, Options{Package: "api"})
}

func listSpec(ext, param, response string) string {
	return `openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
` + ext + `      parameters:
` + param + `      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
` + response
}

const (
	tokenParam   = "        - {name: nextToken, in: query, schema: {type: string}}\n"
	pageResponse = `                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  meta: {type: object, properties: {nextToken: {type: string}}}
`
	twoArrays = `                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  others: {type: array, items: {type: integer}}
                  meta: {type: object, properties: {nextToken: {type: string}}}
`
)

func TestPaginationRule(t *testing.T) {
	tests := []struct {
		name, ext, param, response string
		want                       string // items JSON name, "" for not paginated
		fail                       string
	}{
		{"default rule", "", tokenParam, pageResponse, "items", ""},
		{"no token parameter", "", "        - {name: page, in: query, schema: {type: string}}\n", pageResponse, "", ""},
		{"required token", "", "        - {name: nextToken, in: query, required: true, schema: {type: string}}\n", pageResponse, "", ""},
		{"two arrays are ambiguous", "", tokenParam, twoArrays, "", ""},
		{"the spec names the items", "      x-bpgen-pagination: {items: others}\n", tokenParam, twoArrays, "others", ""},
		{"opted out", "      x-bpgen-pagination: false\n", tokenParam, pageResponse, "", ""},
		{"named items missing", "      x-bpgen-pagination: {items: nope}\n", tokenParam, twoArrays, "", "no array field \"nope\""},
		{"token path override", "      x-bpgen-pagination: {tokenPath: next}\n", tokenParam,
			"                type: object\n                properties:\n                  items: {type: array, items: {type: string}}\n                  next: {type: string}\n", "items", ""},
		{"bad token path", "      x-bpgen-pagination: {tokenPath: meta.nope}\n", tokenParam, pageResponse, "", "no string field at \"meta.nope\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api, err := build(t, listSpec(tt.ext, tt.param, tt.response))
			if tt.fail != "" {
				if err == nil || !strings.Contains(err.Error(), tt.fail) || !strings.Contains(err.Error(), "/paths/~1items/get/x-bpgen-pagination") {
					t.Fatalf("err = %v, want %q at the extension's pointer", err, tt.fail)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p := api.Operations[0].Pager
			switch {
			case tt.want == "" && p != nil:
				t.Errorf("paginated over %s, want not paginated", p.Items.JSON)
			case tt.want != "" && (p == nil || p.Items.JSON != tt.want):
				t.Errorf("pager = %+v, want items %q", p, tt.want)
			case p != nil && p.Method != "ListItemsPager":
				t.Errorf("pager method %q", p.Method)
			}
		})
	}
}
