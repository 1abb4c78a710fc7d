package emit

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/bpgen/bpgen/generator/model"
)

// value is an expression being validated: a value, or a pointer to one.
type value struct {
	expr  jen.Code
	ptr   bool
	local string // the variable expr is, when it is one: a pointer in it needs no copy to test
}

// local is the value of the variable name.
func local(name string) value { return value{expr: jen.Id(name), local: name} }

// get is the value itself, for arguments and comparisons.
func (v value) get() jen.Code {
	if v.ptr {
		return jen.Op("*").Add(v.expr)
	}
	return v.expr
}

// recv is the expression to call methods on; pointers need no dereference.
func (v value) recv() *jen.Statement { return jen.Add(v.expr) }

// errPath is where a value sits below the expression the function returns errors for,
// innermost segment first; it is empty at the top.
type errPath []jen.Code

func (p errPath) in(seg jen.Code) errPath { return append(errPath{seg}, p...) }

// wrap places err at p.
func (p errPath) wrap(err jen.Code) jen.Code {
	for _, seg := range p {
		err = jen.Id(rtValidateIn).Call(err, seg)
	}
	return err
}

// fail returns the validation error built by call from the function, placed at p.
func (p errPath) fail(call jen.Code) jen.Code { return jen.Return(p.wrap(call)) }

func errorf(format string, args ...jen.Code) jen.Code {
	return jen.Id(rtValidateErrorf).Call(append([]jen.Code{jen.Lit(format)}, args...)...)
}

// scope hands out local names, suffixed by nesting depth so that nested loops and
// conditions never shadow each other.
type scope struct{ depth int }

func (s scope) name(base string) string {
	if s.depth == 0 {
		return base
	}
	return base + strconv.Itoa(s.depth)
}

func (s scope) deeper() scope { return scope{s.depth + 1} }

// check emits the statements that validate v of type r, returning the first error.
// raw is the expression of v's JSON, or nil where it is not at hand.
func (p *serverPlan) check(g *jen.Group, v value, r *model.TypeRef, raw jen.Code, at errPath, sc scope) {
	if !p.RefNeeds(r) {
		return
	}
	switch r.Kind {
	case model.RefPtr:
		p.checkPtr(g, v, r, raw, at, sc)
	case model.RefNullable:
		x := sc.name("e")
		g.If(jen.List(jen.Id(x), jen.Id("ok")).Op(":=").Add(v.recv()).Dot("Get").Call(), jen.Id("ok")).BlockFunc(func(b *jen.Group) {
			p.check(b, local(x), r.Elem, raw, at, sc.deeper())
		})
	case model.RefSlice:
		p.checkSlice(g, v, r, raw, at, sc)
	case model.RefMap:
		p.checkMap(g, v, r, raw, at, sc)
	case model.RefNamed:
		p.checkNamed(g, v, r, raw, at, sc)
	case model.RefBuiltin:
		switch {
		case r.IsString():
			p.checkString(g, v, r.Check, at)
		case r.IsNumber():
			checkNumber(g, v, r, at)
		}
	}
}

func (p *serverPlan) checkPtr(g *jen.Group, v value, r *model.TypeRef, raw jen.Code, at errPath, sc scope) {
	x, bind := v.local, []jen.Code(nil)
	if x == "" {
		x = sc.name("p")
		bind = []jen.Code{jen.Id(x).Op(":=").Add(v.expr)}
	}
	if e := r.Elem; e.Kind == model.RefNamed && e.Type.Kind == model.KindEnum {
		// The common optional enum reads best as one condition.
		g.If(append(bind, jen.Id(x).Op("!=").Nil().Op("&&").Op("!").Id(x).Dot("Valid").Call())...).Block(
			at.fail(enumError(e.Type, jen.Op("*").Id(x))))
		return
	}
	g.If(append(bind, jen.Id(x).Op("!=").Nil())...).BlockFunc(func(b *jen.Group) {
		p.check(b, value{expr: jen.Id(x), ptr: true}, r.Elem, raw, at, sc.deeper())
	})
}

