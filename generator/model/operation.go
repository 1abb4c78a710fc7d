package model

import (
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bpgen/bpgen/generator/load"
	"github.com/bpgen/bpgen/generator/naming"
)

type rawOp struct {
	path, method string
	item         *openapi3.PathItem
	op           *openapi3.Operation
	name         string
}

// pointer is the JSON pointer of the operation in the document.
func (r *rawOp) pointer() string {
	return "/paths/" + pointerEscape(r.path) + "/" + strings.ToLower(r.method)
}

// operations builds every operation. Go names are claimed in operationId
// order, so adding an operation never renames an existing one unless the two
// really collide.
func (b *builder) operations() {
	if len(b.doc.Webhooks) > 0 {
		// Requests the API sends rather than serves: a reader of the
		// document would expect something of them.
		b.warn("/webhooks", "webhooks are not generated (the client and server cover the paths only): %s", strings.Join(sortedKeys(b.doc.Webhooks), ", "))
	}
	if b.doc.Paths == nil {
		return
	}
	var raws []*rawOp
	for _, path := range sortedKeys(b.doc.Paths.Map()) {
		item := b.doc.Paths.Value(path)
		if item == nil || len(item.Operations()) == 0 {
			// A $ref that leads back to itself resolves to an empty item.
			b.warn("/paths/"+pointerEscape(path), "path %q has no operations: nothing is generated for it", path)
			continue
		}
		for _, method := range sortedKeys(item.Operations()) {
			r := &rawOp{path: path, method: method, item: item, op: item.Operations()[method]}
			id := r.op.OperationID
			if id == "" {
				id = strings.ToLower(method) + " " + path
				// The name is derived from the path: adding an operationId
				// later renames the method, which breaks callers.
				b.warn(r.pointer(), "operation has no operationId; its method is named %s after the method and path", naming.Exported(id, "Operation"))
			}
			if len(r.op.Callbacks) > 0 {
				b.warn(r.pointer()+"/callbacks", "callbacks are not generated: %s", strings.Join(sortedKeys(r.op.Callbacks), ", "))
			}
			r.name = naming.Exported(id, "Operation")
			raws = append(raws, r)
		}
	}
	sort.SliceStable(raws, func(i, j int) bool { return raws[i].name < raws[j].name })
	// Client has these methods besides the operations (formatting without credentials).
	methods := naming.NewScope("String", "GoString", "Format", "LogValue")
	built := map[*rawOp]*Operation{}
	for _, r := range raws {
		name := methods.Claim(r.name)
		if name != r.name {
			// Two operationIds that are one Go name, or one id used twice:
			// the first in path order keeps the name.
			b.warn(r.pointer(), "another operation or a Client method is already named %s; this operation's method is named %s", r.name, name)
		}
		built[r] = b.operation(r, name)
		b.api.Operations = append(b.api.Operations, built[r])
	}
	b.shadowed(raws, built)
	for _, op := range b.api.Operations {
		if op.Pager != nil {
			op.Pager.Method = methods.Claim(op.Name + "Pager")
		}
	}
	for _, r := range raws {
		b.upload(built[r], r.op, methods)
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
	ptr := r.pointer()
	op := &Operation{
		Name: name, Method: strings.ToUpper(r.method), Path: r.path,
		Doc: r.op.Description, Deprecated: r.op.Deprecated, Pointer: ptr,
	}
	routeOf(op)
	if op.Doc == "" {
		op.Doc = r.op.Summary
	}
	// What these types are is also how a use of them reads: Doc and Use agree.
	in, out := "holds the parameters and the request body of "+name+".", "is the successful response of "+name+"."
	op.Input = &Type{Name: b.scope.Claim(name + "Input"), Kind: KindStruct, Pointer: ptr, Doc: in, Use: in}
	op.Output = &Type{Name: b.scope.Claim(name + "Output"), Pointer: ptr + "/responses", Doc: out, Use: out}
	b.api.Types = append(b.api.Types, op.Input)
	fields := naming.NewScope()
	b.params(op, r, fields)
	b.undeclaredQueryParams(op, fields)
	b.segments(op, fields)
	b.body(op, r.op.RequestBody, fields)
	b.response(op, r.op.Responses)
	op.Secured = len(b.doc.Security) > 0
	if r.op.Security != nil {
		op.Secured = len(*r.op.Security) > 0
	}
	op.Pager = b.pager(op, r.op)
	spreadSiblings(op)
	return op
}

// spreadSiblings gives each exploded form object that keeps undeclared
// properties the names of the parameters beside it, and of the query pairs
// the path fixes: its properties are top-level keys, as theirs are, and a
// key that names a parameter is that parameter's, never an undeclared
// property.
func spreadSiblings(op *Operation) {
	for _, p := range op.Params {
		if p.Style != StyleForm || !p.Explode || p.JSON || p.File || !keepsUndeclared(p.Field.Type) {
			continue
		}
		for _, o := range op.Params {
			if o != p && o.In == p.In && !slices.Contains(p.Siblings, o.Wire) {
				p.Siblings = append(p.Siblings, o.Wire)
			}
		}
		for _, q := range op.PathQuery {
			if p.In == InQuery && !slices.Contains(p.Siblings, q.Name) {
				p.Siblings = append(p.Siblings, q.Name) // the path's own pairs
			}
		}
	}
}

// keepsUndeclared reports whether values of r keep properties that no schema
// declares: maps, free-form values, structs with additional properties.
func keepsUndeclared(r *TypeRef) bool {
	for r.Kind == RefPtr || r.Kind == RefNullable {
		r = r.Elem
	}
	for r.Kind == RefNamed && r.Type != nil && (r.Type.Kind == KindAlias || r.Type.Kind == KindDefined) {
		r = r.Type.Elem
	}
	switch {
	case r.Kind == RefMap, r.Kind == RefBuiltin && r.Name == "any":
		return true
	case r.Kind == RefNamed && r.Type != nil:
		return r.Type.Kind == KindStruct && r.Type.Additional != nil
	}
	return false
}

// noBody are the methods whose request bodies HTTP gives no meaning (and
// OpenAPI 3.0 tells consumers to ignore), which intermediaries may drop.
var noBody = map[string]bool{"GET": true, "HEAD": true, "OPTIONS": true, "TRACE": true, "CONNECT": true}

// notNullable types a nullable parameter as any other: the text of a path,
// query, header, cookie or form value has no null (the JSON text of a
// content-encoded one does), so an optional one is absent or has a value,
// and Nullable, which the value encoders do not know, would not be sent.
func notNullable(f *Field) {
	if f.Type.Kind == RefNullable {
		f.Type, f.Omit = wrap(f.Type.Elem, f.Required, false)
	}
}

// paramBaseName is what a parameter's Go field is named after: a header's
// headerBase, as for client options (x-bot-id: WithBotID, a BotID field),
// unless another parameter of the operation already has that name (x-when
// beside when: XWhen); any other parameter's name.
func paramBaseName(p *openapi3.Parameter, others map[string]bool) string {
	base := headerBase(p.Name)
	if p.In != "header" || base == p.Name || others[naming.Exported(base, "Param")] {
		return p.Name
	}
	return base
}

// headerBase is what a header is named after in Go, the one rule for client
// options and header parameter fields: its name without the leading "x-"
// (any case) that custom headers carry, keeping the case of the rest
// (x-requestId: RequestID); the name itself when nothing else remains.
func headerBase(name string) string {
	if len(name) > 2 && strings.EqualFold(name[:2], "x-") {
		return name[2:]
	}
	return name
}

// paramNames are the Go names parameters would have as written.
func (b *builder) paramNames(params []locatedParam) map[string]bool {
	out := make(map[string]bool, len(params))
	for _, lp := range params {
		out[b.names.Exported(lp.param.Name, "Param")] = true
	}
	return out
}

// params merges path-item and operation parameters (the operation's win) and
// turns each into an input field tagged json:"-".
func (b *builder) params(op *Operation, r *rawOp, fields *naming.Scope) {
	b.warnNameless(op.Pointer, r)
	merged, repeated := mergedParams(op.Pointer, r)
	merged = b.withoutFixed(merged, op.PathQuery)
	for _, lp := range repeated {
		b.warn(lp.pointer, "parameter %q (%s) is declared again in the same list; the first declaration is used", lp.param.Name, lp.param.In)
	}
	merged = b.withoutUntemplated(b.withoutReservedHeaders(merged), op)
	names := b.paramNames(merged)
	for _, lp := range merged {
		p, pptr := lp.param, lp.pointer
		schema, json := p.Schema, false
		if schema != nil {
			schema = paramUnion(schema)
		}
		if schema == nil {
			schema, json = b.contentParamSchema(pptr, p)
		} else if why := paramShapeProblem(p, schema.Value); why != "" {
			b.warn(pptr+"/schema", "parameter %q: %s; it is a string that the caller encodes", p.Name, why)
			schema = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
		}
		param := &Param{Wire: p.Name, In: Location(p.In), Style: Style(p.Style), Required: p.Required || p.In == "path", JSON: json}
		q, inQuery := queryTemplated(op, p.Name)
		inQuery = inQuery && p.In == "path"
		if inQuery {
			// ?lat={lat}: the template sends the path parameter in the query.
			param.In, param.Wire, param.Style = InQuery, q.Name, ""
		}
		if len(locationStyles[param.In]) == 0 {
			// Validation refuses it; the model, which meets the document
			// first, only must not fail on it.
			b.warn(pptr+"/in", "parameter %q is in %q, which is not a parameter location; it is ignored", p.Name, p.In)
			continue
		}
		if param.Style != "" && !slices.Contains(locationStyles[param.In], param.Style) {
			b.warn(pptr+"/style", "style %q is not defined for a %s parameter; it is sent in the default style, %s", p.Style, p.In, locationStyles[param.In][0])
			param.Style = ""
		}
		if param.Style == "" {
			param.Style = locationStyles[param.In][0]
		}
		// OpenAPI: explode is true by default for style form only (query and
		// cookie parameters), false for simple (path and header ones).
		param.Explode = param.Style == StyleForm
		if p.Explode != nil {
			param.Explode = *p.Explode
		}
		if inQuery {
			param.Explode = false // the template writes one value, as a path does
		}
		f := b.field(p.Name, fields.Claim(b.names.Exported(paramBaseName(p, names), "Param")), schema, param.Required, op.Input.Name, pptr+"/schema", names)
		if p.Description != "" {
			f.Doc = p.Description
		}
		if json {
			f.Doc = strings.TrimSpace(f.Doc + "\n\n" + f.Name + " travels as JSON text, in the " + p.In + " parameter " + p.Name + ".")
		}
		f.Deprecated = f.Deprecated || p.Deprecated
		if !json {
			notNullable(f)
		}
		f.Params, param.Field = param, f
		op.Params = append(op.Params, param)
		op.Input.Fields = append(op.Input.Fields, f)
	}
}

// reservedHeaders are the header parameters OpenAPI says to ignore, by
// lower-case name, with what the generated code sends instead.
var reservedHeaders = map[string]string{
	"accept":        "the client sends the Accept header itself",
	"content-type":  "Content-Type is the request body's media type",
	"authorization": "Authorization comes from the security schemes and the client's credentials",
}

// transportHeaders are the headers net/http writes from the request itself,
// ignoring what its Header says: a parameter could never be sent, and a
// server requiring it would refuse every request of bpgen's own client.
var transportHeaders = map[string]bool{"content-length": true, "transfer-encoding": true, "host": true, "trailer": true}

// withoutReservedHeaders drops the header parameters named Accept,
// Content-Type or Authorization, and those net/http writes itself, with a
// warning at their declaration (the component, when the parameter is a
// reference, so that many operations sharing it make one message with a
// count).
func (b *builder) withoutReservedHeaders(params []locatedParam) []locatedParam {
	return slices.DeleteFunc(params, func(lp locatedParam) bool {
		name := strings.ToLower(lp.param.Name)
		why, reserved := reservedHeaders[name]
		if lp.param.In != "header" || !reserved && !transportHeaders[name] {
			return false
		}
		ptr := lp.pointer
		if ref := lp.ref; strings.HasPrefix(ref, "#/") {
			ptr = ref[1:]
		}
		if reserved {
			b.warn(ptr, "header parameter %q is ignored, as OpenAPI requires: %s", lp.param.Name, why)
		} else {
			b.warn(ptr, "header parameter %q is ignored: net/http writes it from the request, whatever a header says", lp.param.Name)
		}
		return true
	})
}

// locationStyles are the styles OpenAPI defines for each location, the
// default first.
var locationStyles = map[Location][]Style{
	InQuery:  {StyleForm, StyleSpaceDelimited, StylePipeDelimited, StyleDeepObject},
	InPath:   {StyleSimple, StyleLabel, StyleMatrix},
	InHeader: {StyleSimple},
	InCookie: {StyleForm},
}

type locatedParam struct {
	param   *openapi3.Parameter
	pointer string
	ref     string // the $ref the parameter was reached through, if any
}

// mergedParams lists the path item's parameters that the operation does not
// override, then the operation's, each with the JSON pointer of where it is
// declared. A parameter declared twice in one list is used once, as first
// declared; the later declarations are returned as repeated.
func mergedParams(opPointer string, r *rawOp) (out, repeated []locatedParam) {
	itemPointer := opPointer[:strings.LastIndexByte(opPointer, '/')]
	ops, repeated := uniqueParams(r.op.Parameters, opPointer)
	items, again := uniqueParams(r.item.Parameters, itemPointer)
	override := map[string]bool{}
	for _, lp := range ops {
		override[paramKey(lp.param)] = true
	}
	for _, lp := range items {
		if !override[paramKey(lp.param)] {
			out = append(out, lp)
		}
	}
	return append(out, ops...), append(again, repeated...)
}

// warnNameless warns about the parameters of the operation and its path
// item that have no name (tools that export documents from recorded requests
// write "name": ""): no request can carry them, so they are left out.
func (b *builder) warnNameless(opPointer string, r *rawOp) {
	itemPointer := opPointer[:strings.LastIndexByte(opPointer, '/')]
	for _, l := range []struct {
		list    openapi3.Parameters
		pointer string
	}{{r.item.Parameters, itemPointer}, {r.op.Parameters, opPointer}} {
		for i, p := range l.list {
			if p != nil && p.Value != nil && p.Value.Name == "" && p.Value.Extensions[load.UnresolvedRefKey] == nil {
				b.warn(l.pointer+"/parameters/"+strconv.Itoa(i), "a %s parameter without a name cannot be sent; it is left out", p.Value.In)
			}
		}
	}
}

// uniqueParams returns the parameters of one list, the first declaration of
// each, and the later declarations apart.
func uniqueParams(list openapi3.Parameters, pointer string) (first, repeated []locatedParam) {
	seen := map[string]bool{}
	for i, p := range list {
		if p == nil || p.Value == nil || p.Value.Extensions[load.UnresolvedRefKey] != nil {
			continue // a reference to nothing, which the loader dropped and warned of
		}
		if p.Value.Name == "" {
			continue // no request can carry it: see warnNameless
		}
		lp := locatedParam{p.Value, pointer + "/parameters/" + strconv.Itoa(i), p.Ref}
		if k := paramKey(p.Value); seen[k] {
			repeated = append(repeated, lp)
		} else {
			seen[k] = true
			first = append(first, lp)
		}
	}
	return first, repeated
}

// paramKey identifies a parameter as OpenAPI does, by location and name;
// header names are case-insensitive.
func paramKey(p *openapi3.Parameter) string {
	if p.In == "header" {
		return p.In + " " + strings.ToLower(p.Name)
	}
	return p.In + " " + p.Name
}

// paramShapeProblem says why a parameter's schema has no serialization
// OpenAPI defines (arrays of arrays or objects anywhere, objects outside the
// query, objects of non-scalars), or "" when the client and server can
// carry it as typed.
func paramShapeProblem(p *openapi3.Parameter, s *openapi3.Schema) string {
	if s == nil || scalarSchema(s) {
		return ""
	}
	if p.In == "cookie" {
		return "only scalar cookie parameters are typed"
	}
	types, _ := nonNullTypes(s)
	switch {
	case len(types) == 1 && types[0] == "array":
		if s.Items == nil || !scalarSchema(s.Items.Value) {
			return "an array of non-scalar items has no defined serialization"
		}
		return ""
	case len(types) == 1 && types[0] == "object" && p.In == "query":
		for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
			if !scalarSchema(s.Properties[name].Value) {
				return fmt.Sprintf("property %q of an object in the query is not a scalar", name)
			}
		}
		if a := s.AdditionalProperties.Schema; a != nil && !scalarSchema(a.Value) {
			return "additional properties of an object in the query are not scalars"
		}
		return ""
	case len(types) == 1 && types[0] == "object":
		return "an object in a " + p.In + " parameter is not supported"
	}
	if alts := append(slices.Clone(s.OneOf), s.AnyOf...); len(alts) > 0 {
		return "a union of " + variantKinds(alts) + " has no single reading as the parameter's text"
	}
	return "a schema that is neither a scalar, an array nor an object has no defined serialization"
}

