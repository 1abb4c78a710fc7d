package model

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// usualMessagePaths are where an error schema usually carries what went
// wrong, after the envelope's declared message names; the runtime tries the
// same ones on bodies no schema describes.
var usualMessagePaths = [][]string{
	{"message"}, {"detail"}, {"title"}, {"error_description"}, {"error"}, {"error", "message"},
}

// usualStatusNames are integer properties that take the HTTP status when a
// server fills an error schema, after the envelope's declared status names.
var usualStatusNames = []string{"status", "code"}

// errorResponses lists the non-2xx responses of an operation, by status, each
// with the type its JSON schema decodes into (none in an API with a
// catalogue, whose envelope describes every error body).
func (b *builder) errorResponses(op *Operation, rs *openapi3.Responses) []*ErrorResponse {
	var out []*ErrorResponse
	for _, c := range sortedKeys(rs.Map()) {
		r := rs.Value(c)
		if strings.HasPrefix(c, "2") || r == nil || r.Value == nil {
			continue
		}
		e := &ErrorResponse{Status: c}
		if r.Value.Description != nil {
			e.Doc = *r.Value.Description
		}
		if b.api.Errors == nil {
			b.typeErrorResponse(op, e, r.Value)
		}
		out = append(out, e)
	}
	return out
}

// typeErrorResponse gives e the type of its JSON schema, where its message
// is, and whether a server can fill it.
func (b *builder) typeErrorResponse(op *Operation, e *ErrorResponse, r *openapi3.Response) {
	key, mt := jsonMediaKey(r.Content)
	if mt == nil {
		return
	}
	e.Media = key
	if mt.Schema == nil || mt.Schema.Value == nil {
		return
	}
	suffix := e.Status
	if suffix == "default" {
		suffix = "Default"
	}
	ptr := op.Pointer + "/responses/" + pointerEscape(e.Status) + "/content/" + pointerEscape(key) + "/schema"
	e.Type = b.typeOf(mt.Schema, op.Name+strings.ToUpper(suffix[:1])+suffix[1:]+"Error", ptr)
	st := structOf(namedType(e.Type))
	if st == nil {
		return
	}
	e.Message = messagePath(st, b.api.Envelope.Message)
	e.Fill = fillOf(st, e.Message, b.api.Envelope.Status)
}

// jsonMediaKey is jsonMedia with the media type it found.
func jsonMediaKey(content openapi3.Content) (string, *openapi3.MediaType) {
	for _, key := range sortedKeys(content) {
		mt := strings.ToLower(strings.TrimSpace(strings.Split(key, ";")[0]))
		if mt == "application/json" || strings.HasSuffix(mt, "+json") {
			return mt, content[key]
		}
	}
	return "", nil
}

func namedType(t *TypeRef) *Type {
	if t == nil || t.Kind != RefNamed {
		return nil
	}
	return t.Type
}

// messagePath finds the string property that carries an error's message:
// one of the declared names, else the usual ones.
func messagePath(st *Type, declared []string) []string {
	paths := make([][]string, 0, len(declared)+len(usualMessagePaths))
	for _, n := range declared {
		paths = append(paths, []string{n})
	}
	for _, p := range append(paths, usualMessagePaths...) {
		if stringPath(st, p) {
			return p
		}
	}
	return nil
}

// stringPath reports whether path leads through struct fields to a string.
func stringPath(st *Type, path []string) bool {
	for i, name := range path {
		f := fieldByJSON(st, name)
		if f == nil {
			return false
		}
		if i == len(path)-1 {
			return isString(f.Type)
		}
		t := f.Type
		if t.Kind == RefPtr {
			t = t.Elem
		}
		if st = structOf(namedType(t)); st == nil {
			return false
		}
	}
	return false
}

// fillOf says how a server writes its own errors in st: a top-level message
// property, an integer status property if there is one, and no other
// required property (it could not invent their values).
func fillOf(st *Type, message []string, declaredStatus []string) *ErrorFill {
	if len(message) != 1 {
		return nil
	}
	fill := &ErrorFill{Message: message[0]}
	for _, n := range append(append([]string{}, declaredStatus...), usualStatusNames...) {
		if f := fieldByJSON(st, n); f != nil && isInteger(f.Type) {
			fill.Status = n
			break
		}
	}
	for _, f := range st.Fields {
		if f.Required && f.JSON != fill.Message && f.JSON != fill.Status {
			return nil
		}
	}
	return fill
}

// errorTables gives each distinct list of typed error responses one table,
// named after the first operation (by name) that declares it, and picks the
// table a server answers requests that match no operation with: the one most
// operations use (the first, among equally common ones).
func (b *builder) errorTables() {
	if b.api.Errors != nil {
		return
	}
	byKey := map[string]*ErrorTable{}
	count := map[*ErrorTable]int{}
	for _, op := range b.api.Operations {
		if len(op.Errors) == 0 {
			continue
		}
		key := errorsKey(op.Errors)
		t := byKey[key]
		if t == nil {
			t = &ErrorTable{Name: "errorsOf" + op.Name, Cases: op.Errors}
			byKey[key] = t
			b.api.ErrorTables = append(b.api.ErrorTables, t)
		}
		op.ErrorTable = t
		t.Operations = append(t.Operations, op.Name)
		if count[t]++; b.api.RouteErrors == nil || count[t] > count[b.api.RouteErrors] {
			b.api.RouteErrors = t
		}
	}
}

// errorsKey identifies a list of error responses by what a table holds.
func errorsKey(es []*ErrorResponse) string {
	var sb strings.Builder
	for _, e := range es {
		fmt.Fprintf(&sb, "%q %q %s %q %v;", e.Status, e.Media, typeKey(e.Type), e.Message, e.Fill)
	}
	return sb.String()
}

// typeKey identifies a type expression; named types by identity.
func typeKey(t *TypeRef) string {
	if t == nil {
		return "-"
	}
	if t.Kind == RefNamed {
		return fmt.Sprintf("named(%p)", t.Type)
	}
	return fmt.Sprintf("%d(%s,%s)", t.Kind, t.Name, typeKey(t.Elem))
}
