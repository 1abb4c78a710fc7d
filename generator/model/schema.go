package model

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bpgen/bpgen/generator/naming"
)

// nonNullTypes returns the schema's declared types without "null", and
// whether null is allowed (3.1 type arrays or 3.0 nullable).
func nonNullTypes(s *openapi3.Schema) ([]string, bool) {
	var out []string
	nullable := s.Nullable
	if s.Type != nil {
		for _, t := range *s.Type {
			if t == "null" || t == "" { // "": YAML's unquoted null in a type list
				nullable = true
				continue
			}
			out = append(out, t)
		}
	}
	return out, nullable
}

// isNullSchema reports whether s only admits null ({type: null}).
func isNullSchema(s *openapi3.SchemaRef) bool {
	if s == nil || s.Value == nil || s.Value.Type == nil {
		return false
	}
	t := *s.Value.Type
	return len(t) == 1 && t[0] == "null"
}

// unwrapNull splits "X or null" into X and nullable. It understands
// type arrays, nullable: true, and oneOf/anyOf of one schema plus {type: null}.
func unwrapNull(s *openapi3.SchemaRef) (*openapi3.SchemaRef, bool) {
	v := s.Value
	for _, alts := range []openapi3.SchemaRefs{v.OneOf, v.AnyOf} {
		if len(alts) == 2 && len(v.Properties) == 0 {
			if isNullSchema(alts[0]) {
				return alts[1], true
			}
			if isNullSchema(alts[1]) {
				return alts[0], true
			}
		}
	}
	_, nullable := nonNullTypes(v)
	return s, nullable
}

// typeOf returns the Go type of s (without any null wrapper). New named types
// for inline objects, enums and unions are named hint and live at ptr.
func (b *builder) typeOf(s *openapi3.SchemaRef, hint, ptr string) *TypeRef {
	if s == nil || s.Value == nil {
		return &TypeRef{Kind: RefBuiltin, Name: "any"}
	}
	if t := b.component(s); t != nil {
		return &TypeRef{Kind: RefNamed, Name: t.Name, Type: t, Check: b.checksOf(s.Value)}
	}
	v := s.Value
	if inner, nullable := unwrapNull(s); nullable && inner != s {
		return b.typeOf(inner, hint, ptr)
	}
	if part, at, ok := b.valuePart(v, ptr); ok {
		return b.valueRef(v, part, hint, ptr, at)
	}
	if t := b.inline[v]; t != nil {
		// The same inline schema reached again: a shared response or
		// request body, a component's property merged by allOf, or a
		// schema that contains itself through external refs (then t is
		// still being filled). One schema, one type.
		return &TypeRef{Kind: RefNamed, Name: t.Name, Type: t, Check: checks(v)}
	}
	if b.needsNamed(v) {
		t := &Type{Name: b.scope.Claim(hint), Pointer: ptr}
		b.inline[v] = t
		b.fillNamed(t, v)
		return &TypeRef{Kind: RefNamed, Name: t.Name, Type: t, Check: checks(v)}
	}
	if b.depth++; b.depth > maxDepth {
		b.depth--
		b.warn(ptr, "schema nests deeper than %d levels; using any", maxDepth)
		return &TypeRef{Kind: RefBuiltin, Name: "any"}
	}
	defer func() { b.depth-- }()
	return b.plain(v, hint, ptr)
}

// maxDepth bounds nesting of unnamed schemas (arrays of arrays...), which
// only a self-referencing document can exceed.
const maxDepth = 64

// component returns the named type s refers to. A local $ref is matched by
// name because OpenAPI 3.1 lets a $ref carry sibling keywords (a
// description), which gives the loaded value an identity of its own.
func (b *builder) component(s *openapi3.SchemaRef) *Type {
	if t := b.components[s.Value]; t != nil {
		return t
	}
	if name, ok := localComponent(s.Ref); ok && b.doc.Components != nil {
		if c := b.doc.Components.Schemas[name]; c != nil && c.Value != nil {
			return b.components[c.Value]
		}
	}
	return b.externalComponent(s)
}

// localComponent is the name of the component schema that ref, a $ref of
// this document, names (#/components/schemas/NAME, unescaped).
func localComponent(ref string) (string, bool) {
	const prefix = "#/components/schemas/"
	if !strings.HasPrefix(ref, prefix) {
		return "", false
	}
	return pointerUnescape(ref[len(prefix):]), true
}

