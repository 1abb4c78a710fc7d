package load

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
)

// mapRefProblem is the decoder's message for a $ref where a map of objects
// belongs (content, properties, responses...): it reads "$ref" as the name
// of one entry, whose value, the reference, is not an object. The group is
// the pointer of the map.
var mapRefProblem = regexp.MustCompile(`^cannot construct !!str .* into openapi3\.\w+ in (/\S*)/\$ref$`)

// inlineMapRefs reads `key: {$ref: ...}`, where key holds a map of objects,
// as the map the reference points at: OpenAPI does not allow a $ref there,
// but publishers write it, and it has one reading. The target (in the
// document, or in a local file beside it, whose own references are rebased
// to stay true from the document) is written in its place as one line of
// JSON, padded with the newlines the reference took, so that every other
// line keeps its number. A reference whose target holds it stays an error:
// it would never end.
func inlineMapRefs(file, abs string, src []byte, msg string) ([]byte, []Diagnostic) {
	var ptrs []string
	for _, p := range yamlProblems(msg) {
		if m := mapRefProblem.FindStringSubmatch(p.text); m != nil {
			ptrs = append(ptrs, m[1])
		}
	}
	var root yaml.Node
	if len(ptrs) == 0 || yaml.Unmarshal(src, &root) != nil {
		return nil, nil
	}
	starts := lineStarts(src)
	var edits []mapRefEdit
	var notes []Diagnostic
	for _, ptr := range slices.Compact(slices.Sorted(slices.Values(ptrs))) {
		e, ok := mapRefEditAt(&root, filepath.Dir(abs), src, starts, ptr)
		if !ok {
			return nil, nil
		}
		edits = append(edits, e)
		notes = append(notes, Diagnostic{File: file, Line: e.key.Line, Column: e.key.Column,
			Message: fmt.Sprintf("$ref %q stands for the whole %s map, which OpenAPI does not allow; it is read as the map it points at", e.ref, PointerUnescape(ptr[strings.LastIndexByte(ptr, '/')+1:]))})
	}
	slices.SortFunc(edits, func(a, b mapRefEdit) int { return a.from - b.from })
	out := make([]byte, 0, len(src))
	last := 0
	for _, e := range edits {
		if e.from < last {
			return nil, nil // overlapping: one map inside another's reference
		}
		out = append(append(out, src[last:e.from]...), e.text...)
		last = e.to
	}
	out = append(out, src[last:]...)
	if len(out) > 2*len(src)+maxInlined {
		return nil, nil // references that copy each other's targets: stop before the document explodes
	}
	return out, notes
}

// maxInlined bounds what one repair may add to a document beyond doubling it.
const maxInlined = 1 << 20

// mapRefEdit replaces src[from:to], the mapping that holds only a $ref, by
// text, the JSON of its target.
type mapRefEdit struct {
	from, to int
	text     string
	ref      string
	key      *yaml.Node // the $ref key, where the warning goes
}

// mapRefEditAt plans the edit for the map at ptr, and reports false when it
// is not a mapping holding only a $ref to another mapping that can be read.
func mapRefEditAt(root *yaml.Node, dir string, src []byte, starts []int, ptr string) (mapRefEdit, bool) {
	m := nodeAt(root, ptr)
	if m == nil || m.Kind != yaml.MappingNode || len(m.Content) != 2 || m.Content[0].Value != "$ref" || m.Content[1].Kind != yaml.ScalarNode {
		return mapRefEdit{}, false
	}
	ref := m.Content[1].Value
	target, rebase := refTarget(root, dir, ref)
	if target == nil || target.Kind != yaml.MappingNode || (rebase == "" && (ptr == ref[1:] || strings.HasPrefix(ptr, ref[1:]+"/"))) {
		return mapRefEdit{}, false
	}
	b := jsonWriter{limit: len(src) + maxInlined, rebase: rebase} // aliases can make a small target huge
	if !b.write(target) {
		return mapRefEdit{}, false
	}
	e := mapRefEdit{ref: ref, key: m.Content[0], text: b.String(), from: offsetAt(src, starts, m.Line, m.Column)}
	switch {
	case e.from < 0:
		return mapRefEdit{}, false
	case m.Style&yaml.FlowStyle != 0:
		e.to = closingBrace(src, e.from)
	case m.Content[1].Line != m.Line:
		return mapRefEdit{}, false
	default:
		// A block mapping of one pair on one line: the flow mapping that
		// replaces it is the parent key's value, as the pair was.
		e.to = len(src)
		if n := bytes.IndexByte(src[e.from:], '\n'); n >= 0 {
			e.to = e.from + n
		}
		if e.to > e.from && src[e.to-1] == '\r' {
			e.to--
		}
	}
	if e.to <= e.from {
		return mapRefEdit{}, false
	}
	// Keep the lines the reference spanned, inside the braces.
	if n := bytes.Count(src[e.from:e.to], []byte("\n")); n > 0 {
		e.text = e.text[:len(e.text)-1] + strings.Repeat("\n", n) + "}"
	}
	return e, true
}

