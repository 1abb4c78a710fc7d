package diff

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/emit"
)

// catalogueSpec declares an error catalogue; %TYPES% is its list.
const catalogueSpec = `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok}
        default:
          description: an error
          content: {application/json: {schema: {$ref: '#/components/schemas/Failure'}}}
components:
  schemas:
    Failure:
      type: object
      properties:
        type: {type: string}
        message: {type: string}
x-bpgen:
  errors:
    envelope: {schema: '#/components/schemas/Failure', type: type, message: message}
    types:
%TYPES%
`

// unionSpec answers a oneOf; %VARIANTS% lists its variants.
const unionSpec = `openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /pet:
    get:
      operationId: getPet
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
components:
  schemas:
    Cat: {type: object, properties: {lives: {type: integer}}}
    Dog: {type: object, properties: {good: {type: boolean}}}
    Pet:
      oneOf:
%VARIANTS%
`

// securedSpec has %SCHEMES% as its security schemes and %EXT% as its root
// x-bpgen.
const securedSpec = `openapi: 3.1.0
info: {title: T, version: "1"}
security: [{bearer: []}]
paths:
  /a:
    post:
      operationId: postA
      requestBody: {content: {application/json: {schema: {type: object, properties: {n: {type: string}}}}}}
      responses:
        '200': {description: ok, content: {%MEDIA%: {schema: {type: string}}}}
components:
  securitySchemes:
%SCHEMES%
%EXT%
`

// TestModelChanges covers what the table of edits does not: catalogue
// error types, union variants, API keys, the idempotency header, response
// media types and a request body that became required.
func TestModelChanges(t *testing.T) {
	bearer := "    bearer: {type: http, scheme: bearer}"
	withKey := bearer + "\n    key: {type: apiKey, in: header, name: X-Key}"
	for _, c := range []struct {
		name     string
		old, new string
		kind     Kind
		say      string
	}{
		{"error-type-removed",
			fill(catalogueSpec, "%TYPES%", "      - {type: Missing, status: 404}\n      - {type: Gone, status: 410}"),
			fill(catalogueSpec, "%TYPES%", "      - {type: Missing, status: 404}"),
			Runtime, "error type Gone removed"},
		{"error-type-status",
			fill(catalogueSpec, "%TYPES%", "      - {type: Missing, status: 404}"),
			fill(catalogueSpec, "%TYPES%", "      - {type: Missing, status: 410}"),
			Runtime, "error type Missing now has status 410 (was 404)"},
		{"error-type-added",
			fill(catalogueSpec, "%TYPES%", "      - {type: Missing, status: 404}"),
			fill(catalogueSpec, "%TYPES%", "      - {type: Missing, status: 404}\n      - {type: Gone, status: 410}"),
			Compatible, "error type Gone added (status 410)"},
		{"response-variant-added",
			fill(unionSpec, "%VARIANTS%", "        - $ref: '#/components/schemas/Cat'"+"\n        - {type: string}"),
			fill(unionSpec, "%VARIANTS%", "        - $ref: '#/components/schemas/Cat'\n        - {type: string}\n        - $ref: '#/components/schemas/Dog'"),
			Runtime, "response variant Dog added"},
		{"api-key-added",
			fill(fill(fill(securedSpec, "%SCHEMES%", bearer), "%EXT%", ""), "%MEDIA%", "application/json"),
			strings.Replace(fill(fill(fill(securedSpec, "%SCHEMES%", withKey), "%EXT%", ""), "%MEDIA%", "application/json"), "security: [{bearer: []}]", "security: [{bearer: [], key: []}]", 1),
			Runtime, "new API key header X-Key"},
		{"idempotency-header",
			fill(fill(fill(securedSpec, "%SCHEMES%", bearer), "%EXT%", ""), "%MEDIA%", "application/json"),
			fill(fill(fill(securedSpec, "%SCHEMES%", bearer), "%EXT%", "x-bpgen: {client: {idempotencyHeader: X-Once}}"), "%MEDIA%", "application/json"),
			Runtime, "idempotency header changed from Idempotency-Key to X-Once"},
		{"response-media",
			fill(fill(fill(securedSpec, "%SCHEMES%", bearer), "%EXT%", ""), "%MEDIA%", "text/plain"),
			fill(fill(fill(securedSpec, "%SCHEMES%", bearer), "%EXT%", ""), "%MEDIA%", "text/csv"),
			Runtime, "success response media type changed from text/plain to text/csv"},
		{"param-json",
			"openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      operationId: getA\n      parameters: [{name: f, in: query, schema: {type: object, properties: {a: {type: string}}}}]\n      responses: {'200': {description: ok}}\n",
			"openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      operationId: getA\n      parameters: [{name: f, in: query, content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}]\n      responses: {'200': {description: ok}}\n",
			Runtime, `query parameter "f" is sent as JSON text`},
		{"body-required",
			fill(fill(fill(securedSpec, "%SCHEMES%", bearer), "%EXT%", ""), "%MEDIA%", "application/json"),
			strings.Replace(fill(fill(fill(securedSpec, "%SCHEMES%", bearer), "%EXT%", ""), "%MEDIA%", "application/json"), "requestBody: {", "requestBody: {required: true, ", 1),
			Runtime, "request body became required"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			oldSpec, newSpec := filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")
			writeFile(t, oldSpec, c.old)
			writeFile(t, newSpec, c.new)
			rep, err := Run(context.Background(), Options{Old: oldSpec, New: newSpec, Config: generator.Config{Package: "api", Parts: &emit.Parts{}}})
			if err != nil {
				t.Fatal(err)
			}
			for _, ch := range rep.Changes {
				if ch.Kind == c.kind && ch.Source == "spec" && strings.Contains(ch.Message, c.say) {
					return
				}
			}
			var b strings.Builder
			rep.Text(&b)
			t.Errorf("no %s change saying %q; report:\n%s", c.kind, c.say, b.String())
		})
	}
}

func fill(s, key, value string) string { return strings.Replace(s, key, value, 1) }