// externalComponent makes a schema another file defines under a name
// (schemas/pet.yaml#/Pet) a named type, as components are: one type however
// many places refer to it, named after it rather than after the first
// place that happens to use it.
func (b *builder) externalComponent(s *openapi3.SchemaRef) *Type {
	file, fragment, _ := strings.Cut(s.Ref, "#")
	if file == "" || s.Value == nil || !b.needsNamed(s.Value) || b.inline[s.Value] != nil {
		return nil
	}
	if t := b.external[originKey(s.Value)]; t != nil && originKey(s.Value) != "" {
		b.components[s.Value] = t // the same definition, loaded again through another relative path
		return t
	}
	name := path.Base(fragment)
	if fragment == "" || fragment == "/" {
		name = strings.TrimSuffix(path.Base(file), path.Ext(file))
	}
	name = pointerUnescape(name)
	t := &Type{Name: b.scope.Claim(b.names.Exported(name, "Schema")), Pointer: "/" + pointerEscape(s.Ref)}
	b.components[s.Value] = t
	b.schemaOf[t] = s.Value
	if k := originKey(s.Value); k != "" {
		b.external[k] = t
	}
	b.fillComponent(t, s.Value)
	return t
}

// originKey is where a schema is written (file, line, column), which tells
// one definition reached through two relative paths from two definitions;
// "" when the loader did not record it.
func originKey(v *openapi3.Schema) string {
	if v.Origin == nil || v.Origin.Key == nil || v.Origin.Key.File == "" {
		return ""
	}
	k := v.Origin.Key
	return fmt.Sprintf("%s:%d:%d", k.File, k.Line, k.Column)
}

// needsNamed reports whether an inline schema becomes a named Go type.
func (b *builder) needsNamed(v *openapi3.Schema) bool {
	return len(v.Properties) > 0 || len(v.AllOf) > 0 || len(v.Enum) > 0 ||
		len(v.OneOf) > 0 || len(v.AnyOf) > 0
}

// plain maps schemas that need no named type: scalars, arrays, maps, any.
func (b *builder) plain(v *openapi3.Schema, hint, ptr string) *TypeRef {
	types, _ := nonNullTypes(v)
	c := checks(v)
	b.warnNot(v, ptr)
	if len(types) == 0 && v.Const != nil {
		types = []string{constType(v.Const)}
	}
	if len(types) != 1 {
		switch {
		case len(types) == 0 && v.Items != nil:
			types = []string{"array"}
		case len(types) > 1:
			b.warn(ptr+"/type", "a value of types %s is kept as any", strings.Join(types, ", "))
			return &TypeRef{Kind: RefBuiltin, Name: "any", Check: c}
		default:
			return &TypeRef{Kind: RefBuiltin, Name: "any", Check: c} // no type: any JSON value
		}
	}
	switch types[0] {
	case "string":
		if v.Format == "date-time" {
			return &TypeRef{Kind: RefTime, Name: "time.Time", Check: c}
		}
		return &TypeRef{Kind: RefBuiltin, Name: "string", Check: c}
	case "integer":
		if v.Format == "int32" {
			return &TypeRef{Kind: RefBuiltin, Name: "int32", Check: c}
		}
		return &TypeRef{Kind: RefBuiltin, Name: "int64", Check: c}
	case "number":
		if v.Format == "float" {
			return &TypeRef{Kind: RefBuiltin, Name: "float32", Check: c}
		}
		return &TypeRef{Kind: RefBuiltin, Name: "float64", Check: c}
	case "boolean":
		return &TypeRef{Kind: RefBuiltin, Name: "bool", Check: c}
	case "array":
		return &TypeRef{Kind: RefSlice, Elem: b.fieldElem(v.Items, b.elemHint(hint, "Item"), ptr+"/items"), Check: c}
	case "object":
		return &TypeRef{Kind: RefMap, Elem: b.additional(v, hint, ptr), Check: c}
	}
	b.warn(ptr, "unsupported type %q, using any", types[0])
	return &TypeRef{Kind: RefBuiltin, Name: "any"}
}

