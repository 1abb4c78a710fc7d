package emit

import (
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/bpgen/bpgen/generator/model"
)

// paginationFile gives every paginated operation a method returning a Pager
// over its items.
func paginationFile(f *jen.File, api *model.API) {
	for _, op := range api.Operations {
		if op.Pager != nil {
			pagerMethod(f, op)
		}
	}
}

func pagerMethod(f *jen.File, op *model.Operation) {
	p := op.Pager
	item := goType(p.Item)
	pagerType := jen.Op("*").Id(rtPager).Types(jen.Id(op.Output.Name), item)
	comment(f, p.Method+" returns a Pager over every item of "+op.Name+", fetching pages lazily as the caller ranges over them; opts apply to the request of every page. "+pagerDoc(p))
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(p.Method).Params(jen.Id("in").Op("*").Id(op.Input.Name), jen.Id("opts").Op("...").Id(rtRequestOption)).Add(pagerType).BlockFunc(func(g *jen.Group) {
		g.Var().Id("base").Id(op.Input.Name)
		g.If(jen.Id("in").Op("!=").Nil()).Block(jen.Id("base").Op("=").Op("*").Id("in"))
		if p.Style == model.PageLink {
			linkPager(g, op)
			return
		}
		tokenPager(g, op)
	})
	f.Line()
}

// pagerDoc says how the pager asks for each page, when it ends and where it
// starts.
func pagerDoc(p *model.Pager) string {
	copied := "The input is copied, so the caller's value is never modified; "
	switch p.Style {
	case model.PageAfter:
		return "Each page after the first asks (in " + p.TokenField.Params.Wire + ") for the items after the last one received; " + endings(p, "an empty page") + " ends the listing. " +
			copied + "its " + p.TokenField.Name + ", if set, is where iteration starts."
	case model.PageOffset:
		return "Each page asks (in " + p.TokenField.Params.Wire + ") for the items after those already received; " + endings(p, "an empty page", "one shorter than an earlier page") + " ends the listing. " +
			copied + "its " + p.TokenField.Name + ", if set, is where iteration starts" + limitDoc(p) + "."
	case model.PageNumber:
		return "Pages are asked for by number (in " + p.TokenField.Params.Wire + ", the first being " + strconv.FormatInt(p.FirstPage, 10) + "); " + endings(p, "an empty page", "one shorter than an earlier page") + " ends the listing. " +
			copied + "its " + p.TokenField.Name + ", if set, is where iteration starts" + limitDoc(p) + "."
	case model.PageLink:
		return "Each page after the first is a GET of the URL the previous response's Link header gives as rel=\"next\"; it is sent the client's credentials only when it is on the base URL's origin. " +
			copied + "it describes the first page."
	}
	doc := copied + "its page token, if set, is where iteration starts."
	if p.HasMore != nil {
		doc += " A response whose " + jsonPath(p.HasMore) + " is false is the last page."
	}
	return doc
}

// endings lists what ends a listing: the given, then the declared total and
// hasMore, as "a, b or c".
func endings(p *model.Pager, ends ...string) string {
	if p.Total != nil {
		ends = append(ends, "reaching "+jsonPath(p.Total)+" items")
	}
	if p.HasMore != nil {
		ends = append(ends, jsonPath(p.HasMore)+" false")
	}
	if len(ends) == 1 {
		return ends[0]
	}
	return strings.Join(ends[:len(ends)-1], ", ") + " or " + ends[len(ends)-1]
}

func limitDoc(p *model.Pager) string {
	if p.Limit == nil {
		return ""
	}
	return "; its " + p.Limit.Name + " sets the page size"
}

func jsonPath(path []*model.Field) string {
	s := ""
	for i, f := range path {
		if i > 0 {
			s += "."
		}
		s += f.JSON
	}
	return s
}

