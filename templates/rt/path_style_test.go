package rt

import "testing"

func TestPathStyles(t *testing.T) {
	tests := []struct {
		style          string
		explode, array bool
		value, wire    string
	}{
		{"label", false, false, "v 1", ".v%201"},
		{"label", false, true, "a,b", ".a,b"},
		{"label", true, true, "a,b", ".a.b"},
		{"matrix", false, false, "v;1", ";id=v%3B1"},
		{"matrix", false, true, "a,b", ";id=a,b"},
		{"matrix", true, true, "a,b", ";id=a;id=b"},
	}
	for _, tt := range tests {
		wire := clientPathStyle(tt.style, "id", tt.explode, tt.array, tt.value)
		if wire != tt.wire {
			t.Errorf("clientPathStyle(%s, explode=%v, %q) = %q, want %q", tt.style, tt.explode, tt.value, wire, tt.wire)
		}
		unescaped := map[string]string{".v%201": ".v 1", ";id=v%3B1": ";id=v;1"}[wire]
		if unescaped == "" {
			unescaped = wire
		}
		if back, ok := serverPathStyle(tt.style, "id", tt.explode, unescaped); !ok || back != tt.value {
			t.Errorf("serverPathStyle(%q) = %q, %v; want %q", unescaped, back, ok, tt.value)
		}
	}
	if _, ok := serverPathStyle("matrix", "id", false, "v"); ok {
		t.Error("a matrix parameter without its prefix was accepted")
	}
}
