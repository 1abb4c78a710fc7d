package rt

import (
	"strings"
	"testing"
)

func TestServerParamJSON(t *testing.T) {
	var m map[string]int64
	if err := serverParamJSON(`{"a":1}`, &m); err != nil || m["a"] != 1 {
		t.Fatalf("decoded %v, %v", m, err)
	}
	for _, text := range []string{`{"a":"x"}`, `{"a":1`, `[1]`} {
		err := serverParamJSON(text, &m)
		if err == nil || !strings.Contains(err.Error(), "is not the JSON of its schema") {
			t.Errorf("%s: error %v", text, err)
		}
	}
}
