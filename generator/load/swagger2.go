package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"go.yaml.in/yaml/v4"
)

// A Swagger 2.0 document is read as kin-openapi's conversion of it to
// OpenAPI 3.0: the conversion, as JSON text, stands in for the file, and
// everything after (references, repairs, validation, the model) works on it
// as on any 3.0 document. Its lines are not the user's, so the problems of a
// converted document are placed by JSON pointer only, in Swagger 2.0 terms
// where the conversion kept the place (see Document.Places).

// swagger2Note opens the warnings of a converted document.
const swagger2Note = "this is a Swagger 2.0 document: bpgen generates from its conversion to OpenAPI 3.0 (kin-openapi's openapi2conv); problems are named by JSON pointer, into the conversion where Swagger 2.0 has no such place"

// fromSwagger2 converts the Swagger 2.0 document src, YAML or JSON, to the
// JSON text of an OpenAPI 3.0 document.
func fromSwagger2(ctx context.Context, abs string, src []byte) (out []byte, err error) {
	defer func() {
		// The converter trusts what it reads more than a document deserves.
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("the Swagger 2.0 document cannot be converted to OpenAPI 3.0: %v", r)
		}
	}()
	var tree any
	if err := decodeTree(src, &tree); err != nil {
		return nil, fmt.Errorf("the Swagger 2.0 document does not parse: %w", err)
	}
	tree = jsonable(tree)
	if ref := foreignRef(tree); ref != "" {
		return nil, fmt.Errorf("the Swagger 2.0 document refers to %q, a part of another file that is not a schema, which its conversion cannot read: bundle the document into one file first", ref)
	}
	b, err := json.Marshal(tree)
	if err != nil {
		return nil, fmt.Errorf("the Swagger 2.0 document does not parse: %w", err)
	}
	var doc2 openapi2.T
	if err := json.Unmarshal(b, &doc2); err != nil {
		return nil, fmt.Errorf("the Swagger 2.0 document does not parse: %w", err)
	}
	// Schemas in other files are read as written: a Swagger 2.0 schema is
	// an OpenAPI 3.0 one, and a file is read only from the disk.
	doc3, err := openapi2conv.ToV3WithLoader(&doc2, newLoader(ctx, nil), &url.URL{Path: filepath.ToSlash(abs)})
	if err != nil {
		return nil, fmt.Errorf("converting the Swagger 2.0 document to OpenAPI 3.0: %w", err)
	}
	return json.Marshal(doc3)
}

// decodeTree decodes JSON, or YAML, into plain values: openapi2's types
// decode JSON only, and the tree is checked first (see foreignRef).
func decodeTree(src []byte, v *any) error {
	if t := bytes.TrimLeft(src, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(src))
		dec.UseNumber() // 1000000 stays 1000000, not 1e+06, for integer fields
		return dec.Decode(v)
	}
	return yaml.Unmarshal(src, v)
}

// foreignRef returns the first $ref of v (a jsonable tree, whose keys it
// visits sorted) into another file that is not to
// a schema (#/definitions/..., or the whole file), "" when there is none:
// the conversion reads another file's parts as OpenAPI 3.0, which a
// Swagger 2.0 schema is, while a parameter or response would be misread (a
// response's schema silently dropped) and a path item is dropped.
func foreignRef(v any) string {
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok && !strings.HasPrefix(ref, "#") {
			if _, frag, _ := strings.Cut(ref, "#"); frag != "" && !strings.HasPrefix(frag, "/definitions/") {
				return ref
			}
		}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			if r := foreignRef(v[k]); r != "" {
				return r
			}
		}
	case []any:
		for _, e := range v {
			if r := foreignRef(e); r != "" {
				return r
			}
		}
	}
	return ""
}

// jsonable turns the mappings YAML decodes with keys that are not strings
// (a response code written 200) into ones JSON can encode.
func jsonable(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = jsonable(e)
		}
		return v
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[fmt.Sprint(k)] = jsonable(e)
		}
		return m
	case []any:
		for i, e := range v {
			v[i] = jsonable(e)
		}
		return v
	}
	return v
}

// swagger2Places maps the pointers of the conversion's components back to
// where Swagger 2.0 declares them.
var swagger2Places = [][2]string{
	{"/components/schemas/", "/definitions/"},
	{"/components/parameters/", "/parameters/"},
	{"/components/requestBodies/", "/parameters/"}, // a body parameter declared once
	{"/components/responses/", "/responses/"},
	{"/components/securitySchemes/", "/securityDefinitions/"},
}

// swagger2Pointer is ptr, a pointer into the conversion, written in
// Swagger 2.0 terms when it leads into a component.
func swagger2Pointer(ptr string) string {
	for _, m := range swagger2Places {
		if rest, ok := strings.CutPrefix(ptr, m[0]); ok {
			return m[1] + rest
		}
	}
	return ptr
}

// Places returns ds placed for the user: unchanged for a document as
// written; for a converted Swagger 2.0 document, by JSON pointer instead of
// the lines and columns of the conversion's text, with pointers into
// components named as Swagger 2.0 names them.
func (d *Document) Places(ds []Diagnostic) []Diagnostic {
	if d == nil || d.converted == nil {
		return ds
	}
	return convertedPlaces(ds, d.converted)
}

// convertedPlaces places ds, found in src, the text of a conversion.
func convertedPlaces(ds []Diagnostic, src []byte) []Diagnostic {
	ds = slices.Clone(ds) // the document keeps its repairs as placed in the conversion
	var root *yaml.Node   // parsed once a diagnostic needs it
	for i := range ds {
		d := &ds[i]
		if d.Line > 0 && d.Pointer == "" {
			if root == nil {
				root = new(yaml.Node)
				if yaml.Unmarshal(src, root) != nil {
					root = new(yaml.Node)
				}
			}
			d.Pointer, _ = pointerAt(root, d.Line, d.Column)
		}
		d.Line, d.Column, d.holder = 0, 0, 0
		d.Pointer = swagger2Pointer(d.Pointer)
	}
	return ds
}

// pointerAt is the JSON pointer of the key or value of n at line and col.
func pointerAt(n *yaml.Node, line, col int) (string, bool) {
	if n.Line == line && n.Column == col && n.Kind != yaml.DocumentNode {
		return "", true
	}
	for i, c := range n.Content {
		var step string
		switch n.Kind {
		case yaml.MappingNode:
			if i%2 == 1 {
				continue
			}
			step, c = "/"+PointerEscape(c.Value), n.Content[i+1]
			if k := n.Content[i]; k.Line == line && k.Column == col {
				return step, true
			}
		case yaml.SequenceNode:
			step = fmt.Sprintf("/%d", i)
		}
		if p, ok := pointerAt(c, line, col); ok {
			return step + p, true
		}
	}
	return "", false
}
