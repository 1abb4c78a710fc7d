package model

import (
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"sync"
)

// ServerPlan is what a generated server checks, decided once per generation:
// which types get a validate method, which read their JSON, which patterns
// are compiled. The server emitter only renders it.
type ServerPlan struct {
	Closed    map[*Type]bool    // structs whose schema forbids undeclared properties
	Needs     map[*Type]bool    // validating a value of the type checks something
	Raw       map[*Type]bool    // validating it reads the JSON it came from
	Validated []*Type           // types that get a validate method, by name
	Patterns  map[string]string // pattern -> the name of its compiled variable
	Formats   bool              // some value has a format the runtime checks
	Lengths   bool              // some string has a minLength or maxLength
	// Delegate maps an input whose body fields copy a component struct to
	// that component, when both validate alike and the component has its own
	// validate method: the input's method then calls it.
	Delegate map[*Type]*Type
}

func planServer(api *API) *ServerPlan {
	p := &ServerPlan{Closed: closedTypes(api), Needs: map[*Type]bool{}, Raw: map[*Type]bool{}, Patterns: map[string]string{}}
	p.fixpoint(api, p.Needs, p.typeNeeds)
	p.fixpoint(api, p.Raw, p.typeRaw)
	seen := map[*Type]bool{}
	for _, op := range api.Operations {
		for _, prm := range op.Params {
			p.walk(prm.Field.Type, seen)
		}
		switch {
		case op.Body == nil, op.Body.Form: // form fields are walked as parameters
		case op.Body.Inline:
			p.walkType(op.Input, seen)
		default:
			p.walk(op.Body.Field.Type, seen)
		}
	}
	sort.Slice(p.Validated, func(i, j int) bool { return p.Validated[i].Name < p.Validated[j].Name })
	p.Delegate = map[*Type]*Type{}
	for _, op := range api.Operations {
		if b := op.Body; b != nil && b.Component != nil && seen[op.Input] && seen[b.Component] && p.validatesAlike(op.Input, b.Component) {
			p.Delegate[op.Input] = b.Component
		}
	}
	pats := slices.Sorted(maps.Keys(p.Patterns))
	for i, pat := range pats {
		p.Patterns[pat] = "validatePattern" + strconv.Itoa(i+1)
	}
	return p
}

// validatesAlike reports whether the validate methods of structs in and c
// would check the same things: the same body fields (by type, wire name and
// requiredness, in order), with the same plan.
func (p *ServerPlan) validatesAlike(in, c *Type) bool {
	a, b := BodyFields(in), c.Fields
	if in.Kind != KindStruct || c.Kind != KindStruct || in.Additional != nil || c.Additional != nil ||
		len(a) != len(b) || p.Closed[in] != p.Closed[c] || p.Needs[in] != p.Needs[c] || p.Raw[in] != p.Raw[c] {
		return false
	}
	for i := range a {
		if a[i].Type != b[i].Type || a[i].JSON != b[i].JSON || a[i].Required != b[i].Required || a[i].ReadOnly != b[i].ReadOnly {
			return false
		}
	}
	return true
}

// closedTypes finds the structs whose schema has additionalProperties: false, from
// the references to them and from the bodies inlined into inputs.
func closedTypes(api *API) map[*Type]bool {
	closed := map[*Type]bool{}
	mark := func(r *TypeRef) {
		for ; r != nil; r = r.Elem {
			if r.Kind == RefNamed && r.Check != nil && r.Check.NoExtra && r.Type.Kind == KindStruct {
				closed[r.Type] = true
			}
		}
	}
	for _, t := range api.Types {
		for _, fd := range t.Fields {
			mark(fd.Type)
		}
		mark(t.Additional)
		mark(t.Elem)
		if t.Union != nil {
			for _, v := range t.Union.Variants {
				mark(v.Type)
			}
		}
	}
	for _, op := range api.Operations {
		if op.Body != nil && op.Body.Inline && op.Body.Check != nil && op.Body.Check.NoExtra {
			closed[op.Input] = true
		}
	}
	return closed
}

