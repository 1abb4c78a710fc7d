package diff

import (
	"os"
	"strings"
	"testing"
)

// edit is a change to testdata/base.yaml with what bpgen diff must say of
// it, and a caller written against the SDK of the base spec: it must
// compile against the new SDK exactly when the edit is not incompatible.
type edit struct {
	name string
	// replace holds pairs: old text of base.yaml, new text (each old text
	// occurs exactly once).
	replace []string
	want    []Kind // the kinds of the report's changes, in report order, without repeats
	say     string // a message (or identifier) of the report contains it
	caller  string // top-level Go declarations using package api
	// server generates the server part too (the test subpackage is never
	// generated: it only adds to the time the compile test takes).
	server bool
}

// Callers used by several edits.
const (
	callCreate = `func use(ctx context.Context, c *api.Client) {
	_, _ = c.CreateItem(ctx, &api.CreateItemInput{Name: "n", Note: new("x"), Size: new(int64(2)), Code: new("ab")})
}`
	callList = `func use(ctx context.Context, c *api.Client) {
	for it, err := range c.ListItemsPager(&api.ListItemsInput{Limit: new(int64(10)), Priority: new(api.ListItemsInputPriorityHigh)}).All(ctx) {
		_, _ = it.ID, err
	}
}`
	readItem = `func use(ctx context.Context, c *api.Client) {
	it, err := c.GetItem(ctx, &api.GetItemInput{ID: "i"})
	if err != nil {
		return
	}
	var name string = it.Name
	var price *float64 = it.Price
	switch it.Status {
	case api.StatusActive, api.StatusArchived:
	}
	_, _ = name, price
}`
	serveAll = `type impl struct{}

func (impl) CreateItem(context.Context, *api.CreateItemInput) (*api.CreateItemOutput, error) { return nil, nil }
func (impl) ListItems(context.Context, *api.ListItemsInput) (*api.ListItemsOutput, error) { return nil, nil }
func (impl) GetItem(context.Context, *api.GetItemInput) (*api.GetItemOutput, error) { return nil, nil }
func (impl) DeleteItem(context.Context, *api.DeleteItemInput) (*api.DeleteItemOutput, error) { return nil, nil }

var _ api.Server = impl{}`
	callDelete = `func use(ctx context.Context, c *api.Client) { _, _ = c.DeleteItem(ctx, &api.DeleteItemInput{ID: "i"}) }`
)

const (
	inc = Incompatible
	run = Runtime
	cpt = Compatible
)

