package model

import "testing"

// TestHeaderNamesOneRule: a header named in x-bpgen.client.headers and the
// same header as an operation's parameter get the same Go base name, the
// option WithX and the field X.
func TestHeaderNamesOneRule(t *testing.T) {
	for header, want := range map[string]string{
		"x-bot-id":     "BotID",
		"X-Request-Id": "RequestID",
		"x-requestId":  "RequestID",
		"Tenant":       "Tenant",
		"x-":           "X",
	} {
		api, err := build(t, `openapi: 3.0.3
info: {title: t, version: "1"}
x-bpgen:
  client:
    headers:
      - {name: '`+header+`'}
paths:
  /things:
    get:
      operationId: getThings
      parameters:
        - {name: '`+header+`', in: header, schema: {type: string}}
      responses:
        '204': {description: ok}
`)
		if err != nil {
			t.Fatalf("%s: %v", header, err)
		}
		option := api.Client.Headers[0].Option
		field := api.Operations[0].Input.Fields[0].Name
		if option != "With"+want || field != want {
			t.Errorf("%s: option %s, field %s; want With%s and %s", header, option, field, want, want)
		}
	}
}
