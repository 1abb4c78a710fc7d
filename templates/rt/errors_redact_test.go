package rt

import (
	"strings"
	"testing"
)

// TestClientRedactor covers the matcher's forms one by one, including secrets that
// contain the escape characters themselves.
func TestClientRedactor(t *testing.T) {
	tests := []struct {
		name    string
		secrets []string
		in      string
		want    string
	}{
		{"none", []string{"abc"}, "nothing here", "nothing here"},
		{"raw", []string{"abc"}, "x abc y abc", "x [REDACTED] y [REDACTED]"},
		{"unicode lower and upper", []string{"abc"}, `\u0061\u0062\u0063 \u0041`, "[REDACTED] \\u0041"},
		{"unicode hex case", []string{"a/c"}, `\u0061\u002F\u0063 \u0061\u002f\u0063`, "[REDACTED] [REDACTED]"},
		{"short escapes", []string{"a\"b\\c/d\n"}, `a\"b\\c\/d\n`, "[REDACTED]"},
		{"surrogate pair", []string{"k\U0001F511y"}, `k\ud83d\uDD11y`, "[REDACTED]"},
		{"non-ASCII BMP", []string{"caf\u00e9"}, `caf\u00E9 caf%C3%a9 café`, "[REDACTED] [REDACTED] [REDACTED]"},
		{"percent mixed case", []string{"a+b"}, "a%2Bb a%2bb %61%2B%62", "[REDACTED] [REDACTED] [REDACTED]"},
		{"mixed per character", []string{"secret"}, `s\u0065%63r\u0045t %73e\u0063%52et`, "s\\u0065%63r\\u0045t %73e\\u0063%52et"},
		{"mixed per character, exact", []string{"secret"}, `s\u0065%63r\u0065t %73e\u0063%72et`, "[REDACTED] [REDACTED]"},
		{"percent in the secret", []string{"a%25b"}, "a%25b a%2525b", "[REDACTED] [REDACTED]"},
		{"backslash in the secret", []string{`a\u`}, `a\u a\\u a\u005cu`, "[REDACTED] [REDACTED] [REDACTED]"},
		{"longest wins", []string{"abc", "abcdef"}, "abcdefg abcx", "[REDACTED]g [REDACTED]x"},
		{"truncated escape", []string{"abc"}, `ab\u006`, `ab\u006`},
		{"invalid hex", []string{"abc"}, `ab%6G ab\u00zz`, `ab%6G ab\u00zz`},
		{"adjacent", []string{"ab"}, "abab", "[REDACTED][REDACTED]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newClientRedactor(tt.secrets).redact(tt.in); got != tt.want {
				t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestClientRedactorHostileInput checks that inputs built to make the matcher
// backtrack finish promptly.
func TestClientRedactorHostileInput(t *testing.T) {
	r := newClientRedactor([]string{strings.Repeat("%", 40) + "x", strings.Repeat("a", 64) + "b"})
	in := strings.Repeat("%25", 20000) + strings.Repeat("a", 1<<16)
	if got := r.redact(in); got != in {
		t.Error("a body without the secrets changed")
	}
}

// TestClientRedactorNoAllocation checks that text without a secret is returned as is.
func TestClientRedactorNoAllocation(t *testing.T) {
	r := newClientRedactor([]string{"sk-secret"})
	in := strings.Repeat(`{"message":"not found %20 \u0041 s"} `, 100)
	if n := testing.AllocsPerRun(10, func() { _ = r.redact(in) }); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
}