// variantKinds names the kinds of a union's variants, as "a string or an
// array of enums".
func variantKinds(alts openapi3.SchemaRefs) string {
	kinds := make([]string, len(alts))
	for i, alt := range alts {
		kinds[i] = "a schema without a type"
		if alt == nil || alt.Value == nil {
			continue
		}
		if types, _ := nonNullTypes(alt.Value); len(types) == 1 {
			kinds[i] = article(types[0]) + " " + types[0]
			if items := alt.Value.Items; types[0] == "array" && items != nil && items.Value != nil && len(items.Value.Enum) > 0 {
				kinds[i] += " of enum values"
			} else if len(alt.Value.Enum) > 0 {
				kinds[i] += " enum"
			}
		}
	}
	return strings.Join(kinds, " or ")
}

// article is the indefinite article before word.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// paramUnion is the schema a parameter's oneOf or anyOf stands for on the
// wire, where a parameter is text: a union of scalars with a plain string
// among them admits any text, so it is a string; a scalar or an array of that
// same scalar (GitHub's cwes: "a" or ["a", "b"]) is written as the array
// would be, a scalar being the array of one, so it is the array. Any other
// schema is s.
func paramUnion(s *openapi3.SchemaRef) *openapi3.SchemaRef {
	v := s.Value
	if v == nil || v.Type != nil && len(*v.Type) > 0 || len(v.Properties) > 0 || v.Items != nil || v.Not != nil || len(v.AllOf) > 0 {
		return s
	}
	alts := v.OneOf
	if len(alts) == 0 {
		alts = v.AnyOf
	} else if len(v.AnyOf) > 0 {
		return s
	}
	var array *openapi3.SchemaRef
	scalars, plainString := 0, false
	for _, alt := range alts {
		a := alt.Value
		if a == nil {
			return s
		}
		switch _, null := nonNullTypes(a); {
		case null:
			return s
		case scalarSchema(a):
			scalars++
			plainString = plainString || plainScalar(a) == "string"
		case array == nil && len(alts) == 2 && a.Type.Is("array") && a.Items != nil && a.MinItems <= 1:
			array = alt
		default:
			return s
		}
	}
	switch {
	case array == nil && plainString:
		return openapi3.NewSchemaRef("", openapi3.NewStringSchema())
	case array != nil && scalars == 1 && plainScalar(array.Value.Items.Value) != "" &&
		plainScalar(array.Value.Items.Value) == plainScalar(otherThan(alts, array).Value):
		return array
	}
	return s
}

