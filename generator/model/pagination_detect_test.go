package model

import (
	"strings"
	"testing"
)

// opSpec is a one-operation spec: method, parameters and response schema as YAML
// fragments (indented for their place), with extensions for the API and the operation.
func opSpec(apiExt, method, opExt, params, response, headers string) string {
	return `openapi: 3.1.0
info: {title: T, version: "1"}
` + apiExt + `paths:
  /items/{id}:
    ` + method + `:
      operationId: listItems
` + opExt + `      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
` + params + `      responses:
        '200':
          description: ok
` + headers + `          content:
            application/json:
              schema:
` + response
}

func q(name, typ string) string {
	return "        - {name: " + name + ", in: query, schema: {type: " + typ + "}}\n"
}

const (
	itemsOnly = "                type: object\n                properties:\n                  items: {type: array, items: {type: object, properties: {id: {type: string}}}}\n"
	bareArray = "                {type: array, items: {type: string}}\n"
	linkHdr   = "          headers:\n            Link: {schema: {type: string}}\n"
)

func withProps(props ...string) string {
	s := itemsOnly
	for _, p := range props {
		s += "                  " + p + "\n"
	}
	return s
}

func TestPaginationDetection(t *testing.T) {
	tests := []struct {
		name, method, params, response, headers string
		want                                    PagerStyle // "" for no pager
	}{
		{"nextToken, meta.nextToken", "get", q("nextToken", "string"), withProps("meta: {type: object, properties: {nextToken: {type: string}}}"), "", PageCursor},
		{"pageToken, nextPageToken", "get", q("pageToken", "string"), withProps("nextPageToken: {type: string}"), "", PageCursor},
		{"cursor, meta.next_cursor", "get", q("cursor", "string"), withProps("meta: {type: object, properties: {next_cursor: {type: string}}}"), "", PageCursor},
		{"cursor, pagination.nextCursor", "get", q("cursor", "string"), withProps("pagination: {type: object, properties: {nextCursor: {type: string}}}"), "", PageCursor},
		{"starting_after", "get", q("starting_after", "string") + q("limit", "integer"), withProps("has_more: {type: boolean}"), "", PageAfter},
		{"offset and limit", "get", q("offset", "integer") + q("limit", "integer"), withProps("total: {type: integer}"), "", PageOffset},
		{"page and per_page", "get", q("page", "integer") + q("per_page", "integer"), bareArray, "", PageNumber},
		{"page and pageSize", "get", q("page", "integer") + q("pageSize", "integer"), withProps("totalCount: {type: integer}"), "", PageNumber},
		{"Link header", "get", "", bareArray, linkHdr, PageLink},
		{"Link header wins over page numbers", "get", q("page", "integer") + q("per_page", "integer"), bareArray, linkHdr, PageLink},

		{"POST list endpoint", "post", q("cursor", "string"), withProps("next_cursor: {type: string}"), "", ""},
		{"required token", "get", "        - {name: cursor, in: query, required: true, schema: {type: string}}\n", withProps("next_cursor: {type: string}"), "", ""},
		{"integer token", "get", q("cursor", "integer"), withProps("next_cursor: {type: string}"), "", ""},
		{"cursor without a next field", "get", q("cursor", "string"), itemsOnly, "", ""},
		{"two candidate next fields", "get", q("cursor", "string"), withProps("next_cursor: {type: string}", "meta: {type: object, properties: {nextCursor: {type: string}}}"), "", ""},
		{"two candidate arrays", "get", q("cursor", "string"), withProps("others: {type: array, items: {type: string}}", "next_cursor: {type: string}"), "", ""},
		{"offset without a limit", "get", q("offset", "integer"), itemsOnly, "", ""},
		{"string page number", "get", q("page", "string") + q("per_page", "integer"), itemsOnly, "", ""},
		{"offset and page both", "get", q("offset", "integer") + q("page", "integer") + q("limit", "integer"), itemsOnly, "", ""},
		{"cursor and offset both", "get", q("cursor", "string") + q("offset", "integer") + q("limit", "integer"), withProps("next_cursor: {type: string}"), "", ""},
		{"no parameter", "get", "", itemsOnly, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api, err := build(t, opSpec("", tt.method, "", tt.params, tt.response, tt.headers))
			if err != nil {
				t.Fatal(err)
			}
			p := api.Operations[0].Pager
			switch {
			case tt.want == "" && p != nil:
				t.Errorf("detected %s, want no pager", p.Style)
			case tt.want != "" && p == nil:
				t.Errorf("no pager, want %s", tt.want)
			case p != nil && (p.Style != tt.want || !p.Detected):
				t.Errorf("pager %s (detected %v), want detected %s", p.Style, p.Detected, tt.want)
			}
		})
	}
}

