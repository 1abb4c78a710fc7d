package diff

import (
	"fmt"
	"strings"

	"github.com/bpgen/bpgen/generator/model"
)

// use says where a named type travels: what breaks callers differs for
// values they send (requests) and values they receive (responses).
type use uint8

const (
	useRequest use = 1 << iota
	useResponse
)

// usage finds, for each named type of api, whether requests or responses
// (or both) carry it.
func usage(api *model.API) map[string]use {
	m := map[string]use{}
	for _, op := range api.Operations {
		walkType(op.Input, useRequest, m)
		walkType(op.Output, useResponse, m)
		for _, e := range op.Errors {
			walkRef(e.Type, useResponse, m)
		}
		if op.Pager != nil {
			walkRef(op.Pager.Item, useResponse, m)
		}
	}
	return m
}

func walkType(t *model.Type, u use, m map[string]use) {
	if t == nil || m[t.Name]&u != 0 {
		return
	}
	m[t.Name] |= u
	for _, f := range t.Fields {
		walkRef(f.Type, u, m)
	}
	walkRef(t.Additional, u, m)
	walkRef(t.Elem, u, m)
	if t.Union != nil {
		for _, v := range t.Union.Variants {
			walkRef(v.Type, u, m)
		}
	}
}

func walkRef(r *model.TypeRef, u use, m map[string]use) {
	for ; r != nil; r = r.Elem {
		walkType(r.Type, u, m)
	}
}

// types compares the named types both sides declare.
func (d *modelDiff) types() {
	olds := byName(d.old.Types, func(t *model.Type) string { return t.Name })
	for _, n := range d.new.Types {
		o := olds[n.Name]
		if o == nil || o.Kind != n.Kind {
			continue // added, or reshaped: the Go API says so
		}
		u := d.use[n.Name]
		switch n.Kind {
		case model.KindStruct:
			d.fields(o, n, u)
		case model.KindEnum:
			d.enum(o, n, u)
		case model.KindUnion:
			d.union(o, n, u)
		default:
			d.ref(n.Name, n.Pointer, o.Elem, n.Elem, u)
		}
	}
}

// fields compares a struct's body fields by wire name (parameters are
// compared as parameters).
func (d *modelDiff) fields(o, n *model.Type, u use) {
	olds := map[string]*model.Field{}
	oldByName := map[string]*model.Field{}
	for _, f := range model.BodyFields(o) {
		if f.JSON != "-" {
			olds[f.JSON], oldByName[f.Name] = f, f
		}
	}
	news := map[string]bool{}
	for _, nf := range model.BodyFields(n) {
		news[nf.JSON] = nf.JSON != "-"
	}
	for _, nf := range model.BodyFields(n) {
		if nf.JSON == "-" {
			continue
		}
		id, ptr := n.Name+"."+nf.Name, fieldPointer(n, nf)
		of := olds[nf.JSON]
		if of == nil {
			d.newField(id, ptr, oldByName[nf.Name], nf, news, u)
			continue
		}
		d.field(id, ptr, of, nf, u)
	}
}

func fieldPointer(t *model.Type, f *model.Field) string {
	if f.Pointer != "" {
		return f.Pointer
	}
	return t.Pointer
}

// newField reports a field the old struct lacks by its wire name: the same
// Go field under another wire name, or a new required request field.
func (d *modelDiff) newField(id, ptr string, sameGo, nf *model.Field, news map[string]bool, u use) {
	switch {
	case sameGo != nil && !news[sameGo.JSON]:
		d.add(Runtime, id, ptr, "wire name changed from %q to %q: the Go field compiles, the JSON differs", sameGo.JSON, nf.JSON)
	case u&useRequest != 0 && model.RequiredInRequest(nf):
		d.add(Runtime, id, ptr, "new required request field %q: callers that do not set it fail", nf.JSON)
	}
}

func (d *modelDiff) field(id, ptr string, of, nf *model.Field, u use) {
	if u&useRequest != 0 && !of.Required && model.RequiredInRequest(nf) {
		d.add(Runtime, id, ptr, "request field %q became required", nf.JSON)
	}
	if !of.Deprecated && nf.Deprecated {
		d.add(Compatible, id, ptr, "field %q deprecated", nf.JSON)
	}
	if u&useResponse != 0 && of.Required && !nf.Required {
		d.add(Runtime, id, ptr, "response field %q became optional: it may be absent", nf.JSON)
	}
	d.ref(id, ptr, of.Type, nf.Type, u)
}

// ref compares two type expressions level by level while they have the
// same shape (a changed shape is a changed Go type, which the Go API
// comparison reports), down to a named type, which is compared on its own.
func (d *modelDiff) ref(id, ptr string, o, n *model.TypeRef, u use) {
	for o != nil && n != nil && o.Kind == n.Kind && o.Name == n.Name {
		d.constraints(id, ptr, o.Check, n.Check, u)
		if o.Kind == model.RefNamed {
			return
		}
		o, n = o.Elem, n.Elem
	}
}

