package load

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v4"
)

// wrongKindRef is kin-openapi's message for a $ref whose target is another
// kind of object than its place wants (a request body given as a response,
// a response given as a schema), for the kinds whose reference can be
// dropped.
var wrongKindRef = regexp.MustCompile(`bad data in "(#/[^"]+)" \(expecting ref to (response|parameter|schema) object\)`)

// dropWrongKindRefs renames, in src, the key of each $ref to the target msg
// names that stands where a response, a parameter or a schema belongs, as
// dropDanglingRefs does: the response then has no body, the operation no
// such parameter, the value is free-form. References to the same target in
// the right place stay.
func dropWrongKindRefs(file string, src []byte, msg string) ([]byte, []Diagnostic) {
	m := wrongKindRef.FindStringSubmatch(msg)
	if m == nil {
		return nil, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, nil
	}
	type use struct{ key, value, holder *yaml.Node }
	var uses []use
	refsIn(&root, nil, nil, func(path []string, holder, key, value *yaml.Node) {
		if value.Value == m[1] && len(path) >= 2 && (path[len(path)-2] == m[2]+"s" || m[2] == "schema" && schemaPlace(path)) {
			uses = append(uses, use{key, value, holder})
		}
	})
	starts := lineStarts(src)
	var notes []Diagnostic
	var keys []int
	for _, u := range uses {
		at := nodeOffset(src, starts, u.key)
		if at < 0 {
			return nil, nil
		}
		col := u.value.Column // the reference itself, as dropDanglingRefs reports it
		if u.value.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0 {
			col++
		}
		d := Diagnostic{File: file, Line: u.value.Line, Column: col,
			Message: fmt.Sprintf("$ref %q is not a %s; it is dropped: %s", m[1], m[2], droppedAs("#/components/"+m[2]+"s/"))}
		if u.holder != nil {
			d.holder = u.holder.Line
		}
		notes = append(notes, d)
		keys = append(keys, at)
	}
	return renameRefKeys(src, keys), notes
}

// schemaPlace reports whether path, the keys to an object, is where a
// schema belongs: under a schema, items, additionalProperties or not key, or
// an entry of properties or of a composition.
func schemaPlace(path []string) bool {
	switch path[len(path)-1] {
	case "schema", "items", "additionalProperties", "not":
		return true
	}
	switch path[len(path)-2] {
	case "properties", "allOf", "oneOf", "anyOf", "schemas":
		return true
	}
	return false
}

// refsIn calls found for each $ref in the tree below n with the path of keys
// (and item indexes) to the object holding it and the key (nil for an item)
// whose value that object is, in document order.
func refsIn(n *yaml.Node, path []string, holder *yaml.Node, found func(path []string, holder, key, value *yaml.Node)) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			refsIn(c, path, nil, found)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			refsIn(c, append(path, strconv.Itoa(i)), nil, found)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "$ref" && v.Kind == yaml.ScalarNode {
				found(path, holder, k, v)
				continue
			}
			refsIn(v, append(path, k.Value), k, found)
		}
	}
}

// holderLines maps the line of each $ref's value to the line of the key
// whose value the object holding it is (see Diagnostic.holder).
func holderLines(root *yaml.Node) map[int]int {
	lines := map[int]int{}
	refsIn(root, nil, nil, func(_ []string, holder, _, value *yaml.Node) {
		if holder != nil {
			lines[value.Line] = holder.Line
		}
	})
	return lines
}

// lineStarts is the byte offset of each line of src, the first at index 0.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// nodeOffset is the byte offset of the $ref key node k in src, whose lines
// start at starts (after its opening quote, if it has one), or -1 when src
// does not read $ref there.
func nodeOffset(src []byte, starts []int, k *yaml.Node) int {
	at := offsetAt(src, starts, k.Line, k.Column)
	if at < 0 {
		return -1
	}
	if at < len(src) && (src[at] == '"' || src[at] == '\'') {
		at++
	}
	if !bytes.HasPrefix(src[at:], []byte("$ref")) {
		return -1
	}
	return at
}
