package rt

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

type queryTestColor string

type queryTestFilter struct {
	Name   string            `json:"name,omitempty"`
	MinAge *int              `json:"minAge,omitempty"`
	Tags   []string          `json:"tags,omitempty"`
	Labels map[string]string `json:"labels,omitempty"`
	Inner  *queryTestInner   `json:"inner,omitempty"`
	Skip   string            `json:"-"`
	hidden string
}

type queryTestInner struct {
	Deep bool `json:"deep"`
}

var (
	queryForm        = queryStyle{style: "form", explode: true}
	queryFormFlat    = queryStyle{style: "form"}
	querySpace       = queryStyle{style: "spaceDelimited"}
	queryPipe        = queryStyle{style: "pipeDelimited"}
	queryDeep        = queryStyle{style: "deepObject", explode: true}
	queryDeepDots    = queryStyle{style: "deepObject", explode: true, dots: true}
	queryTestInstant = time.Date(2024, 5, 6, 7, 8, 9, 123000000, time.UTC)
)

func TestQueryAdd(t *testing.T) {
	zone := time.FixedZone("x", 2*3600)
	tests := []struct {
		name string
		v    any
		st   queryStyle
		want string
	}{
		{"string", "a b&c", queryForm, "k=a+b%26c"},
		{"empty string is sent", "", queryForm, "k="},
		{"nil string pointer", (*string)(nil), queryForm, ""},
		{"string pointer", Ptr("x"), queryForm, "k=x"},
		{"enum", queryTestColor("red"), queryForm, "k=red"},
		{"enum pointer", Ptr(queryTestColor("red")), queryForm, "k=red"},
		{"bool", true, queryForm, "k=true"},
		{"bool pointer", Ptr(false), queryForm, "k=false"},
		{"int zero is sent", 0, queryForm, "k=0"},
		{"int pointer", Ptr(42), queryForm, "k=42"},
		{"int8", int8(-8), queryForm, "k=-8"},
		{"int32", int32(-32), queryForm, "k=-32"},
		{"int64", int64(-1) << 40, queryForm, "k=-1099511627776"},
		{"int64 pointer", Ptr(int64(9)), queryForm, "k=9"},
		{"uint", uint(7), queryForm, "k=7"},
		{"uint64 max", ^uint64(0), queryForm, "k=18446744073709551615"},
		{"float64", 1.5, queryForm, "k=1.5"},
		{"float64 large has no exponent", 1e20, queryForm, "k=100000000000000000000"},
		{"float32", float32(0.1), queryForm, "k=0.1"},
		{"time", queryTestInstant, queryForm, "k=2024-05-06T07%3A08%3A09.123Z"},
		{"time keeps zone", time.Date(2024, 1, 2, 3, 4, 5, 0, zone), queryForm, "k=2024-01-02T03%3A04%3A05%2B02%3A00"},
		{"time pointer", &queryTestInstant, queryForm, "k=2024-05-06T07%3A08%3A09.123Z"},
		{"bytes", []byte("hi"), queryForm, "k=aGk%3D"},
		{"nil any", nil, queryForm, ""},
		{"slice form explode", []string{"a", "b"}, queryForm, "k=a&k=b"},
		{"slice form", []string{"a", "b"}, queryFormFlat, "k=a%2Cb"},
		{"slice space", []string{"a", "b"}, querySpace, "k=a+b"},
		{"slice pipe", []string{"a", "b"}, queryPipe, "k=a%7Cb"},
		{"slice space explode", []string{"a", "b"}, queryStyle{style: "spaceDelimited", explode: true}, "k=a&k=b"},
		{"int slice", []int{1, 2}, queryFormFlat, "k=1%2C2"},
		{"enum slice", []queryTestColor{"red", "blue"}, queryForm, "k=red&k=blue"},
		{"nil slice", []string(nil), queryForm, ""},
		{"empty slice", []int{}, queryFormFlat, ""},
		{"slice pointer", &[]string{"a"}, queryForm, "k=a"},
		{"nil slice pointer", (*[]string)(nil), queryForm, ""},
		{"slice of pointers skips nil", []*int{Ptr(1), nil, Ptr(3)}, queryForm, "k=1&k=3"},
		{"map deep", map[string]string{"b": "2", "a": "1"}, queryDeep, "k%5Ba%5D=1&k%5Bb%5D=2"},
		{"map deep dots", map[string]string{"b": "2", "a": "1"}, queryDeepDots, "k.a=1&k.b=2"},
		{"nil map", map[string]string(nil), queryDeep, ""},
		{"empty map", map[string]int{}, queryDeep, ""},
		{"map of slices", map[string][]string{"a": {"x", "y"}}, queryDeep, "k%5Ba%5D=x&k%5Ba%5D=y"},
		{"map any", map[string]any{"n": 1, "s": "t", "nil": nil}, queryDeep, "k%5Bn%5D=1&k%5Bs%5D=t"},
		{
			"struct deep",
			queryTestFilter{Name: "bo", MinAge: Ptr(3), Tags: []string{"x", "y"}, Labels: map[string]string{"env": "prod"}, Inner: &queryTestInner{Deep: true}, Skip: "no", hidden: "no"},
			queryDeep,
			"k%5Binner%5D%5Bdeep%5D=true&k%5Blabels%5D%5Benv%5D=prod&k%5BminAge%5D=3&k%5Bname%5D=bo&k%5Btags%5D=x&k%5Btags%5D=y",
		},
		{
			"struct deep dots",
			queryTestFilter{Labels: map[string]string{"env": "prod"}, Inner: &queryTestInner{}},
			queryDeepDots,
			"k.inner.deep=false&k.labels.env=prod",
		},
		{"struct omitempty", queryTestFilter{}, queryDeep, ""},
		{"struct pointer nil", (*queryTestFilter)(nil), queryDeep, ""},
		{"struct form explode", queryTestFilter{Name: "bo", Tags: []string{"x"}}, queryForm, "name=bo&tags=x"},
		{"struct form", queryTestFilter{Name: "bo", MinAge: Ptr(3), Tags: []string{"x"}}, queryFormFlat, "k=name%2Cbo%2CminAge%2C3"},
		{"map form explode", map[string]int{"a": 1}, queryForm, "a=1"},
		{"scalar in deepObject style", 5, queryDeep, "k=5"},
		{"slice in deepObject style", []string{"a", "b"}, queryDeep, "k=a&k=b"},
		{"slice of objects as JSON", []queryTestInner{{Deep: true}}, queryForm, "k=%7B%22deep%22%3Atrue%7D"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := url.Values{}
			queryAdd(q, "k", tt.v, tt.st)
			if got := q.Encode(); got != tt.want {
				t.Errorf("queryAdd(%#v) = %s, want %s", tt.v, got, tt.want)
			}
		})
	}
}

