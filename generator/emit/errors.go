package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/bpgen/bpgen/generator/model"
)

// errorsFile declares one struct per catalogue error type, a sentinel per
// type for errors.Is, a constructor for servers, and the decoder that turns
// an error response into the right type.
func errorsFile(f *jen.File, api *model.API) {
	cat := api.Errors
	if cat == nil {
		return
	}
	comment(f, "errorIDPrefix starts the ids of errors created by this package.")
	f.Const().Id("errorIDPrefix").Op("=").Lit(cat.IDPrefix)
	f.Line()
	for _, e := range cat.Types {
		errorType(f, e)
	}
	comment(f, "errorFromInfo returns the catalogue type named by info.Type.")
	f.Func().Id("errorFromInfo").Params(jen.Id("info").Id("ErrorInfo")).Id("APIError").BlockFunc(func(g *jen.Group) {
		g.Switch(jen.Id("info").Dot("Type")).BlockFunc(func(s *jen.Group) {
			for _, e := range cat.Types {
				s.Case(jen.Lit(e.Wire)).Block(jen.Return(jen.Op("&").Id(e.Name).Values(jen.Id("info"))))
			}
		})
		if cat.Unknown != nil {
			comment(g, "An unknown type keeps the original type and code.")
			g.Return(jen.Op("&").Id(cat.Unknown.Name).Values(jen.Id("info")))
		} else {
			g.Return(jen.Op("&").Id("StatusError").Values(jen.Dict{jen.Id("ErrorInfo"): jen.Id("info")}))
		}
	})
}

func errorType(f *jen.File, e *model.ErrorType) {
	comment(f, fmt.Sprintf("%s matches every %s with errors.Is.", e.Sentinel, e.Name))
	f.Var().Id(e.Sentinel).Op("=").Qual("errors", "New").Call(jen.Lit(e.Wire))
	f.Line()
	doc := fmt.Sprintf("%s is the API's %q error (HTTP %d)", e.Name, e.Wire, e.Status)
	if e.Description != "" {
		doc += ": " + e.Description
	} else {
		doc += "."
	}
	comment(f, doc)
	f.Type().Id(e.Name).Struct(jen.Id("ErrorInfo"))
	f.Line()
	comment(f, fmt.Sprintf("%s returns a %s with message, the status %d and a fresh id, ready for a server to return.", e.Constructor, e.Name, e.Status))
	f.Func().Id(e.Constructor).Params(jen.Id("message").String()).Op("*").Id(e.Name).Block(
		jen.Return(jen.Op("&").Id(e.Name).Values(jen.Id("newErrorInfo").Call(jen.Lit(e.Wire), jen.Lit(e.Status), jen.Id("message"), jen.Id("errorIDPrefix")))),
	)
	f.Line()
	comment(f, "Description returns the catalogue's description of "+e.Wire+".")
	f.Func().Params(jen.Id("e").Op("*").Id(e.Name)).Id("Description").Params().String().Block(jen.Return(jen.Lit(e.Description)))
	f.Line()
	comment(f, fmt.Sprintf("Is reports whether target is %s.", e.Sentinel))
	f.Func().Params(jen.Id("e").Op("*").Id(e.Name)).Id("Is").Params(jen.Id("target").Error()).Bool().Block(
		jen.Return(jen.Id("target").Op("==").Id(e.Sentinel)))
	f.Line()
}

// decodeErrorHook is the function the client core calls on non-2xx answers.
func decodeErrorHook(f *jen.File, api *model.API) {
	comment(f, "decodeAPIError turns an error response into a typed error: the catalogue's type when the body is an error envelope, else a *StatusError with the status and a body excerpt.")
	f.Func().Id("decodeAPIError").Params(jen.Id("resp").Op("*").Qual("net/http", "Response"), jen.Id("body").Index().Byte()).Error().BlockFunc(func(g *jen.Group) {
		g.List(jen.Id("info"), jen.Id("ok")).Op(":=").Id("parseErrorEnvelope").Call(jen.Id("resp").Dot("StatusCode"), jen.Id("body"))
		g.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Id("newStatusError").Call(jen.Id("resp").Dot("StatusCode"), jen.Id("body"))))
		if api.Errors == nil {
			g.Return(jen.Op("&").Id("StatusError").Values(jen.Dict{jen.Id("ErrorInfo"): jen.Id("info")}))
			return
		}
		g.Return(jen.Id("errorFromInfo").Call(jen.Id("info")))
	})
}
