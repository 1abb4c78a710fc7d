package model

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bpgen/bpgen/generator/naming"
)

type rawOp struct {
	path, method string
	item         *openapi3.PathItem
	op           *openapi3.Operation
	name         string
}

// operations builds every operation. Go names are claimed in operationId
// order, so adding an operation never renames an existing one unless the two
// really collide.
func (b *builder) operations() {
	if b.doc.Paths == nil {
		return
	}
	var raws []*rawOp
	for _, path := range sortedKeys(b.doc.Paths.Map()) {
		item := b.doc.Paths.Value(path)
		for _, method := range sortedKeys(item.Operations()) {
			op := item.Operations()[method]
			id := op.OperationID
			if id == "" {
				id = strings.ToLower(method) + " " + path
			}
			raws = append(raws, &rawOp{path: path, method: method, item: item, op: op, name: naming.Exported(id, "Operation")})
		}
	}
	sort.SliceStable(raws, func(i, j int) bool { return raws[i].name < raws[j].name })
	// Client has these methods besides the operations (formatting without credentials).
	methods := naming.NewScope("String", "GoString", "Format", "LogValue")
	for _, r := range raws {
		b.api.Operations = append(b.api.Operations, b.operation(r, methods.Claim(r.name)))
	}
	for _, op := range b.api.Operations {
		if op.Pager != nil {
			op.Pager.Method = methods.Claim(op.Name + "Pager")
		}
	}
	// The Fake has a method per operation plus these members; Calls is the
	// one fixed name it also has.
	fake := naming.NewScope("Calls")
	for _, op := range b.api.Operations {
		fake.Reserve(op.Name)
	}
	for _, op := range b.api.Operations {
		op.FakeFunc, op.FakeCalls = fake.Claim(op.Name+"Func"), fake.Claim(op.Name+"Calls")
	}
}

func (b *builder) operation(r *rawOp, name string) *Operation {
	ptr := "/paths/" + pointerEscape(r.path) + "/" + strings.ToLower(r.method)
	op := &Operation{
		ID: r.op.OperationID, Name: name, Method: strings.ToUpper(r.method), Path: r.path,
		Doc: r.op.Description, Deprecated: r.op.Deprecated, Pointer: ptr,
	}
	if op.Doc == "" {
		op.Doc = r.op.Summary
	}
	op.Input = &Type{Name: b.scope.Claim(name + "Input"), Kind: KindStruct, Pointer: ptr,
		Doc: "holds the parameters and the request body of " + name + "."}
	op.Output = &Type{Name: b.scope.Claim(name + "Output"), Pointer: ptr + "/responses",
		Doc: "is the successful response of " + name + "."}
	b.api.Types = append(b.api.Types, op.Input)
	fields := naming.NewScope()
	b.params(op, r, fields)
	b.segments(op)
	b.body(op, r.op.RequestBody, fields)
	b.response(op, r.op.Responses)
	op.Secured = len(b.doc.Security) > 0
	if r.op.Security != nil {
		op.Secured = len(*r.op.Security) > 0
	}
	op.Pager = b.pager(op, r.op)
	return op
}

// params merges path-item and operation parameters (the operation's win) and
// turns each into an input field tagged json:"-".
func (b *builder) params(op *Operation, r *rawOp, fields *naming.Scope) {
	var list []*openapi3.ParameterRef
	override := map[string]bool{}
	for _, p := range r.op.Parameters {
		if p != nil && p.Value != nil {
			override[p.Value.In+" "+p.Value.Name] = true
		}
	}
	for _, p := range r.item.Parameters {
		if p != nil && p.Value != nil && !override[p.Value.In+" "+p.Value.Name] {
			list = append(list, p)
		}
	}
	list = append(list, r.op.Parameters...)
	for i, pr := range list {
		if pr == nil || pr.Value == nil {
			continue
		}
		p := pr.Value
		pptr := op.Pointer + "/parameters/" + strconv.Itoa(i)
		if p.In == "cookie" {
			b.warn(pptr, "cookie parameter %q is not supported; skipped", p.Name)
			continue
		}
		if p.Schema == nil {
			b.warn(pptr, "parameter %q has no schema (content parameters are not supported); skipped", p.Name)
			continue
		}
		param := &Param{Wire: p.Name, In: p.In, Style: p.Style, Required: p.Required || p.In == "path"}
		param.Explode = defaultExplode(p)
		if param.Style == "" {
			param.Style = map[string]string{"query": "form", "path": "simple", "header": "simple"}[p.In]
		}
		f := b.field(p.Name, fields.Claim(naming.Exported(p.Name, "Param")), p.Schema, param.Required, op.Input.Name, pptr+"/schema")
		if p.Description != "" {
			f.Doc = p.Description
		}
		f.Deprecated = f.Deprecated || p.Deprecated
		f.Params, param.Field = param, f
		op.Params = append(op.Params, param)
		op.Input.Fields = append(op.Input.Fields, f)
	}
}

