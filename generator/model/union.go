package model

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bpgen/bpgen/generator/naming"
)

// union builds a oneOf/anyOf type with one pointer field per variant.
func (b *builder) union(t *Type, v *openapi3.Schema) {
	t.Kind = KindUnion
	alts, anyOf := v.OneOf, false
	if len(alts) == 0 {
		alts, anyOf = v.AnyOf, true
	}
	u := &Union{}
	if v.Discriminator != nil {
		u.Discriminator = v.Discriminator.PropertyName
	}
	_, u.Null = nonNullTypes(v)
	// The union's methods: a variant never takes their names.
	fields := naming.NewScope("Variant", "Value", "MarshalJSON", "UnmarshalJSON")
	kw := "oneOf"
	if anyOf {
		kw = "anyOf"
	}
	for i, alt := range alts {
		if isNullSchema(alt) {
			u.Null = true
			continue
		}
		if alt == nil || alt.Value == nil {
			continue
		}
		ptr := fmt.Sprintf("%s/%s/%d", t.Pointer, kw, i)
		vt := b.typeOf(alt, t.Name+variantHint(alt, i), ptr)
		name := variantHint(alt, i)
		if c := b.component(alt); c != nil {
			name = c.Name
		}
		u.Variants = append(u.Variants, &Variant{
			Field:  fields.Claim(b.names.Exported(name, "Variant")),
			Type:   vt,
			JSON:   jsonKind(alt.Value),
			Values: b.discriminatorValues(v, alt),
			Doc:    variantDoc(b, alt),
		})
	}
	t.Union = u
}

func variantHint(alt *openapi3.SchemaRef, i int) string {
	if alt.Value.Title != "" {
		return naming.Exported(alt.Value.Title, "Variant")
	}
	if types, _ := nonNullTypes(alt.Value); len(types) == 1 {
		return naming.Exported(types[0], "Variant")
	}
	if _, _, ok := valueAllOf(alt.Value, ""); ok {
		if kind := jsonKind(alt.Value); kind != "" {
			return naming.Exported(string(kind), "Variant") // a string narrowed by allOf
		}
	}
	return "Variant" + strconv.Itoa(i)
}

// jsonKind is the JSON token kind a variant's values start with: a value
// allOf's is its deciding part's (a string narrowed by maxLength is a
// string, not an object).
func jsonKind(v *openapi3.Schema) JSONKind {
	for range maxDepth {
		if types, _ := nonNullTypes(v); len(types) == 1 {
			return JSONKind(types[0])
		}
		part, _, ok := valueAllOf(v, "")
		if !ok {
			break
		}
		if part == nil || part.Value == nil {
			return ""
		}
		v = part.Value
	}
	if len(v.Properties) > 0 || len(v.AllOf) > 0 {
		return JSONObject
	}
	return ""
}

// discriminatorValues lists the values of the discriminator property that
// select alt: explicit mapping entries, else the component's name. A mapping
// value is a reference or, as OpenAPI also allows, a schema's name alone
// ("default": "BotCommandScopeDefault").
func (b *builder) discriminatorValues(v *openapi3.Schema, alt *openapi3.SchemaRef) []string {
	if v.Discriminator == nil {
		return nil
	}
	name, local := localComponent(alt.Ref)
	var out []string
	for _, key := range sortedKeys(v.Discriminator.Mapping) {
		m := v.Discriminator.Mapping[key]
		if m.Ref == alt.Ref || (m.Value != nil && m.Value == alt.Value) || (local && m.Ref == name) {
			out = append(out, key)
		}
	}
	if len(out) == 0 && alt.Ref != "" {
		out = append(out, alt.Ref[strings.LastIndex(alt.Ref, "/")+1:])
	}
	return out
}

// variantDoc is the description of an inline variant; a component's is on
// its own type.
func variantDoc(b *builder, alt *openapi3.SchemaRef) string {
	if b.component(alt) != nil {
		return ""
	}
	return alt.Value.Description
}