// tokenPager emits the pager of the styles whose token goes in a query
// parameter: cursors, last ids, offsets and page numbers.
func tokenPager(g *jen.Group, op *model.Operation) {
	p := op.Pager
	numbered := p.Style == model.PageOffset || p.Style == model.PageNumber
	start := jen.Id("base").Dot(p.TokenField.Name)
	g.Var().Id("start").String()
	value := func(v jen.Code) jen.Code {
		if numbered {
			return jen.Qual("strconv", "FormatInt").Call(toInt64(p.TokenField.Type, v), jen.Lit(10))
		}
		return v
	}
	if p.TokenField.Type.Kind == model.RefPtr {
		g.If(start.Clone().Op("!=").Nil()).Block(jen.Id("start").Op("=").Add(value(jen.Op("*").Add(start.Clone()))))
	} else {
		g.Id("start").Op("=").Add(value(start.Clone()))
	}
	g.Id("fetch").Op(":=").Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("token").String()).Params(
		jen.Op("*").Id(op.Output.Name), jen.Index().Add(goType(p.Item)), jen.String(), jen.Error(),
	).BlockFunc(func(b *jen.Group) {
		b.Id("page").Op(":=").Id("base")
		if numbered {
			numberAssign(b, p)
		} else {
			tokenAssign(b, p)
		}
		b.List(jen.Id("out"), jen.Err()).Op(":=").Id("c").Dot(op.Name).Call(jen.Id("ctx"), jen.Op("&").Id("page"), jen.Id("opts").Op("..."))
		b.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Nil(), jen.Lit(""), jen.Err()))
		if p.Style == model.PageCursor && p.HasMore == nil {
			b.Return(jen.Id("out"), itemsOf(p), nextToken(b, p), jen.Nil())
			return
		}
		b.Id("items").Op(":=").Add(itemsOf(p))
		b.Var().Id("next").String()
		nextOf(b, p)
		readCond(b, jen.Id("out"), p.HasMore, func(v jen.Code) jen.Code { return jen.Op("!").Add(v) }, jen.Id("next").Op("=").Lit(""))
		b.Return(jen.Id("out"), jen.Id("items"), jen.Id("next"), jen.Nil())
	})
	ctor := rtNewPager
	if numbered {
		ctor = rtNewNumberedPager
	}
	g.Return(jen.Id(ctor).Call(jen.Id("fetch")).Dot("From").Call(jen.Id("start")))
}

// itemsOf is the page's items: a field of the output, or the output itself.
func itemsOf(p *model.Pager) jen.Code {
	if p.Items == nil {
		return jen.Op("*").Id("out")
	}
	return jen.Id("out").Dot(p.Items.Name)
}

// nextOf sets next from the page just fetched, for every style but links.
func nextOf(b *jen.Group, p *model.Pager) {
	n := jen.Int64().Call(jen.Len(jen.Id("items")))
	switch p.Style {
	case model.PageCursor:
		readPath(b, jen.Id("out"), p.TokenPath, func(v jen.Code) jen.Code { return jen.Id("next").Op("=").Add(v) })
	case model.PageAfter:
		b.If(jen.Id("n").Op(":=").Len(jen.Id("items")), jen.Id("n").Op(">").Lit(0)).BlockFunc(func(g *jen.Group) {
			last := jen.Id("items").Index(jen.Id("n").Op("-").Lit(1))
			path := p.ItemID
			if p.Item.Kind == model.RefPtr {
				path = append([]*model.Field{{Name: "", Type: p.Item}}, path...)
			}
			readPath(g, last, path, func(v jen.Code) jen.Code { return jen.Id("next").Op("=").Add(v) })
		})
	case model.PageOffset:
		b.If(jen.Len(jen.Id("items")).Op(">").Lit(0)).Block(
			jen.Id("next").Op("=").Qual("strconv", "FormatInt").Call(jen.Id("number").Op("+").Add(n), jen.Lit(10)))
		readCond(b, jen.Id("out"), p.Total, func(v jen.Code) jen.Code {
			return jen.Id("number").Op("+").Add(n).Op(">=").Add(toInt64(lastType(p.Total), v))
		}, jen.Id("next").Op("=").Lit(""))
	case model.PageNumber:
		b.If(jen.Len(jen.Id("items")).Op(">").Lit(0)).Block(
			jen.Id("next").Op("=").Qual("strconv", "FormatInt").Call(jen.Id("number").Op("+").Lit(1), jen.Lit(10)))
		// Pages before this one held as many items as it does, or it is short
		// and the last anyway.
		seen := pagesThrough(p).Op("*").Add(n)
		readCond(b, jen.Id("out"), p.Total, func(v jen.Code) jen.Code {
			return seen.Clone().Op(">=").Add(toInt64(lastType(p.Total), v))
		}, jen.Id("next").Op("=").Lit(""))
	}
}

