package emit

import (
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/bpgen/bpgen/generator/model"
)

// An operation whose 2xx responses declare different bodies has an Output
// of a Status field and one field per body (model.Operation.Statuses). The
// client reads a response's body into the field of its status; the server
// answers with the body field that is set.

// statusOf is the Output field that holds the status.
func statusOf(op *model.Operation) *jen.Statement {
	return jen.Id("o").Dot(op.Output.Fields[0].Name)
}

func statusLits(codes []int) []jen.Code {
	out := make([]jen.Code, len(codes))
	for i, c := range codes {
		out[i] = jen.Lit(c)
	}
	return out
}

// statusList says which field holds the body of which status, for doc comments.
func statusList(op *model.Operation) string {
	parts := make([]string, len(op.Statuses))
	for i, sb := range op.Statuses {
		codes := make([]string, len(sb.Codes))
		for k, c := range sb.Codes {
			codes[k] = strconv.Itoa(c)
		}
		parts[i] = strings.Join(codes, " and ") + " into " + sb.Field.Name
	}
	return strings.Join(parts, ", ")
}

// clientStatusMethod lets the client decode a response of op by its status;
// a 2xx status the document does not list reads as the first body.
func clientStatusMethod(f *jen.File, op *model.Operation) {
	first := op.Statuses[0]
	comment(f, methodClientStatusBody+" records the status of a "+op.Name+" response and returns the field its body decodes into: "+statusList(op)+"; any other status into "+first.Field.Name+".")
	f.Func().Params(jen.Id("o").Op("*").Id(op.Output.Name)).Id(methodClientStatusBody).Params(jen.Id("status").Int()).Any().BlockFunc(func(g *jen.Group) {
		g.Add(statusOf(op)).Op("=").Id("status")
		g.Switch(jen.Id("status")).BlockFunc(func(s *jen.Group) {
			for _, sb := range op.Statuses[1:] {
				s.Case(statusLits(sb.Codes)...).Block(jen.Return(jen.Op("&").Id("o").Dot(sb.Field.Name)))
			}
		})
		g.Return(jen.Op("&").Id("o").Dot(first.Field.Name))
	})
	f.Line()
}

// serverStatusMethod lets the server answer op with the status its output
// says: the Status field when set, else that of the body field that is set.
func serverStatusMethod(f *jen.File, op *model.Operation) {
	first := op.Statuses[0]
	comment(f, methodServerStatusAnswer+" is the status and body a server answers "+op.Name+" with: "+op.Output.Fields[0].Name+" when it is set, else the status of the body field that is set, else "+strconv.Itoa(first.Codes[0])+".")
	f.Func().Params(jen.Id("o").Op("*").Id(op.Output.Name)).Id(methodServerStatusAnswer).Params().Params(jen.Int(), jen.Any()).BlockFunc(func(g *jen.Group) {
		g.Id("status").Op(":=").Add(statusOf(op))
		g.If(jen.Id("status").Op("==").Lit(0)).Block(jen.Switch().BlockFunc(func(s *jen.Group) {
			for _, sb := range op.Statuses[1:] {
				s.Case(jen.Id("o").Dot(sb.Field.Name).Op("!=").Nil()).Block(jen.Id("status").Op("=").Lit(sb.Codes[0]))
			}
			s.Default().Block(jen.Id("status").Op("=").Lit(first.Codes[0]))
		}))
		g.Switch(jen.Id("status")).BlockFunc(func(s *jen.Group) {
			for _, sb := range op.Statuses[1:] {
				s.Case(statusLits(sb.Codes)...).Block(jen.Return(jen.Id("status"), jen.Id("o").Dot(sb.Field.Name)))
			}
		})
		g.Return(jen.Id("status"), jen.Id("o").Dot(first.Field.Name))
	})
	f.Line()
}