// fieldElem is the type of an array item or map value. An element is there
// or not by the container itself, so a nullable one has two states, a value
// or null, and needs no Nullable[T] (whose third state, unset, an element
// cannot be in): null is a nil *T, or a nil slice or map, which
// encoding/json reads from and writes as null. Besides reading as plain Go,
// this keeps Nullable's methods from being instantiated for every PATCH
// map's value type: the Botpress SDK compiles about a fifth faster.
func (b *builder) fieldElem(s *openapi3.SchemaRef, hint, ptr string) *TypeRef {
	if s == nil || s.Value == nil {
		return &TypeRef{Kind: RefBuiltin, Name: "any"}
	}
	inner, nullable := unwrapNull(s)
	t := b.typeOf(inner, hint, ptr)
	switch {
	case !nullable || t.IsAny() || t.Kind == RefSlice || t.Kind == RefMap:
		return t
	default:
		return &TypeRef{Kind: RefPtr, Elem: t}
	}
}

// additional is the value type of an object's additionalProperties.
func (b *builder) additional(v *openapi3.Schema, hint, ptr string) *TypeRef {
	if ap := v.AdditionalProperties.Schema; ap != nil {
		return b.fieldElem(ap, b.elemHint(hint, "Value"), ptr+"/additionalProperties")
	}
	return &TypeRef{Kind: RefBuiltin, Name: "any"}
}

func constType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64, int, int64:
		return "number"
	}
	return "object"
}

// fillNamed decides the kind of a named type from its schema.
func (b *builder) fillNamed(t *Type, v *openapi3.Schema) {
	b.api.Types = append(b.api.Types, t)
	t.Doc = v.Description
	b.fillKind(t, v)
}

func (b *builder) fillKind(t *Type, v *openapi3.Schema) {
	if len(v.Enum) > 0 || len(v.OneOf) > 0 || len(v.AnyOf) > 0 || len(v.Properties) > 0 || len(v.AllOf) > 0 {
		b.warnNot(v, t.Pointer) // plain warns for the others
	}
	switch {
	case len(v.Enum) > 0 && b.enumUsable(t, v):
		b.enum(t, v)
	case len(v.OneOf) > 0 || len(v.AnyOf) > 0:
		if inner, nullable := unwrapNull(&openapi3.SchemaRef{Value: v}); nullable && inner.Value != v {
			defineAs(t, b.typeOf(inner, t.Name+"Value", t.Pointer))
			return
		}
		b.union(t, v)
	case len(v.AllOf) > 0 && b.valueType(t, v):
	case len(v.Properties) > 0 || len(v.AllOf) > 0:
		b.object(t, v)
	default:
		defineAs(t, b.plain(v, t.Name, t.Pointer))
	}
}

// defineAs makes t a defined type over elem (type X Y), or an alias of it
// (type X = Y) when elem's JSON form comes from methods, which a defined
// type does not have: time.Time's, Nullable's, a named type's (a defined
// type over time.Time would encode as {}).
func defineAs(t *Type, elem *TypeRef) {
	t.Kind, t.Elem = KindDefined, elem
	if elem.Kind == RefTime || elem.Kind == RefNullable || elem.Kind == RefNamed {
		t.Kind = KindAlias
	}
}

// object builds a struct from properties, merging allOf parts.
func (b *builder) object(t *Type, v *openapi3.Schema) {
	t.Kind = KindStruct
	props, required, extra := b.mergeAllOf(v, t.Pointer)
	fields := naming.NewScope()
	siblings := b.propertyNames(props)
	for _, p := range props {
		f := b.field(p.name, fields.Claim(b.names.Exported(p.name, "Field")), p.schema, required[p.name], t.Name, p.ptr, siblings)
		t.Fields = append(t.Fields, f)
	}
	if extra != nil {
		t.Additional = extra
		t.AdditionalField = fields.Claim("AdditionalProperties")
	}
}

// propertyNames are the Go names properties have as written.
func (b *builder) propertyNames(props []property) map[string]bool {
	out := make(map[string]bool, len(props))
	for _, p := range props {
		out[b.names.Exported(p.name, "Field")] = true
	}
	return out
}

type property struct {
	name   string
	schema *openapi3.SchemaRef
	ptr    string
}