// plainScalar is the type of s when s is a scalar with no constraint, no enum
// and no format, "" otherwise.
func plainScalar(s *openapi3.Schema) string {
	if s == nil {
		return ""
	}
	types, null := nonNullTypes(s)
	if !scalarSchema(s) || null || len(s.Enum) > 0 || s.Const != nil || checks(s) != nil {
		return ""
	}
	return types[0]
}

// otherThan is the member of a pair that is not one.
func otherThan(pair openapi3.SchemaRefs, one *openapi3.SchemaRef) *openapi3.SchemaRef {
	if pair[0] == one {
		return pair[1]
	}
	return pair[0]
}

// scalarSchema reports whether s is a string, number, integer or boolean
// (an enum of them included).
func scalarSchema(s *openapi3.Schema) bool {
	if s == nil {
		return false
	}
	types, _ := nonNullTypes(s)
	if len(types) != 1 {
		return false
	}
	switch types[0] {
	case "string", "number", "integer", "boolean":
		return true
	}
	return false
}

// contentParamSchema types a parameter described by content instead of a
// schema. A query or header parameter with a JSON media type is typed by
// its schema and travels as JSON text (json is true); any other is a string
// the caller encodes: the parameter is still sent and routed, which skipping
// it would not allow.
func (b *builder) contentParamSchema(ptr string, p *openapi3.Parameter) (schema *openapi3.SchemaRef, json bool) {
	media := slices.Sorted(maps.Keys(p.Content))
	if len(media) == 0 {
		b.warn(ptr, "parameter %q has neither schema nor content; it is a string", p.Name)
		return openapi3.NewSchemaRef("", openapi3.NewStringSchema()), false
	}
	if mt := jsonMedia(p.Content); len(media) == 1 && mt != nil && mt.Schema != nil && mt.Schema.Value != nil && (p.In == "query" || p.In == "header") {
		return mt.Schema, true
	}
	b.warn(ptr, "parameter %q is described by content %s, not a schema; it is a string that the caller encodes", p.Name, media[0])
	return openapi3.NewSchemaRef("", openapi3.NewStringSchema()), false
}

