package model

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// An allOf is an object only when its parts describe one. Published
// documents also use it to refine a value ("a string, and at most 15
// characters") and, since OpenAPI 3.0 ignores a $ref's siblings, to give a
// reference a description: allOf: [{$ref: Id}, {description: ...}]. Such
// an allOf is the type of its one part that says what the value is, with
// the constraints of every part.

// valuePart is valueAllOf, warning when the parts that say what the value
// is disagree.
func (b *builder) valuePart(v *openapi3.Schema, ptr string) (part *openapi3.SchemaRef, at string, ok bool) {
	part, at, ok = valueAllOf(v, ptr)
	if ok {
		b.warnDisjoint(v, ptr)
		b.warnUnchecked(v, ptr)
	}
	return part, at, ok
}

// warnUnchecked warns when parts give the value different patterns,
// formats or constants: the value is checked against the first only (one
// constraint holds one), so the others are not enforced.
func (b *builder) warnUnchecked(v *openapi3.Schema, ptr string) {
	var pattern, format string
	for i, p := range v.AllOf {
		if p == nil || p.Value == nil {
			continue
		}
		at := fmt.Sprintf("%s/allOf/%d", ptr, i)
		if x := p.Value.Pattern; x != "" && pattern != "" && x != pattern {
			b.warn(at+"/pattern", "allOf part's pattern is not checked: the value is checked against an earlier part's, %q", pattern)
		} else if pattern == "" {
			pattern = x
		}
		if x := p.Value.Format; x != "" && format != "" && x != format {
			b.warn(at+"/format", "allOf part's format %q is not checked: an earlier part's, %q, is", x, format)
		} else if format == "" {
			format = x
		}
	}
}

// valueAllOf reports whether v is such an allOf, and returns that part and
// where it is: nil when no part says (then v's own type is the value's).
func valueAllOf(v *openapi3.Schema, ptr string) (part *openapi3.SchemaRef, at string, ok bool) {
	if len(v.AllOf) == 0 || len(v.Properties) > 0 || len(v.Required) > 0 || hasExtra(v) {
		return nil, "", false
	}
	var parts []int
	for i, p := range v.AllOf {
		if p != nil && p.Value != nil && says(p) {
			parts = append(parts, i)
		}
	}
	switch {
	case len(parts) == 0:
		types, _ := nonNullTypes(v)
		// {type: object, allOf: [{description}]} is an empty object.
		return nil, "", !slices.Contains(types, "object")
	case len(parts) == 1:
		return v.AllOf[parts[0]], fmt.Sprintf("%s/allOf/%d", ptr, parts[0]), true
	}
	for _, i := range parts {
		if objectLike(v.AllOf[i].Value, map[*openapi3.Schema]bool{}) {
			return nil, "", false // parts of an object, merged
		}
	}
	first := parts[0]
	for _, i := range parts {
		if v.AllOf[i].Ref != "" {
			first = i // a named type says more than an inline one
			break
		}
	}
	return v.AllOf[first], fmt.Sprintf("%s/allOf/%d", ptr, first), true
}

// valueType makes t, a named value allOf, the type of the part that says
// what the value is: that type itself when the part is an inline schema
// that needs a name (an enum, a union), else an alias of the named type or
// a defined type of the scalar, slice or map.
func (b *builder) valueType(t *Type, v *openapi3.Schema) bool {
	part, at, ok := b.valuePart(v, t.Pointer)
	switch {
	case !ok:
		return false
	case part != nil && b.component(part) == nil && b.inline[part.Value] == nil && b.needsNamed(part.Value):
		b.inline[part.Value] = t
		t.Doc = cmp.Or(t.Doc, part.Value.Description)
		b.fillKind(t, part.Value)
		return true
	}
	elem := b.valueRef(v, part, t.Name+"Value", t.Pointer, at)
	if elem.Kind == RefNamed && aliases(elem.Type, t) {
		through := ""
		if elem.Type != t {
			through = " through " + elem.Name
		}
		b.warn(t.Pointer, "schema is all of itself%s; it is any", through)
		elem = &TypeRef{Kind: RefBuiltin, Name: "any"}
	}
	defineAs(t, elem) // an alias keeps the methods (JSON, validation) of the type it names
	return true
}

// valueRef is the type of v, a value allOf: its deciding part's (at at),
// or, when no part decides, v's own type (at ptr), with the constraints of
// every part.
func (b *builder) valueRef(v *openapi3.Schema, part *openapi3.SchemaRef, hint, ptr, at string) *TypeRef {
	var ref *TypeRef
	if part != nil {
		ref = b.typeOf(part, hint, at)
	} else {
		ref = b.plain(v, hint, ptr)
	}
	ref.Check = stricter(ref.Check, b.checksOf(v))
	return ref
}

// says reports whether an allOf part says what the value is, rather than
// only annotating or constraining it. Required properties say something of
// an object, which a merged struct keeps.
func says(p *openapi3.SchemaRef) bool {
	v := p.Value
	types, _ := nonNullTypes(v)
	return p.Ref != "" || len(types) > 0 || len(v.Enum) > 0 || v.Items != nil || v.Const != nil ||
		len(v.Properties) > 0 || len(v.Required) > 0 || hasExtra(v) || len(v.AllOf) > 0 || len(v.OneOf) > 0 || len(v.AnyOf) > 0
}