// collection binds a dereferenced slice or map to a name, so that it can be indexed.
func collection(g *jen.Group, v value, sc scope) (jen.Code, scope) {
	if !v.ptr {
		return v.expr, sc
	}
	x := sc.name("c")
	g.Id(x).Op(":=").Add(v.get())
	return jen.Id(x), sc.deeper()
}

func (p *serverPlan) checkSlice(g *jen.Group, v value, r *model.TypeRef, raw jen.Code, at errPath, sc scope) {
	s, sc := collection(g, v, sc)
	if c := r.Check; c != nil && c.MinItems != nil {
		n := *c.MinItems
		g.If(jen.Add(s).Op("!=").Nil().Op("&&").Len(s).Op("<").Lit(int(n))).Block(
			at.fail(errorf(fmt.Sprintf("has %%d items, fewer than minItems %d", n), jen.Len(s))))
	}
	if c := r.Check; c != nil && c.MaxItems != nil {
		n := *c.MaxItems
		g.If(jen.Len(s).Op(">").Lit(int(n))).Block(
			at.fail(errorf(fmt.Sprintf("has %%d items, more than maxItems %d", n), jen.Len(s))))
	}
	if c := r.Check; c != nil && c.UniqueItems && model.ComparableItems(r.Elem) {
		uniqueItems(g, s, r.Elem, at, sc)
	}
	if !p.RefNeeds(r.Elem) {
		return
	}
	i := sc.name("i")
	item := value{expr: jen.Add(s).Index(jen.Id(i))}
	if raw == nil || !p.RefRaw(r.Elem) {
		g.For(jen.Id(i).Op(":=").Range().Add(s)).BlockFunc(func(b *jen.Group) {
			p.check(b, item, r.Elem, nil, at.in(jen.Id(i)), sc.deeper())
		})
		return
	}
	// Walk the JSON items beside the Go ones: each item needs its own JSON.
	it := sc.name("it")
	g.For(
		jen.List(jen.Id(i), jen.Id(it)).Op(":=").List(jen.Lit(0), jen.Id(rtValidateJSON).Call(raw)),
		jen.Id(i).Op("<").Len(s),
		jen.Id(i).Op("++"),
	).BlockFunc(func(b *jen.Group) {
		b.Id(it).Dot("next").Call()
		p.check(b, item, r.Elem, jen.Id(it).Dot("value"), at.in(jen.Id(i)), sc.deeper())
	})
}

func (p *serverPlan) checkMap(g *jen.Group, v value, r *model.TypeRef, raw jen.Code, at errPath, sc scope) {
	m, sc := collection(g, v, sc)
	if c := r.Check; c != nil && c.NoExtra {
		g.If(jen.Len(m).Op(">").Lit(0)).Block(at.fail(errorf("must have no properties")))
	}
	if c := r.Check; c != nil && c.MinProps != nil {
		n := *c.MinProps
		g.If(jen.Add(m).Op("!=").Nil().Op("&&").Len(m).Op("<").Lit(int(n))).Block(
			at.fail(errorf(fmt.Sprintf("has %%d properties, fewer than minProperties %d", n), jen.Len(m))))
	}
	if c := r.Check; c != nil && c.MaxProps != nil {
		n := *c.MaxProps
		g.If(jen.Len(m).Op(">").Lit(int(n))).Block(
			at.fail(errorf(fmt.Sprintf("has %%d properties, more than maxProperties %d", n), jen.Len(m))))
	}
	if !p.RefNeeds(r.Elem) {
		return
	}
	e := sc.name("e")
	if raw == nil || !p.RefRaw(r.Elem) {
		k := sc.name("k")
		g.For(jen.List(jen.Id(k), jen.Id(e)).Op(":=").Range().Add(m)).BlockFunc(func(b *jen.Group) {
			p.check(b, local(e), r.Elem, nil, at.in(jen.Id(k)), sc.deeper())
		})
		return
	}
	// Walk the JSON rather than the map: each value needs its own JSON.
	it := sc.name("it")
	g.For(jen.Id(it).Op(":=").Id(rtValidateJSON).Call(raw), jen.Id(it).Dot("next").Call(), jen.Empty()).BlockFunc(func(b *jen.Group) {
		b.Id(e).Op(":=").Add(m).Index(jen.String().Call(jen.Id(it).Dot("key")))
		p.check(b, local(e), r.Elem, jen.Id(it).Dot("value"), at.in(jen.String().Call(jen.Id(it).Dot("key"))), sc.deeper())
	})
}