func TestQueryAddAppends(t *testing.T) {
	q := url.Values{"k": {"0"}}
	queryAdd(q, "k", []int{1, 2}, queryForm)
	queryAdd(q, "other", "x", queryForm)
	if got, want := q.Encode(), "k=0&k=1&k=2&other=x"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestQueryDecodeScalars(t *testing.T) {
	tests := []struct {
		name    string
		query   string
		dst     any
		want    any
		found   bool
		wantErr string
	}{
		{name: "string", query: "k=a+b", dst: new(string), want: "a b", found: true},
		{name: "absent", query: "other=1", dst: new(string), want: "", found: false},
		{name: "empty string", query: "k=", dst: new(string), want: "", found: true},
		{name: "first of repeated", query: "k=a&k=b", dst: new(string), want: "a", found: true},
		{name: "enum", query: "k=red", dst: new(queryTestColor), want: queryTestColor("red"), found: true},
		{name: "bool", query: "k=true", dst: new(bool), want: true, found: true},
		{name: "bad bool", query: "k=yes", dst: new(bool), want: false, wantErr: `query parameter "k": invalid boolean "yes"`},
		{name: "int", query: "k=-12", dst: new(int), want: -12, found: true},
		{name: "bad int", query: "k=abc", dst: new(int), want: 0, wantErr: `query parameter "k": invalid number "abc"`},
		{name: "empty int", query: "k=", dst: new(int), want: 0, wantErr: `query parameter "k": invalid number ""`},
		{name: "int8 overflow", query: "k=128", dst: new(int8), want: int8(0), wantErr: `invalid number "128"`},
		{name: "uint16", query: "k=65535", dst: new(uint16), want: uint16(65535), found: true},
		{name: "negative uint", query: "k=-1", dst: new(uint), want: uint(0), wantErr: `invalid number "-1"`},
		{name: "float64", query: "k=2.5", dst: new(float64), want: 2.5, found: true},
		{name: "float32", query: "k=0.1", dst: new(float32), want: float32(0.1), found: true},
		{name: "NaN rejected", query: "k=NaN", dst: new(float64), want: 0.0, wantErr: `invalid number "NaN"`},
		{name: "time", query: "k=2024-05-06T07:08:09.123Z", dst: new(time.Time), want: queryTestInstant, found: true},
		{name: "date", query: "k=2024-05-06", dst: new(time.Time), want: time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC), found: true},
		{name: "bad time", query: "k=yesterday", dst: new(time.Time), want: time.Time{}, wantErr: `query parameter "k": invalid date-time "yesterday"`},
		{name: "bytes", query: "k=aGk%3D", dst: new([]byte), want: []byte("hi"), found: true},
		{name: "bad bytes", query: "k=%25", dst: new([]byte), want: []byte(nil), wantErr: `invalid base64 "%"`},
		{name: "pointer allocated", query: "k=5", dst: new(*int), want: Ptr(5), found: true},
		{name: "pointer stays nil", query: "", dst: new(*int), want: (*int)(nil), found: false},
		{name: "pointer stays nil on error", query: "k=x", dst: new(*int), want: (*int)(nil), wantErr: "invalid number"},
		{name: "any", query: "k=v", dst: new(any), want: any("v"), found: true},
		{name: "not a pointer", query: "k=1", dst: 5, want: 5, wantErr: `query parameter "k": cannot decode into int`},
		{name: "nil pointer", query: "k=1", dst: (*int)(nil), want: (*int)(nil), wantErr: "cannot decode into *int"},
		{name: "unsupported", query: "k=1", dst: new(chan int), want: (chan int)(nil), wantErr: "cannot decode into chan int"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := queryMustParse(t, tt.query)
			found, err := queryDecode(q, "k", tt.dst, queryForm)
			queryCheckErr(t, err, tt.wantErr)
			if err == nil && found != tt.found {
				t.Errorf("found = %v, want %v", found, tt.found)
			}
			if got := queryDeref1(tt.dst); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("decoded %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestQueryDecodeLists(t *testing.T) {
	tests := []struct {
		name    string
		query   string
		st      queryStyle
		dst     any
		want    any
		found   bool
		wantErr string
	}{
		{"repeated", "k=a&k=b", queryForm, new([]string), []string{"a", "b"}, true, ""},
		{"exploded keeps commas", "k=a,b", queryForm, new([]string), []string{"a,b"}, true, ""},
		{"comma", "k=a,b", queryFormFlat, new([]string), []string{"a", "b"}, true, ""},
		{"comma and repeated", "k=a,b&k=c", queryFormFlat, new([]string), []string{"a", "b", "c"}, true, ""},
		{"space", "k=a+b", querySpace, new([]string), []string{"a", "b"}, true, ""},
		{"pipe", "k=a|b", queryPipe, new([]string), []string{"a", "b"}, true, ""},
		{"empty non-exploded is an empty list", "k=", queryFormFlat, new([]string), []string{}, true, ""},
		{"ints", "k=1,2,3", queryFormFlat, new([]int), []int{1, 2, 3}, true, ""},
		{"bad int item", "k=1,x", queryFormFlat, new([]int), []int(nil), false, `query parameter "k": invalid number "x"`},
		{"enums", "k=red&k=blue", queryForm, new([]queryTestColor), []queryTestColor{"red", "blue"}, true, ""},
		{"pointer items", "k=1&k=2", queryForm, new([]*int), []*int{Ptr(1), Ptr(2)}, true, ""},
		{"pointer to slice", "k=a", queryForm, new(*[]string), &[]string{"a"}, true, ""},
		{"absent", "", queryForm, new([]string), []string(nil), false, ""},
		{"array", "k=1,2", queryFormFlat, new([3]int), [3]int{1, 2, 0}, true, ""},
		{"array too short", "k=1,2", queryFormFlat, new([1]int), [1]int{}, true, "more than 1 items"},
		{"JSON items", `k={"deep":true}`, queryForm, new([]queryTestInner), []queryTestInner{{Deep: true}}, true, ""},
		{"bad JSON item", `k={`, queryForm, new([]queryTestInner), []queryTestInner(nil), true, "invalid item"},
		{"any items", "k=a&k=b", queryForm, new([]any), []any{"a", "b"}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found, err := queryDecode(queryMustParse(t, tt.query), "k", tt.dst, tt.st)
			queryCheckErr(t, err, tt.wantErr)
			if err == nil && found != tt.found {
				t.Errorf("found = %v, want %v", found, tt.found)
			}
			if got := queryDeref1(tt.dst); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("decoded %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestQueryDecodeObjects(t *testing.T) {
	full := queryTestFilter{Name: "bo", MinAge: Ptr(3), Tags: []string{"x", "y"}, Labels: map[string]string{"env": "prod"}, Inner: &queryTestInner{Deep: true}}
	tests := []struct {
		name    string
		query   string
		st      queryStyle
		dst     any
		want    any
		found   bool
		wantErr string
	}{
		{"brackets", "k[name]=bo&k[minAge]=3&k[tags]=x&k[tags]=y&k[labels][env]=prod&k[inner][deep]=true", queryDeep, new(queryTestFilter), full, true, ""},
		{"dots", "k.name=bo&k.minAge=3&k.tags=x&k.tags=y&k.labels.env=prod&k.inner.deep=true", queryDeep, new(queryTestFilter), full, true, ""},
		{"dots read with brackets style", "k.name=bo", queryDeepDots, new(queryTestFilter), queryTestFilter{Name: "bo"}, true, ""},
		{"mixed notation", "k[name]=bo&k.minAge=3&k[tags]=x&k[tags]=y&k[labels].env=prod&k.inner[deep]=true", queryDeepDots, new(queryTestFilter), full, true, ""},
		{"absent", "other[name]=bo&kk[name]=x", queryDeep, new(queryTestFilter), queryTestFilter{}, false, ""},
		{"unknown properties ignored", "k[nope]=1&k[name]=bo", queryDeep, new(queryTestFilter), queryTestFilter{Name: "bo"}, true, ""},
		{"ignored field", "k[Skip]=1&k[-]=1&k[hidden]=1", queryDeep, new(queryTestFilter), queryTestFilter{}, false, ""},
		{"bad nested number", "k[minAge]=old", queryDeep, new(queryTestFilter), queryTestFilter{}, false, `query parameter "k[minAge]": invalid number "old"`},
		{"error key uses dots", "k.inner.deep=maybe", queryDeepDots, new(queryTestFilter), queryTestFilter{}, false, `query parameter "k.inner.deep": invalid boolean "maybe"`},
		{"malformed key", "k[name=bo", queryDeep, new(queryTestFilter), queryTestFilter{}, false, `query parameter "k": malformed key "k[name"`},
		{"list split across notations is ordered dots first", "k[tags]=x&k.tags=y", queryDeep, new(queryTestFilter), queryTestFilter{Tags: []string{"y", "x"}}, true, ""},
		{"duplicate scalar across notations: dots win", "k[name]=b&k.name=d", queryDeep, new(queryTestFilter), queryTestFilter{Name: "d"}, true, ""},
		{"keys with dots in brackets", "k[a.b]=1", queryDeep, new(map[string]int), map[string]int{"a.b": 1}, true, ""},
		{"map", "k[a]=1&k.b=2", queryDeep, new(map[string]int), map[string]int{"a": 1, "b": 2}, true, ""},
		{"map absent stays nil", "", queryDeep, new(map[string]int), map[string]int(nil), false, ""},
		{"map bad value", "k[a]=x", queryDeep, new(map[string]int), map[string]int(nil), false, `query parameter "k[a]": invalid number "x"`},
		{"nested map", "k[a][b]=1", queryDeep, new(map[string]map[string]int), map[string]map[string]int{"a": {"b": 1}}, true, ""},
		{"map of lists", "k[a]=1&k[a]=2", queryDeep, new(map[string][]int), map[string][]int{"a": {1, 2}}, true, ""},
		{"map any", "k[a]=1&k[b][c]=2&k[d]=3&k[d]=4", queryDeep, new(map[string]any), map[string]any{"a": "1", "b": map[string]any{"c": "2"}, "d": []string{"3", "4"}}, true, ""},
		{"pointer to struct", "k[name]=bo", queryDeep, new(*queryTestFilter), &queryTestFilter{Name: "bo"}, true, ""},
		{"pointer to struct absent", "x=1", queryDeep, new(*queryTestFilter), (*queryTestFilter)(nil), false, ""},
		{"pointer to struct unknown only", "k[zzz]=1", queryDeep, new(*queryTestFilter), (*queryTestFilter)(nil), false, ""},
		{"form explode struct", "name=bo&minAge=3&tags=x&tags=y&labels[env]=prod&inner.deep=true&unrelated=1", queryForm, new(queryTestFilter), full, true, ""},
		{"form struct", "k=name,bo,minAge,3", queryFormFlat, new(queryTestFilter), queryTestFilter{Name: "bo", MinAge: Ptr(3)}, true, ""},
		{"form struct odd", "k=name,bo,minAge", queryFormFlat, new(queryTestFilter), queryTestFilter{}, false, "name,value pairs"},
		{"form explode map takes every key", "a=1&b=2", queryForm, new(map[string]int), map[string]int{"a": 1, "b": 2}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found, err := queryDecode(queryMustParse(t, tt.query), "k", tt.dst, tt.st)
			queryCheckErr(t, err, tt.wantErr)
			if err == nil && found != tt.found {
				t.Errorf("found = %v, want %v", found, tt.found)
			}
			if got := queryDeref1(tt.dst); err == nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("decoded %#v, want %#v", got, tt.want)
			}
		})
	}
}

type queryTestEmbedded struct {
	queryTestInner
	*QueryTestExtra
	Own string `json:"own"`
}

// QueryTestExtra is exported so that decoding can allocate it through the embedded pointer.
type QueryTestExtra struct {
	Extra int  `json:"extra"`
	Deep  bool `json:"deep"` // collides with queryTestInner.Deep at the same depth
}

type queryTestHiddenPtr struct {
	*queryTestInner
}

func TestQueryEmbedded(t *testing.T) {
	in := queryTestEmbedded{queryTestInner: queryTestInner{Deep: true}, QueryTestExtra: &QueryTestExtra{Extra: 4}, Own: "o"}
	q := url.Values{}
	queryAdd(q, "k", in, queryDeep)
	// Like encoding/json, the ambiguous "deep" is dropped.
	if got, want := q.Encode(), "k%5Bextra%5D=4&k%5Bown%5D=o"; got != want {
		t.Fatalf("encode = %s, want %s", got, want)
	}
	var out queryTestEmbedded
	if _, err := queryDecode(q, "k", &out, queryDeep); err != nil {
		t.Fatal(err)
	}
	if out.Own != "o" || out.QueryTestExtra == nil || out.Extra != 4 {
		t.Errorf("decoded %+v", out)
	}

	// Reflection cannot allocate an unexported embedded pointer; say so instead of panicking.
	var hidden queryTestHiddenPtr
	_, err := queryDecode(url.Values{"k[deep]": {"true"}}, "k", &hidden, queryDeep)
	queryCheckErr(t, err, "embedded pointer")
}

// TestQueryRoundTrip checks that queryDecode reads back what queryAdd writes, for every
// shape and style.
func TestQueryRoundTrip(t *testing.T) {
	styles := map[string]queryStyle{
		"form": queryForm, "formFlat": queryFormFlat, "space": querySpace, "pipe": queryPipe,
		"deep": queryDeep, "deepDots": queryDeepDots,
	}
	values := map[string]any{
		"string":  "hello, world|x y",
		"enum":    queryTestColor("red"),
		"bool":    true,
		"int":     -3,
		"int64":   int64(1) << 50,
		"uint8":   uint8(200),
		"float64": 3.25,
		"float32": float32(1.5),
		"time":    queryTestInstant,
		"bytes":   []byte{0, 1, 2, 255},
		"ptr":     Ptr(7),
		"ints":    []int{1, 2, 3},
		"strings": []string{"a", "b"},
		"enums":   []queryTestColor{"red", "blue"},
	}
	objects := map[string]any{
		"nullable": queryTestNullables{Status: NewNullable(queryTestColor("red")), Count: NewNullable(Ptr(2))},
		"map":      map[string]string{"a": "1", "b": "2"},
		"struct":   queryTestFilter{Name: "bo", MinAge: Ptr(3), Tags: []string{"x", "y"}, Labels: map[string]string{"env": "prod"}, Inner: &queryTestInner{Deep: true}},
	}
	for sname, st := range styles {
		for vname, v := range values {
			t.Run(sname+"/"+vname, func(t *testing.T) { queryRoundTrip(t, v, st) })
		}
		if st.style == "deepObject" || st.style == "form" && st.explode {
			for vname, v := range objects {
				t.Run(sname+"/"+vname, func(t *testing.T) { queryRoundTrip(t, v, st) })
			}
		}
	}
}

func queryRoundTrip(t *testing.T, v any, st queryStyle) {
	t.Helper()
	q := url.Values{}
	queryAdd(q, "k", v, st)
	// Go through the wire form, as a server would.
	parsed, err := url.ParseQuery(q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	dst := reflect.New(reflect.TypeOf(v))
	found, err := queryDecode(parsed, "k", dst.Interface(), st)
	if err != nil || !found {
		t.Fatalf("decode %s: found=%v err=%v", q.Encode(), found, err)
	}
	got := dst.Elem().Interface()
	if tm, ok := v.(time.Time); ok {
		if !tm.Equal(got.(time.Time)) {
			t.Fatalf("round trip via %s: got %v, want %v", q.Encode(), got, v)
		}
		return
	}
	if !reflect.DeepEqual(got, v) {
		t.Fatalf("round trip via %s: got %#v, want %#v", q.Encode(), got, v)
	}
}

// queryTestNullables holds nullable properties, as a generated query object
// does: a present value travels as the value; a null, which a query cannot
// say, is left out, and decodes as absent.
type queryTestNullables struct {
	Status Nullable[queryTestColor] `json:"status,omitzero"`
	Count  Nullable[*int]           `json:"count,omitzero"`
	Absent Nullable[string]         `json:"absent,omitzero"`
	Gone   Nullable[string]         `json:"gone,omitzero"`
}

// TestQueryNullables checks what a Nullable property is on the wire.
func TestQueryNullables(t *testing.T) {
	v := queryTestNullables{Status: NewNullable(queryTestColor("red")), Count: NewNullable(Ptr(2)), Gone: Null[string]()}
	q := url.Values{}
	queryAdd(q, "f", v, queryDeep)
	if got := q.Encode(); got != "f%5Bcount%5D=2&f%5Bstatus%5D=red" {
		t.Errorf("encoded %s", got)
	}
	var back queryTestNullables
	if _, err := queryDecode(q, "f", &back, queryDeep); err != nil {
		t.Fatal(err)
	}
	if s, ok := back.Status.Get(); !ok || s != "red" || back.Absent.IsSet() || back.Gone.IsSet() {
		t.Errorf("decoded %v", back)
	}
	if c, ok := back.Count.Get(); !ok || *c != 2 {
		t.Errorf("decoded count %v", back.Count)
	}
}

func TestQueryRoundTripDelimiterInItem(t *testing.T) {
	// Non-exploded lists cannot carry their delimiter inside an item; exploded ones can.
	in := []string{"a,b", "c"}
	q := url.Values{}
	queryAdd(q, "k", in, queryForm)
	var out []string
	if _, err := queryDecode(q, "k", &out, queryForm); err != nil || !reflect.DeepEqual(out, in) {
		t.Errorf("got %q, %v; want %q", out, err, in)
	}
}

func queryMustParse(t *testing.T, s string) url.Values {
	t.Helper()
	q, err := url.ParseQuery(s)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", s, err)
	}
	return q
}

func queryCheckErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != "" && err == nil:
		t.Fatalf("want error containing %q, got nil", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Fatalf("error %q does not contain %q", err, want)
	}
}

// queryDeref1 returns what dst points to, or dst itself when it is not a non-nil pointer.
func queryDeref1(dst any) any {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return dst
	}
	return v.Elem().Interface()
}

type queryFuzzParams struct {
	S      string            `json:"s"`
	I      *int              `json:"i"`
	U      uint8             `json:"u"`
	F      float64           `json:"f"`
	B      *bool             `json:"b"`
	T      *time.Time        `json:"t"`
	E      queryTestColor    `json:"e"`
	L      []int             `json:"l"`
	M      map[string]string `json:"m"`
	Nested *queryTestFilter  `json:"nested"`
	A      any               `json:"a"`
	Raw    []byte            `json:"raw"`
}

func FuzzQueryDecode(f *testing.F) {
	for _, s := range []string{
		"k[s]=a&k[i]=1&k[l]=1&k[l]=2&k[m][x]=y&k[nested][inner][deep]=true",
		"k.s=a&k.nested.tags=x&k.nested.labels.a=b&k.t=2024-01-01T00:00:00Z",
		"k[", "k[]]=1", "k..=1", "k[a][b][c][d]=1", "k=1,2,3", "s=x&i=2&l=1&l=x",
		"k[m][a]=1&k.m.a=2", "k[a][x]=1&k[a]=2", "k[raw]=AAAA&k[f]=1e400",
	} {
		f.Add(s)
	}
	styles := []queryStyle{queryForm, queryFormFlat, querySpace, queryPipe, queryDeep, queryDeepDots}
	f.Fuzz(func(t *testing.T, s string) {
		q, _ := url.ParseQuery(s) // partial results are fine: servers see them too
		for _, st := range styles {
			var p queryFuzzParams
			_, _ = queryDecode(q, "k", &p, st)
			var m map[string]any
			_, _ = queryDecode(q, "k", &m, st)
			var l []float32
			_, _ = queryDecode(q, "k", &l, st)
			var ptr *int64
			_, _ = queryDecode(q, "k", &ptr, st)
		}
	})
}

func BenchmarkQueryAdd(b *testing.B) {
	b.ReportAllocs()
	limit, cursor := 50, "abc"
	tags := []string{"a", "b", "c"}
	filter := map[string]string{"env": "prod", "team": "core"}
	for b.Loop() {
		q := make(url.Values, 6)
		queryAdd(q, "limit", &limit, queryForm)
		queryAdd(q, "nextToken", &cursor, queryForm)
		queryAdd(q, "sort", queryTestColor("asc"), queryForm)
		queryAdd(q, "tags", tags, queryForm)
		queryAdd(q, "filter", filter, queryDeep)
		_ = q.Encode()
	}
}

func BenchmarkQueryDecode(b *testing.B) {
	b.ReportAllocs()
	q, _ := url.ParseQuery("limit=50&nextToken=abc&sort=asc&tags=a&tags=b&tags=c&filter[env]=prod&filter[team]=core")
	for b.Loop() {
		var (
			limit  *int
			cursor *string
			sort   queryTestColor
			tags   []string
			filter map[string]string
		)
		_, _ = queryDecode(q, "limit", &limit, queryForm)
		_, _ = queryDecode(q, "nextToken", &cursor, queryForm)
		_, _ = queryDecode(q, "sort", &sort, queryForm)
		_, _ = queryDecode(q, "tags", &tags, queryForm)
		_, _ = queryDecode(q, "filter", &filter, queryDeep)
	}
}

// BenchmarkQueryDeepObject decodes deepObject maps of growing size: ns/key stays flat
// when decoding is linear in the number of keys (the sort adds a log factor).
func BenchmarkQueryDeepObject(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		q := make(url.Values, n)
		for i := range n {
			q.Set(fmt.Sprintf("tags[k%d]", i), "v")
		}
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var tags map[string]string
				if _, err := queryDecode(q, "tags", &tags, queryDeep); err != nil || len(tags) != n {
					b.Fatalf("%d tags, %v", len(tags), err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/key")
		})
	}
}

// queryTestOpen is shaped as bpgen generates an object with properties whose
// names a json tag cannot hold and with additionalProperties: the JSON methods
// carry those fields, and the wire tag tells the query encoding about them.
type queryTestOpen struct {
	Name   string                     `json:"name,omitempty"`
	AB     *string                    `json:"-" wire:"omitempty,a,b"`
	Quote  int                        `json:"-" wire:",say \"hi\""`
	Nested *queryTestOpen             `json:"nested,omitempty"`
	Extra  map[string]*queryTestInner `json:"-" wire:"extra,"`
}

type queryTestExtraInts struct {
	Limit int            `json:"limit"`
	More  map[string]int `json:"-" wire:"extra,"`
}

func TestQueryWireTags(t *testing.T) {
	v := queryTestOpen{
		Name: "n", AB: Ptr("x,y"), Quote: 3,
		Nested: &queryTestOpen{Quote: 4, Extra: map[string]*queryTestInner{"in": {Deep: true}}},
		Extra:  map[string]*queryTestInner{"z": {Deep: true}, "a": {}, "name": {Deep: true}},
	}
	q := url.Values{}
	queryAdd(q, "k", v, queryDeep)
	want := "k[a,b]=x,y&k[a][deep]=false&k[name]=n&k[nested][in][deep]=true&k[nested][say \"hi\"]=4&k[say \"hi\"]=3&k[z][deep]=true"
	if got, _ := url.QueryUnescape(q.Encode()); got != want {
		t.Errorf("deepObject:\n got %s\nwant %s", got, want)
	}
	var back queryTestOpen
	if _, err := queryDecode(q, "k", &back, queryDeep); err != nil {
		t.Fatal(err)
	}
	delete(v.Extra, "name") // a declared property wins over an undeclared one of its name
	if !reflect.DeepEqual(back, v) {
		t.Errorf("deepObject round trip: got %#v, want %#v", back, v)
	}
}

func TestQueryExtraBesideOtherParameters(t *testing.T) {
	// An exploded form object's properties are top-level keys: those of the
	// other parameters are theirs, not undeclared properties.
	st := queryStyle{style: "form", explode: true, others: []string{"page", "sort"}}
	in := queryTestExtraInts{Limit: 5, More: map[string]int{"x": 1, "page": 9}}
	q := url.Values{"page": {"2"}, "sort": {"asc"}}
	queryAdd(q, "filter", in, st)
	if got := q.Encode(); got != "limit=5&page=2&sort=asc&x=1" {
		t.Errorf("encoded %s", got)
	}
	var out queryTestExtraInts
	if _, err := queryDecode(q, "filter", &out, st); err != nil {
		t.Fatal(err)
	}
	if want := (queryTestExtraInts{Limit: 5, More: map[string]int{"x": 1}}); !reflect.DeepEqual(out, want) {
		t.Errorf("decoded %#v, want %#v", out, want)
	}
	var free map[string]string
	if _, err := queryDecode(q, "filter", &free, st); err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"limit": "5", "x": "1"}; !reflect.DeepEqual(free, want) {
		t.Errorf("free-form object decoded %v, want %v", free, want)
	}
	// Below the top level, others name nothing.
	nested := map[string]map[string]int{"a": {"page": 1}}
	q = url.Values{}
	queryAdd(q, "f", nested, st)
	var back map[string]map[string]int
	if _, err := queryDecode(q, "f", &back, st); err != nil || !reflect.DeepEqual(back, nested) {
		t.Errorf("nested: %v, %v via %s", back, err, q.Encode())
	}
}
