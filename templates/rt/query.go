package rt

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// queryStyle says how one parameter is written: OpenAPI style and explode, plus whether
// deepObject uses dot notation (k.a=v) instead of brackets (k[a]=v).
//
// style is "form" (also when empty), "spaceDelimited", "pipeDelimited" or "deepObject".
// The zero value is form with explode=false; OpenAPI's default for query parameters is
// form with explode=true, so generated code sets explode explicitly.
type queryStyle struct {
	style   string
	explode bool
	dots    bool
	// others are the names of the other parameters beside an exploded form
	// object that keeps undeclared properties: its properties are top-level
	// keys, and those keys belong to their own parameters.
	others []string
}

const (
	queryStyleForm           = "form"
	queryStyleSpaceDelimited = "spaceDelimited"
	queryStylePipeDelimited  = "pipeDelimited"
	queryStyleDeepObject     = "deepObject"
)

// below is the style of the values below a property: others name top-level keys only.
func (st queryStyle) below() queryStyle {
	st.others = nil
	return st
}

// queryDelimiter is the separator of non-exploded arrays in style st.
func (st queryStyle) queryDelimiter() string {
	switch st.style {
	case queryStyleSpaceDelimited:
		return " "
	case queryStylePipeDelimited:
		return "|"
	}
	return ","
}