func (p *serverPlan) checkNamed(g *jen.Group, v value, r *model.TypeRef, raw jen.Code, at errPath, sc scope) {
	t := r.Type
	switch t.Kind {
	case model.KindEnum:
		g.If(jen.Op("!").Add(v.recv()).Dot("Valid").Call()).Block(at.fail(enumError(t, v.get())))
	case model.KindAlias:
		p.check(g, v, t.Elem, raw, at, sc)
	case model.KindStruct, model.KindUnion, model.KindDefined:
		var args []jen.Code
		if p.Raw[t] {
			if raw == nil {
				raw = jen.Nil()
			}
			args = append(args, raw)
		}
		g.If(jen.Err().Op(":=").Add(v.recv()).Dot("validate").Call(args...), jen.Err().Op("!=").Nil()).Block(
			jen.Return(at.wrap(jen.Err())))
	}
}

// enumError says that val is not among t's values, listing them when they are few.
func enumError(t *model.Type, val jen.Code) jen.Code {
	verb := "%v"
	if t.Enum.Base == model.ScalarString {
		verb = "%q"
	}
	const listed = 12
	if len(t.Enum.Values) == 0 || len(t.Enum.Values) > listed {
		return errorf(verb+" is not an allowed value", val)
	}
	vals := make([]string, len(t.Enum.Values))
	for i, ev := range t.Enum.Values {
		vals[i] = literal(ev.Value)
	}
	// The list is an argument, never part of the format: values may hold verbs.
	return errorf(verb+" is not one of %s", val, jen.Lit(strings.Join(vals, ", ")))
}

func (p *serverPlan) checkString(g *jen.Group, v value, c *model.Constraints, at errPath) {
	if c.ConstString != nil {
		g.If(jen.String().Call(v.get()).Op("!=").Lit(*c.ConstString)).Block(
			at.fail(errorf("must be %q", jen.Lit(*c.ConstString))))
	}
	if c.MinLength != nil || c.MaxLength != nil {
		// Bounds fit an int on every platform: no string in a request is
		// longer than math.MaxInt32 characters.
		minLen, maxLen := -1, -1
		if c.MinLength != nil {
			minLen = int(min(*c.MinLength, math.MaxInt32))
		}
		if c.MaxLength != nil && *c.MaxLength <= math.MaxInt32 {
			maxLen = int(*c.MaxLength)
		}
		g.If(jen.Err().Op(":=").Id(rtValidateLength).Call(v.get(), jen.Lit(minLen), jen.Lit(maxLen)), jen.Err().Op("!=").Nil()).Block(
			jen.Return(at.wrap(jen.Err())))
	}
	if c.Pattern != "" && model.Compiles(c.Pattern) {
		g.If(jen.Op("!").Id(p.Patterns[c.Pattern]).Dot("MatchString").Call(v.get())).Block(
			at.fail(errorf("does not match pattern %q", jen.Lit(c.Pattern))))
	}
	if model.CheckedFormats[c.Format] {
		g.If(jen.Err().Op(":=").Id(rtValidateFormat).Call(jen.Lit(c.Format), v.get()), jen.Err().Op("!=").Nil()).Block(
			jen.Return(at.wrap(jen.Err())))
	}
}

