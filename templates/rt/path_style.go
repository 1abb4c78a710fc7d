package rt

import "strings"

// This file is emitted only into packages with a path parameter in the label
// or matrix style.

// clientPathStyle writes a path parameter in the label (.v, .a.b or .a,b) or
// matrix (;name=v, ;name=a;name=b or ;name=a,b) style. value is the
// parameter's simple-style text: items joined by commas when array is set.
// Each item is escaped; the style's own separators are not.
func clientPathStyle(style, name string, explode, array bool, value string) string {
	items := []string{value}
	if array {
		items = strings.Split(value, ",")
	}
	for i, item := range items {
		items[i] = clientPathEscape(item)
	}
	switch {
	case style == "label" && explode:
		return "." + strings.Join(items, ".")
	case style == "label":
		return "." + strings.Join(items, ",")
	case explode && array:
		return ";" + name + "=" + strings.Join(items, ";"+name+"=")
	}
	return ";" + name + "=" + strings.Join(items, ",")
}

// serverPathStyle turns the text of a label or matrix path parameter (already
// unescaped by the router) back into its simple-style text, which the
// parameter's decoding reads; ok is false when the text is not in the style.
func serverPathStyle(style, name string, explode bool, text string) (string, bool) {
	if style == "label" {
		rest, ok := strings.CutPrefix(text, ".")
		if explode {
			rest = strings.ReplaceAll(rest, ".", ",")
		}
		return rest, ok
	}
	prefix := ";" + name + "="
	rest, ok := strings.CutPrefix(text, prefix)
	if explode {
		rest = strings.ReplaceAll(rest, prefix, ",")
	}
	return rest, ok
}
