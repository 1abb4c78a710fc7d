package rt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"reflect"
	"strings"
)

// This file is emitted only into packages with an operation whose request
// body is JSON.

// decodeBody reads the request body and decodes it as JSON into dst. An empty body, or
// null, leaves dst alone and x.body nil; it fails when the operation requires a body.
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
	if err := json.Unmarshal(x.body, dst); err != nil {
		return serverJSONError(err)
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
	return x.h.errs.new(serverUnsupportedMediaType, fmt.Sprintf("content type %q is not supported; send application/json", serverExcerpt(ct)))
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