func checkNumber(g *jen.Group, v value, r *model.TypeRef, at errPath) {
	c := r.Check
	bound := func(op string, b float64, exclusive bool, word string) {
		if exclusive {
			op = map[string]string{"<": "<=", ">": ">="}[op]
		}
		x, lit := numberOperands(v.get(), r.Name, b)
		text := strconv.FormatFloat(b, 'g', -1, 64)
		msg := "%v is " + map[string]string{"<": "less than", ">": "greater than"}[op[:1]] + " " + word + " " + text
		if exclusive {
			msg = "%v must be " + map[string]string{"<": "greater than", ">": "less than"}[op[:1]] + " " + text
		}
		g.If(jen.Add(x).Op(op).Add(lit)).Block(at.fail(errorf(msg, v.get())))
	}
	if c.Minimum != nil {
		bound("<", *c.Minimum, c.ExclusiveMin, "minimum")
	}
	if c.Maximum != nil {
		bound(">", *c.Maximum, c.ExclusiveMax, "maximum")
	}
	if m := c.MultipleOf; m != nil && *m > 0 {
		// Remainder, not Mod, so that 0.3 is a multiple of 0.1 despite binary floats.
		text := strconv.FormatFloat(*m, 'g', -1, 64)
		g.If(jen.Qual("math", "Abs").Call(jen.Qual("math", "Remainder").Call(jen.Float64().Call(v.get()), jen.Lit(*m))).Op(">").Lit(*m).Op("*").Lit(1e-9)).Block(
			at.fail(errorf("%v is not a multiple of "+text, v.get())))
	}
}

// uniqueItems reports the first item equal to an earlier one.
func uniqueItems(g *jen.Group, s jen.Code, elem *model.TypeRef, at errPath, sc scope) {
	seen, i, e := sc.name("seen"), sc.name("i"), sc.name("e")
	g.Block(
		jen.Id(seen).Op(":=").Make(jen.Map(goType(elem)).Int(), jen.Len(s)),
		jen.For(jen.List(jen.Id(i), jen.Id(e)).Op(":=").Range().Add(s)).Block(
			jen.If(jen.List(jen.Id("j"), jen.Id("dup")).Op(":=").Id(seen).Index(jen.Id(e)), jen.Id("dup")).Block(
				at.fail(errorf("items %d and %d are equal, but uniqueItems is set", jen.Id("j"), jen.Id(i)))),
			jen.Id(seen).Index(jen.Id(e)).Op("=").Id(i),
		),
	)
}

// numberOperands compares integers with integer literals when the bound is one that
// fits the type, and everything else as float64.
func numberOperands(x jen.Code, typ string, b float64) (jen.Code, jen.Code) {
	limit := map[string]float64{"int32": math.MaxInt32, "int64": 1 << 62, "int": math.MaxInt32}[typ]
	if limit > 0 && b == math.Trunc(b) && math.Abs(b) <= limit {
		return x, jen.Lit(int(b))
	}
	if typ == "float64" {
		return x, jen.Lit(b)
	}
	return jen.Float64().Call(x), jen.Lit(b)
}

// validateMethod declares t's validate method.
func (p *serverPlan) validateMethod(f *jen.File, t *model.Type) {
	var params []jen.Code
	if p.Raw[t] {
		params = append(params, jen.Id("raw").Index().Byte())
	}
	recv := jen.Id("v").Op("*").Id(t.Name)
	if t.Kind == model.KindDefined {
		recv = jen.Id("v").Id(t.Name)
	}
	doc := "validate checks v against its schema."
	if p.Raw[t] {
		doc = "validate checks v against its schema; raw is the JSON v was decoded from, or nil."
	}
	comment(f, doc)
	f.Func().Params(recv).Id("validate").Params(params...).Error().BlockFunc(func(g *jen.Group) {
		switch c := p.Delegate[t]; {
		case c != nil:
			p.delegateStruct(g, t, c)
			return
		case t.Kind == model.KindStruct:
			p.validateStruct(g, t)
		case t.Kind == model.KindUnion:
			for _, vr := range t.Union.Variants {
				if p.RefNeeds(vr.Type) {
					field := jen.Id("v").Dot(vr.Field)
					g.If(field.Clone().Op("!=").Nil()).BlockFunc(func(b *jen.Group) {
						p.check(b, value{expr: field, ptr: true}, vr.Type, rawArg(p.Raw[t]), nil, scope{})
					})
				}
			}
		case t.Kind == model.KindDefined:
			g.Id("x").Op(":=").Add(goType(t.Elem)).Call(jen.Id("v"))
			p.check(g, local("x"), t.Elem, rawArg(p.Raw[t]), nil, scope{})
		}
		g.Return(jen.Nil())
	})
	f.Line()
}

