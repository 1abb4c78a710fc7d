package model

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

const pagerExt = "x-bpgen-pagination"

// pager applies the documented pagination rule (see the README): a GET with
// an optional string token query parameter, a success object with a string
// at the token path, and one array field holding the items. Anything that
// does not fit is left alone rather than guessed.
func (b *builder) pager(op *Operation, x *openapi3.Operation) *Pager {
	var opt struct {
		Items     string `json:"items"`
		TokenPath string `json:"tokenPath"`
	}
	if v, ok := x.Extensions[pagerExt]; ok {
		if off, isBool := v.(bool); isBool {
			if !off {
				return nil
			}
		} else if err := decodeExtension(v, &opt); err != nil {
			b.fail(op.Pointer+"/"+pagerExt, "invalid extension: %v", err)
			return nil
		}
	}
	if op.Method != "GET" {
		return nil
	}
	token := findParam(op, "query", b.ext.Pagination.TokenParam)
	if token == nil || token.Required || !isString(token.Field.Type) {
		return nil
	}
	out := structOf(op.Output)
	if out == nil {
		return nil
	}
	tokenPath := b.ext.Pagination.TokenPath
	if opt.TokenPath != "" {
		tokenPath = opt.TokenPath
	}
	path := tokenPathFields(out, tokenPath)
	if path == nil {
		if opt.TokenPath != "" {
			b.fail(op.Pointer+"/"+pagerExt+"/tokenPath", "no string field at %q in the response", opt.TokenPath)
		}
		return nil
	}
	items := itemsField(out, opt.Items)
	if items == nil {
		if opt.Items != "" {
			b.fail(op.Pointer+"/"+pagerExt+"/items", "no array field %q in the response", opt.Items)
		}
		return nil
	}
	return &Pager{TokenField: token.Field, TokenPath: path, Items: items, Item: items.Type.Elem}
}

// structOf follows aliases to the struct a type is.
func structOf(t *Type) *Type {
	for t != nil && (t.Kind == KindAlias || t.Kind == KindDefined) && t.Elem != nil && t.Elem.Kind == RefNamed {
		t = t.Elem.Type
	}
	if t == nil || t.Kind != KindStruct {
		return nil
	}
	return t
}

func isString(t *TypeRef) bool {
	if t.Kind == RefPtr || t.Kind == RefNullable {
		t = t.Elem
	}
	return t.Kind == RefBuiltin && t.Name == "string"
}

// tokenPathFields resolves a dotted path of JSON names to output fields.
// Intermediate steps must be structs (plain or pointer), the last a string.
func tokenPathFields(out *Type, dotted string) []*Field {
	var path []*Field
	cur := out
	parts := strings.Split(dotted, ".")
	for i, part := range parts {
		if cur == nil {
			return nil
		}
		f := fieldByJSON(cur, part)
		if f == nil {
			return nil
		}
		path = append(path, f)
		if i == len(parts)-1 {
			if !isString(f.Type) {
				return nil
			}
			break
		}
		t := f.Type
		if t.Kind == RefPtr {
			t = t.Elem
		}
		if t.Kind != RefNamed {
			return nil
		}
		cur = structOf(t.Type)
	}
	return path
}

func fieldByJSON(t *Type, name string) *Field {
	for _, f := range t.Fields {
		if f.JSON == name {
			return f
		}
	}
	return nil
}

// itemsField is the one array field of out, or the one named by the spec.
func itemsField(out *Type, named string) *Field {
	var found *Field
	for _, f := range out.Fields {
		if f.Type.Kind != RefSlice || (named != "" && f.JSON != named) {
			continue
		}
		if found != nil {
			return nil // several arrays: ambiguous unless the spec names one
		}
		found = f
	}
	return found
}
