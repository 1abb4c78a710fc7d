package model

import (
	"strings"
	"testing"
)

func uploadSpec(ext string) string {
	return `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /files:
    put:
      operationId: putFile
      x-bpgen-upload: ` + ext + `
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [key]
              properties:
                key: {type: string}
                size: {type: integer}
                type: {type: string}
                public: {type: boolean}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  file: {type: object, properties: {uploadUrl: {type: string}}}
`
}

func TestUploadDeclaration(t *testing.T) {
	api, err := build(t, uploadSpec(`{url: file.uploadUrl, size: size, contentType: type, headers: [{name: x-tag, value: "1", when: public}]}`))
	if err != nil {
		t.Fatal(err)
	}
	u := api.Operations[0].Upload
	if u == nil || u.Method != "UploadPutFile" || u.HTTPMethod != "PUT" || len(u.URL) != 2 || u.Size.JSON != "size" ||
		u.ContentType.JSON != "type" || len(u.Headers) != 1 || u.Headers[0].When.JSON != "public" {
		t.Fatalf("upload = %+v", u)
	}
	for ext, want := range map[string]string{
		`{url: file.nowhere}`:                          `x-bpgen-upload/url: no string property at "file.nowhere"`,
		`{url: file.uploadUrl, size: key}`:             `x-bpgen-upload/size: no number property "key"`,
		`{url: file.uploadUrl, contentType: size}`:     `x-bpgen-upload/contentType: no string property "size"`,
		`{url: file.uploadUrl, headers: [{value: x}]}`: `x-bpgen-upload/headers/0/name: header name is required`,
		`{url: file.uploadUrl, nonsense: 1}`:           `x-bpgen-upload: invalid extension`,
	} {
		_, err := build(t, uploadSpec(ext))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", ext, err, want)
		}
	}
}