// segments splits the path template into literals and parameters.
func (b *builder) segments(op *Operation, fields *naming.Scope) {
	rest := op.Route
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
			p = b.undeclaredPathParam(op, name, fields)
		}
		if slices.ContainsFunc(op.Segments, func(s Segment) bool { return s.Param == p }) {
			b.warn(op.Pointer, "path %q holds {%s} twice: the client sends its one value in both places, and a request with two values is read as one", op.Path, name)
		}
		if n := len(op.Segments); i == 0 && n > 0 && op.Segments[n-1].Param != nil {
			b.warn(op.Pointer, "path %q puts {%s} right after {%s}: a server cannot tell where one ends; the generated server gives {%s} the first byte and {%s} the rest",
				op.Path, name, op.Segments[n-1].Param.Wire, op.Segments[n-1].Param.Wire, name)
		}
		op.Segments = append(op.Segments, Segment{Param: p})
		rest = rest[i+j+1:]
	}
}

// withoutUntemplated leaves out the path parameters that the path template
// does not hold: no request can carry one, so a field for it would be
// silently lost.
func (b *builder) withoutUntemplated(params []locatedParam, op *Operation) []locatedParam {
	return slices.DeleteFunc(params, func(lp locatedParam) bool {
		if lp.param.In != "path" || strings.Contains(op.Route, "{"+lp.param.Name+"}") {
			return false
		}
		if _, ok := queryTemplated(op, lp.param.Name); ok {
			return false // it travels in the query
		}
		if i := strings.IndexAny(op.Path, "?#"); i >= 0 && strings.Contains(op.Path[i:], "{"+lp.param.Name+"}") {
			b.warn(lp.pointer, "path parameter %q is in %q after the %q that ends the URL path, where no query pair has it; it is left out, as no request can carry it",
				lp.param.Name, op.Path, op.Path[i:i+1])
			return true
		}
		b.warn(lp.pointer, "path parameter %q is not in the path %q; it is left out, as no request can carry it", lp.param.Name, op.Path)
		return true
	})
}