// fixpoint computes a property of every type that depends on the same property of
// the types it refers to, recursive types included.
func (p *ServerPlan) fixpoint(api *API, m map[*Type]bool, of func(*Type) bool) {
	for changed := true; changed; {
		changed = false
		for _, t := range api.Types {
			if v := of(t); v != m[t] {
				m[t], changed = v, true
			}
		}
	}
}

// BodyFields are the fields of t that JSON fills: all but an input's parameters.
// The result may be t.Fields itself: callers only read it.
func BodyFields(t *Type) []*Field {
	for i, fd := range t.Fields {
		if fd.Params != nil {
			out := slices.Clone(t.Fields[:i])
			for _, fd := range t.Fields[i+1:] {
				if fd.Params == nil {
					out = append(out, fd)
				}
			}
			return out
		}
	}
	return t.Fields
}

// typeNeeds reports whether validating a value of t checks anything.
func (p *ServerPlan) typeNeeds(t *Type) bool {
	switch t.Kind {
	case KindStruct:
		if p.Closed[t] || p.RefNeeds(t.Additional) {
			return true
		}
		for _, fd := range BodyFields(t) {
			if RequiredInRequest(fd) || p.RefNeeds(fd.Type) {
				return true
			}
		}
	case KindUnion:
		for _, v := range t.Union.Variants {
			if p.RefNeeds(v.Type) {
				return true
			}
		}
	case KindDefined, KindAlias:
		return p.RefNeeds(t.Elem)
	case KindEnum:
		return true
	}
	return false
}

// RefNeeds reports whether validating a value of r checks anything.
func (p *ServerPlan) RefNeeds(r *TypeRef) bool {
	if r == nil {
		return false
	}
	if HasChecks(r) {
		return true
	}
	switch r.Kind {
	case RefNamed:
		return p.Needs[r.Type]
	case RefSlice, RefMap, RefPtr, RefNullable:
		return p.RefNeeds(r.Elem)
	}
	return false
}

// typeRaw reports whether validating a value of t reads its JSON.
func (p *ServerPlan) typeRaw(t *Type) bool {
	switch t.Kind {
	case KindStruct:
		return p.Scans(t)
	case KindUnion:
		for _, v := range t.Union.Variants {
			if p.RefRaw(v.Type) {
				return true
			}
		}
	case KindDefined, KindAlias:
		return p.RefRaw(t.Elem)
	}
	return false
}

func (p *ServerPlan) RefRaw(r *TypeRef) bool {
	switch {
	case r == nil:
		return false
	case r.Kind == RefNamed:
		return p.Raw[r.Type]
	}
	return p.RefRaw(r.Elem)
}

// Scans reports whether the validate method of struct t walks its JSON: to see
// required properties that Go zero values cannot tell from missing ones, to find
// undeclared properties, or to hand nested values their own JSON.
func (p *ServerPlan) Scans(t *Type) bool {
	if p.Closed[t] || (p.RefRaw(t.Additional) && p.RefNeeds(t.Additional)) {
		return true
	}
	for _, fd := range BodyFields(t) {
		if rawPresence(fd) || (p.RefRaw(fd.Type) && p.RefNeeds(fd.Type)) {
			return true
		}
	}
	return false
}

// ScanKeepsOnly reports whether the JSON walk of scanning struct t only keeps
// the JSON of members: the schema forbids no undeclared property and has no
// additional ones to check.
func (p *ServerPlan) ScanKeepsOnly(t *Type) bool {
	return !p.Closed[t] && !(t.Additional != nil && p.RefNeeds(t.Additional))
}

// rawPresence reports whether a required field's presence needs the JSON: a missing
// slice or map is nil and a missing Nullable is unset, but a missing string is "".
func rawPresence(fd *Field) bool {
	switch fd.Type.Kind {
	case RefNullable, RefSlice, RefMap:
		return false
	}
	return RequiredInRequest(fd)
}

// RequiredInRequest: a readOnly property is required in responses only, so
// the server, which validates requests, does not ask for it.
func RequiredInRequest(fd *Field) bool {
	return fd.Required && !fd.ReadOnly
}

