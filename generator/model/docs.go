package model

import "strings"

// describeInline gives named types that have no description of their own a
// comment saying where they are used, which beats a generic sentence. Types
// are visited in name order and each keeps its first use, so the result is
// deterministic.
func describeInline(api *API) {
	for _, t := range api.Types {
		for _, f := range t.Fields {
			describeUse(f.Type, "the type of "+t.Name+"."+f.Name)
		}
		if t.Union != nil {
			for _, v := range t.Union.Variants {
				describeUse(v.Type, "a variant of "+t.Name)
			}
		}
		if t.Elem != nil {
			describeUse(t.Elem, "the underlying type of "+t.Name)
		}
	}
}

func describeUse(r *TypeRef, use string) {
	switch r.Kind {
	case RefPtr, RefNullable:
		describeUse(r.Elem, use)
	case RefSlice:
		describeUse(r.Elem, "an item of "+trimThe(use))
	case RefMap:
		describeUse(r.Elem, "a value of "+trimThe(use))
	case RefNamed:
		if !isComponent(r.Type) && r.Type.Use == "" {
			r.Type.Use = "is " + use + "."
		}
		if r.Type.Doc == "" && !isComponent(r.Type) {
			r.Type.Doc = r.Type.Use
		}
	}
}

func trimThe(use string) string {
	const prefix = "the type of "
	if len(use) > len(prefix) && use[:len(prefix)] == prefix {
		return use[len(prefix):]
	}
	return use
}

// isComponent reports whether t is a component schema itself (not a type
// inline in one): those keep the generic comment rather than naming one use.
func isComponent(t *Type) bool {
	rest, ok := strings.CutPrefix(t.Pointer, "/components/schemas/")
	return ok && !strings.Contains(rest, "/")
}