// undeclaredQueryParams declares the template parameters of the path's
// query pairs (?lat={lat}) that the operation does not: required strings,
// sent in the query by the pair's name.
func (b *builder) undeclaredQueryParams(op *Operation, fields *naming.Scope) {
	for _, q := range op.PathQuery {
		if q.Param == "" || findParam(op, InQuery, q.Name) != nil {
			continue
		}
		b.warn(op.Pointer, "path parameter {%s} is not declared; it is a required string", q.Param)
		b.addParam(op, &Param{Wire: q.Name, In: InQuery, Style: StyleForm, Required: true}, q.Param, fields)
	}
}

// undeclaredPathParam declares a path template's parameter that the
// operation does not: a required string, so the path can still be built
// and routed.
func (b *builder) undeclaredPathParam(op *Operation, name string, fields *naming.Scope) *Param {
	b.warn(op.Pointer, "path parameter {%s} is not declared; it is a required string", name)
	param := &Param{Wire: name, In: InPath, Style: StyleSimple, Required: true}
	b.addParam(op, param, name, fields)
	return param
}

// addParam adds an undeclared parameter to op: a required string field.
func (b *builder) addParam(op *Operation, param *Param, name string, fields *naming.Scope) {
	f := &Field{Name: fields.Claim(b.names.Exported(name, "Param")), JSON: name, Required: true,
		Type: &TypeRef{Kind: RefBuiltin, Name: "string"}, Params: param}
	param.Field = f
	op.Params = append(op.Params, param)
	op.Input.Fields = append(op.Input.Fields, f)
}

func findParam(op *Operation, in Location, name string) *Param {
	for _, p := range op.Params {
		if p.In == in && p.Wire == name {
			return p
		}
	}
	return nil
}

