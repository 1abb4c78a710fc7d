package model

import (
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bpgen/bpgen/generator/naming"
)

const uploadExt = "x-bpgen-upload"

// uploadDecl is an operation's x-bpgen-upload: the operation creates a
// record and answers the address its content must then be sent to (a
// presigned URL on another host). See the README.
type uploadDecl struct {
	Name        string `json:"name"`        // the Go method (default Upload + the operation's name)
	URL         string `json:"url"`         // dotted path of the address in the success response
	Method      string `json:"method"`      // default PUT
	Size        string `json:"size"`        // body property that takes the content's size
	ContentType string `json:"contentType"` // body property whose value is the upload's Content-Type
	Headers     []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
		When  string `json:"when"` // a boolean body property that must be true (default: always)
	} `json:"headers"`
}

// Upload is a two-step upload generated as one method: the operation, then
// the content sent to the address it answers, without the client's
// credentials.
type Upload struct {
	Method      string   // Go method name
	HTTPMethod  string   // of the upload request
	URL         []*Field // output fields leading to the address
	Size        *Field   // input field set to the size when zero; nil for none
	ContentType *Field   // input field whose value is the upload's Content-Type; nil for none
	Headers     []*UploadHeader
}

// UploadHeader is a header of the upload request.
type UploadHeader struct {
	Name, Value string
	When        *Field // a boolean input field that must be true; nil for always
}

// upload reads x-bpgen-upload; methods is the Client's method namespace.
func (b *builder) upload(op *Operation, x *openapi3.Operation, methods *naming.Scope) {
	v, ok := x.Extensions[uploadExt]
	if !ok {
		return
	}
	ptr := op.Pointer + "/" + uploadExt
	var d uploadDecl
	if err := decodeExtension(v, &d); err != nil {
		b.fail(ptr, "invalid extension: %v", err)
		return
	}
	u := &Upload{HTTPMethod: strings.ToUpper(d.Method)}
	if u.HTTPMethod == "" {
		u.HTTPMethod = http.MethodPut
	}
	out := structOf(op.Output)
	if u.URL = fieldPathOf(out, d.URL, isString); u.URL == nil {
		b.fail(ptr+"/url", "no string property at %q in the success response", d.URL)
		return
	}
	var fields []*Field // the properties of an inline JSON body
	if op.Body != nil && op.Body.Inline {
		fields = BodyFields(op.Input)
	}
	var bad bool
	u.Size, bad = b.uploadField(fields, d.Size, ptr+"/size", "number", plainOr(func(t *TypeRef) bool { return t.IsNumber() }))
	ct, bad2 := b.uploadField(fields, d.ContentType, ptr+"/contentType", "string", plainOr(func(t *TypeRef) bool { return t.IsString() }))
	u.ContentType = ct
	for i, h := range d.Headers {
		hp := ptr + "/headers/" + itoa(i)
		if h.Name == "" {
			b.fail(hp+"/name", "header name is required")
			bad = true
			continue
		}
		when, bad3 := b.uploadField(fields, h.When, hp+"/when", "boolean", plainOr(func(t *TypeRef) bool { return t.IsBuiltin("bool") }))
		bad = bad || bad3
		u.Headers = append(u.Headers, &UploadHeader{Name: h.Name, Value: h.Value, When: when})
	}
	if bad || bad2 {
		return
	}
	name := d.Name
	if name == "" {
		name = "upload " + op.Name
	}
	u.Method = methods.Claim(b.names.Exported(name, "Upload"))
	op.Upload = u
}

// uploadField resolves a declared body property; "" declares none.
func (b *builder) uploadField(fields []*Field, json, ptr, kind string, fits func(*TypeRef) bool) (*Field, bool) {
	if json == "" {
		return nil, false
	}
	for _, f := range fields {
		if f.JSON == json && fits(f.Type) {
			return f, false
		}
	}
	b.fail(ptr, "no %s property %q in the request body", kind, json)
	return nil, true
}

// plainOr accepts a type that fits, or a pointer to one (not a Nullable).
func plainOr(fits func(*TypeRef) bool) func(*TypeRef) bool {
	return func(t *TypeRef) bool {
		if t.Kind == RefPtr {
			t = t.Elem
		}
		return fits(t)
	}
}

// fieldPathOf is fieldPath of a struct that may be missing.
func fieldPathOf(t *Type, dotted string, fits func(*TypeRef) bool) []*Field {
	if t == nil || dotted == "" {
		return nil
	}
	return fieldPath(t, dotted, fits)
}