var (
	queryTimeType            = reflect.TypeFor[time.Time]()
	queryTextUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// queryJoinKey names property prop of the object written under key.
func queryJoinKey(key, prop string, dots bool) string {
	switch {
	case key == "":
		return prop
	case dots:
		return key + "." + prop
	}
	return key + "[" + prop + "]"
}

// queryField is one struct field as seen by encoding/json, or as its wire
// tag describes it when its json tag is "-" (see queryWireTag).
type queryField struct {
	name      string
	index     []int
	omitEmpty bool
	omitZero  bool
	tagged    bool
	extra     bool     // the map of the object's undeclared properties
	declared  []string // for extra: the names of the other fields, which win over its keys
}

// queryWireTag is the struct tag key of the fields that generated JSON
// methods carry instead of encoding/json's tags. Its value is an option, a
// comma and a property name, which may hold anything (commas too): ",a,b"
// is the property "a,b" always sent, "omitempty,x" and "omitzero,x" are
// omitted as those json options say, and "extra," marks the map[string]V
// that holds the properties the schema does not declare.
const queryWireTag = "wire"

// queryFieldCache holds the fields of each struct type seen.
var queryFieldCache typeCache

// queryFieldsOf lists the fields encoding/json would use for struct type t, with
// embedded structs flattened and name collisions resolved the way encoding/json does,
// and last the map of undeclared properties, if t has one.
func queryFieldsOf(t reflect.Type) []queryField {
	return queryFieldCache.get(t, func(t reflect.Type) any { return queryCollectFields(t) }).([]queryField)
}

// queryCollectFields walks t breadth-first: a shallower field hides deeper ones of the
// same name, and same-depth duplicates cancel out unless exactly one of them is tagged.
func queryCollectFields(t reflect.Type) []queryField {
	type level struct {
		t     reflect.Type
		index []int
	}
	var out []queryField
	var extra []queryField // at most one: the shallowest
	seen := map[string]bool{}
	visited := map[reflect.Type]bool{}
	current := []level{{t: t}}
	for len(current) > 0 {
		var next []level
		found := map[string][]queryField{}
		tagged := map[string]int{}
		var names []string
		for _, l := range current {
			if visited[l.t] {
				continue
			}
			visited[l.t] = true
			for i := range l.t.NumField() {
				f, embed, ok := queryFieldOf(l.t.Field(i), append(slices.Clip(l.index), i))
				switch {
				case embed != nil:
					next = append(next, level{embed, f.index})
				case ok && f.extra:
					if len(extra) == 0 {
						extra = append(extra, f)
					}
				case ok && !seen[f.name]:
					if len(found[f.name]) == 0 {
						names = append(names, f.name)
					}
					found[f.name] = append(found[f.name], f)
					if f.tagged {
						tagged[f.name]++
					}
				}
			}
		}
		for _, name := range names {
			seen[name] = true
			if fs := found[name]; len(fs) == 1 {
				out = append(out, fs[0])
			} else if tagged[name] == 1 {
				for _, f := range fs {
					if f.tagged {
						out = append(out, f)
					}
				}
			}
		}
		current = next
	}
	if len(extra) > 0 {
		for _, f := range out {
			extra[0].declared = append(extra[0].declared, f.name)
		}
	}
	return append(out, extra...)
}

// queryFieldOf describes struct field sf. embed is set for an untagged embedded struct,
// whose fields are promoted; ok is false for a field encoding/json ignores.
func queryFieldOf(sf reflect.StructField, index []int) (f queryField, embed reflect.Type, ok bool) {
	tag := sf.Tag.Get("json")
	if tag == "-" {
		return queryWireField(sf, index)
	}
	name, opts, _ := strings.Cut(tag, ",")
	f.index = index
	ft := sf.Type
	if ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	if sf.Anonymous && name == "" && ft.Kind() == reflect.Struct {
		return f, ft, false
	}
	if !sf.IsExported() {
		return f, nil, false
	}
	f.tagged = name != ""
	if name == "" {
		name = sf.Name
	}
	f.name = name
	f.omitEmpty = queryHasOpt(opts, "omitempty")
	f.omitZero = queryHasOpt(opts, "omitzero")
	return f, nil, true
}

// queryWireField describes a field tagged json:"-" by its wire tag; ok is
// false when it has none (encoding/json ignores such a field, and so does
// this encoding).
func queryWireField(sf reflect.StructField, index []int) (f queryField, embed reflect.Type, ok bool) {
	wire, found := sf.Tag.Lookup(queryWireTag)
	opt, name, hasName := strings.Cut(wire, ",")
	if !found || !hasName || !sf.IsExported() {
		return f, nil, false
	}
	f.index, f.name, f.tagged = index, name, true
	switch opt {
	case "extra":
		t := sf.Type
		f.extra, f.name = true, ""
		return f, nil, t.Kind() == reflect.Map && t.Key().Kind() == reflect.String
	case "omitempty":
		f.omitEmpty = true
	case "omitzero":
		f.omitZero = true
	}
	return f, nil, true
}

// queryHasOpt reports whether the comma-separated tag options contain opt.
func queryHasOpt(opts, opt string) bool {
	for o := range strings.SplitSeq(opts, ",") {
		if o == opt {
			return true
		}
	}
	return false
}

// queryEntry is one query key below an object parameter: the property path under the
// parameter (empty for the parameter itself) and the key's values.
type queryEntry struct {
	path []string
	vals []string
	key  string // the raw key, to order entries deterministically
}

// queryDecode reads parameter name from q into dst, the inverse of queryAdd.
//
// dst is a non-nil pointer to a scalar, a pointer to a scalar (allocated only when the
// parameter is present), a slice, a map with string keys or a struct. deepObject
// parameters are read in both bracket (k[a]=v) and dot (k.a=v) notation, whatever
// st.dots says. found is false when the parameter is absent; errors name the parameter.
func queryDecode(q url.Values, name string, dst any, st queryStyle) (found bool, err error) {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return false, fmt.Errorf("query parameter %q: cannot decode into %T", name, dst)
	}
	target := rv.Elem()
	if !queryIsObject(queryBaseType(target.Type())) {
		vals := q[name]
		if len(vals) == 0 {
			return false, nil
		}
		return queryDecodeNode(target, name, []queryEntry{{vals: vals}}, st)
	}
	entries, err := queryObjectEntries(q, name, st)
	if err != nil || len(entries) == 0 {
		return false, err
	}
	return queryDecodeNode(target, name, entries, st)
}

