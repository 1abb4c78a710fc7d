package emit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/bpgen/bpgen/generator/model"
)

// errorsFile declares the API's errors: with a catalogue, one struct per
// error type, a sentinel per type for errors.Is, a constructor for servers,
// the envelope's shape and the decoder that picks the type; without one, the
// tables of each operation's declared error responses.
func errorsFile(f *jen.File, api *model.API) {
	cat := api.Errors
	if cat == nil {
		for _, t := range api.ErrorTables {
			errorTable(f, t)
		}
		return
	}
	envelopeVars(f, cat)
	for _, e := range cat.Types {
		errorType(f, e)
	}
	comment(f, "errorFromInfo returns the catalogue type named by info.Type.")
	f.Func().Id("errorFromInfo").Params(jen.Id("info").Id(rtErrorInfo)).Id(rtAPIError).BlockFunc(func(g *jen.Group) {
		g.Switch(jen.Id("info").Dot("Type")).BlockFunc(func(s *jen.Group) {
			for _, e := range cat.Types {
				s.Case(jen.Lit(e.Wire)).Block(jen.Return(jen.Op("&").Id(e.Name).Values(jen.Id("info"))))
			}
		})
		if cat.Unknown != nil {
			comment(g, "An unknown type keeps the original type and code.")
			g.Return(jen.Op("&").Id(cat.Unknown.Name).Values(jen.Id("info")))
		} else {
			g.Return(jen.Op("&").Id(rtStatusError).Values(jen.Dict{jen.Id(rtErrorInfo): jen.Id("info")}))
		}
	})
}

// envelopeVars declares what the runtime reads the envelope and the id
// format from (templates/rt/errors_catalog_stub.go stands in for them there).
func envelopeVars(f *jen.File, cat *model.ErrorCatalog) {
	names := func(n []string) jen.Code {
		if len(n) == 0 {
			return jen.Nil()
		}
		return jen.Index().String().ValuesFunc(func(g *jen.Group) {
			for _, s := range n {
				g.Lit(s)
			}
		})
	}
	env := cat.Envelope
	comment(f, "errorEnvelope names the properties of the API's error envelope: each list holds the name written, then other names read.")
	f.Var().Id(rtErrorEnvelope).Op("=").Id(rtErrorEnvelopeShape).Values(jen.Dict{
		jen.Id("ID"): names(env.ID), jen.Id("Status"): names(env.Status), jen.Id("Type"): names(env.Type),
		jen.Id("Message"): names(env.Message), jen.Id("Details"): names(env.Details),
	})
	f.Line()
	id := cat.IDFormat
	comment(f, "errorIDFormat is the format of the ids of errors created by this package.")
	f.Var().Id(rtErrorIDFormat).Op("=").Id(rtErrorIDShape).Values(jen.DictFunc(func(d jen.Dict) {
		set := func(k string, v any, zero bool) {
			if !zero {
				d[jen.Id(k)] = jen.Lit(v)
			}
		}
		set("Prefix", id.Prefix, id.Prefix == "")
		set("Time", id.Time, id.Time == "")
		set("Separator", id.Separator, id.Separator == "")
		set("Random", id.Random, id.Random == 0)
		set("Upper", id.Upper, !id.Upper)
	}))
	f.Line()
}

// errorTable declares the error responses some operations declare, for the
// client to decode and the server to check and fill.
func errorTable(f *jen.File, t *model.ErrorTable) {
	comment(f, t.Name+" are the error responses that "+strings.Join(t.Operations, ", ")+" declare"+map[bool]string{true: "s", false: ""}[len(t.Operations) == 1]+".")
	f.Var().Id(t.Name).Op("=").Id(rtErrorCases).ValuesFunc(func(g *jen.Group) {
		for _, e := range t.Cases {
			g.Line().Values(errorCase(e))
		}
		g.Line()
	})
	f.Line()
}

func errorCase(e *model.ErrorResponse) jen.Dict {
	d := jen.Dict{jen.Id("status"): jen.Lit(errorStatus(e.Status))}
	if e.Media != "" {
		d[jen.Id("media")] = jen.Lit(e.Media)
	}
	if e.Type != nil {
		d[jen.Id("decode")] = jen.Id(rtErrorAs).Types(goType(e.Type))
	}
	if e.Message != nil {
		d[jen.Id("message")] = jen.Index().String().ValuesFunc(func(g *jen.Group) {
			for _, s := range e.Message {
				g.Lit(s)
			}
		})
	}
	if e.Fill != nil {
		fill := jen.Dict{jen.Id("message"): jen.Lit(e.Fill.Message)}
		if e.Fill.Status != "" {
			fill[jen.Id("status")] = jen.Lit(e.Fill.Status)
		}
		d[jen.Id("fill")] = jen.Op("&").Id(rtErrorFill).Values(fill)
	}
	return d
}

// errorStatus encodes a response key as the runtime matches it: the status,
// its class (4 for "4XX"), or 0 for "default".
func errorStatus(key string) int {
	if key == "default" {
		return 0
	}
	if len(key) == 3 && (key[1] == 'X' || key[1] == 'x') {
		return int(key[0] - '0')
	}
	n, _ := strconv.Atoi(key)
	return n
}

// errorStatuses lists the statuses an operation declares, for the server of
// an API with a catalogue; nil when it declares none.
func errorStatuses(op *model.Operation) jen.Code {
	if len(op.Errors) == 0 {
		return nil
	}
	return jen.Id(rtErrorStatuses).ValuesFunc(func(g *jen.Group) {
		for _, e := range op.Errors {
			g.Lit(errorStatus(e.Status))
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
	f.Type().Id(e.Name).Struct(jen.Id(rtErrorInfo))
	f.Line()
	comment(f, fmt.Sprintf("%s returns a new %s with message, the status %d and a fresh id, ready for a server to return.", e.Constructor, e.Name, e.Status))
	f.Func().Id(e.Constructor).Params(jen.Id("message").String()).Op("*").Id(e.Name).Block(
		jen.Return(jen.Op("&").Id(e.Name).Values(jen.Id(rtNewErrorInfo).Call(jen.Lit(e.Wire), jen.Lit(e.Status), jen.Id("message")))),
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

// decodeErrorHook is the function the client core calls on non-2xx answers
// of an API with a catalogue.
func decodeErrorHook(f *jen.File, api *model.API) {
	if api.Errors == nil {
		return
	}
	comment(f, "decodeAPIError turns an error response into a typed error: the catalogue's type when the body is an error envelope, else a *StatusError with the status and a body excerpt.")
	f.Func().Id("decodeAPIError").Params(jen.Id("resp").Op("*").Qual("net/http", "Response"), jen.Id("body").Index().Byte(), jen.Id("_").Bool()).Error().BlockFunc(func(g *jen.Group) {
		g.List(jen.Id("info"), jen.Id("ok")).Op(":=").Id(rtParseErrorEnvelope).Call(jen.Id("resp").Dot("StatusCode"), jen.Id("body"))
		g.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Id(rtNewStatusError).Call(jen.Id("resp").Dot("StatusCode"), jen.Id("body"))))
		g.Return(jen.Id("errorFromInfo").Call(jen.Id("info")))
	})
}
