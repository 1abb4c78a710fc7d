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
