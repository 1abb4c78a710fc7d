package rt

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The client's encoding of parameters whose Go type the generator cannot
// format by itself (objects, lists of objects, values of types it does not
// know): by reflection, in OpenAPI's styles. Scalars and lists of scalars are
// formatted by generated code.

var queryTextMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()

// queryAdd adds parameter name with value v to q, written in style st.
//
// Absent values add nothing: nil pointers and interfaces, nil or empty slices and maps.
// A non-pointer zero scalar is sent, since optional parameters are pointers.
func queryAdd(q url.Values, name string, v any, st queryStyle) {
	// The common shapes skip reflection; they are what most operations pass.
	switch x := v.(type) {
	case nil:
	case string:
		q.Add(name, x)
	case *string:
		if x != nil {
			q.Add(name, *x)
		}
	case int:
		q.Add(name, strconv.Itoa(x))
	case *int:
		if x != nil {
			q.Add(name, strconv.Itoa(*x))
		}
	case int64:
		q.Add(name, strconv.FormatInt(x, 10))
	case *int64:
		if x != nil {
			q.Add(name, strconv.FormatInt(*x, 10))
		}
	case bool:
		q.Add(name, strconv.FormatBool(x))
	case *bool:
		if x != nil {
			q.Add(name, strconv.FormatBool(*x))
		}
	case []string:
		queryAddList(q, name, x, st, false)
	default:
		queryAddValue(q, name, reflect.ValueOf(v), st, false)
	}
}

// queryAddValue adds v under key. deep is true below an object, where lists always
// repeat the key and objects always nest.
func queryAddValue(q url.Values, key string, v reflect.Value, st queryStyle, deep bool) {
	v, ok := queryUnwrap(v)
	if !ok {
		return
	}
	if s, ok := queryFormat(v); ok {
		q.Add(key, s)
		return
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		queryAddSlice(q, key, v, st, deep)
	case reflect.Map, reflect.Struct:
		queryAddObject(q, key, v, st, deep)
	}
}

// queryNullable is what Nullable is to the query encoding.
type queryNullable interface{ queryValue() (any, bool) }

// queryValue is n's value for the query encoding, when n holds one: a query
// has no way to say null, so a null is left out as an absent value is.
func (n Nullable[T]) queryValue() (any, bool) { return n.value, n.set && !n.null }

// queryUnwrap follows pointers, interfaces and Nullables to the value they
// hold; ok is false when one is nil, absent or null.
func queryUnwrap(v reflect.Value) (reflect.Value, bool) {
	for {
		var ok bool
		if v, ok = queryDeref(v); !ok || !v.CanInterface() {
			return v, ok
		}
		n, isNullable := v.Interface().(queryNullable)
		if !isNullable {
			return v, true
		}
		inner, set := n.queryValue()
		if !set {
			return v, false
		}
		v = reflect.ValueOf(inner)
	}
}

// queryDeref follows pointers and interfaces; ok is false when one is nil.
func queryDeref(v reflect.Value) (reflect.Value, bool) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return v, false
		}
		v = v.Elem()
	}
	return v, v.IsValid()
}

// queryAddSlice writes a list, either repeating key or joining with the style's delimiter.
func queryAddSlice(q url.Values, key string, v reflect.Value, st queryStyle, deep bool) {
	if v.Len() == 0 {
		return
	}
	items := make([]string, 0, v.Len())
	for i := range v.Len() {
		if s, ok := queryFormatElem(v.Index(i)); ok {
			items = append(items, s)
		}
	}
	queryAddList(q, key, items, st, deep)
}

// queryAddList writes already formatted list items.
func queryAddList(q url.Values, key string, items []string, st queryStyle, deep bool) {
	if len(items) == 0 {
		return
	}
	if deep || st.explode || st.style == queryStyleDeepObject {
		q[key] = append(q[key], items...)
		return
	}
	q.Add(key, strings.Join(items, st.queryDelimiter()))
}

