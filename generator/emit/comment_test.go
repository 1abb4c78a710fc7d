package emit

import (
	"slices"
	"testing"
)

func TestCommentLines(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"One line.", []string{"// One line."}},
		{"\n\nFirst.\n\nSecond.  \n\n", []string{"// First.", "//", "// Second."}},
		{"a */ b /* c", []string{"// a * / b / * c"}},
		{"*//*", []string{"// * // *"}},
		{"// raw", []string{"// // raw"}},
		{"/* raw", []string{"// / * raw"}},
		{"a\r\nb\rc\u0085d\u2028e\u2029f\vg\fh", []string{"// a", "// b", "// c", "// d", "// e", "// f", "// g", "// h"}},
		{"nul\x00esc\x1b[0mdel\x7f", []string{"// nul esc [0mdel"}},
		{"bom\ufeffrlo\u202eiso\u2066end", []string{"// bomrloisoend"}},
		{"bad\xffutf8", []string{"// bad\uFFFDutf8"}},
		{"tab\there", []string{"// tab\there"}},
		{"\n}\nfunc init() { os.Exit(1) }\n//", []string{"// }", "// func init() { os.Exit(1) }", "// //"}},
	}
	for _, tt := range tests {
		if got := commentLines(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("commentLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
