package emit

import (
	"fmt"
	"time"

	"github.com/dave/jennifer/jen"

	"github.com/bpgen/bpgen/generator/model"
)

// Starter renders a starter implementation of the API's Server: a type
// embedding UnimplementedServer (so that it keeps compiling as the API gains
// operations) with every method written out, doc and signature included,
// answering the not-implemented error until the team writes it. It is
// written once, into the team's package, which then owns it.
//
// pkg is the package the file belongs to; importPath is the generated
// package's, "" when the file is in that package itself.
func Starter(api *model.API, pkg, importPath, typeName string) ([]byte, error) {
	f := jen.NewFile(pkg)
	q := func(name string) *jen.Statement {
		if importPath == "" {
			return jen.Id(name)
		}
		return jen.Qual(importPath, name)
	}
	if importPath != "" {
		f.ImportName(importPath, api.Package)
	}
	server := "Server"
	if importPath != "" {
		server = api.Package + ".Server"
	}
	comment(f, fmt.Sprintf("%s implements %s. bpgen wrote this file once, as a start; it is yours now and regeneration never touches it. Each method answers with the not-implemented error until it is written.", typeName, server))
	f.Type().Id(typeName).Struct(q("UnimplementedServer"))
	f.Line()
	f.Var().Id("_").Add(q("Server")).Op("=").Parens(jen.Op("*").Id(typeName)).Parens(jen.Nil())
	f.Line()
	for _, op := range api.Operations {
		doc := docComment(op.Name, op.Doc, fmt.Sprintf("serves %s %s.", op.Method, op.Path))
		comment(f, deprecated(doc, op.Deprecated))
		f.Func().Params(jen.Id("s").Op("*").Id(typeName)).Id(op.Name).Params(
			jen.Id("ctx").Qual("context", "Context"), jen.Id("in").Op("*").Add(q(op.Input.Name)),
		).Params(jen.Op("*").Add(q(op.Output.Name)), jen.Error()).Block(
			jen.Return(jen.Id("s").Dot("UnimplementedServer").Dot(op.Name).Call(jen.Id("ctx"), jen.Id("in"))),
		)
		f.Line()
	}
	return render("starter", f, nil, time.Now())
}
