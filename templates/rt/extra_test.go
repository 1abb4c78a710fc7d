package rt

import (
	"reflect"
	"testing"
)

func TestJSONMergeObject(t *testing.T) {
	tests := []struct {
		obj   string
		extra map[string]int
		want  string
	}{
		{`{"a":1}`, nil, `{"a":1}`},
		{`{"a":1}`, map[string]int{"c": 3, "b": 2}, `{"a":1,"b":2,"c":3}`},
		{`{}`, map[string]int{"b": 2}, `{"b":2}`},
		{`{"a":1}`, map[string]int{"a": 9}, `{"a":1}`},
		// A last member that is an object: only the outer brace is replaced.
		{`{"a":{"b":{}}}`, map[string]int{"c": 3}, `{"a":{"b":{}},"c":3}`},
	}
	for _, tt := range tests {
		got, err := jsonMergeObject([]byte(tt.obj), tt.extra)
		if err != nil || string(got) != tt.want {
			t.Errorf("merge(%s, %v) = %s, %v; want %s", tt.obj, tt.extra, got, err, tt.want)
		}
	}
}

func TestJSONExtraFields(t *testing.T) {
	got, err := jsonExtraFields[int]([]byte(`{"a":1,"b":2,"c":3}`), "a")
	if err != nil || !reflect.DeepEqual(got, map[string]int{"b": 2, "c": 3}) {
		t.Errorf("got %v, %v", got, err)
	}
	if got, err := jsonExtraFields[int]([]byte(`{"a":1}`), "a"); err != nil || got != nil {
		t.Errorf("no extras: got %v, %v", got, err)
	}
	if _, err := jsonExtraFields[int]([]byte(`{"b":"x"}`)); err == nil {
		t.Error("wrong value type accepted")
	}
}