// enum compares values: one removed fails requests that send it; one added
// to a response reaches callers' switches that do not know it.
func (d *modelDiff) enum(o, n *model.Type, u use) {
	ptr := n.Pointer + "/enum"
	olds, news := enumValues(o), enumValues(n)
	for _, v := range o.Enum.Values {
		if _, ok := news[fmt.Sprint(v.Value)]; !ok && u&useRequest != 0 {
			d.out = append(d.out, specChange{kind: Runtime, ident: v.Name, pointer: o.Pointer + "/enum", inOld: true,
				message: fmt.Sprintf("request enum value %v removed from %s: requests sending it fail", quoted(v.Value), n.Name)})
		}
	}
	for _, v := range n.Enum.Values {
		if _, ok := olds[fmt.Sprint(v.Value)]; !ok && u&useResponse != 0 {
			d.add(Runtime, v.Name, ptr, "response enum value %v added to %s: a switch over the old values does not handle it", quoted(v.Value), n.Name)
		}
	}
}

func enumValues(t *model.Type) map[string]bool {
	m := map[string]bool{}
	for _, v := range t.Enum.Values {
		m[fmt.Sprint(v.Value)] = true
	}
	return m
}

func quoted(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

// union: a variant added to a response is a shape old callers do not read;
// a changed discriminator changes the wire in both directions.
func (d *modelDiff) union(o, n *model.Type, u use) {
	if o.Union.Discriminator != n.Union.Discriminator {
		d.add(Runtime, n.Name, n.Pointer, "discriminator changed from %q to %q", o.Union.Discriminator, n.Union.Discriminator)
	}
	olds := map[string]bool{}
	for _, v := range o.Union.Variants {
		olds[v.Field] = true
	}
	for _, v := range n.Union.Variants {
		if !olds[v.Field] && u&useResponse != 0 {
			d.add(Runtime, n.Name+"."+v.Field, n.Pointer, "response variant %s added: code that handles the old variants sees none set", v.Field)
		}
	}
}

// constraints compares validation keywords. For values callers send, a
// tighter one breaks at run time and a looser one is compatible; for
// values they only receive, constraints do not reach them.
func (d *modelDiff) constraints(id, ptr string, o, n *model.Constraints, u use) {
	if u&useRequest == 0 {
		return
	}
	for _, c := range constraintChanges(orEmpty(o), orEmpty(n)) {
		kind := Compatible
		if c.tighter {
			kind = Runtime
		}
		d.add(kind, id, ptr, "%s", c.what)
	}
}

func orEmpty(c *model.Constraints) *model.Constraints {
	if c == nil {
		return &model.Constraints{}
	}
	return c
}

// constraintChange is one keyword that changed.
type constraintChange struct {
	what    string
	tighter bool
}

func constraintChanges(o, n *model.Constraints) []constraintChange {
	var out []constraintChange
	bound := func(name string, ov, nv *float64, lower bool) {
		if c, ok := boundChange(name, ov, nv, lower); ok {
			out = append(out, c)
		}
	}
	bound("minLength", f64(o.MinLength), f64(n.MinLength), true)
	bound("maxLength", f64(o.MaxLength), f64(n.MaxLength), false)
	bound("minimum", o.Minimum, n.Minimum, true)
	bound("maximum", o.Maximum, n.Maximum, false)
	bound("minItems", f64(o.MinItems), f64(n.MinItems), true)
	bound("maxItems", f64(o.MaxItems), f64(n.MaxItems), false)
	bound("minProperties", f64(o.MinProps), f64(n.MinProps), true)
	bound("maxProperties", f64(o.MaxProps), f64(n.MaxProps), false)
	flag := func(name string, ov, nv bool) {
		if ov != nv {
			out = append(out, constraintChange{fmt.Sprintf("%s %s", name, map[bool]string{true: "added", false: "removed"}[nv]), nv})
		}
	}
	flag("exclusiveMinimum", o.ExclusiveMin, n.ExclusiveMin)
	flag("exclusiveMaximum", o.ExclusiveMax, n.ExclusiveMax)
	flag("uniqueItems", o.UniqueItems, n.UniqueItems)
	flag("additionalProperties: false", o.NoExtra, n.NoExtra)
	text := func(name, ov, nv string) {
		if ov != nv {
			out = append(out, constraintChange{fmt.Sprintf("%s changed from %s to %s", name, shown(ov), shown(nv)), nv != ""})
		}
	}
	text("pattern", o.Pattern, n.Pattern)
	text("format", o.Format, n.Format)
	text("multipleOf", numText(o.MultipleOf), numText(n.MultipleOf))
	text("const", strText(o.ConstString), strText(n.ConstString))
	return out
}

// boundChange compares a lower (or upper) bound: a new bound, or a higher
// lower one (a lower upper one), accepts fewer values.
func boundChange(name string, o, n *float64, lower bool) (constraintChange, bool) {
	switch {
	case o == nil && n == nil, o != nil && n != nil && *o == *n:
		return constraintChange{}, false
	case o == nil:
		return constraintChange{fmt.Sprintf("%s %v added", name, *n), true}, true
	case n == nil:
		return constraintChange{fmt.Sprintf("%s %v removed", name, *o), false}, true
	}
	tighter := *n > *o
	if !lower {
		tighter = *n < *o
	}
	return constraintChange{fmt.Sprintf("%s changed from %v to %v", name, *o, *n), tighter}, true
}

func f64(p *int64) *float64 {
	if p == nil {
		return nil
	}
	v := float64(*p)
	return &v
}

func numText(p *float64) string {
	if p == nil {
		return ""
	}
	return fmt.Sprint(*p)
}

func strText(p *string) string {
	if p == nil {
		return ""
	}
	return fmt.Sprintf("%q", *p)
}

func shown(s string) string {
	if s == "" {
		return "none"
	}
	if strings.ContainsAny(s, " \t") {
		return fmt.Sprintf("%q", s)
	}
	return s
}