// queryObjectEntries gathers the keys that make up object parameter name.
func queryObjectEntries(q url.Values, name string, st queryStyle) ([]queryEntry, error) {
	switch {
	case st.style == queryStyleDeepObject:
		return queryCollect(q, name)
	case st.explode:
		// Exploded form objects spread their properties over top-level keys.
		return queryCollect(q, "")
	}
	vals := q[name]
	if len(vals) == 0 {
		return nil, nil
	}
	parts := strings.Split(vals[0], ",")
	if len(parts)%2 != 0 {
		return nil, fmt.Errorf("query parameter %q: object needs name,value pairs, got %q", name, vals[0])
	}
	entries := make([]queryEntry, 0, len(parts)/2)
	for i := 0; i < len(parts); i += 2 {
		entries = append(entries, queryEntry{path: []string{parts[i]}, vals: parts[i+1 : i+2]})
	}
	// Decoding expects the entries of a property to be adjacent; stable, so that a
	// repeated property keeps its values in order.
	sort.SliceStable(entries, func(i, j int) bool { return slices.Compare(entries[i].path, entries[j].path) < 0 })
	return entries, nil
}

// queryCollect returns the entries of every key under prefix name, in both notations.
// With an empty name every key counts, its first property being the key up to the
// first bracket or dot.
func queryCollect(q url.Values, name string) ([]queryEntry, error) {
	var entries []queryEntry
	for key, vals := range q {
		if !strings.HasPrefix(key, name) {
			continue
		}
		rest := key[len(name):]
		var path []string
		if name == "" {
			i := strings.IndexAny(rest, ".[")
			if i < 0 {
				i = len(rest)
			}
			path = append(path, rest[:i])
			rest = rest[i:]
		}
		path, ok := queryParsePath(rest, path)
		if !ok {
			if name == "" || (rest[0] != '[' && rest[0] != '.') {
				continue // another parameter, e.g. "limit2" next to "limit"
			}
			return nil, fmt.Errorf("query parameter %q: malformed key %q", name, key)
		}
		entries = append(entries, queryEntry{path: path, vals: vals, key: key})
	}
	// Map order must not leak into which duplicate wins (k[a] and k.a name the same
	// property) or into the order of list items.
	sort.Slice(entries, func(i, j int) bool {
		if c := slices.Compare(entries[i].path, entries[j].path); c != 0 {
			return c < 0
		}
		return entries[i].key < entries[j].key
	})
	return entries, nil
}

// queryParsePath appends the properties of a key suffix such as "[a][b]" or ".a.b" to path.
func queryParsePath(rest string, path []string) ([]string, bool) {
	for rest != "" {
		var seg string
		switch rest[0] {
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, false
			}
			seg, rest = rest[1:end], rest[end+1:]
		case '.':
			rest = rest[1:]
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			seg, rest = rest[:end], rest[end:]
		default:
			return nil, false
		}
		path = append(path, seg)
	}
	return path, true
}

// queryNullableTarget is what *Nullable is to the query decoding.
type queryNullableTarget interface{ queryTarget() any }

var queryNullableTargetType = reflect.TypeFor[queryNullableTarget]()

// queryTarget marks n present with a value and returns where the query
// decoding writes that value.
func (n *Nullable[T]) queryTarget() any {
	n.set, n.null = true, false
	return &n.value
}

// queryBaseType strips pointers from t.
func queryBaseType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// queryIsObject reports whether values of t are written as properties rather than text.
func queryIsObject(t reflect.Type) bool {
	if t == queryTimeType || reflect.PointerTo(t).Implements(queryTextUnmarshalerType) {
		return false
	}
	return t.Kind() == reflect.Struct || (t.Kind() == reflect.Map && t.Key().Kind() == reflect.String)
}

// queryDecodeNode decodes the entries below one property into v.
func queryDecodeNode(v reflect.Value, key string, entries []queryEntry, st queryStyle) (bool, error) {
	if reflect.PointerTo(v.Type()).Implements(queryNullableTargetType) {
		// Decode into a fresh Nullable, marked present, that replaces v only
		// when the property is there.
		nv := reflect.New(v.Type())
		inner := reflect.ValueOf(nv.Interface().(queryNullableTarget).queryTarget()).Elem()
		found, err := queryDecodeNode(inner, key, entries, st)
		if found && err == nil {
			v.Set(nv.Elem())
		}
		return found, err
	}
	if v.Kind() == reflect.Pointer {
		// Decode into a fresh value so that an absent property leaves v nil.
		nv := reflect.New(v.Type().Elem())
		found, err := queryDecodeNode(nv.Elem(), key, entries, st)
		if found && err == nil {
			v.Set(nv)
		}
		return found, err
	}
	t := v.Type()
	switch {
	case queryIsObject(t) && t.Kind() == reflect.Struct:
		return queryDecodeStruct(v, key, entries, st)
	case queryIsObject(t):
		return queryDecodeMap(v, key, entries, st, st.others)
	case t.Kind() == reflect.Interface && t.NumMethod() == 0:
		return queryDecodeAny(v, key, entries, st)
	}
	vals := queryLeafValues(entries)
	if len(vals) == 0 {
		return false, nil
	}
	if (t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8) || t.Kind() == reflect.Array {
		return true, queryDecodeList(v, key, vals, st)
	}
	return true, querySetScalar(v, key, vals[0])
}