// queryFormatElem formats one list item. Items that are themselves objects or lists
// have no query form in OpenAPI, so they travel as JSON, which queryDecode reads back.
func queryFormatElem(v reflect.Value) (string, bool) {
	v, ok := queryDeref(v)
	if !ok {
		return "", false
	}
	if s, ok := queryFormat(v); ok {
		return s, true
	}
	if !v.CanInterface() {
		return "", false
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return "", false
	}
	return string(b), true
}

// queryAddObject writes the properties of a map or struct.
//
// deepObject nests them under key; form with explode writes each property as its own
// parameter (nested values below it as deepObject); form without explode writes
// key=p1,v1,p2,v2 with the scalar properties.
func queryAddObject(q url.Values, key string, v reflect.Value, st queryStyle, deep bool) {
	switch {
	case deep || st.style == queryStyleDeepObject:
		queryEachProp(v, nil, func(prop string, pv reflect.Value) {
			queryAddValue(q, queryJoinKey(key, prop, st.dots), pv, st, true)
		})
	case st.explode:
		queryEachProp(v, st.others, func(prop string, pv reflect.Value) {
			queryAddValue(q, prop, pv, st, true)
		})
	default:
		var parts []string
		queryEachProp(v, nil, func(prop string, pv reflect.Value) {
			if pv, ok := queryUnwrap(pv); ok {
				if s, ok := queryFormat(pv); ok {
					parts = append(parts, prop, s)
				}
			}
		})
		if len(parts) > 0 {
			q.Add(key, strings.Join(parts, ","))
		}
	}
}

// queryEachProp calls fn for each property of a map (sorted by key, for stable output)
// or struct (in field order, then its undeclared properties by key, as its MarshalJSON
// writes them), skipping properties that encoding/json would omit and those named in
// skip (the keys of other parameters).
func queryEachProp(v reflect.Value, skip []string, fn func(prop string, pv reflect.Value)) {
	if v.Kind() == reflect.Map {
		queryEachEntry(v, skip, fn)
		return
	}
	for _, f := range queryFieldsOf(v.Type()) {
		fv, err := v.FieldByIndexErr(f.index)
		if err != nil || (f.omitZero && fv.IsZero()) || (f.omitEmpty && queryIsEmpty(fv)) {
			continue
		}
		if f.extra {
			// A declared property wins over an undeclared one of its name.
			queryEachEntry(fv, append(slices.Clip(f.declared), skip...), fn)
			continue
		}
		fn(f.name, fv)
	}
}

// queryEachEntry calls fn for each entry of map v by key, but those named in skip.
func queryEachEntry(v reflect.Value, skip []string, fn func(prop string, pv reflect.Value)) {
	keys := v.MapKeys()
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i], _ = queryFormat(k)
	}
	order := make([]int, 0, len(keys))
	for i := range keys {
		if !slices.Contains(skip, names[i]) {
			order = append(order, i)
		}
	}
	sort.Slice(order, func(i, j int) bool { return names[order[i]] < names[order[j]] })
	for _, i := range order {
		fn(names[i], v.MapIndex(keys[i]))
	}
}

// queryIsEmpty follows encoding/json's definition of empty for omitempty.
func queryIsEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return v.IsZero()
	}
	return false
}

// queryFormat formats a scalar; ok is false for lists and objects.
func queryFormat(v reflect.Value) (string, bool) {
	if v.Type() == queryTimeType {
		return v.Interface().(time.Time).Format(time.RFC3339Nano), true
	}
	if v.Type().Implements(queryTextMarshalerType) && v.CanInterface() {
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		return string(b), err == nil
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10), true
	case reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'f', -1, 32), true
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64), true
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			// Like encoding/json, bytes travel as base64.
			return base64.StdEncoding.EncodeToString(v.Bytes()), true
		}
	}
	return "", false
}