func hasExtra(v *openapi3.Schema) bool {
	ap := v.AdditionalProperties
	return ap.Schema != nil || (ap.Has != nil && *ap.Has)
}

// objectLike reports whether v describes an object, itself or through its
// allOf parts.
func objectLike(v *openapi3.Schema, seen map[*openapi3.Schema]bool) bool {
	if v == nil || seen[v] {
		return false
	}
	seen[v] = true
	types, _ := nonNullTypes(v)
	if len(v.Properties) > 0 || hasExtra(v) || slices.Contains(types, "object") {
		return true
	}
	return slices.ContainsFunc(v.AllOf, func(p *openapi3.SchemaRef) bool { return p != nil && objectLike(p.Value, seen) })
}

// warnDisjoint warns when the parts of a value allOf declare types that no
// value has together (a string and an integer).
func (b *builder) warnDisjoint(v *openapi3.Schema, ptr string) {
	var first []string
	for i, p := range v.AllOf {
		if p == nil || p.Value == nil {
			continue
		}
		types, _ := nonNullTypes(p.Value)
		switch {
		case len(types) == 0:
		case first == nil:
			first = types
		case !overlaps(first, types):
			b.warn(fmt.Sprintf("%s/allOf/%d", ptr, i), "allOf part of type %s cannot hold a value of type %s, as an earlier part requires; the earlier part decides the Go type",
				strings.Join(types, ", "), strings.Join(first, ", "))
			return
		}
	}
}

// overlaps reports whether a value can have one of the types a and one of
// the types b: an integer is a number.
func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y || (x == "integer" && y == "number") || (x == "number" && y == "integer") {
				return true
			}
		}
	}
	return false
}

// checksOf is checks(v), with the constraints of v's allOf parts when v is a
// value allOf: each part constrains the same value.
func (b *builder) checksOf(v *openapi3.Schema) *Constraints {
	return b.allOfChecks(v, map[*openapi3.Schema]bool{})
}

func (b *builder) allOfChecks(v *openapi3.Schema, seen map[*openapi3.Schema]bool) *Constraints {
	c := checks(v)
	if _, _, ok := valueAllOf(v, ""); !ok || seen[v] {
		return c
	}
	seen[v] = true
	for _, p := range v.AllOf {
		if p != nil && p.Value != nil {
			c = stricter(c, b.allOfChecks(p.Value, seen))
		}
	}
	return c
}

// stricter is the constraints of a and b together: the larger lower bound,
// the smaller upper bound, either flag. Where the two name different
// patterns, formats or constants, a's stands (one field holds one).
func stricter(a, b *Constraints) *Constraints {
	switch {
	case b.Empty():
		return a
	case a.Empty():
		return b
	}
	c := *a
	c.MinLength, c.MinItems, c.MinProps = maxOf(a.MinLength, b.MinLength), maxOf(a.MinItems, b.MinItems), maxOf(a.MinProps, b.MinProps)
	c.MaxLength, c.MaxItems, c.MaxProps = minOf(a.MaxLength, b.MaxLength), minOf(a.MaxItems, b.MaxItems), minOf(a.MaxProps, b.MaxProps)
	if b.Minimum != nil && (a.Minimum == nil || *b.Minimum > *a.Minimum || (*b.Minimum == *a.Minimum && b.ExclusiveMin)) {
		c.Minimum, c.ExclusiveMin = b.Minimum, b.ExclusiveMin
	}
	if b.Maximum != nil && (a.Maximum == nil || *b.Maximum < *a.Maximum || (*b.Maximum == *a.Maximum && b.ExclusiveMax)) {
		c.Maximum, c.ExclusiveMax = b.Maximum, b.ExclusiveMax
	}
	c.UniqueItems, c.NoExtra = a.UniqueItems || b.UniqueItems, a.NoExtra || b.NoExtra
	c.MultipleOf, c.ConstString = cmp.Or(a.MultipleOf, b.MultipleOf), cmp.Or(a.ConstString, b.ConstString)
	c.Pattern, c.Format = cmp.Or(a.Pattern, b.Pattern), cmp.Or(a.Format, b.Format)
	return &c
}

func maxOf(a, b *int64) *int64 {
	if a == nil || (b != nil && *b > *a) {
		return b
	}
	return a
}

func minOf(a, b *int64) *int64 {
	if a == nil || (b != nil && *b < *a) {
		return b
	}
	return a
}

// aliases reports whether from is to, or names it through aliases and
// defined types: making to an alias of from would close a cycle.
func aliases(from, to *Type) bool {
	seen := map[*Type]bool{}
	for t := from; t != nil && !seen[t]; t = t.Elem.Type {
		if t == to {
			return true
		}
		seen[t] = true
		if (t.Kind != KindAlias && t.Kind != KindDefined) || t.Elem == nil || t.Elem.Kind != RefNamed {
			return false
		}
	}
	return false
}