// TestPaginationPagePathParam: a page that is a path parameter is not a page number.
func TestPaginationPagePathParam(t *testing.T) {
	spec := strings.Replace(opSpec("", "get", "", q("per_page", "integer"), itemsOnly, ""), "/items/{id}", "/items/{page}", 1)
	spec = strings.Replace(spec, "{name: id, in: path, required: true, schema: {type: string}}", "{name: page, in: path, required: true, schema: {type: integer}}", 1)
	api, err := build(t, spec)
	if err != nil {
		t.Fatal(err)
	}
	if p := api.Operations[0].Pager; p != nil {
		t.Errorf("detected %s over a path parameter", p.Style)
	}
}

func TestPaginationDetectOff(t *testing.T) {
	params, resp := q("cursor", "string"), withProps("next_cursor: {type: string}")
	api, err := build(t, opSpec("x-bpgen: {pagination: {detect: false}}\n", "get", "", params, resp, ""))
	if err != nil {
		t.Fatal(err)
	}
	if p := api.Operations[0].Pager; p != nil {
		t.Errorf("detect: false, yet detected %s", p.Style)
	}
	// A declaration still applies with detection off.
	api, err = build(t, opSpec("x-bpgen: {pagination: {detect: false}}\n", "get", "      x-bpgen-pagination: {style: cursor}\n", params, resp, ""))
	if err != nil {
		t.Fatal(err)
	}
	if p := api.Operations[0].Pager; p == nil || p.Detected || p.Style != PageCursor {
		t.Errorf("declared cursor with detection off: %+v", p)
	}
}

func TestPaginationDeclarations(t *testing.T) {
	tests := []struct {
		name, apiExt, opExt, params, response string
		want                                  PagerStyle
		fail, at                              string // error text and where
	}{
		{"API cursor under other names", "x-bpgen: {pagination: {param: from, next: paging.following}}\n", "", q("from", "string"),
			withProps("paging: {type: object, properties: {following: {type: string}}}"), PageCursor, "", ""},
		{"operation's style wins over the API's", "x-bpgen: {pagination: {tokenParam: from}}\n", "      x-bpgen-pagination: {style: offset, param: skip}\n", q("skip", "integer"),
			itemsOnly, PageOffset, "", ""},
		{"API style that does not fit is left to detection", "x-bpgen: {pagination: {style: cursor, param: from}}\n", "", q("page", "integer") + q("limit", "integer"),
			itemsOnly, PageNumber, "", ""},
		{"link without the header", "", "      x-bpgen-pagination: {style: link}\n", "", bareArray, PageLink, "", ""},
		{"unknown style", "", "      x-bpgen-pagination: {style: sideways}\n", "", itemsOnly, "", "unknown style \"sideways\"", "/x-bpgen-pagination/style"},
		{"unknown key", "", "      x-bpgen-pagination: {cursr: x}\n", "", itemsOnly, "", "unknown field \"cursr\"", "/x-bpgen-pagination"},
		{"unknown API key", "x-bpgen: {pagination: {tokenParm: x}}\n", "", "", itemsOnly, "", "unknown field \"tokenParm\"", "/x-bpgen"},
		{"key of another style", "", "      x-bpgen-pagination: {style: link, total: n}\n", "", itemsOnly, "", "total does not apply to style link", "/x-bpgen-pagination/total"},
		{"key without a style", "", "      x-bpgen-pagination: {limit: n}\n", "", itemsOnly, "", "limit needs a style", "/x-bpgen-pagination/limit"},
		{"old and new name disagree", "", "      x-bpgen-pagination: {tokenParam: a, param: b}\n", "", itemsOnly, "", "tokenParam is the older name of param", "/x-bpgen-pagination/tokenParam"},
		{"missing parameter", "", "      x-bpgen-pagination: {style: offset, param: skip}\n", "", itemsOnly, "", "no query parameter \"skip\"", "/x-bpgen-pagination/param"},
		{"required parameter", "", "      x-bpgen-pagination: {style: cursor, param: c, next: n}\n", "        - {name: c, in: query, required: true, schema: {type: string}}\n",
			withProps("n: {type: string}"), "", "query parameter \"c\" is required", "/x-bpgen-pagination/param"},
		{"missing total", "", "      x-bpgen-pagination: {style: offset, total: meta.n}\n", q("offset", "integer"), itemsOnly, "", "no integer field at \"meta.n\"", "/x-bpgen-pagination/total"},
		{"missing id", "", "      x-bpgen-pagination: {style: after, param: a, id: uid}\n", q("a", "string"), itemsOnly, "", "no string field at \"uid\"", "/x-bpgen-pagination/id"},
		{"detect on an operation", "", "      x-bpgen-pagination: {detect: false}\n", "", itemsOnly, "", "detect is set for the whole API", "/x-bpgen-pagination/detect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api, err := build(t, opSpec(tt.apiExt, "get", tt.opExt, tt.params, tt.response, ""))
			if tt.fail != "" {
				if err == nil || !strings.Contains(err.Error(), tt.fail) || !strings.Contains(err.Error(), tt.at) {
					t.Fatalf("err = %v, want %q at %s", err, tt.fail, tt.at)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p := api.Operations[0].Pager; p == nil || p.Style != tt.want {
				t.Errorf("pager %+v, want %s", p, tt.want)
			}
		})
	}
}
