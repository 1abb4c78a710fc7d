package model

import (
	"encoding/json"
	"reflect"
	"strconv"
	"testing"
)

// TestTagName checks TagName against encoding/json itself: a name passes
// exactly when a field tagged with it (quoted as jennifer quotes tags) is
// encoded under that name.
func TestTagName(t *testing.T) {
	for _, name := range []string{
		"id", "name2", "café", "x-request-id", "a.b", "a b", "   ", "$ref", "@type", "a;b",
		"", "a,b", "it's", `say "hi"`, "back`tick", `back\slash`, "new\nline", "tab\t", "🎉",
	} {
		field := reflect.StructField{Name: "F", Type: reflect.TypeFor[int](), Tag: reflect.StructTag("json:" + strconv.Quote(name))}
		if got, want := TagName(name), jsonName(field) == name; got != want {
			t.Errorf("TagName(%q) = %v; encoding/json reads the tag as %q", name, got, jsonName(field))
		}
	}
	// json:"-," names a field "-", but staticcheck reports the tag as a
	// likely mistake, and generated code must pass it.
	if TagName("-") {
		t.Error(`TagName("-") = true`)
	}
}

// jsonName is the member name encoding/json gives field, found by encoding a
// struct that holds only it.
func jsonName(field reflect.StructField) string {
	v := reflect.New(reflect.StructOf([]reflect.StructField{field})).Elem()
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return ""
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return ""
	}
	for k := range m {
		return k
	}
	return ""
}
