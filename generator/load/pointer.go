package load

import "strings"

// PointerEscape escapes one JSON pointer token (RFC 6901).
func PointerEscape(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return pointerEscaper.Replace(s)
}

// PointerUnescape reads one JSON pointer token back.
func PointerUnescape(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return pointerUnescaper.Replace(s)
}

// pointerEscaper and pointerUnescaper are built once: a Replacer builds its tables on first use.
var (
	pointerEscaper   = strings.NewReplacer("~", "~0", "/", "~1")
	pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
)