func defaultExplode(p *openapi3.Parameter) bool {
	if p.Explode != nil {
		return *p.Explode
	}
	return p.Style == "" || p.Style == "form"
}

// segments splits the path template into literals and parameters.
func (b *builder) segments(op *Operation) {
	rest := op.Path
	for rest != "" {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			op.Segments = append(op.Segments, Segment{Literal: rest})
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			b.fail(op.Pointer, "unterminated path parameter in %q", op.Path)
			return
		}
		if i > 0 {
			op.Segments = append(op.Segments, Segment{Literal: rest[:i]})
		}
		name := rest[i+1 : i+j]
		p := findParam(op, "path", name)
		if p == nil {
			b.fail(op.Pointer, "path parameter {%s} is not declared", name)
			return
		}
		op.Segments = append(op.Segments, Segment{Param: p})
		rest = rest[i+j+1:]
	}
}

func findParam(op *Operation, in, name string) *Param {
	for _, p := range op.Params {
		if p.In == in && p.Wire == name {
			return p
		}
	}
	return nil
}

// jsonMedia returns the JSON media type of content, if any.
func jsonMedia(content openapi3.Content) *openapi3.MediaType {
	for _, key := range sortedKeys(content) {
		mt := strings.ToLower(strings.TrimSpace(strings.Split(key, ";")[0]))
		if mt == "application/json" || strings.HasSuffix(mt, "+json") {
			return content[key]
		}
	}
	return nil
}

// body adds the request body to the input: the properties of an object body
// become input fields (a field whose name a parameter already took gets a
// Body prefix); any other body is one Body field.
func (b *builder) body(op *Operation, rb *openapi3.RequestBodyRef, fields *naming.Scope) {
	if rb == nil || rb.Value == nil {
		return
	}
	ptr := op.Pointer + "/requestBody"
	mt := jsonMedia(rb.Value.Content)
	if mt == nil && len(rb.Value.Content) > 0 {
		b.rawBody(op, rb.Value, fields)
		return
	}
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		b.warn(ptr, "the request body has no schema; it is not generated")
		return
	}
	body := &Body{Required: rb.Value.Required, Check: checks(mt.Schema.Value)}
	op.Body = body
	s := mt.Schema
	sptr := ptr + "/content/application~1json/schema"
	if t := b.component(s); t != nil && t.Kind == KindStruct && t.Additional == nil {
		// A body that is a component: its fields, with the component's
		// types, become input fields, so no nested type is declared twice.
		body.Inline = true
		for _, cf := range t.Fields {
			f := *cf
			f.Name = bodyFieldName(fields, cf.Name)
			op.Input.Fields = append(op.Input.Fields, &f)
		}
		return
	}
	if isObjectWithProps(s.Value) && b.component(s) == nil {
		body.Inline = true
		props, required, _ := b.mergeAllOf(s.Value, sptr)
		for _, p := range props {
			name := bodyFieldName(fields, naming.Exported(p.name, "Field"))
			f := b.field(p.name, name, p.schema, required[p.name], op.Input.Name, p.ptr)
			op.Input.Fields = append(op.Input.Fields, f)
		}
		return
	}
	body.Field = b.field("body", fields.Claim("Body"), s, body.Required, op.Input.Name, sptr)
	op.Input.Fields = append(op.Input.Fields, body.Field)
}

// rawBody gives an operation whose body is not JSON two input fields: the
// bytes to send and their media type (the first declared one by default).
func (b *builder) rawBody(op *Operation, rb *openapi3.RequestBody, fields *naming.Scope) {
	body := &Body{Required: rb.Required, Raw: true, Media: sortedKeys(rb.Content)}
	body.Field = &Field{Name: bodyFieldName(fields, "Body"), JSON: "-",
		Doc:  "The request body, sent as is.",
		Type: &TypeRef{Kind: RefSlice, Elem: &TypeRef{Kind: RefBuiltin, Name: "byte"}}}
	body.ContentType = &Field{Name: bodyFieldName(fields, "ContentType"), JSON: "-",
		Doc:  "The media type of Body; empty means " + body.Media[0] + ".",
		Type: &TypeRef{Kind: RefBuiltin, Name: "string"}}
	op.Body = body
	op.Input.Fields = append(op.Input.Fields, body.Field, body.ContentType)
}

