package model

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// enum builds a defined scalar type with one constant per value.
func (b *builder) enum(t *Type, v *openapi3.Schema) {
	t.Kind = KindEnum
	base := enumBase(v)
	t.Enum = &Enum{Base: base}
	seen := map[any]bool{}
	for i, raw := range v.Enum {
		if raw == nil {
			continue // null is carried by Nullable, not by a constant
		}
		val, _ := enumValue(base, raw) // enumUsable checked every value
		if seen[val] {
			b.warn(fmt.Sprintf("%s/enum/%d", t.Pointer, i), "enum value %v is repeated; it gets one constant", raw)
			continue
		}
		seen[val] = true
		name := b.scope.Claim(t.Name + b.names.Exported(enumWords(val), "Empty"))
		t.Enum.Values = append(t.Enum.Values, &EnumValue{Name: name, Value: val})
	}
}

// enumUsable reports whether every value of the enum fits its scalar type.
// Enums of objects or of mixed types are kept as their plain type, with a
// warning, rather than refusing the spec.
func (b *builder) enumUsable(t *Type, v *openapi3.Schema) bool {
	base := enumBase(v)
	for i, raw := range v.Enum {
		if raw == nil {
			continue
		}
		if _, ok := enumValue(base, raw); !ok {
			b.warn(fmt.Sprintf("%s/enum/%d", t.Pointer, i), "enum value %v is not a %s; the enum is not generated", raw, base)
			return false
		}
	}
	return true
}

func enumBase(v *openapi3.Schema) Scalar {
	types, _ := nonNullTypes(v)
	if len(types) == 1 {
		switch types[0] {
		case "integer":
			return ScalarInt64
		case "number":
			return ScalarFloat64
		case "boolean":
			return ScalarBool
		}
	}
	return ScalarString
}

func enumValue(base Scalar, raw any) (any, bool) {
	switch base {
	case "string":
		s, ok := raw.(string)
		return s, ok
	case "bool":
		v, ok := raw.(bool)
		return v, ok
	}
	f, ok := toFloat(raw)
	if !ok {
		return nil, false
	}
	if base == "int64" {
		if f != float64(int64(f)) {
			return nil, false
		}
		return int64(f), true
	}
	return f, true
}

func toFloat(raw any) (float64, bool) {
	switch n := raw.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	}
	return 0, false
}

// enumWords is the text a constant is named from: a negative number says so
// (IntsMinus3), where the sign alone would be dropped as punctuation.
func enumWords(val any) string {
	text := fmt.Sprint(val)
	if rest, ok := strings.CutPrefix(text, "-"); ok && base10(rest) {
		return "minus " + rest
	}
	return text
}

func base10(s string) bool {
	return s != "" && strings.Trim(s, "0123456789.e+") == ""
}