// pagesThrough is how many pages the one numbered number ends: number -
// first + 1, written as simply as the first page's number allows.
func pagesThrough(p *model.Pager) *jen.Statement {
	switch p.FirstPage {
	case 1:
		return jen.Id("number")
	case 0:
		return jen.Parens(jen.Id("number").Op("+").Lit(1))
	}
	return jen.Parens(jen.Id("number").Op("-").Parens(jen.Lit(int(p.FirstPage))).Op("+").Lit(1))
}

func lastType(path []*model.Field) *model.TypeRef {
	return path[len(path)-1].Type
}

// toInt64 converts v, a value of t's builtin integer type, when it is not
// already an int64.
func toInt64(t *model.TypeRef, v jen.Code) jen.Code {
	for t.Kind == model.RefPtr || t.Kind == model.RefNullable {
		t = t.Elem
	}
	if t.Name == "int64" {
		return v
	}
	return jen.Int64().Call(v)
}

func tokenAssign(b *jen.Group, p *model.Pager) {
	field := jen.Id("page").Dot(p.TokenField.Name)
	if p.TokenField.Type.Kind == model.RefPtr {
		b.Add(field.Clone().Op("=").Nil())
		b.If(jen.Id("token").Op("!=").Lit("")).Block(field.Clone().Op("=").Op("&").Id("token"))
		return
	}
	b.Add(field.Op("=").Id("token"))
}

// numberAssign reads the token as an offset or page number ("": the first
// page, sent without the parameter) into number and the input.
func numberAssign(b *jen.Group, p *model.Pager) {
	t := p.TokenField.Type
	ptr := t.Kind == model.RefPtr
	if ptr {
		t = t.Elem
	}
	bits := 64
	if t.Name == "int32" {
		bits = 32
	}
	first := int64(0)
	if p.Style == model.PageNumber {
		first = p.FirstPage
	}
	field := jen.Id("page").Dot(p.TokenField.Name)
	conv := func(v jen.Code) jen.Code {
		if bits == 32 {
			return jen.Int32().Call(v)
		}
		return v
	}
	b.Id("number").Op(":=").Int64().Call(jen.Lit(int(first)))
	if ptr {
		b.Add(field.Clone().Op("=").Nil())
	} else {
		b.Add(field.Clone().Op("=").Add(conv(jen.Id("number"))))
	}
	b.If(jen.Id("token").Op("!=").Lit("")).BlockFunc(func(g *jen.Group) {
		g.List(jen.Id("n"), jen.Err()).Op(":=").Id(rtPagerNumber).Call(jen.Id("token"), jen.Lit(bits))
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Nil(), jen.Lit(""), jen.Err()))
		g.Id("number").Op("=").Id("n")
		if ptr {
			g.Id("v").Op(":=").Add(conv(jen.Id("n")))
			g.Add(field.Clone().Op("=").Op("&").Id("v"))
		} else {
			g.Add(field.Clone().Op("=").Add(conv(jen.Id("n"))))
		}
	})
}