// jsonMedia returns the JSON media type of content, if any.
func jsonMedia(content openapi3.Content) *openapi3.MediaType {
	_, mt := jsonMediaKey(content)
	return mt
}

// body adds the request body to the input: the properties of an object body
// become input fields (a field whose name a parameter already took gets a
// Body prefix); any other body is one Body field.
func (b *builder) body(op *Operation, rb *openapi3.RequestBodyRef, fields *naming.Scope) {
	if rb == nil || rb.Value == nil {
		return
	}
	ptr := op.Pointer + "/requestBody"
	if noBody[op.Method] {
		// Published APIs do take such bodies (search and analytics
		// queries), and the document says this one does.
		b.warn(ptr, "HTTP gives a %s request body no meaning, and some proxies drop it; it is sent as the document describes", op.Method)
	}
	mt := jsonMedia(rb.Value.Content)
	if mt == nil && len(rb.Value.Content) > 0 {
		if !b.formBody(op, rb.Value, fields) {
			b.rawBody(op, rb.Value, fields)
		}
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
		body.Inline, body.Component = true, t
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
		siblings := b.propertyNames(props)
		for _, p := range props {
			name := bodyFieldName(fields, b.names.Exported(p.name, "Field"))
			f := b.field(p.name, name, p.schema, required[p.name], op.Input.Name, p.ptr, siblings)
			op.Input.Fields = append(op.Input.Fields, f)
		}
		return
	}
	body.Field = b.field("body", fields.Claim("Body"), s, body.Required, op.Input.Name, sptr, nil)
	op.Input.Fields = append(op.Input.Fields, body.Field)
}

// formBody types a body that is only a form (application/x-www-form-urlencoded
// or multipart/form-data) of scalars and arrays of scalars, plus, in
// multipart, files (binary strings): each property is an input field,
// encoded as a query parameter of the form style is, files as file parts.
// It reports false for any other body, which stays raw bytes.
func (b *builder) formBody(op *Operation, rb *openapi3.RequestBody, fields *naming.Scope) bool {
	media, in := "application/x-www-form-urlencoded", InForm
	if rb.Content["multipart/form-data"] != nil {
		media, in = "multipart/form-data", InMultipart
	}
	mt := rb.Content[media]
	if len(rb.Content) != 1 || mt == nil || mt.Schema == nil || mt.Schema.Value == nil || !isObjectWithProps(mt.Schema.Value) {
		return false
	}
	sptr := op.Pointer + "/requestBody/content/" + pointerEscape(media) + "/schema"
	props, required, extra := b.mergeAllOf(mt.Schema.Value, sptr)
	if extra != nil {
		return false
	}
	siblings := b.propertyNames(props)
	for _, p := range props {
		v := p.schema.Value
		if !scalarSchema(v) && !(v != nil && v.Items != nil && scalarSchema(v.Items.Value)) && !(in == "multipart" && isFileSchema(v)) {
			return false
		}
	}
	op.Body = &Body{Required: rb.Required, Form: true, Media: []string{media}}
	for _, p := range props {
		param := &Param{Wire: p.name, In: in, Style: StyleForm, Explode: true, Required: required[p.name]}
		name := bodyFieldName(fields, b.names.Exported(p.name, "Field"))
		var f *Field
		if in == "multipart" && isFileSchema(p.schema.Value) {
			f = &Field{Name: name, JSON: p.name, Doc: p.schema.Value.Description, Required: param.Required,
				Type: &TypeRef{Kind: RefPtr, Elem: &TypeRef{Kind: RefBuiltin, Name: MultipartFileType}}}
			param.File = true
		} else {
			f = b.field(p.name, name, p.schema, param.Required, op.Input.Name, p.ptr, siblings)
			notNullable(f)
		}
		f.Params, param.Field = param, f
		op.Params = append(op.Params, param)
		op.Input.Fields = append(op.Input.Fields, f)
	}
	return true
}

// MultipartFileType is the runtime type of a file part (templates/rt/multipart.go).
const MultipartFileType = "MultipartFile"

// isFileSchema reports whether a multipart property is a file: a binary
// string (3.0), or a string with a contentMediaType or contentEncoding (3.1).
func isFileSchema(v *openapi3.Schema) bool {
	if v == nil {
		return false
	}
	types, _ := nonNullTypes(v)
	return len(types) == 1 && types[0] == "string" &&
		(v.Format == "binary" || v.ContentMediaType != "" || v.ContentEncoding != "")
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
	return objectWithProps(v, map[*openapi3.Schema]bool{})
}

// objectWithProps is isObjectWithProps, guarded against allOf cycles.
func objectWithProps(v *openapi3.Schema, seen map[*openapi3.Schema]bool) bool {
	if seen[v] || len(v.OneOf) > 0 || len(v.AnyOf) > 0 {
		return false
	}
	seen[v] = true
	if len(v.Properties) > 0 {
		return true
	}
	for _, p := range v.AllOf {
		if p != nil && p.Value != nil && objectWithProps(p.Value, seen) {
			return true
		}
	}
	return false
}

