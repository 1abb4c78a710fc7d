package rt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"reflect"
	"strings"
	"sync"
)

// This file is emitted only into packages with an operation whose request
// body is JSON.

// serverDefaultMaxJSONDepth is the default bound on the nesting of a JSON body.
const serverDefaultMaxJSONDepth = 64

// WithMaxJSONDepth sets how deeply the arrays and objects of a JSON body may nest; a
// deeper body is answered with the API's 400 error before it is decoded. Values below 1
// restore the default, 64.
func WithMaxJSONDepth(n int) HandlerOption {
	return func(c *serverConfig) { c.maxJSONDepth = n }
}

// decodeBody reads the request body and decodes it as JSON into dst. An empty body, or
// null, leaves dst alone and x.body nil; it fails when the operation requires a body.
//
// The body is scanned first (see serverJSONScan): what encoding/json decodes must be
// what validation, which reads the exact names in x.body, checked.
func (x *serverExchange) decodeBody(dst any, required bool) error {
	if err := x.readBody(); err != nil {
		return err
	}
	if len(x.body) == 0 || bytes.Equal(bytes.TrimSpace(x.body), []byte("null")) {
		x.body = nil
		if required {
			return validateIn(validateErrorf("is required"), "body")
		}
		return nil
	}
	if err := x.scanBody(reflect.TypeOf(dst)); err != nil {
		return err
	}
	if err := json.Unmarshal(x.body, dst); err != nil {
		return serverJSONError(err)
	}
	return nil
}

// serverJSONScans recycles the scans' buffers, so that a body is checked without
// allocating.
var serverJSONScans = sync.Pool{New: func() any { return new(serverJSONScan) }}

// scanBody checks x.body as the JSON of a value of type t.
func (x *serverExchange) scanBody(t reflect.Type) error {
	depth := x.h.config.maxJSONDepth
	if depth < 1 {
		depth = serverDefaultMaxJSONDepth
	}
	c := serverJSONScans.Get().(*serverJSONScan)
	*c = serverJSONScan{d: x.body, maxDepth: depth, members: c.members[:0], folded: c.folded[:0]}
	err := c.scan(serverJSONShapeOf(t))
	if cap(c.members) <= 1<<10 && cap(c.folded) <= 1<<14 {
		c.d = nil
		serverJSONScans.Put(c) // a body with many members does not pin its buffers
	}
	if syntax, ok := err.(*serverJSONSyntaxError); ok {
		return validateIn(validateErrorf("malformed JSON at offset %d: %s", syntax.offset, syntax.msg), "body")
	}
	if err != nil {
		return validateIn(err, "body")
	}
	return nil
}

// readBody reads the body into x.body, answering 413 beyond the size limit and 415
// when a non-empty body is not JSON. The content type is checked before reading when
// the length is known, so that a large body of the wrong type is never read.
func (x *serverExchange) readBody() error {
	return x.readBodyAs(x.checkContentType)
}

// checkContentType answers 415 unless the request says its body is JSON.
func (x *serverExchange) checkContentType() error {
	ct := x.r.Header.Get("Content-Type")
	if ct == "application/json" {
		return nil
	}
	if mt, _, err := mime.ParseMediaType(ct); err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return nil
	}
	return x.h.errs.role(serverUnsupportedMediaType, fmt.Sprintf("content type %q is not supported; send application/json", serverExcerpt(ct)))
}

// serverJSONError describes a body encoding/json rejected, naming the field when it can.
func serverJSONError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return validateIn(validateErrorf("malformed JSON at offset %d: %v", syntax.Offset, syntax), "body")
	case errors.As(err, &typ):
		e := validateErrorf("expected %s, got %s", serverJSONKind(typ.Type), typ.Value)
		if typ.Field != "" {
			e = validateIn(e, typ.Field)
		}
		return validateIn(e, "body")
	}
	return validateIn(validateErrorf("invalid value: %v", err), "body")
}

// serverJSONKind names the JSON kind of values of Go type t.
func serverJSONKind(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "string"
		}
		return "array"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Pointer:
		return serverJSONKind(t.Elem())
	}
	return "a value"
}
