package rt

import "testing"

func TestJSONKind(t *testing.T) {
	for in, want := range map[string]string{
		` {"a":1}`: "object", `[1]`: "array", `"s"`: "string", `-1.5`: "number",
		`true`: "boolean", `false`: "boolean", `null`: "null", ``: "",
	} {
		if got := jsonKindOf([]byte(in)); got != want {
			t.Errorf("jsonKindOf(%q) = %q, want %q", in, got, want)
		}
	}
	if !jsonKindMatches("integer", "number") || jsonKindMatches("string", "number") || !jsonKindMatches("", "array") {
		t.Error("jsonKindMatches is wrong")
	}
}

func TestJSONDiscriminator(t *testing.T) {
	if v, err := jsonDiscriminator([]byte(`{"type":"cat","x":1}`), "type"); err != nil || v != "cat" {
		t.Errorf("got %q, %v", v, err)
	}
	for _, bad := range []string{`{"x":1}`, `{"type":1}`, `[]`, `nope`} {
		if _, err := jsonDiscriminator([]byte(bad), "type"); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestJSONStrict(t *testing.T) {
	var v struct {
		A int `json:"a"`
	}
	if err := jsonStrict([]byte(`{"a":1}`), &v); err != nil || v.A != 1 {
		t.Errorf("strict decode: %v", err)
	}
	if err := jsonStrict([]byte(`{"a":1,"b":2}`), &v); err == nil {
		t.Error("unknown field accepted")
	}
	if err := jsonStrict([]byte(`{"a":1} {}`), &v); err == nil {
		t.Error("trailing data accepted")
	}
}

func TestUnionVariant(t *testing.T) {
	fields := []string{"Cat", "Dog"}
	if v, err := unionVariant("Pet", fields, false, true); err != nil || v != "Dog" {
		t.Errorf("one set: %q, %v", v, err)
	}
	if v, err := unionVariant("Pet", fields, false, false); err == nil || v != "" || err.Error() != "Pet: no variant is set (set one of Cat, Dog)" {
		t.Errorf("none set: %q, %v", v, err)
	}
	if v, err := unionVariant("Pet", fields, true, true); err == nil || v != "" || err.Error() != "Pet: more than one variant is set (Cat, Dog); set exactly one" {
		t.Errorf("two set: %q, %v", v, err)
	}
}

func TestUnionDiscriminated(t *testing.T) {
	type cat struct {
		Type  string `json:"type,omitempty"`
		Lives int    `json:"lives"`
	}
	type tagless struct {
		Lives int `json:"lives"`
	}
	type nullable struct {
		Type  *string `json:"type"`
		Lives int     `json:"lives"`
	}
	for _, c := range []struct {
		v    any
		want string
	}{
		{cat{Lives: 9}, `{"type":"cat","lives":9}`},                       // omitted: inserted first
		{cat{Type: "cat", Lives: 9}, `{"type":"cat","lives":9}`},          // already right
		{cat{Type: "kitten", Lives: 9}, `{"type":"kitten","lives":9}`},    // another value of the same variant
		{tagless{Lives: 1}, `{"type":"cat","lives":1}`},                   // not declared by the variant
		{struct{}{}, `{"type":"cat"}`},                                    // empty object
		{nullable{Lives: 2}, `{"type":"cat","lives":2}`},                  // null: replaced in place
		{map[string]any{"a": 1, "type": ""}, `{"a":1,"type":"cat"}`},      // empty: replaced in place
		{map[string]any{"type": map[string]any{"type": "x"}, "z": 1}, ``}, // not a string: an error
	} {
		got, err := unionDiscriminated("Pet.Cat", c.v, "type", "cat", "kitten")
		if c.want == "" {
			if err == nil {
				t.Errorf("%#v: no error, got %s", c.v, got)
			}
			continue
		}
		if err != nil || string(got) != c.want {
			t.Errorf("%#v: got %s, %v; want %s", c.v, got, err, c.want)
		}
	}
	if _, err := unionDiscriminated("Pet.Cat", cat{Type: "dog"}, "type", "cat"); err == nil ||
		err.Error() != `Pet.Cat: discriminator "type" is "dog", but the variant set is selected by "cat"` {
		t.Errorf("mismatch: %v", err)
	}
	for _, bad := range []any{[]int{1}, "s", nil} {
		if got, err := unionDiscriminated("Pet.Cat", bad, "type", "cat"); err == nil {
			t.Errorf("%#v: no error, got %s", bad, got)
		}
	}
	// Only the top-level member counts, wherever it is.
	got, err := unionDiscriminated("Pet.Cat", map[string]any{"a": map[string]any{"type": "x"}, "type": "cat"}, "type", "cat")
	if err != nil || string(got) != `{"a":{"type":"x"},"type":"cat"}` {
		t.Errorf("nested member: %s, %v", got, err)
	}
}