// delegateStruct validates input t as the component c its body fields copy:
// one call instead of the same checks rendered twice.
func (p *serverPlan) delegateStruct(g *jen.Group, t, c *model.Type) {
	in := model.BodyFields(t)
	g.Id("c").Op(":=").Id(c.Name).ValuesFunc(func(l *jen.Group) {
		for i, fd := range c.Fields {
			l.Line().Id(fd.Name).Op(":").Id("v").Dot(in[i].Name)
		}
		l.Line()
	})
	g.Return(jen.Id("c").Dot("validate").Call(rawArg(p.Raw[t])))
}

func rawArg(has bool) jen.Code {
	if has {
		return jen.Id("raw")
	}
	return nil
}

// validateStruct checks presence and undeclared properties in the JSON when the
// struct needs it, then each field.
func (p *serverPlan) validateStruct(g *jen.Group, t *model.Type) {
	slots := map[*model.Field]int{}
	if p.Scans(t) {
		slots = p.scanMembers(g, t)
	}
	for _, fd := range model.BodyFields(t) {
		_, inJSON := slots[fd]
		switch {
		case !model.RequiredInRequest(fd) || (inJSON && fd.Type.Kind != model.RefNullable):
		case fd.Type.Kind == model.RefNullable:
			g.If(jen.Op("!").Id("v").Dot(fd.Name).Dot("IsSet").Call()).Block(errPath{jen.Lit(fd.JSON)}.fail(errorf("is required")))
		case fd.Type.Kind == model.RefSlice || fd.Type.Kind == model.RefMap:
			g.If(jen.Id("v").Dot(fd.Name).Op("==").Nil()).Block(errPath{jen.Lit(fd.JSON)}.fail(errorf("is required")))
		}
	}
	for _, fd := range model.BodyFields(t) {
		var raw jen.Code
		if i, ok := slots[fd]; ok && p.RefRaw(fd.Type) {
			raw = jen.Id("vals").Index(jen.Lit(i))
		}
		p.check(g, value{expr: jen.Id("v").Dot(fd.Name)}, fd.Type, raw, errPath{jen.Lit(fd.JSON)}, scope{})
	}
	if t.Additional != nil && p.RefNeeds(t.Additional) && !p.Scans(t) {
		g.For(jen.List(jen.Id("k"), jen.Id("e")).Op(":=").Range().Id("v").Dot(t.AdditionalField)).BlockFunc(func(b *jen.Group) {
			p.check(b, local("e"), t.Additional, nil, errPath{jen.Id("k")}, scope{1})
		})
	}
}

// scanMembers walks the struct's JSON once: it keeps the JSON of the fields that need
// it, rejects undeclared properties when the schema forbids them, checks additional
// properties, then reports missing required ones. It returns the slot of each kept
// field.
func (p *serverPlan) scanMembers(g *jen.Group, t *model.Type) map[*model.Field]int {
	slots, strict, loose := p.slots(t)
	if len(slots) > 0 {
		g.Var().Id("vals").Index(jen.Lit(len(slots))).Index().Byte()
	}
	if p.ScanKeepsOnly(t) {
		keepMembers(g, slots, len(strict), len(loose))
		return slots
	}
	g.For(jen.Id("it").Op(":=").Id(rtValidateJSON).Call(jen.Id("raw")), jen.Id("it").Dot("next").Call(), jen.Empty()).Block(
		jen.Switch(jen.String().Call(jen.Id("it").Dot("key"))).BlockFunc(func(s *jen.Group) { p.memberCases(s, t, slots) }),
	)
	if len(strict)+len(loose) > 0 {
		// Without JSON (a value from a query string) presence cannot be told.
		g.If(jen.Id("raw").Op("!=").Nil()).BlockFunc(func(b *jen.Group) { presenceChecks(b, strict, loose) })
	}
	return slots
}