// bodyFieldName claims want for a body field; when a parameter already has
// that name, the body field is the one renamed (Body prefix), because
// parameters are what callers set most.
func bodyFieldName(fields *naming.Scope, want string) string {
	if fields.Taken(want) {
		want = "Body" + want
	}
	return fields.Claim(want)
}

func isObjectWithProps(v *openapi3.Schema) bool {
	if len(v.OneOf) > 0 || len(v.AnyOf) > 0 {
		return false
	}
	if len(v.Properties) > 0 {
		return true
	}
	for _, p := range v.AllOf {
		if p != nil && p.Value != nil && isObjectWithProps(p.Value) {
			return true
		}
	}
	return false
}

// response picks the success response (the lowest 2xx), records the
// documented error responses, and shapes Output.
func (b *builder) response(op *Operation, rs *openapi3.Responses) {
	op.Status = http.StatusOK
	if rs == nil {
		rs = openapi3.NewResponses()
	}
	code, resp := successResponse(rs)
	if resp == nil {
		b.warn(op.Pointer+"/responses", "no 2xx response; the output is empty")
	}
	if n, err := strconv.Atoi(code); err == nil {
		op.Status = n
	}
	op.Errors = errorResponses(rs)
	b.output(op, code, resp)
}

func successResponse(rs *openapi3.Responses) (string, *openapi3.Response) {
	for _, c := range sortedKeys(rs.Map()) {
		if r := rs.Value(c); strings.HasPrefix(c, "2") && r != nil && r.Value != nil {
			return c, r.Value
		}
	}
	return "", nil
}

func errorResponses(rs *openapi3.Responses) []*ErrorResponse {
	var out []*ErrorResponse
	for _, c := range sortedKeys(rs.Map()) {
		if r := rs.Value(c); !strings.HasPrefix(c, "2") && r != nil && r.Value != nil {
			e := &ErrorResponse{Status: c}
			if r.Value.Description != nil {
				e.Doc = *r.Value.Description
			}
			out = append(out, e)
		}
	}
	return out
}

// output shapes the Output type from the success response: a struct for an
// object, an alias for a component, a defined type for anything else, the
// raw bytes for a response that is not JSON, an empty struct for none.
func (b *builder) output(op *Operation, code string, resp *openapi3.Response) {
	out := op.Output
	var mt *openapi3.MediaType
	if resp != nil {
		mt = jsonMedia(resp.Content)
	}
	switch {
	case mt == nil && resp != nil && len(resp.Content) > 0:
		op.RawMedia = sortedKeys(resp.Content)
		b.rawOutput(op)
		return
	case mt == nil || mt.Schema == nil || mt.Schema.Value == nil:
		out.Kind = KindStruct
		b.api.Types = append(b.api.Types, out)
		return
	}
	out.Pointer = op.Pointer + "/responses/" + code + "/content/application~1json/schema"
	if t := b.component(mt.Schema); t != nil {
		out.Kind, out.Elem = KindAlias, &TypeRef{Kind: RefNamed, Name: t.Name, Type: t}
		b.api.Types = append(b.api.Types, out)
		return
	}
	doc := out.Doc
	b.fillNamed(out, mt.Schema.Value)
	if out.Doc == "" {
		out.Doc = doc
	}
	if out.Kind == KindDefined && out.Elem.Kind == RefMap && len(mt.Schema.Value.Properties) == 0 {
		// An object with no declared properties ({}): keep a struct so the
		// output stays extensible and reads the same as other outputs.
		out.Kind, out.Elem = KindStruct, nil
	}
}

// rawOutput makes the Output of a non-JSON response (a file, text) carry
// the body and its content type as received, rather than dropping them.
func (b *builder) rawOutput(op *Operation) {
	op.RawOutput = true
	out := op.Output
	out.Kind = KindStruct
	out.Doc = "is the raw response of " + op.Name + ", which is not JSON."
	out.Fields = []*Field{
		{Name: "ContentType", JSON: "-", Doc: "The media type of Body, from the Content-Type header.", Type: &TypeRef{Kind: RefBuiltin, Name: "string"}, Required: true},
		{Name: "Body", JSON: "-", Doc: "The response body as received.", Type: &TypeRef{Kind: RefSlice, Elem: &TypeRef{Kind: RefBuiltin, Name: "byte"}}, Required: true},
	}
	b.api.Types = append(b.api.Types, out)
}