// response picks the success response (the lowest 2xx), records the
// documented error responses, and shapes Output.
func (b *builder) response(op *Operation, rs *openapi3.Responses) {
	op.Status = http.StatusOK
	rs = b.statusResponses(op.Pointer, rs)
	code, resp := successResponse(rs)
	followed := ""
	if resp == nil {
		if d := rs.Value("default"); d != nil && d.Value != nil && len(d.Value.Content) > 0 {
			// Only a default response: it describes every answer, the
			// successful ones included, so its body is the output.
			code, resp = "default", d.Value
			b.warn(op.Pointer+"/responses", "no 2xx response; the default response is taken as the success response (status 200)")
		} else if followed = redirect(rs); followed != "" {
			b.warn(op.Pointer+"/responses", "no 2xx response, only the redirect %s: the client follows it and returns the body it leads to as received (ContentType, Body); the server answers 200 with that body", followed)
		} else {
			b.warn(op.Pointer+"/responses", "no 2xx response; the output is empty")
		}
	}
	if n, err := strconv.Atoi(code); err == nil {
		op.Status = n
	}
	resp = b.headBody(op, code, resp)
	op.Errors = b.errorResponses(op, rs)
	switch {
	case op.Method != http.MethodHead && b.statusOutput(op, rs, code):
	case followed != "":
		// What a redirect leads to is not described: any media type.
		op.RawMedia = []string{"*/*"}
		b.rawOutput(op, "is what the "+followed+" redirect of "+op.Name+" leads to, as received.")
	default:
		b.warnOtherSuccesses(op, rs, code, resp)
		b.output(op, code, resp)
	}
}

// headBody leaves out the content of a HEAD operation's success response:
// the answer to HEAD has no body, and a document that describes one
// describes the GET's, which the output could never hold.
func (b *builder) headBody(op *Operation, code string, resp *openapi3.Response) *openapi3.Response {
	if op.Method != http.MethodHead || resp == nil || len(resp.Content) == 0 {
		return resp
	}
	b.warn(op.Pointer+"/responses/"+pointerEscape(code)+"/content", "a response to HEAD has no body: the content it describes is not in the output")
	bodiless := *resp // the document's own is shared
	bodiless.Content = nil
	return &bodiless
}

// redirect is the first response of rs whose status net/http's client
// follows (GitHub's archive downloads answer only 302), "" for none.
func redirect(rs *openapi3.Responses) string {
	for _, c := range sortedKeys(rs.Map()) {
		switch c {
		case "301", "302", "303", "307", "308":
			return c
		}
	}
	return ""
}

// statusOutput shapes Output when the 2xx responses declare different JSON
// bodies (a 200 list beside a 202 "still computing" object): a struct with
// the status received and one field per body, so that each body is read
// into its own type, not into the lowest status's. It reports false, Output
// left to output, when there is one body, or when one of them is not JSON.
func (b *builder) statusOutput(op *Operation, rs *openapi3.Responses, code string) bool {
	groups := successBodies(rs, code)
	if len(groups) < 2 {
		return false
	}
	for _, g := range groups {
		if mt := jsonMedia(g.resp.Content); mt == nil || mt.Schema == nil {
			return false
		}
	}
	out := op.Output
	out.Kind = KindStruct
	fields := naming.NewScope("Status")
	status := &Field{Name: "Status", JSON: "-", Required: true, Type: &TypeRef{Kind: RefBuiltin, Name: "int"}}
	out.Fields = []*Field{status}
	for _, g := range groups {
		name := fields.Claim(statusFieldName(g.codes[0]))
		mt := jsonMedia(g.resp.Content)
		ptr := op.Pointer + "/responses/" + strconv.Itoa(g.codes[0]) + "/content/" + pointerEscape(contentKey(g.resp.Content, mt)) + "/schema"
		t := b.typeOf(mt.Schema, out.Name+name, ptr)
		if !t.IsAny() && t.Kind != RefSlice && t.Kind != RefMap {
			t = &TypeRef{Kind: RefPtr, Elem: t}
		}
		doc := "The body of a " + ListStatuses(g.codes) + " response; nil otherwise."
		if d := responseNote(g.resp, g.codes[0]); d != "" {
			doc += " " + d
		}
		f := &Field{Name: name, JSON: "-", Type: t, Doc: doc, Pointer: ptr}
		out.Fields = append(out.Fields, f)
		op.Statuses = append(op.Statuses, &StatusBody{Codes: g.codes, Field: f})
	}
	status.Doc = "The status the server answered with (" + ListStatuses(op.StatusCodes()) + "): it says which body field is set. A server answers with it when it is not 0, else with the status of the body field that is set."
	b.api.Types = append(b.api.Types, out)
	return true
}

// StatusCodes lists the statuses of op's bodies (Statuses), lowest first.
func (op *Operation) StatusCodes() []int {
	var codes []int
	for _, sb := range op.Statuses {
		codes = append(codes, sb.Codes...)
	}
	slices.Sort(codes)
	return codes
}

// responseNote is the description of r, unless it is one word or the
// status's reason phrase ("ok", "No Content."), which the doc already says.
func responseNote(r *openapi3.Response, code int) string {
	if r.Description == nil {
		return ""
	}
	d := strings.TrimSpace(*r.Description)
	if word := strings.TrimSuffix(d, "."); !strings.ContainsAny(word, " \t\n") || strings.EqualFold(word, http.StatusText(code)) {
		return ""
	}
	return d
}

