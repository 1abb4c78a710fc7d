package load

import (
	"reflect"
	"slices"
	"sync"

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

// walk visits the parts of the document that can hold a *SchemaRef (see
// schemaHolders): pointers (once each), structs, maps and slices. Interface
// fields (extensions, examples) hold plain JSON values, never schemas, and
// are skipped.
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
		for _, i := range schemaHolders().fields[v.Type()] {
			w.walk(v.Field(i))
		}
	case reflect.Map:
		if !schemaHolders().holds[v.Type().Elem()] {
			return
		}
		for it := v.MapRange(); it.Next(); {
			w.walk(it.Value())
		}
	case reflect.Slice, reflect.Array:
		if !schemaHolders().holds[v.Type().Elem()] {
			return
		}
		for i := range v.Len() {
			w.walk(v.Index(i))
		}
	}
}

// typePlan says which types of the document's structure can hold a
// *SchemaRef, and for each struct type which of its fields can: the walk
// skips the rest (strings, numbers, source positions), which is most of a
// document.
type typePlan struct {
	holds  map[reflect.Type]bool
	fields map[reflect.Type][]int
}

// schemaHolders is computed once, from the types of kin-openapi's document,
// so that a field kin-openapi adds is walked without a change here.
var schemaHolders = sync.OnceValue(func() *typePlan {
	children := map[reflect.Type][]reflect.Type{}
	var visit func(t reflect.Type)
	visit = func(t reflect.Type) {
		if _, ok := children[t]; ok {
			return
		}
		children[t] = nil
		var kids []reflect.Type
		switch t.Kind() {
		case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Array:
			kids = []reflect.Type{t.Elem()}
		case reflect.Struct:
			for f := range t.Fields() {
				if f.IsExported() && f.Type != originType {
					kids = append(kids, f.Type)
				}
			}
		}
		children[t] = kids
		for _, k := range kids {
			visit(k)
		}
	}
	visit(reflect.TypeFor[*openapi3.T]())
	// A type holds a *SchemaRef if one of its parts does: grow the set
	// until it stops changing (the types refer to one another in cycles).
	holds := map[reflect.Type]bool{schemaRefType: true}
	for changed := true; changed; {
		changed = false
		for t, kids := range children {
			if !holds[t] && slices.ContainsFunc(kids, func(k reflect.Type) bool { return holds[k] }) {
				holds[t], changed = true, true
			}
		}
	}
	fields := map[reflect.Type][]int{}
	for t := range children {
		if t.Kind() != reflect.Struct {
			continue
		}
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && f.Type != originType && holds[f.Type] {
				fields[t] = append(fields[t], i)
			}
		}
	}
	return &typePlan{holds: holds, fields: fields}
})

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
