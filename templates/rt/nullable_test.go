package rt

import (
	"encoding/json"
	"fmt"
	"testing"
)

type nullableTestDoc struct {
	X Nullable[int]    `json:"x,omitzero"`
	S Nullable[string] `json:"s,omitzero"`
}

func TestNullableMarshal(t *testing.T) {
	tests := []struct {
		name string
		doc  nullableTestDoc
		want string
	}{
		{"absent", nullableTestDoc{}, `{}`},
		{"null", nullableTestDoc{X: Null[int]()}, `{"x":null}`},
		{"value", nullableTestDoc{X: NewNullable(3)}, `{"x":3}`},
		{"zero value is sent", nullableTestDoc{X: NewNullable(0), S: NewNullable("")}, `{"x":0,"s":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("Marshal = %s, want %s", b, tt.want)
			}
		})
	}
}

func TestNullableUnmarshal(t *testing.T) {
	tests := []struct {
		in                 string
		set, null, present bool
		want               int
	}{
		{in: `{}`},
		{in: `{"x":null}`, set: true, null: true},
		{in: `{"x": null }`, set: true, null: true},
		{in: `{"x":7}`, set: true, present: true, want: 7},
		{in: `{"x":0}`, set: true, present: true, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var doc nullableTestDoc
			if err := json.Unmarshal([]byte(tt.in), &doc); err != nil {
				t.Fatal(err)
			}
			v, ok := doc.X.Get()
			if doc.X.IsSet() != tt.set || doc.X.IsNull() != tt.null || ok != tt.present || v != tt.want {
				t.Errorf("got set=%v null=%v Get=(%v,%v); want set=%v null=%v Get=(%v,%v)",
					doc.X.IsSet(), doc.X.IsNull(), v, ok, tt.set, tt.null, tt.want, tt.present)
			}
			if doc.X.IsZero() == tt.set {
				t.Errorf("IsZero = %v, want %v", doc.X.IsZero(), !tt.set)
			}
		})
	}
}

func TestNullableRoundTrip(t *testing.T) {
	for _, in := range []nullableTestDoc{{}, {X: Null[int]()}, {X: NewNullable(-4), S: Null[string]()}, {S: NewNullable("a")}} {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var out nullableTestDoc
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		if out != in {
			t.Errorf("round trip of %s: got %+v, want %+v", b, out, in)
		}
	}
}

func TestNullableUnmarshalError(t *testing.T) {
	var doc nullableTestDoc
	if err := json.Unmarshal([]byte(`{"x":"nope"}`), &doc); err == nil {
		t.Fatal("want error for a string in an int field")
	}
	if doc.X.IsSet() {
		t.Error("a failed decode must leave the field absent")
	}
}

func TestNullableNullGet(t *testing.T) {
	n := Null[string]()
	if v, ok := n.Get(); ok || v != "" {
		t.Errorf("Null.Get() = (%q, %v), want (\"\", false)", v, ok)
	}
	b, err := Nullable[string]{}.MarshalJSON()
	if err != nil || string(b) != "null" {
		t.Errorf("absent MarshalJSON = %s, %v; want null", b, err)
	}
}

func TestPtr(t *testing.T) {
	v := 5
	p := Ptr(v)
	v = 6
	if *p != 5 {
		t.Errorf("*Ptr(5) = %d after changing the source", *p)
	}
}

type nullablePet struct {
	Name string
	Tag  Nullable[string]
	Age  Nullable[int]
	Note Nullable[string]
}

func TestNullableFormat(t *testing.T) {
	type stringer interface{ String() string }
	var _ stringer = Nullable[int]{}
	pet := nullablePet{Name: "Rex", Tag: NewNullable("Rexy"), Age: Null[int]()}
	for _, c := range []struct {
		format string
		arg    any
		want   string
	}{
		{"%v", NewNullable("Rexy"), "Rexy"},
		{"%v", Null[string](), "null"},
		{"%v", Nullable[string]{}, "<absent>"},
		{"%s", NewNullable("Rexy"), "Rexy"},
		{"%q", NewNullable("Rexy"), `"Rexy"`},
		{"%q", Null[string](), "null"},
		{"%d", NewNullable(42), "42"},
		{"%5d|", NewNullable(42), "   42|"},
		{"%6v|", Null[int](), "  null|"},
		{"%.2f", NewNullable(1.5), "1.50"},
		{"%v", NewNullable(nullablePet{Name: "x"}), "{x <absent> <absent> <absent>}"},
		{"%v", pet, "{Rex Rexy null <absent>}"},
		{"%+v", pet, "{Name:Rex Tag:Rexy Age:null Note:<absent>}"},
		{"%+v", NewNullable(struct{ A int }{1}), "{A:1}"},
		{"%v", &pet.Tag, "Rexy"},
		{"%#v", NewNullable("Rexy"), `rt.NewNullable[string]("Rexy")`},
		{"%#v", Null[int](), "rt.Null[int]()"},
		{"%#v", Nullable[int]{}, "rt.Nullable[int]{}"},
	} {
		if got := fmt.Sprintf(c.format, c.arg); got != c.want {
			t.Errorf("Sprintf(%q, %#v) = %q, want %q", c.format, c.arg, got, c.want)
		}
	}
	for n, want := range map[Nullable[int]]string{NewNullable(7): "7", Null[int](): "null", {}: "<absent>"} {
		if got := n.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
		if got := fmt.Sprint(n); got != want {
			t.Errorf("Sprint = %q, want %q", got, want)
		}
	}
}