var edits = []edit{
	{name: "doc-only", replace: []string{"description: Creates an item.", "description: Creates one item."},
		caller: callCreate},
	{name: "operation-renamed", replace: []string{"operationId: createItem", "operationId: addItem"},
		want: []Kind{inc, cpt}, say: "(*Client).CreateItem", caller: callCreate},
	{name: "operation-removed", replace: []string{"    delete:\n      operationId: deleteItem\n      security: []\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '204':\n          description: Deleted.\n", ""},
		want: []Kind{inc}, say: "(*Client).DeleteItem", caller: callDelete},
	{name: "operation-added-breaks-servers", replace: []string{"  /items/{id}:\n", "  /health:\n    get:\n      operationId: health\n      responses:\n        '204':\n          description: Up.\n  /items/{id}:\n"},
		want: []Kind{inc, cpt}, say: "operation added: GET /health", caller: serveAll, server: true},
	{name: "operation-added-client", replace: []string{"  /items/{id}:\n", "  /health:\n    get:\n      operationId: health\n      responses:\n        '204':\n          description: Up.\n  /items/{id}:\n"},
		want: []Kind{cpt}, say: "operation added", caller: callCreate},
	{name: "path-changed", replace: []string{"  /items/{id}:", "  /things/{id}:"},
		want: []Kind{run}, say: "now GET /things/{id}", caller: readItem},
	{name: "method-changed", replace: []string{"    delete:\n      operationId: deleteItem", "    post:\n      operationId: deleteItem"},
		want: []Kind{run}, say: "now POST /items/{id}", caller: callDelete},
	{name: "request-field-required", replace: []string{"required: [name]", "required: [name, note]"},
		want: []Kind{inc, run}, say: `request field "note" became required`, caller: callCreate},
	{name: "request-field-required-added", replace: []string{"              properties:\n                name:", "              properties:\n                sku:\n                  type: string\n                name:", "required: [name]", "required: [name, sku]"},
		want: []Kind{run}, say: `new required request field "sku"`, caller: callCreate},
	{name: "request-field-optional-added", replace: []string{"              properties:\n                name:", "              properties:\n                sku:\n                  type: string\n                name:"},
		want: []Kind{cpt}, say: "CreateItemInput.Sku", caller: callCreate},
	{name: "request-field-wire-renamed", replace: []string{"                note:\n                  type: string", "                NOTE:\n                  type: string"},
		want: []Kind{run}, say: `wire name changed from "note" to "NOTE"`, caller: callCreate},
	{name: "request-enum-value-removed", replace: []string{"enum: [low, high]", "enum: [low]"},
		want: []Kind{inc, run}, say: `request enum value "high" removed`, caller: callList},
	{name: "request-enum-value-added", replace: []string{"enum: [low, high]", "enum: [low, high, urgent]"},
		want: []Kind{cpt}, say: "ListItemsInputPriorityUrgent", caller: callList},
	{name: "response-enum-value-added", replace: []string{"enum: [active, archived]", "enum: [active, archived, deleted]"},
		want: []Kind{run}, say: `response enum value "deleted" added`, caller: readItem},
	{name: "response-enum-value-removed", replace: []string{"enum: [active, archived]", "enum: [active]"},
		want: []Kind{inc}, say: "StatusArchived", caller: readItem},
	{name: "maxLength-tightened", replace: []string{"maxLength: 50", "maxLength: 20"},
		want: []Kind{run}, say: "maxLength changed from 50 to 20", caller: callCreate},
	{name: "maxLength-loosened", replace: []string{"maxLength: 50", "maxLength: 80"},
		want: []Kind{cpt}, say: "maxLength changed from 50 to 80", caller: callCreate},
	{name: "minimum-raised", replace: []string{"minimum: 1", "minimum: 5"},
		want: []Kind{run}, say: "minimum changed from 1 to 5", caller: callCreate},
	{name: "query-maximum-lowered", replace: []string{"maximum: 100", "maximum: 50"},
		want: []Kind{run}, say: "maximum changed from 100 to 50", caller: callList},
	{name: "pattern-changed", replace: []string{"pattern: '^[a-z]+$'", "pattern: '^[a-z]{2}$'"},
		want: []Kind{run}, say: "pattern changed", caller: callCreate},
	{name: "pattern-removed", replace: []string{"                  pattern: '^[a-z]+$'\n", ""},
		want: []Kind{cpt}, say: "pattern changed from ^[a-z]+$ to none", caller: callCreate},
	{name: "format-narrowed", replace: []string{"                note:\n                  type: string", "                note:\n                  type: string\n                  format: email"},
		want: []Kind{run}, say: "format changed from none to email", caller: callCreate},
	{name: "type-narrowed", replace: []string{"        price:\n          type: number", "        price:\n          type: integer"},
		want: []Kind{inc}, say: "Item.Price", caller: readItem},
	{name: "query-param-required", replace: []string{"        - name: limit\n          in: query\n", "        - name: limit\n          in: query\n          required: true\n"},
		want: []Kind{inc, run}, say: `query parameter "limit" became required`, caller: callList},
	{name: "query-param-wire-renamed", replace: []string{"        - name: limit\n", "        - name: Limit\n"},
		want: []Kind{run}, say: `now sent as query parameter "Limit"`, caller: callList},
	{name: "query-param-required-added", replace: []string{"        - name: verbose\n", "        - name: lang\n          in: query\n          required: true\n          schema:\n            type: string\n        - name: verbose\n"},
		want: []Kind{run}, say: `new required query parameter "lang"`, caller: readItem},
	{name: "media-type-changed", replace: []string{"        content:\n          application/json:\n            schema:\n              type: object\n              required: [name]", "        content:\n          application/x-www-form-urlencoded:\n            schema:\n              type: object\n              required: [name]"},
		want: []Kind{run}, say: "request media type application/json removed", caller: callCreate},
	{name: "pagination-removed", replace: []string{"                  nextCursor:\n                    type: string\n", ""},
		want: []Kind{inc, run}, say: "no longer paginated", caller: callList},
	{name: "auth-added", replace: []string{"      security: []\n", ""},
		want: []Kind{run}, say: "now needs authentication", caller: callDelete},
	{name: "error-response-removed", replace: []string{"                $ref: '#/components/schemas/Item'\n        '404':\n          $ref: '#/components/responses/NotFound'\n    delete:", "                $ref: '#/components/schemas/Item'\n    delete:"},
		want: []Kind{run}, say: "error response 404 removed", caller: readItem},
	{name: "response-field-removed", replace: []string{"        price:\n          type: number\n", ""},
		want: []Kind{inc}, say: "Item.Price", caller: readItem},
	{name: "response-field-added", replace: []string{"        price:\n          type: number\n", "        price:\n          type: number\n        weight:\n          type: number\n"},
		want: []Kind{cpt}, say: "Item.Weight", caller: readItem},
	{name: "response-field-optional", replace: []string{"required: [id, name, status]", "required: [id, status]"},
		want: []Kind{inc, run}, say: `response field "name" became optional`, caller: readItem},
	{name: "operation-deprecated", replace: []string{"      operationId: deleteItem\n", "      operationId: deleteItem\n      deprecated: true\n"},
		want: []Kind{cpt}, say: "deprecated: callers should plan", caller: callDelete},
	{name: "field-deprecated", replace: []string{"                note:\n                  type: string", "                note:\n                  type: string\n                  deprecated: true"},
		want: []Kind{cpt}, say: `field "note" deprecated`, caller: callCreate},
	{name: "base-url-changed", replace: []string{"https://api.example.com", "https://v2.example.com"},
		want: []Kind{run}, say: "default base URL changed", caller: callCreate},
}

// specOf applies e to the base spec.
func specOf(t *testing.T, base string, e edit) string {
	t.Helper()
	s := base
	for i := 0; i+1 < len(e.replace); i += 2 {
		if n := strings.Count(s, e.replace[i]); n != 1 {
			t.Fatalf("%s: %q occurs %d times in base.yaml, want once", e.name, e.replace[i], n)
		}
		s = strings.Replace(s, e.replace[i], e.replace[i+1], 1)
	}
	return s
}

func readBase(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("testdata/base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