// refTarget is the node ref names: in root for "#/...", else in the local
// file it names, relative to dir; rebase is then that file's path relative to
// dir, which the references inside the target are rebased on. It is nil for
// a URL, a file that does not read as YAML, or a pointer to nothing.
func refTarget(root *yaml.Node, dir, ref string) (target *yaml.Node, rebase string) {
	name, frag, _ := strings.Cut(ref, "#")
	if name == "" {
		if !strings.HasPrefix(frag, "/") {
			return nil, ""
		}
		return nodeAt(root, frag), ""
	}
	if !localName(name) {
		return nil, ""
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	var other yaml.Node
	if err != nil || len(data) > maxInlined || yaml.Unmarshal(data, &other) != nil || (frag != "" && !strings.HasPrefix(frag, "/")) {
		return nil, ""
	}
	return nodeAt(&other, frag), path.Clean(name)
}

// nodeAt is the node at the JSON pointer ptr ("" for the document itself),
// nil when there is none.
func nodeAt(root *yaml.Node, ptr string) *yaml.Node {
	n := root
	if ptr != "" {
		for tok := range strings.SplitSeq(strings.TrimPrefix(ptr, "/"), "/") {
			if n = entry(n, PointerUnescape(tok)); n == nil {
				return nil
			}
		}
	}
	return unwrap(n)
}

// localName reports whether name, the file part of a reference, is a path
// relative to the document, which is all the loader reads.
func localName(name string) bool {
	u, err := url.Parse(name)
	return err == nil && u.Scheme == "" && u.Host == "" && !strings.HasPrefix(name, "/") && !filepath.IsAbs(filepath.FromSlash(name))
}

// offsetAt is the byte offset of line and column (in characters, 1-based),
// or -1 when src has no such place.
func offsetAt(src []byte, starts []int, line, col int) int {
	if line < 1 || line > len(starts) {
		return -1
	}
	at := starts[line-1]
	for range col - 1 {
		if at >= len(src) {
			return -1
		}
		_, size := utf8.DecodeRune(src[at:])
		at += size
	}
	return at
}

// closingBrace is the offset just past the } that closes the flow mapping
// opening at src[at], -1 when it does not close. Quoted strings, in which
// braces are text, are skipped: JSON's and YAML's double-quoted ones with
// their escapes, YAML's single-quoted ones with ” for a quote.
func closingBrace(src []byte, at int) int {
	if at < 0 || at >= len(src) || src[at] != '{' {
		return -1
	}
	depth := 0
	for i := at; i < len(src); i++ {
		switch src[i] {
		case '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '\'':
			for i++; i < len(src); i++ {
				if src[i] == '\'' {
					if i+1 < len(src) && src[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// jsonWriter writes YAML nodes as JSON on one line, up to limit bytes. With
// rebase, the path of the file the nodes come from relative to the
// document, each $ref in them is rewritten to mean from the document what
// it meant from that file.
type jsonWriter struct {
	strings.Builder
	limit  int
	rebase string
}

// rebased is ref, written in the file at b.rebase, as the document reads it.
func (b *jsonWriter) rebased(ref string) string {
	name, frag, hasFrag := strings.Cut(ref, "#")
	if b.rebase == "" || (name != "" && !localName(name)) {
		return ref
	}
	if name == "" {
		name = b.rebase // a pointer into the file itself
	} else {
		name = path.Join(path.Dir(b.rebase), name)
	}
	if hasFrag {
		return name + "#" + frag
	}
	return name
}

// write writes n, and reports false for what JSON cannot say as YAML meant
// it (a merge key) or when the text would pass the limit.
func (b *jsonWriter) write(n *yaml.Node) bool {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if b.Len() > b.limit {
		return false
	}
	switch n.Kind {
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].ShortTag() == "!!merge" {
				return false
			}
			if i > 0 {
				b.WriteString(", ")
			}
			k, v := n.Content[i], n.Content[i+1]
			b.str(k.Value) // keys as written: 200 is "200"
			b.WriteString(": ")
			if k.Value == "$ref" && v.Kind == yaml.ScalarNode {
				b.str(b.rebased(v.Value))
				continue
			}
			if !b.write(v) {
				return false
			}
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteString(", ")
			}
			if !b.write(c) {
				return false
			}
		}
		b.WriteByte(']')
	case yaml.ScalarNode:
		b.scalar(n)
	default:
		return false
	}
	return true
}

// scalar writes a scalar as the JSON value YAML reads it as: a string, or a
// number, boolean or null by its resolved tag.
func (b *jsonWriter) scalar(n *yaml.Node) {
	switch n.ShortTag() {
	case "!!int", "!!float", "!!bool", "!!null":
		var v any
		if n.Decode(&v) == nil {
			if text, err := json.Marshal(v); err == nil {
				b.Write(text)
				return
			}
		}
	}
	b.str(n.Value)
}

func (b *jsonWriter) str(s string) {
	text, _ := json.Marshal(s) // a string always marshals
	b.Write(text)
}
