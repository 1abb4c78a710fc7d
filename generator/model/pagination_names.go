package model

import (
	"fmt"
	"strings"
	"unicode"
)

// The conventional names the detection rule (and a declaration that leaves
// a name out) looks for, folded: lower case, letters and digits only, so
// that next_token, nextToken and next-token are one name.
var (
	cursorParams = []string{"nexttoken", "pagetoken", "cursor", "continuationtoken", "paginationtoken"}
	nextNames    = []string{"nexttoken", "nextpagetoken", "nextcursor", "nextpagecursor", "continuationtoken"}
	afterParams  = []string{"startingafter"}
	offsetParams = []string{"offset"}
	pageParams   = []string{"page", "pagenumber"}
	limitParams  = []string{"limit", "pagesize", "perpage"}
	totalNames   = []string{"total", "totalcount", "totalresults", "totalitems", "totalsize"}
	hasMoreNames = []string{"hasmore", "hasnext", "hasnextpage"}
)

func fold(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func folded(name string, names []string) bool {
	f := fold(name)
	for _, n := range names {
		if n == f {
			return true
		}
	}
	return false
}

// queryParam finds the optional query parameter carrying a page's position:
// the one named, else the only one with a conventional name. A required
// parameter cannot be left out of the first request, and a nullable one
// has no plain value to set, so neither qualifies.
func queryParam(op *Operation, named string, names []string, fits func(*TypeRef) bool, kind string) (*Field, string) {
	var found []*Param
	for _, p := range op.Params {
		if p.In != InQuery || (named != "" && p.Wire != named) || (named == "" && !folded(p.Wire, names)) {
			continue
		}
		if named != "" {
			switch {
			case p.Required:
				return nil, fmt.Sprintf("query parameter %q is required: a pager must be able to leave it out", named)
			case !plainParam(p.Field.Type, fits):
				return nil, fmt.Sprintf("query parameter %q is not an optional %s", named, kind)
			}
		}
		if !p.Required && plainParam(p.Field.Type, fits) {
			found = append(found, p)
		}
	}
	switch {
	case len(found) == 1:
		return found[0].Field, ""
	case named != "":
		return nil, fmt.Sprintf("no query parameter %q", named)
	case len(found) == 0:
		return nil, fmt.Sprintf("no optional %s query parameter named like %s", kind, strings.Join(names, ", "))
	}
	return nil, fmt.Sprintf("several query parameters could be it (%s, %s): name one", found[0].Wire, found[1].Wire)
}

// plainParam: a value or a pointer to one, not Nullable.
func plainParam(t *TypeRef, fits func(*TypeRef) bool) bool {
	return t.Kind != RefNullable && (t.Kind != RefPtr || t.Elem.Kind != RefNullable) && fits(t)
}

// responsePath finds a field of the response: at the dotted path given,
// else the only one with a conventional name at the top level or one
// object below it (meta.next_cursor, pagination.nextCursor).
func responsePath(out *Type, dotted string, names []string, fits func(*TypeRef) bool, kind string) ([]*Field, string) {
	if dotted != "" {
		if p := fieldPath(out, dotted, fits); p != nil {
			return p, ""
		}
		return nil, fmt.Sprintf("no %s field at %q in the response", kind, dotted)
	}
	found := searchPaths(out, names, fits)
	switch len(found) {
	case 1:
		return found[0], ""
	case 0:
		return nil, fmt.Sprintf("no %s field named like %s in the response", kind, strings.Join(names, ", "))
	}
	return nil, fmt.Sprintf("several fields could be it (%s, %s): name one", jsonPath(found[0]), jsonPath(found[1]))
}

// optionalPath is responsePath for what a pager can do without: nil when
// absent or ambiguous (a declared path that is wrong is checked by the caller).
func optionalPath(out *Type, dotted string, names []string, fits func(*TypeRef) bool) []*Field {
	p, _ := responsePath(out, dotted, names, fits, "")
	return p
}

func searchPaths(out *Type, names []string, fits func(*TypeRef) bool) [][]*Field {
	var found [][]*Field
	for _, f := range out.Fields {
		if folded(f.JSON, names) && fits(f.Type) {
			found = append(found, []*Field{f})
		}
		inner := structRef(f.Type)
		if inner == nil {
			continue
		}
		for _, g := range inner.Fields {
			if folded(g.JSON, names) && fits(g.Type) {
				found = append(found, []*Field{f, g})
			}
		}
	}
	return found
}

func jsonPath(path []*Field) string {
	parts := make([]string, len(path))
	for i, f := range path {
		parts[i] = f.JSON
	}
	return strings.Join(parts, ".")
}

// fieldPath resolves a dotted path of JSON names to fields. Intermediate
// steps must be structs (plain or pointer), the last must fit.
func fieldPath(t *Type, dotted string, fits func(*TypeRef) bool) []*Field {
	var path []*Field
	parts := strings.Split(dotted, ".")
	for i, part := range parts {
		if t == nil {
			return nil
		}
		f := fieldByJSON(t, part)
		if f == nil {
			return nil
		}
		path = append(path, f)
		if i == len(parts)-1 {
			if !fits(f.Type) {
				return nil
			}
			break
		}
		t = structRef(f.Type)
	}
	return path
}

// structRef is the struct a field of this type holds, plain or pointer.
func structRef(t *TypeRef) *Type {
	if t.Kind == RefPtr {
		t = t.Elem
	}
	if t.Kind != RefNamed {
		return nil
	}
	return structOf(t.Type)
}

func fieldByJSON(t *Type, name string) *Field {
	for _, f := range t.Fields {
		if f.JSON == name {
			return f
		}
	}
	return nil
}

// structOf follows aliases to the struct a type is.
func structOf(t *Type) *Type {
	for t != nil && (t.Kind == KindAlias || t.Kind == KindDefined) && t.Elem != nil && t.Elem.Kind == RefNamed {
		t = t.Elem.Type
	}
	if t == nil || t.Kind != KindStruct {
		return nil
	}
	return t
}

// sliceOf is the slice type a type is, following aliases; nil otherwise.
func sliceOf(t *Type) *TypeRef {
	for t != nil && (t.Kind == KindAlias || t.Kind == KindDefined) && t.Elem != nil {
		if t.Elem.Kind == RefSlice {
			return t.Elem
		}
		if t.Elem.Kind != RefNamed {
			return nil
		}
		t = t.Elem.Type
	}
	return nil
}

type listShape struct {
	field *Field // nil: the output is the list
	item  *TypeRef
}

// listOf finds the items of op's response: the array field named, else the
// only array field, else the response itself when it is an array.
func listOf(op *Operation, named string) *listShape {
	if op.RawOutput {
		return nil // a file or text: no items to decode
	}
	if out := structOf(op.Output); out != nil {
		if f := itemsField(out, named); f != nil {
			return &listShape{field: f, item: f.Type.Elem}
		}
		return nil
	}
	if s := sliceOf(op.Output); s != nil && named == "" {
		return &listShape{item: s.Elem}
	}
	return nil
}

// itemsField is the one array field of out, or the one named by the spec.
func itemsField(out *Type, named string) *Field {
	var found *Field
	for _, f := range out.Fields {
		if f.Type.Kind != RefSlice || (named != "" && f.JSON != named) {
			continue
		}
		if found != nil {
			return nil // several arrays: ambiguous unless the spec names one
		}
		found = f
	}
	return found
}

// itemStruct is the struct an item is, nil for other items.
func itemStruct(t *TypeRef) *Type {
	return structRef(t)
}

// isString, isBool and isInteger look through a Ptr or Nullable wrapper.
func isString(t *TypeRef) bool { return t.Unwrapped().IsString() }

func isBool(t *TypeRef) bool { return t.Unwrapped().IsBuiltin("bool") }

func isInteger(t *TypeRef) bool { return t.Unwrapped().IsInteger() }
