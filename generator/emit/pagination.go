package emit

import (
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
	pagerType := jen.Op("*").Id("Pager").Types(jen.Id(op.Output.Name), item)
	comment(f, p.Method+" returns a Pager over every item of "+op.Name+", fetching pages lazily as the caller ranges over them. "+
		"The input is copied, so the caller's value is never modified; its page token, if set, is where iteration starts.")
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(p.Method).Params(jen.Id("in").Op("*").Id(op.Input.Name)).Add(pagerType).BlockFunc(func(g *jen.Group) {
		g.Var().Id("base").Id(op.Input.Name)
		g.If(jen.Id("in").Op("!=").Nil()).Block(jen.Id("base").Op("=").Op("*").Id("in"))
		start := jen.Id("base").Dot(p.TokenField.Name)
		g.Var().Id("start").String()
		if p.TokenField.Type.Kind == model.RefPtr {
			g.If(start.Clone().Op("!=").Nil()).Block(jen.Id("start").Op("=").Op("*").Add(start.Clone()))
		} else {
			g.Id("start").Op("=").Add(start.Clone())
		}
		g.Id("fetch").Op(":=").Func().Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("token").String()).Params(
			jen.Op("*").Id(op.Output.Name), jen.Index().Add(item), jen.String(), jen.Error(),
		).BlockFunc(func(b *jen.Group) {
			b.Id("page").Op(":=").Id("base")
			tokenAssign(b, p)
			b.List(jen.Id("out"), jen.Err()).Op(":=").Id("c").Dot(op.Name).Call(jen.Id("ctx"), jen.Op("&").Id("page"))
			b.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Nil(), jen.Lit(""), jen.Err()))
			b.Return(jen.Id("out"), jen.Id("out").Dot(p.Items.Name), nextToken(b, p), jen.Nil())
		})
		g.Return(jen.Id("NewPager").Call(jen.Id("fetch")).Dot("From").Call(jen.Id("start")))
	})
	f.Line()
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

// nextToken emits the walk down the token path, treating any absent step as
// the last page, and returns the variable holding the token.
func nextToken(b *jen.Group, p *model.Pager) jen.Code {
	b.Var().Id("next").String()
	cur := jen.Id("out")
	var guards []jen.Code
	for i, f := range p.TokenPath {
		cur = cur.Clone().Dot(f.Name)
		last := i == len(p.TokenPath)-1
		switch f.Type.Kind {
		case model.RefPtr:
			guards = append(guards, cur.Clone().Op("!=").Nil())
			if last {
				cur = jen.Op("*").Add(cur)
			}
		case model.RefNullable:
			if last {
				b.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(cur).Dot("Get").Call(), jen.Id("ok")).Block(jen.Id("next").Op("=").Id("v"))
				return jen.Id("next")
			}
		}
	}
	assign := jen.Id("next").Op("=").Add(cur)
	if len(guards) == 0 {
		b.Add(assign)
		return jen.Id("next")
	}
	cond := jen.Add(guards[0])
	for _, gd := range guards[1:] {
		cond = cond.Op("&&").Add(gd)
	}
	b.If(cond).Block(assign)
	return jen.Id("next")
}