// Presence lists the required fields a scanning struct checks in its JSON: first
// those that must not be null, then those of any type, which may be.
func (p *ServerPlan) Presence(t *Type) (strict, loose []*Field) {
	for _, fd := range BodyFields(t) {
		switch {
		case !RequiredInRequest(fd) || fd.Type.Kind == RefNullable:
		case fd.Type.IsAny():
			loose = append(loose, fd)
		default:
			strict = append(strict, fd)
		}
	}
	return strict, loose
}

// walk records the types whose validate method checking r calls, and the patterns
// and formats it uses, following exactly the decisions of check.
func (p *ServerPlan) walk(r *TypeRef, seen map[*Type]bool) {
	if r == nil || !p.RefNeeds(r) {
		return
	}
	if c := r.Check; c != nil && r.IsString() {
		if c.Pattern != "" && Compiles(c.Pattern) {
			p.Patterns[c.Pattern] = ""
		}
		p.Formats = p.Formats || CheckedFormats[c.Format]
		p.Lengths = p.Lengths || c.MinLength != nil || c.MaxLength != nil
	}
	switch r.Kind {
	case RefNamed:
		switch r.Type.Kind {
		case KindAlias:
			p.walk(r.Type.Elem, seen)
		case KindStruct, KindUnion, KindDefined:
			p.walkType(r.Type, seen)
		}
	case RefSlice, RefMap, RefPtr, RefNullable:
		p.walk(r.Elem, seen)
	}
}

func (p *ServerPlan) walkType(t *Type, seen map[*Type]bool) {
	if seen[t] || !p.Needs[t] {
		return
	}
	seen[t] = true
	p.Validated = append(p.Validated, t)
	for _, fd := range BodyFields(t) {
		p.walk(fd.Type, seen)
	}
	p.walk(t.Additional, seen)
	p.walk(t.Elem, seen)
	if t.Union != nil {
		for _, v := range t.Union.Variants {
			p.walk(v.Type, seen)
		}
	}
}

// CheckedFormats are the string formats validateFormat checks.
var CheckedFormats = map[string]bool{
	"email": true, "uuid": true, "uri": true, "uri-reference": true, "date": true,
	"date-time": true, "ipv4": true, "ipv6": true,
}

// Compiles reports whether pattern is valid in Go's syntax; a pattern that is not
// (ECMAScript lookarounds, say) is left unchecked rather than break the package.
func Compiles(pattern string) bool {
	compiled.Lock()
	defer compiled.Unlock()
	if ok, seen := compiled.m[pattern]; seen {
		return ok
	}
	if len(compiled.m) >= 1<<12 {
		clear(compiled.m) // a long-lived process (a fuzzer) meets unbounded patterns
	}
	_, err := regexp.Compile(pattern)
	compiled.m[pattern] = err == nil
	return err == nil
}

// compiled remembers Compiles' answers: a pattern is asked about at every
// place that checks it (each pass of the plan's fixpoints included), by
// emitters running concurrently.
var compiled = struct {
	sync.Mutex
	m map[string]bool
}{m: map[string]bool{}}

// HasChecks reports whether r's own constraints check anything for its kind.
func HasChecks(r *TypeRef) bool {
	c := r.Check
	if c.Empty() {
		return false
	}
	switch {
	case r.IsString():
		return c.MinLength != nil || c.MaxLength != nil || (c.Pattern != "" && Compiles(c.Pattern)) || CheckedFormats[c.Format] || c.ConstString != nil
	case r.IsNumber():
		return c.Minimum != nil || c.Maximum != nil || c.MultipleOf != nil
	case r.Kind == RefSlice:
		return c.MinItems != nil || c.MaxItems != nil || (c.UniqueItems && ComparableItems(r.Elem))
	case r.Kind == RefMap:
		return c.NoExtra || c.MinProps != nil || c.MaxProps != nil
	}
	return false
}

// ComparableItems reports whether items of r can be compared with == (scalars
// and enums), which is what uniqueItems is checked on; other items are not.
func ComparableItems(r *TypeRef) bool {
	switch r.Kind {
	case RefBuiltin:
		return r.Name != "any"
	case RefNamed:
		return r.Type.Kind == KindEnum
	}
	return false
}