// queryLeafValues returns the values given for the property itself rather than below it.
func queryLeafValues(entries []queryEntry) []string {
	if len(entries) == 1 && len(entries[0].path) == 0 {
		return entries[0].vals
	}
	var vals []string
	for _, e := range entries {
		if len(e.path) == 0 {
			vals = append(vals, e.vals...)
		}
	}
	return vals
}

// queryChildren returns the entries below property prop, with prop removed from their paths.
func queryChildren(entries []queryEntry, prop string) []queryEntry {
	var sub []queryEntry
	for _, e := range entries {
		if len(e.path) > 0 && e.path[0] == prop {
			sub = append(sub, queryEntry{path: e.path[1:], vals: e.vals})
		}
	}
	return sub
}

// queryDecodeStruct decodes each known field. Unknown properties go to the map of
// undeclared properties when the struct has one, and are ignored otherwise, as in JSON.
func queryDecodeStruct(v reflect.Value, key string, entries []queryEntry, st queryStyle) (bool, error) {
	found := false
	for _, f := range queryFieldsOf(v.Type()) {
		if f.extra {
			fv, err := queryFieldForSet(v, f.index)
			if err != nil {
				return found, fmt.Errorf("query parameter %q: %w", key, err)
			}
			ok, err := queryDecodeMap(fv, key, entries, st, append(slices.Clip(f.declared), st.others...))
			if err != nil {
				return found, err
			}
			found = found || ok
			continue
		}
		sub := queryChildren(entries, f.name)
		if len(sub) == 0 {
			continue
		}
		fv, err := queryFieldForSet(v, f.index)
		if err != nil {
			return found, fmt.Errorf("query parameter %q: %w", key, err)
		}
		ok, err := queryDecodeNode(fv, queryJoinKey(key, f.name, st.dots), sub, st.below())
		if err != nil {
			return found, err
		}
		found = found || ok
	}
	return found, nil
}

// queryFieldForSet returns the field at index, allocating nil embedded struct pointers.
func queryFieldForSet(v reflect.Value, index []int) (reflect.Value, error) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return v, errors.New("cannot set embedded pointer to unexported struct")
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, nil
}

