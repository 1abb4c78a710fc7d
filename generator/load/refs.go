package load

import (
	"reflect"

	"github.com/getkin/kin-openapi/openapi3"
)

// kin-openapi validates a schema by walking everything reachable from it, and
// starts a fresh walk for every component and every schema of every
// operation: a document whose components reference one another is validated
// in time quadratic in its size (a synthetic 800-path, 2,000-schema document
// took three minutes). Every component is validated as a component anyway, so
// during validation each $ref to a component is pointed at one empty schema,
// and each schema is walked once.

// detachComponentRefs points every $ref to a component schema at an empty
// schema and returns the function that puts the real values back.
func detachComponentRefs(t *openapi3.T) (restore func()) {
	if t.Components == nil || len(t.Components.Schemas) == 0 {
		return func() {}
	}
	components := map[*openapi3.Schema]bool{}
	for _, ref := range t.Components.Schemas {
		if ref != nil && ref.Value != nil {
			components[ref.Value] = true
		}
	}
	w := &refWalker{components: components, placeholder: &openapi3.Schema{}, seen: map[uintptr]bool{}}
	w.walk(reflect.ValueOf(t))
	return func() {
		for ref, v := range w.detached {
			ref.Value = v
		}
	}
}

type refWalker struct {
	components  map[*openapi3.Schema]bool
	placeholder *openapi3.Schema
	seen        map[uintptr]bool
	detached    map[*openapi3.SchemaRef]*openapi3.Schema
}

var (
	schemaRefType = reflect.TypeFor[*openapi3.SchemaRef]()
	originType    = reflect.TypeFor[*openapi3.Origin]() // source positions: no schemas, and many of them
)

// walk visits the exported structure of the document: pointers (once each),
// structs, maps and slices. Interface fields (extensions, examples) hold
// plain JSON values, never schemas, and are skipped.
func (w *refWalker) walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || w.seen[v.Pointer()] {
			return
		}
		w.seen[v.Pointer()] = true
		if v.Type() == schemaRefType && w.detach(v.Interface().(*openapi3.SchemaRef)) {
			return
		}
		w.walk(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() && f.Type != originType {
				w.walk(v.Field(i))
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			w.walk(it.Value())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			w.walk(v.Index(i))
		}
	}
}

// detach points ref at the placeholder when it refers to a component.
func (w *refWalker) detach(ref *openapi3.SchemaRef) bool {
	if ref.Ref == "" || !w.components[ref.Value] {
		return false
	}
	if w.detached == nil {
		w.detached = map[*openapi3.SchemaRef]*openapi3.Schema{}
	}
	w.detached[ref] = ref.Value
	ref.Value = w.placeholder
	return true
}
