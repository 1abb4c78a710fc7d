package emit

import (
	"slices"
	"strings"
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

func TestWrapLine(t *testing.T) {
	long := strings.Repeat("word ", 40) + "end."
	got := wrapLine(long)
	if len(got) < 2 || strings.Join(got, " ") != long {
		t.Fatalf("wrapLine lost or kept text: %q", got)
	}
	for _, l := range got {
		if len(l) > commentWidth {
			t.Errorf("line of %d bytes: %q", len(l), l)
		}
	}
	for _, keep := range []string{"\t" + long, "  " + long, "- " + long, "12. " + long} {
		if got := wrapLine(keep); len(got) != 1 {
			t.Errorf("a code block or list item was wrapped: %q", got)
		}
	}
	url := "see https://example.com/" + strings.Repeat("x", 120) + " for more"
	if got := wrapLine(url); strings.Join(got, " ") != url {
		t.Errorf("long word: %q", got)
	}
	// A continuation never starts a list item or a heading.
	tricky := strings.Repeat("a ", 45) + "- b " + strings.Repeat("c ", 10) + "# d " + strings.Repeat("e ", 40)
	for i, l := range wrapLine(tricky) {
		if i > 0 && (listItem(l) || strings.HasPrefix(l, "# ")) {
			t.Errorf("continuation %q reads as a list item or heading", l)
		}
	}
}