// mergeAllOf collects the properties of v and of its allOf parts, in the
// order the document declares them, with the union of the required sets.
func (b *builder) mergeAllOf(v *openapi3.Schema, ptr string) ([]property, map[string]bool, *TypeRef) {
	required := make(map[string]bool, len(v.Required))
	seen := make(map[string]int, len(v.Properties))
	props := make([]property, 0, len(v.Properties))
	var extra *TypeRef
	var walk func(s *openapi3.Schema, ptr string)
	merging := map[*openapi3.Schema]bool{} // the allOf chain being walked
	walk = func(s *openapi3.Schema, ptr string) {
		merging[s] = true
		defer delete(merging, s)
		for i, part := range s.AllOf {
			if part == nil || part.Value == nil {
				continue
			}
			at := fmt.Sprintf("%s/allOf/%d", ptr, i)
			if merging[part.Value] {
				// A schema that is all of itself adds nothing; walking it
				// again would never end.
				b.warn(at, "allOf includes a schema that includes this one; the cycle is ignored")
				continue
			}
			if types, _ := nonNullTypes(part.Value); len(types) > 0 && !slices.Contains(types, "object") {
				b.warn(at, "allOf part of type %s is part of an object, which no value of that type is; it adds nothing to the struct", strings.Join(types, ", "))
			}
			if c := b.component(part); c != nil {
				b.fillComponent(c, b.schemaOf[c])
			}
			walk(part.Value, at)
		}
		for _, name := range orderedProperties(s) {
			p := property{name: name, schema: s.Properties[name], ptr: ptr + "/properties/" + pointerEscape(name)}
			if i, ok := seen[name]; ok {
				if conflicting(props[i].schema, p.schema) {
					b.warn(p.ptr, "property %q is declared again with another type; this declaration wins", name)
				}
				props[i] = p // a later part refines an earlier one
				continue
			}
			seen[name] = len(props)
			props = append(props, p)
		}
		for _, r := range s.Required {
			required[r] = true
		}
		if ap := s.AdditionalProperties; ap.Schema != nil || (ap.Has != nil && *ap.Has && len(s.Properties) > 0) {
			extra = b.additional(s, "", ptr)
		}
	}
	walk(v, ptr)
	return props, required, extra
}

// conflicting reports whether two declarations of a property give it
// different types, which no value can satisfy together.
func conflicting(a, b *openapi3.SchemaRef) bool {
	if a == nil || b == nil || a.Value == nil || b.Value == nil {
		return false
	}
	ta, _ := nonNullTypes(a.Value)
	tb, _ := nonNullTypes(b.Value)
	return len(ta) > 0 && len(tb) > 0 && !slices.Equal(ta, tb)
}

// warnNot says that a not keyword is not enforced: Go has no type for
// "anything but".
func (b *builder) warnNot(v *openapi3.Schema, ptr string) {
	if v.Not != nil {
		b.warn(ptr+"/not", "not is ignored: neither the type nor the server's validation checks it")
	}
}

// orderedProperties lists property names in document order when the loader
// recorded it, else alphabetically.
func orderedProperties(s *openapi3.Schema) []string {
	type placed struct {
		line int
		name string
	}
	props := make([]placed, 0, len(s.Properties))
	for name, r := range s.Properties {
		line := propertyLine(r)
		if line == 0 {
			return sortedKeys(s.Properties)
		}
		props = append(props, placed{line, name})
	}
	// By line, and by name on one line (a flow mapping): the order is the
	// same whatever the map's.
	slices.SortFunc(props, func(a, b placed) int { return cmp.Or(cmp.Compare(a.line, b.line), strings.Compare(a.name, b.name)) })
	names := make([]string, len(props))
	for i, p := range props {
		names[i] = p.name
	}
	return names
}

// propertyLine is the line of a property's key, 0 when unknown.
func propertyLine(r *openapi3.SchemaRef) int {
	switch {
	case r == nil:
		return 0
	case r.Origin != nil && r.Origin.Key != nil:
		return r.Origin.Key.Line
	case r.Ref == "" && r.Value != nil && r.Value.Origin != nil && r.Value.Origin.Key != nil:
		return r.Value.Origin.Key.Line
	}
	return 0
}

// collection records what the elements of a field's array (or the values of
// its map) are named when they need a type of their own: the parent and the
// singular of the property, as one would call one of them (BotMedia for
// Bot.medias, FileAccessPolicy for File.accessPolicies). The name keeps the
// parent, so it never depends on which other operations or types the
// document has. It stays parent+property+Item (or Value) when the property
// does not read as a plural, or when the singular is the name of another
// property of the same parent (items beside item), whose type would be called
// the same.
func (b *builder) collection(hint, json, parent string, siblings map[string]bool) {
	one, ok := b.names.Singular(json)
	if !ok {
		return
	}
	if name := b.names.Exported(one, ""); name != "" && !siblings[name] {
		b.elems[hint] = parent + name
	}
}

