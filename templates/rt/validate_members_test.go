package rt

import (
	"fmt"
	"testing"
)

func TestValidateMembers(t *testing.T) {
	names := []string{"id", "self", "any", "extra"} // two strict, one loose, one kept only
	tests := []struct {
		raw, want string
		vals      [4]string
	}{
		{raw: `{"id":"a","self":{},"any":null,"extra":[1],"other":2}`, vals: [4]string{`"a"`, `{}`, `null`, `[1]`}},
		{raw: `{"self":{},"id":1,"id":2,"any":0}`, vals: [4]string{`2`, `{}`, `0`, ``}},
		{raw: `{"self":{},"any":0}`, want: "id: is required", vals: [4]string{``, `{}`, `0`, ``}},
		{raw: `{"id":"a","self":null,"any":0}`, want: "self: must not be null", vals: [4]string{`"a"`, `null`, `0`, ``}},
		{raw: `{"id":"a","self":{}}`, want: "any: is required", vals: [4]string{`"a"`, `{}`, ``, ``}},
		{raw: ``}, // no JSON: nothing kept, presence not told
	}
	for _, tt := range tests {
		var vals [4][]byte
		var raw []byte
		if tt.raw != "" {
			raw = []byte(tt.raw)
		}
		err := validateMembers(raw, vals[:], 2, 1, names...)
		if got := fmt.Sprint(err); (err == nil && tt.want != "") || (err != nil && got != tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.raw, err, tt.want)
		}
		for i, v := range vals {
			if string(v) != tt.vals[i] {
				t.Errorf("%s: vals[%d] = %q, want %q", tt.raw, i, v, tt.vals[i])
			}
		}
	}
}

func TestValidateLength(t *testing.T) {
	tests := []struct {
		s        string
		min, max int
		want     string
	}{
		{"héllo", 5, 5, "<nil>"},
		{"héllo", 6, -1, "length 5 is less than minLength 6"},
		{"héllo", -1, 4, "length 5 exceeds maxLength 4"},
		{"", -1, -1, "<nil>"},
		{"", 0, 0, "<nil>"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(validateLength(tt.s, tt.min, tt.max)); got != tt.want {
			t.Errorf("validateLength(%q, %d, %d) = %s, want %s", tt.s, tt.min, tt.max, got, tt.want)
		}
	}
}