// statusGroup is a body the 2xx responses declare, with the statuses that
// declare it.
type statusGroup struct {
	codes []int
	resp  *openapi3.Response
}

// successBodies groups the 2xx statuses (codes, not ranges) with a body by
// the body they declare, the lowest status's first.
func successBodies(rs *openapi3.Responses, code string) []statusGroup {
	var groups []statusGroup
	for _, c := range sortedKeys(rs.Map()) {
		n, err := strconv.Atoi(c)
		r := rs.Value(c)
		if err != nil || n < 200 || n > 299 || r == nil || r.Value == nil || len(r.Value.Content) == 0 {
			continue
		}
		i := slices.IndexFunc(groups, func(g statusGroup) bool { return sameBody(g.resp, r.Value) })
		if i < 0 {
			groups, i = append(groups, statusGroup{resp: r.Value}), len(groups)
		}
		groups[i].codes = append(groups[i].codes, n)
	}
	if len(groups) > 0 && strconv.Itoa(groups[0].codes[0]) != code {
		return nil // the success response is a range (2XX) or has no body: one output, as before
	}
	return groups
}

// statusFieldName names the field of a status's body after its reason
// phrase: OK, Created, Accepted; Status299 for a code without one.
func statusFieldName(code int) string {
	switch text := http.StatusText(code); {
	case text == "OK":
		return text // an initialism, as Go spells it
	case text != "":
		return naming.Exported(text, "")
	}
	return "Status" + strconv.Itoa(code)
}

// contentKey is the key of mt in content, as the document spells it.
func contentKey(content openapi3.Content, mt *openapi3.MediaType) string {
	for _, k := range sortedKeys(content) {
		if content[k] == mt {
			return k
		}
	}
	return ""
}

// ListStatuses lists ns for a sentence: "200", "200 or 201", "200, 201 or 202".
func ListStatuses(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// warnOtherSuccesses says when another 2xx response declares a different
// body: an operation has one output type, the lowest 2xx's, and the others
// are decoded into it.
func (b *builder) warnOtherSuccesses(op *Operation, rs *openapi3.Responses, code string, resp *openapi3.Response) {
	for _, c := range sortedKeys(rs.Map()) {
		r := rs.Value(c)
		if c == code || !strings.HasPrefix(c, "2") || r == nil || r.Value == nil || len(r.Value.Content) == 0 {
			continue
		}
		if !sameBody(resp, r.Value) {
			b.warn(op.Pointer+"/responses/"+pointerEscape(c), "response %s declares another body than %s; the output has %s's type", c, code, code)
		}
	}
}

func sameBody(a, b *openapi3.Response) bool {
	if a == nil {
		return false
	}
	ma, mb := jsonMedia(a.Content), jsonMedia(b.Content)
	if ma == nil || mb == nil {
		return ma == mb && len(a.Content) > 0
	}
	return ma.Schema == mb.Schema || (ma.Schema != nil && mb.Schema != nil && ma.Schema.Value == mb.Schema.Value)
}

// statusResponses returns the responses of rs whose keys are statuses
// (default, 404, 4XX), warning of the others: a key such as "0'" names no
// status, and would otherwise reach type names and status literals.
func (b *builder) statusResponses(opPointer string, rs *openapi3.Responses) *openapi3.Responses {
	out := openapi3.NewResponses()
	if rs == nil {
		return out
	}
	for _, c := range sortedKeys(rs.Map()) {
		if validStatus(c) {
			out.Set(c, rs.Value(c))
		} else {
			b.warn(opPointer+"/responses/"+pointerEscape(c), "%q is not a status (default, a code such as 404, or a range such as 4XX); the response is ignored", c)
		}
	}
	return out
}

var statusKey = regexp.MustCompile(`^(default|[1-5][0-9][0-9]|[1-5][Xx][Xx])$`)

func validStatus(c string) bool { return statusKey.MatchString(c) }

func successResponse(rs *openapi3.Responses) (string, *openapi3.Response) {
	for _, c := range sortedKeys(rs.Map()) {
		if r := rs.Value(c); strings.HasPrefix(c, "2") && validStatus(c) && r != nil && r.Value != nil {
			return c, r.Value
		}
	}
	return "", nil
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
		b.rawOutput(op, "is the raw response of "+op.Name+", which is not JSON.")
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
// the body and its content type as received, rather than dropping them;
// doc completes its doc comment.
func (b *builder) rawOutput(op *Operation, doc string) {
	op.RawOutput = true
	out := op.Output
	out.Kind = KindStruct
	out.Doc = doc
	out.Fields = []*Field{
		{Name: "ContentType", JSON: "-", Doc: "The media type of Body, from the Content-Type header.", Type: &TypeRef{Kind: RefBuiltin, Name: "string"}, Required: true},
		{Name: "Body", JSON: "-", Doc: "The response body as received.", Type: &TypeRef{Kind: RefSlice, Elem: &TypeRef{Kind: RefBuiltin, Name: "byte"}}, Required: true},
	}
	b.api.Types = append(b.api.Types, out)
}