// elemHint names the elements of the array or map that hint names: what
// collection recorded, unless another type took that name first, else hint
// and suffix.
func (b *builder) elemHint(hint, suffix string) string {
	if name, ok := b.elems[hint]; ok && !b.scope.Taken(name) {
		return name
	}
	return hint + suffix
}

// field builds one struct field and decides its Go representation:
// required values are plain; optional scalars and structs are pointers;
// optional slices, maps and any use omitzero (nil means absent, empty is
// sent); nullable values are Nullable[T], whose zero value means absent.
func (b *builder) field(name, goName string, s *openapi3.SchemaRef, required bool, parent, ptr string, siblings map[string]bool) *Field {
	f := &Field{JSON: name, Name: goName, Required: required, Untagged: !TagName(name), Pointer: ptr}
	if s == nil || s.Value == nil {
		f.Type = &TypeRef{Kind: RefBuiltin, Name: "any"}
		f.Omit = "omitzero"
		return f
	}
	inner, nullable := unwrapNull(s)
	f.Doc = s.Value.Description
	if f.Doc == "" {
		f.Doc = inner.Value.Description
	}
	f.Deprecated = s.Value.Deprecated
	f.Default = s.Value.Default
	f.ReadOnly = s.Value.ReadOnly
	b.collection(parent+f.Name, name, parent, siblings)
	base := b.typeOf(inner, parent+f.Name, ptr)
	f.Type, f.Omit = wrap(base, required, nullable)
	if f.ReadOnly && f.Omit == OmitNever {
		// Required only in responses: a request leaves the zero value out.
		f.Omit = OmitZero
	}
	return f
}

// wrap applies the optional/nullable representation to a base type.
func wrap(base *TypeRef, required, nullable bool) (*TypeRef, OmitMode) {
	isRefLike := base.IsAny() || base.Kind == RefSlice || base.Kind == RefMap
	switch {
	case nullable && !base.IsAny():
		omit := OmitZero
		if required {
			omit = OmitNever
		}
		return &TypeRef{Kind: RefNullable, Elem: base}, omit
	case required:
		return base, OmitNever
	case isRefLike:
		return base, OmitZero
	default:
		return &TypeRef{Kind: RefPtr, Elem: base}, OmitEmpty
	}
}

// lowerBound is a minLength/minItems as a constraint; 0 constrains nothing.
func lowerBound(n uint64) *int64 {
	if n == 0 {
		return nil
	}
	v := int64(n)
	return &v
}

// upperBound is a maxLength/maxItems as a constraint, when present.
func upperBound(n *uint64) *int64 {
	if n == nil {
		return nil
	}
	v := int64(*n)
	return &v
}

// checks extracts the validation keywords of s.
func checks(s *openapi3.Schema) *Constraints {
	c := Constraints{
		Pattern: s.Pattern, Format: s.Format,
		MinLength: lowerBound(s.MinLength), MaxLength: upperBound(s.MaxLength),
		MinItems: lowerBound(s.MinItems), MaxItems: upperBound(s.MaxItems),
		MinProps: lowerBound(s.MinProps), MaxProps: upperBound(s.MaxProps),
		MultipleOf: s.MultipleOf, UniqueItems: s.UniqueItems,
	}
	if v, ok := s.Const.(string); ok {
		c.ConstString = &v
	}
	c.Minimum, c.Maximum = s.Min, s.Max
	if x := s.ExclusiveMin; x.Value != nil {
		c.Minimum, c.ExclusiveMin = x.Value, true
	} else if x.Bool != nil {
		c.ExclusiveMin = *x.Bool
	}
	if x := s.ExclusiveMax; x.Value != nil {
		c.Maximum, c.ExclusiveMax = x.Value, true
	} else if x.Bool != nil {
		c.ExclusiveMax = *x.Bool
	}
	if ap := s.AdditionalProperties; ap.Has != nil && !*ap.Has {
		c.NoExtra = true
	}
	if c.Empty() {
		return nil // most schemas: no allocation
	}
	out := new(Constraints)
	*out = c
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }
