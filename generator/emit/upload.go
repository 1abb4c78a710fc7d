package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/bpgen/bpgen/generator/model"
)

// uploadMethod emits the one-call form of a two-step upload: the operation
// creates the record, then the content goes to the address it answered with.
func uploadMethod(f *jen.File, op *model.Operation) {
	u := op.Upload
	doc := fmt.Sprintf("%s calls %s, then sends content with %s to the address the answer holds (%s), without the client's credentials or headers: the address authorizes the upload itself.",
		u.Method, op.Name, u.HTTPMethod, jsonPath(u.URL))
	if u.Size != nil {
		doc += fmt.Sprintf(" When in.%s is zero it is set to the content's size: told by a reader with a Len method or by an *os.File, else learnt by reading the content into memory.", u.Size.Name)
	}
	if u.ContentType != nil {
		doc += fmt.Sprintf(" The upload's Content-Type is in.%s.", u.ContentType.Name)
	}
	doc += " opts apply to the " + op.Name + " call. The upload is retried, by the client's retry policy, only when content is an io.Seeker. When it fails after the record was created, the output is returned with an *UploadError."
	comment(f, doc)
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(u.Method).Params(
		jen.Id("ctx").Qual("context", "Context"), jen.Id("in").Op("*").Id(op.Input.Name), jen.Id("content").Qual("io", "Reader"),
		jen.Id("opts").Op("...").Id(rtRequestOption),
	).Params(jen.Op("*").Id(op.Output.Name), jen.Error()).BlockFunc(func(g *jen.Group) {
		fail := func(format string, args ...jen.Code) jen.Code {
			return jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(append([]jen.Code{jen.Lit(u.Method + ": " + format)}, args...)...))
		}
		g.If(jen.Id("content").Op("==").Nil()).Block(fail("no content"))
		g.List(jen.Id("body"), jen.Id("size"), jen.Err()).Op(":=").Id(rtClientUploadBody).Call(jen.Id("content"))
		g.If(jen.Err().Op("!=").Nil()).Block(fail("%w", jen.Err()))
		g.Var().Id("rec").Id(op.Input.Name)
		g.If(jen.Id("in").Op("!=").Nil()).Block(jen.Id("rec").Op("=").Op("*").Id("in"))
		if u.Size != nil {
			setSize(g, u.Size)
		}
		g.List(jen.Id("out"), jen.Err()).Op(":=").Id("c").Dot(op.Name).Call(jen.Id("ctx"), jen.Op("&").Id("rec"), jen.Id("opts").Op("..."))
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
		if direct := plainPath(jen.Id("out"), u.URL); direct != nil {
			g.Id("addr").Op(":=").Add(direct)
		} else {
			g.Var().Id("addr").String()
			readPath(g, jen.Id("out"), u.URL, func(v jen.Code) jen.Code { return jen.Id("addr").Op("=").Add(v) })
		}
		g.If(jen.Id("addr").Op("==").Lit("")).Block(jen.Return(jen.Id("out"), jen.Op("&").Id(rtUploadError).Values(jen.Dict{
			jen.Id("Err"): jen.Qual("errors", "New").Call(jen.Lit("the answer of " + op.Name + " holds no upload address")),
		})))
		g.Id("header").Op(":=").Qual("net/http", "Header").Values()
		if u.ContentType != nil {
			readPath(g, jen.Id("rec"), []*model.Field{u.ContentType}, func(v jen.Code) jen.Code {
				return jen.If(jen.Add(v).Op("!=").Lit("")).Block(jen.Id("header").Dot("Set").Call(jen.Lit("Content-Type"), v))
			})
		}
		for _, h := range u.Headers {
			set := jen.Id("header").Dot("Set").Call(jen.Lit(h.Name), jen.Lit(h.Value))
			if h.When == nil {
				g.Add(set)
				continue
			}
			readPath(g, jen.Id("rec"), []*model.Field{h.When}, func(v jen.Code) jen.Code { return jen.If(v).Block(set) })
		}
		g.If(jen.Err().Op(":=").Id("c").Dot("core").Dot(fieldCoreUpload).Call(jen.Id("ctx"), jen.Lit(u.HTTPMethod), jen.Id("addr"), jen.Id("header"), jen.Id("body"), jen.Id("size")),
			jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("out"), jen.Err()))
		g.Return(jen.Id("out"), jen.Nil())
	})
	f.Line()
}

// setSize sets the size field from the content's size when the caller left it zero.
func setSize(g *jen.Group, size *model.Field) {
	field := jen.Id("rec").Dot(size.Name)
	if size.Type.Kind == model.RefPtr {
		g.If(field.Clone().Op("==").Nil()).Block(
			jen.Id("n").Op(":=").Add(goType(size.Type.Elem)).Call(jen.Id("size")),
			field.Clone().Op("=").Op("&").Id("n"))
		return
	}
	g.If(field.Clone().Op("==").Lit(0)).Block(field.Clone().Op("=").Add(goType(size.Type)).Call(jen.Id("size")))
}

// plainPath is the expression of path below root when no step can be absent
// (no pointer, no Nullable); nil otherwise.
func plainPath(root *jen.Statement, path []*model.Field) jen.Code {
	cur := root
	for _, f := range path {
		if f.Type.Kind == model.RefPtr || f.Type.Kind == model.RefNullable {
			return nil
		}
		cur = cur.Clone().Dot(f.Name)
	}
	return cur
}
