package rt

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestJSONAppendMembers(t *testing.T) {
	s, zero := "x", 0
	tests := []struct {
		obj     string
		members []jsonMember
		want    string
	}{
		{`{}`, nil, `{}`},
		{`{}`, []jsonMember{jsonAlways("a,b", 1)}, `{"a,b":1}`},
		{` { } `, []jsonMember{jsonAlways("", "")}, `{"":""}`},
		{`{"n":{"m":{}}}`, []jsonMember{jsonAlways(`say "hi"`, []int{1})}, `{"n":{"m":{}},"say \"hi\"":[1]}`},
		{`{"n":1}`, []jsonMember{jsonOmitEmpty("it's", ""), jsonOmitEmpty("-", &s)}, `{"n":1,"-":"x"}`},
		{`{}`, []jsonMember{jsonOmitEmpty("p", (*int)(nil)), jsonOmitEmpty("z", 0), jsonAlways("q", (*int)(nil))}, `{"q":null}`},
		{`{}`, []jsonMember{jsonOmitZero("m", map[string]int{}), jsonOmitZero("nil", []int(nil)), jsonOmitZero("z", &zero)}, `{"m":{},"z":0}`},
		{`{}`, []jsonMember{jsonOmitZero("absent", Nullable[int]{}), jsonOmitZero("null", Null[int]()), jsonAlways("n", Nullable[int]{})}, `{"null":null,"n":null}`},
		{`{}`, []jsonMember{jsonAlways("a\nb", "\\"), jsonAlways("🎉", true)}, `{"a\nb":"\\","🎉":true}`},
	}
	for _, tt := range tests {
		got, err := jsonAppendMembers([]byte(tt.obj), tt.members...)
		if err != nil || string(got) != tt.want {
			t.Errorf("append(%s) = %s, %v; want %s", tt.obj, got, err, tt.want)
			continue
		}
		if !json.Valid(got) {
			t.Errorf("append(%s) = %s: not JSON", tt.obj, got)
		}
	}
}

func TestJSONAppendMembersErrors(t *testing.T) {
	if _, err := jsonAppendMembers([]byte(`[]`), jsonAlways("a", 1)); err == nil {
		t.Error("an array: no error")
	}
	_, err := jsonAppendMembers([]byte(`{}`), jsonAlways("a,b", func() {}))
	var unsupported *json.UnsupportedTypeError
	if !errors.As(err, &unsupported) || !strings.Contains(err.Error(), `"a,b"`) {
		t.Errorf("an unencodable value: %v", err)
	}
}

func TestJSONDecodeMembers(t *testing.T) {
	var (
		ab    string
		its   = 7 // absent from the object: left alone
		n     Nullable[int]
		p     = new(int)
		empty string
	)
	obj := `{"a,b":"v","A,B":"other case","null":null,"p":null,"it'S":9,"":"empty"}`
	err := jsonDecodeMembers([]byte(obj),
		jsonInto("a,b", &ab), jsonInto("it's", &its), jsonInto("null", &n), jsonInto("p", &p), jsonInto("", &empty))
	if err != nil {
		t.Fatal(err)
	}
	if ab != "v" || its != 7 || !n.IsNull() || p != nil || empty != "empty" {
		t.Errorf("got %q %d %+v %v %q", ab, its, n, p, empty)
	}
	if err := jsonDecodeMembers([]byte(`null`), jsonInto("a,b", &ab)); err != nil || ab != "v" {
		t.Errorf("null: %v, %q", err, ab)
	}
	if err := jsonDecodeMembers([]byte(`[1]`), jsonInto("a,b", &ab)); err == nil {
		t.Error("an array: no error")
	}
}

// TestJSONDecodeMembersTypeError checks that a wrong type is reported as
// encoding/json reports it, with the path from the outermost object.
func TestJSONDecodeMembersTypeError(t *testing.T) {
	var n struct {
		X int `json:"x"`
	}
	err := jsonDecodeMembers([]byte(`{"it's":{"x":"no"}}`), jsonInto("it's", &n))
	var typ *json.UnmarshalTypeError
	if !errors.As(err, &typ) || typ.Field != "it's.x" {
		t.Fatalf("got %v (%#v)", err, typ)
	}
	var i int
	err = jsonDecodeMembers([]byte(`{"a,b":"no"}`), jsonInto("a,b", &i))
	if !errors.As(err, &typ) || typ.Field != "a,b" {
		t.Fatalf("got %v (%#v)", err, typ)
	}
	var tm struct{ T jsonTestRejecter }
	err = jsonDecodeMembers([]byte(`{"a,b":"x"}`), jsonInto("a,b", &tm.T))
	if err == nil || !strings.Contains(err.Error(), `property "a,b"`) {
		t.Fatalf("another error: %v", err)
	}
}

// jsonTestRejecter rejects every value it is asked to decode.
type jsonTestRejecter struct{}

func (*jsonTestRejecter) UnmarshalJSON([]byte) error { return errors.New("rejected") }
