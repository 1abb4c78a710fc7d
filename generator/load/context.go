package load

import (
	"errors"
	"maps"
	"regexp"
	"slices"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

// contextLocation places a validation error that carries no source
// position (kin-openapi checks formats, and examples against their schema,
// without one) by the component or the operation it names: at the schema
// whose format is unknown when the message says so, else at the
// component's or operation's key. nil when the error names neither, or the
// loader recorded no position.
func contextLocation(t *openapi3.T, err error) *openapi3.Location {
	schemas, holder := namedContext(t, err)
	if m := unknownFormat.FindStringSubmatch(innermost(err).Error()); m != nil {
		if format, uerr := strconv.Unquote(m[1]); uerr == nil {
			seen := map[*openapi3.Schema]bool{}
			for _, s := range schemas {
				if loc := formatLocation(s, format, seen); loc != nil {
					return loc
				}
			}
		}
	}
	return keyLocation(holder)
}

// namedContext returns the schemas of the component or operation that err
// names, and where that element is declared.
func namedContext(t *openapi3.T, err error) ([]*openapi3.Schema, *openapi3.Origin) {
	if t == nil {
		return nil, nil
	}
	var c *openapi3.ComponentValidationError
	if errors.As(err, &c) && t.Components != nil {
		return componentContext(t.Components, c.Section, c.Name)
	}
	var p *openapi3.PathValidationError
	var o *openapi3.OperationValidationError
	if !errors.As(err, &p) || !errors.As(err, &o) || t.Paths == nil || t.Paths.Value(p.Path) == nil {
		return nil, nil
	}
	op := t.Paths.Value(p.Path).GetOperation(o.Method)
	if op == nil {
		return nil, nil
	}
	return operationSchemas(op), op.Origin
}

// componentContext returns the schemas a component writes in place, and
// where it is declared, for the sections whose elements hold schemas.
func componentContext(c *openapi3.Components, section, name string) ([]*openapi3.Schema, *openapi3.Origin) {
	var s schemaList
	switch section {
	case "schema":
		if r := c.Schemas[name]; r != nil && r.Value != nil {
			return []*openapi3.Schema{r.Value}, r.Value.Origin
		}
	case "parameter", "header":
		var p *openapi3.Parameter
		if r := c.Parameters[name]; section == "parameter" && r != nil {
			p = r.Value
		} else if r := c.Headers[name]; section == "header" && r != nil && r.Value != nil {
			p = &r.Value.Parameter
		}
		if p != nil {
			s.add(p.Schema)
			s.content(p.Content)
			return s, p.Origin
		}
	case "request body":
		if r := c.RequestBodies[name]; r != nil && r.Value != nil {
			s.content(r.Value.Content)
			return s, r.Value.Origin
		}
	case "response":
		if r := c.Responses[name]; r != nil && r.Value != nil {
			s.content(r.Value.Content)
			return s, r.Value.Origin
		}
	}
	return nil, nil
}

// schemaList collects the schemas an element writes in place (those it
// refers to are elements of their own).
type schemaList []*openapi3.Schema

func (l *schemaList) add(r *openapi3.SchemaRef) {
	if r != nil && r.Ref == "" && r.Value != nil {
		*l = append(*l, r.Value)
	}
}

func (l *schemaList) content(c openapi3.Content) {
	for _, mt := range slices.Sorted(maps.Keys(c)) {
		if c[mt] != nil {
			l.add(c[mt].Schema)
		}
	}
}

// operationSchemas are the schemas an operation writes in place: of its
// parameters, request body and responses.
func operationSchemas(op *openapi3.Operation) []*openapi3.Schema {
	var s schemaList
	for _, p := range op.Parameters {
		if p != nil && p.Value != nil {
			s.add(p.Value.Schema)
			s.content(p.Value.Content)
		}
	}
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		s.content(op.RequestBody.Value.Content)
	}
	if op.Responses != nil {
		for _, code := range slices.Sorted(maps.Keys(op.Responses.Map())) {
			if r := op.Responses.Value(code); r != nil && r.Value != nil {
				s.content(r.Value.Content)
			}
		}
	}
	return s
}

// unknownFormat is kin-openapi's message for a format it does not know.
var unknownFormat = regexp.MustCompile(`^unsupported 'format' value ("(?:[^"\\]|\\.)*")$`)

// formatLocation finds, in s and the schemas written inside it (not those
// it refers to: validation has detached them, and they are components of
// their own), the first that has format, and returns where the format is.
func formatLocation(s *openapi3.Schema, format string, seen map[*openapi3.Schema]bool) *openapi3.Location {
	if s == nil || seen[s] {
		return nil
	}
	seen[s] = true
	if s.Format == format {
		if s.Origin != nil {
			if loc, ok := s.Origin.Fields.Lookup("format"); ok && loc.Line > 0 {
				return &loc
			}
		}
		return keyLocation(s.Origin)
	}
	inner := []*openapi3.SchemaRef{s.Items, s.Not, s.AdditionalProperties.Schema}
	inner = append(append(append(inner, s.AllOf...), s.AnyOf...), s.OneOf...)
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		inner = append(inner, s.Properties[name])
	}
	for _, r := range inner {
		if r != nil && r.Ref == "" {
			if loc := formatLocation(r.Value, format, seen); loc != nil {
				return loc
			}
		}
	}
	return nil
}

// keyLocation is where o's element is declared, nil when unknown.
func keyLocation(o *openapi3.Origin) *openapi3.Location {
	if o == nil || o.Key == nil || o.Key.Line == 0 {
		return nil
	}
	return o.Key
}