// keepMembers has the runtime keep the JSON of the slotted members and check
// the presence of the required ones, which hold the first slots.
func keepMembers(g *jen.Group, slots map[*model.Field]int, strict, loose int) {
	args := make([]jen.Code, 4+len(slots))
	args[0], args[1], args[2], args[3] = jen.Id("raw"), jen.Id("vals").Index(jen.Op(":")), jen.Lit(strict), jen.Lit(loose)
	for fd, i := range slots {
		args[4+i] = jen.Lit(fd.JSON)
	}
	g.If(jen.Err().Op(":=").Id(rtValidateMembers).Call(args...), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
}

// slots numbers the fields whose JSON the scan keeps: the required ones that must
// not be null, the required ones of any type, then those whose own validation reads
// their JSON.
func (p *serverPlan) slots(t *model.Type) (slots map[*model.Field]int, strict, loose []*model.Field) {
	slots = map[*model.Field]int{}
	strict, loose = p.Presence(t)
	for _, fd := range append(append([]*model.Field{}, strict...), loose...) {
		slots[fd] = len(slots)
	}
	for _, fd := range model.BodyFields(t) {
		if _, ok := slots[fd]; !ok && p.RefRaw(fd.Type) && p.RefNeeds(fd.Type) {
			slots[fd] = len(slots)
		}
	}
	return slots, strict, loose
}

// memberCases keeps each slotted member's JSON; other members are declared
// (listed when the default case matters), undeclared when the schema forbids them,
// or additional properties to check.
func (p *serverPlan) memberCases(s *jen.Group, t *model.Type, slots map[*model.Field]int) {
	var others []jen.Code
	for _, fd := range model.BodyFields(t) {
		if i, ok := slots[fd]; ok {
			s.Case(jen.Lit(fd.JSON)).Block(jen.Id("vals").Index(jen.Lit(i)).Op("=").Id("it").Dot("value"))
		} else {
			others = append(others, jen.Lit(fd.JSON))
		}
	}
	key := jen.String().Call(jen.Id("it").Dot("key"))
	extra := t.Additional != nil && p.RefNeeds(t.Additional)
	if (p.Closed[t] || extra) && len(others) > 0 {
		s.Case(others...)
	}
	switch {
	case p.Closed[t]:
		s.Default().Block(jen.Return(jen.Id(rtValidateIn).Call(errorf("is not a property the schema allows"), key)))
	case extra:
		s.Default().Block(jen.If(jen.List(jen.Id("e"), jen.Id("ok")).Op(":=").Id("v").Dot(t.AdditionalField).Index(key), jen.Id("ok")).BlockFunc(func(c *jen.Group) {
			p.check(c, local("e"), t.Additional, jen.Id("it").Dot("value"), errPath{key}, scope{1})
		}))
	}
}

// presenceChecks reports the first required property missing from the JSON; strict
// ones, which occupy the first slots, must not be null either.
func presenceChecks(g *jen.Group, strict, loose []*model.Field) {
	switch len(strict) {
	case 0:
	case 1:
		g.If(jen.Err().Op(":=").Id(rtValidatePresent).Call(jen.Id("vals").Index(jen.Lit(0))), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id(rtValidateIn).Call(jen.Err(), jen.Lit(strict[0].JSON))))
	default:
		names := make([]jen.Code, len(strict))
		for i, fd := range strict {
			names[i] = jen.Lit(fd.JSON)
		}
		g.For(jen.List(jen.Id("i"), jen.Id("name")).Op(":=").Range().Index(jen.Op("...")).String().Values(names...)).Block(
			jen.If(jen.Err().Op(":=").Id(rtValidatePresent).Call(jen.Id("vals").Index(jen.Id("i"))), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Id(rtValidateIn).Call(jen.Err(), jen.Id("name")))))
	}
	for i, fd := range loose {
		g.If(jen.Id("vals").Index(jen.Lit(len(strict) + i)).Op("==").Nil()).Block(
			jen.Return(jen.Id(rtValidateIn).Call(errorf("is required"), jen.Lit(fd.JSON))))
	}
}
