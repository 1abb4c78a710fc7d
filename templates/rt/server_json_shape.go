package rt

import (
	"encoding/json"
	"reflect"
	"strings"
)

// This file is emitted only into packages with an operation whose request
// body is JSON.

// serverJSONShape is what the body scan knows of the Go value a JSON value decodes into,
// to refuse a member name that encoding/json would match to a declared property only
// by ignoring case. nil is a value the scan knows nothing about: any names go, but
// not two that differ only in case, in case a struct decodes them.
type serverJSONShape struct {
	declared bool                        // a struct: props are its properties
	exact    bool                        // names are map keys: "a" and "A" are two of them
	props    map[string]*serverJSONShape // by exact name
	folded   map[string]string           // declared names by folded name
	rest     *serverJSONShape            // undeclared properties of a struct that keeps them, values of a map
	elem     *serverJSONShape            // items of a list
}

// exactNames reports whether the names of an object of this shape are compared as
// they are: encoding/json folds case only to match struct fields.
func (s *serverJSONShape) exactNames() bool {
	return s != nil && s.exact
}

// serverJSONAny is the shape of an interface value, which encoding/json decodes objects
// into as maps.
var serverJSONAny = func() *serverJSONShape {
	s := &serverJSONShape{exact: true}
	s.rest, s.elem = s, s
	return s
}()

// items is the shape of the items of a JSON array.
func (s *serverJSONShape) items() *serverJSONShape {
	if s == nil {
		return nil
	}
	return s.elem
}

// member is the shape of the value of the member with name (and folded name folded).
func (s *serverJSONShape) member(name, folded []byte) (*serverJSONShape, error) {
	switch {
	case s == nil:
		return nil, nil
	case !s.declared:
		return s.rest, nil
	}
	if p, ok := s.props[string(name)]; ok {
		return p, nil
	}
	if d, ok := s.folded[string(folded)]; ok {
		return nil, validateErrorf("unknown property; property names are case-sensitive (the schema declares %q)", d)
	}
	return s.rest, nil
}

var (
	serverJSONShapes      typeCache // the shapes built so far
	serverJSONUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	serverPackagePath     = reflect.TypeFor[serverJSONShape]().PkgPath()
)

// serverJSONShapeOf returns the shape of t, built once per type.
func serverJSONShapeOf(t reflect.Type) *serverJSONShape {
	return serverJSONShapes.get(t, func(t reflect.Type) any {
		return serverJSONBuild(t, map[reflect.Type]*serverJSONShape{})
	}).(*serverJSONShape)
}

// serverJSONBuild builds the shape of t; seen holds the shapes being built, for
// recursive types.
func serverJSONBuild(t reflect.Type, seen map[reflect.Type]*serverJSONShape) *serverJSONShape {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := seen[t]; ok {
		return s
	}
	if reflect.PointerTo(t).Implements(serverJSONUnmarshaler) {
		return serverJSONCustom(t, seen)
	}
	if reflect.PointerTo(t).Implements(serverTextUnmarshalerJSON) {
		return nil // decoded from a JSON string
	}
	s := &serverJSONShape{}
	switch t.Kind() {
	case reflect.Struct:
		seen[t] = serverJSONNewStruct(s)
		serverJSONFields(s, t, seen)
	case reflect.Map:
		seen[t] = s
		s.exact, s.rest = true, serverJSONBuild(t.Elem(), seen)
	case reflect.Slice, reflect.Array:
		seen[t] = s
		s.elem = serverJSONBuild(t.Elem(), seen)
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return serverJSONAny
		}
		return nil
	default:
		return nil
	}
	return s
}

var serverTextUnmarshalerJSON = reflect.TypeFor[interface{ UnmarshalText([]byte) error }]()

func serverJSONNewStruct(s *serverJSONShape) *serverJSONShape {
	s.declared, s.props, s.folded = true, map[string]*serverJSONShape{}, map[string]string{}
	return s
}

// serverJSONFields adds the properties encoding/json decodes into struct t. The fields
// of untagged embedded structs are promoted after t's own, without encoding/json's
// finer rules for conflicts, which generated types never need.
func serverJSONFields(s *serverJSONShape, t reflect.Type, seen map[reflect.Type]*serverJSONShape) {
	var embedded []reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case f.Anonymous && name == "" && ft.Kind() == reflect.Struct:
			embedded = append(embedded, ft)
			continue
		case !f.IsExported():
			continue
		case name == "":
			name = f.Name
		}
		if _, ok := s.props[name]; !ok {
			s.props[name] = serverJSONBuild(f.Type, seen)
			s.folded[string(serverFoldName(nil, []byte(name)))] = name
		}
	}
	for _, e := range embedded {
		serverJSONFields(s, e, seen)
	}
}

// serverJSONCustom is the shape of a type that decodes itself: what the runtime's own
// such types decode into, nil for any other.
func serverJSONCustom(t reflect.Type, seen map[reflect.Type]*serverJSONShape) *serverJSONShape {
	if t.Kind() != reflect.Struct {
		return nil
	}
	if t.PkgPath() == serverPackagePath && strings.HasPrefix(t.Name(), "Nullable[") {
		if get, ok := t.MethodByName("Get"); ok {
			return serverJSONBuild(get.Type.Out(0), seen)
		}
		return nil
	}
	if f, ok := t.FieldByName("AdditionalProperties"); ok && f.Tag.Get("json") == "-" && f.Type.Kind() == reflect.Map {
		// An object that keeps undeclared properties decodes its declared ones as usual
		// and the others as map keys, which may differ only in case: a name that folds
		// to a declared one is refused as such rather than as a duplicate.
		s := serverJSONNewStruct(&serverJSONShape{exact: true})
		seen[t] = s
		serverJSONFields(s, t, seen)
		s.rest = serverJSONBuild(f.Type.Elem(), seen)
		return s
	}
	return serverJSONUnion(t, seen)
}

// serverJSONUnion is the shape of a union (one untagged pointer field per variant): the
// properties of all its object variants, so that a name is refused when no variant
// declares it and one declares it in another case. A variant that is a map, or that
// the scan knows nothing about, could take any name: then the shape is empty, which
// checks nothing, like nil (but recursive references may already point at it).
func serverJSONUnion(t reflect.Type, seen map[reflect.Type]*serverJSONShape) *serverJSONShape {
	for i := range t.NumField() {
		if f := t.Field(i); !f.IsExported() || f.Tag != "" || f.Type.Kind() != reflect.Pointer {
			return nil // not a union of the generator's
		}
	}
	s := serverJSONNewStruct(&serverJSONShape{})
	seen[t] = s
	lists := 0
	for i := range t.NumField() {
		f := t.Field(i)
		v := serverJSONBuild(f.Type, seen)
		switch k := f.Type.Elem().Kind(); {
		case k == reflect.Slice || k == reflect.Array:
			if lists++; lists == 1 {
				s.elem = v.items()
			} else {
				s.elem = nil
			}
		case k == reflect.Struct && v != nil && v.declared:
			serverJSONMerge(s, v)
		case k == reflect.Struct || k == reflect.Map || k == reflect.Interface:
			*s = serverJSONShape{}
			return s
		}
	}
	return s
}

// serverJSONMerge adds the properties of v to s; a property both declare with
// different shapes gets nil.
func serverJSONMerge(s, v *serverJSONShape) {
	for name, p := range v.props {
		if q, ok := s.props[name]; ok && q != p {
			p = nil
		}
		s.props[name] = p
	}
	for f, name := range v.folded {
		s.folded[f] = name
	}
}