// queryDecodeMap decodes each distinct first property into one map entry. Entries are
// sorted by path, so those of one property are adjacent: a single pass groups them,
// keeping decoding linear in the number of keys however many properties there are.
func queryDecodeMap(v reflect.Value, key string, entries []queryEntry, st queryStyle, skip []string) (bool, error) {
	found := false
	for i := 0; i < len(entries); {
		if len(entries[i].path) == 0 {
			i++
			continue
		}
		prop := entries[i].path[0]
		j := i + 1
		for j < len(entries) && len(entries[j].path) > 0 && entries[j].path[0] == prop {
			j++
		}
		sub := queryChildren(entries[i:j], prop)
		i = j
		if slices.Contains(skip, prop) {
			continue
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		ok, err := queryDecodeNode(elem, queryJoinKey(key, prop, st.dots), sub, st.below())
		if err != nil {
			return found, err
		}
		if !ok {
			continue
		}
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		v.SetMapIndex(reflect.ValueOf(prop).Convert(v.Type().Key()), elem)
		found = true
	}
	return found, nil
}

// queryDecodeAny decodes into an empty interface: text for a single value, []string for
// repeated values, map[string]any for properties.
func queryDecodeAny(v reflect.Value, key string, entries []queryEntry, st queryStyle) (bool, error) {
	if vals := queryLeafValues(entries); len(vals) > 0 {
		if len(vals) == 1 {
			v.Set(reflect.ValueOf(vals[0]))
		} else {
			v.Set(reflect.ValueOf(slices.Clone(vals)))
		}
		return true, nil
	}
	var m map[string]any
	found, err := queryDecodeMap(reflect.ValueOf(&m).Elem(), key, entries, st, st.others)
	if found {
		v.Set(reflect.ValueOf(m))
	}
	return found, err
}

// queryDecodeList fills a slice (or array) from repeated values, each split on the
// style's delimiter unless the parameter is exploded.
func queryDecodeList(v reflect.Value, key string, vals []string, st queryStyle) error {
	items := vals
	if !st.explode && st.style != queryStyleDeepObject {
		items = nil
		for _, s := range vals {
			if s != "" {
				items = append(items, strings.Split(s, st.queryDelimiter())...)
			}
		}
	}
	if v.Kind() == reflect.Array {
		if len(items) > v.Len() {
			return fmt.Errorf("query parameter %q: more than %d items", key, v.Len())
		}
		for i, s := range items {
			if err := queryDecodeItem(v.Index(i), key, s); err != nil {
				return err
			}
		}
		return nil
	}
	out := reflect.MakeSlice(v.Type(), len(items), len(items))
	for i, s := range items {
		if err := queryDecodeItem(out.Index(i), key, s); err != nil {
			return err
		}
	}
	v.Set(out)
	return nil
}

// queryDecodeItem decodes one list item, the inverse of queryFormatElem.
func queryDecodeItem(v reflect.Value, key, s string) error {
	for v.Kind() == reflect.Pointer {
		v.Set(reflect.New(v.Type().Elem()))
		v = v.Elem()
	}
	t := v.Type()
	if t.Kind() == reflect.Interface && t.NumMethod() == 0 {
		v.Set(reflect.ValueOf(s))
		return nil
	}
	if queryIsObject(t) || t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8 ||
		t.Kind() == reflect.Array || t.Kind() == reflect.Interface {
		if err := json.Unmarshal([]byte(s), v.Addr().Interface()); err != nil {
			return fmt.Errorf("query parameter %q: invalid item %q: %w", key, s, err)
		}
		return nil
	}
	return querySetScalar(v, key, s)
}

// querySetScalar parses s into the scalar v.
func querySetScalar(v reflect.Value, key, s string) error {
	if v.Type() == queryTimeType {
		t, err := queryParseTime(s)
		if err != nil {
			return fmt.Errorf("query parameter %q: invalid date-time %q", key, s)
		}
		v.Set(reflect.ValueOf(t))
		return nil
	}
	if v.CanAddr() && v.Addr().Type().Implements(queryTextUnmarshalerType) {
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			return fmt.Errorf("query parameter %q: invalid value %q: %w", key, s, err)
		}
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("query parameter %q: invalid boolean %q", key, s)
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, v.Type().Bits())
		if err != nil {
			return queryNumberError(key, s)
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := strconv.ParseUint(s, 10, v.Type().Bits())
		if err != nil {
			return queryNumberError(key, s)
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(s, v.Type().Bits())
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return queryNumberError(key, s)
		}
		v.SetFloat(f)
	case reflect.Slice:
		return querySetBytes(v, key, s)
	default:
		return fmt.Errorf("query parameter %q: cannot decode into %s", key, v.Type())
	}
	return nil
}

// querySetBytes decodes base64, the inverse of queryFormat for []byte.
func querySetBytes(v reflect.Value, key, s string) error {
	if v.Type().Elem().Kind() != reflect.Uint8 {
		return fmt.Errorf("query parameter %q: cannot decode into %s", key, v.Type())
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return fmt.Errorf("query parameter %q: invalid base64 %q", key, s)
	}
	v.SetBytes(b)
	return nil
}

// queryNumberError reports a value that is not a number of the parameter's type.
func queryNumberError(key, s string) error {
	return fmt.Errorf("query parameter %q: invalid number %q", key, s)
}

// queryParseTime accepts RFC 3339 date-times and, leniently, plain dates.
func queryParseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		if d, derr := time.Parse(time.DateOnly, s); derr == nil {
			return d, nil
		}
	}
	return t, err
}