// nextToken emits the walk down the token path, treating any absent step as
// the last page, and returns the variable holding the token.
func nextToken(b *jen.Group, p *model.Pager) jen.Code {
	b.Var().Id("next").String()
	readPath(b, jen.Id("out"), p.TokenPath, func(v jen.Code) jen.Code { return jen.Id("next").Op("=").Add(v) })
	return jen.Id("next")
}

// readCond emits then when the value at path below root is present and
// cond(value) holds, in one if statement where the path allows it.
func readCond(b *jen.Group, root *jen.Statement, path []*model.Field, cond func(v jen.Code) jen.Code, then jen.Code) {
	if len(path) == 0 {
		return
	}
	last := path[len(path)-1]
	if last.Type.Kind == model.RefNullable {
		readPath(b, root, path, func(v jen.Code) jen.Code { return jen.If(cond(v)).Block(then) })
		return
	}
	cur := root
	var guards []jen.Code
	for _, f := range path {
		if f.Name != "" {
			cur = cur.Clone().Dot(f.Name)
		}
		if f.Type.Kind == model.RefPtr {
			guards = append(guards, cur.Clone().Op("!=").Nil())
		}
	}
	v := jen.Code(cur)
	if last.Type.Kind == model.RefPtr {
		v = jen.Op("*").Add(cur)
	}
	b.If(jen.ListFunc(func(g *jen.Group) {
		c := jen.Null()
		for _, gd := range guards {
			c = c.Add(gd).Op("&&")
		}
		g.Add(c.Add(cond(v)))
	})).Block(then)
}

// readPath emits use(value) for the value at path below root, guarded so that
// an absent step (a nil pointer, an unset Nullable) skips it. A field with an
// empty name stands for root itself (a pointer item).
func readPath(b *jen.Group, root *jen.Statement, path []*model.Field, use func(v jen.Code) jen.Code) {
	if len(path) == 0 {
		return
	}
	cur := root
	var guards []jen.Code
	var stmt jen.Code
	for i, f := range path {
		if f.Name != "" {
			cur = cur.Clone().Dot(f.Name)
		}
		last := i == len(path)-1
		switch {
		case f.Type.Kind == model.RefPtr:
			guards = append(guards, cur.Clone().Op("!=").Nil())
			if last {
				stmt = use(jen.Op("*").Add(cur))
			}
		case f.Type.Kind == model.RefNullable && last:
			stmt = jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(cur).Dot("Get").Call(), jen.Id("ok")).Block(use(jen.Id("v")))
		case last:
			stmt = use(cur)
		}
	}
	if len(guards) == 0 {
		b.Add(stmt)
		return
	}
	cond := jen.Add(guards[0])
	for _, gd := range guards[1:] {
		cond = cond.Op("&&").Add(gd)
	}
	b.If(cond).Block(stmt)
}

// linkPager emits the pager of Link-header pagination: the first page is the
// operation, the others GETs of the links (see the runtime's linkPage).
func linkPager(g *jen.Group, op *model.Operation) {
	p := op.Pager
	outT := jen.Op("*").Id(op.Output.Name)
	g.Id("fetch").Op(":=").Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("token").String()).Params(
		outT.Clone(), jen.Index().Add(goType(p.Item)), jen.String(), jen.Error(),
	).BlockFunc(func(b *jen.Group) {
		first := jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Params(outT.Clone(), jen.Error()).Block(
			jen.Return(jen.Id("c").Dot(op.Name).Call(jen.Id("ctx"), jen.Op("&").Id("base"), jen.Id("opts").Op("..."))))
		b.List(jen.Id("out"), jen.Id("next"), jen.Err()).Op(":=").Id(rtLinkPage).Call(jen.Id("ctx"), jen.Op("&").Id("c").Dot("core"), jen.Id("token"), first, jen.Id("opts").Op("..."))
		b.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Nil(), jen.Lit(""), jen.Err()))
		b.Return(jen.Id("out"), itemsOf(p), jen.Id("next"), jen.Nil())
	})
	g.Return(jen.Id(rtNewPager).Call(jen.Id("fetch")))
}
