package emit

import (
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/bpgen/bpgen/generator/model"
)

// TestPackage is the name of the test-helper subpackage of the package pkg,
// written in the subdirectory of that name, as net/http/httptest is to
// net/http.
func TestPackage(pkg string) string { return pkg + "test" }

// fakeFile declares, in the test subpackage, Fake, a Server for tests that
// records every call, and NewTestClient, which serves one to a Client
// without leaving the process. m qualifies the main package's names.
func fakeFile(f *jen.File, api *model.API, m qual) {
	if len(api.Operations) == 0 {
		return
	}
	packageComment(f, "Package "+TestPackage(api.Package)+" provides test helpers for package "+api.Package+": Fake, "+article(api.Package)+" "+api.Package+".Server that records every call, and NewTestClient, which serves a Server to "+article(api.Package)+" "+api.Package+".Client in the test's process. "+
		"It is a package of its own, as net/http/httptest is, so that programs importing "+api.Package+" compile none of it.")
	fakeType(f, api, m)
	for _, op := range api.Operations {
		fakeMethods(f, op, m)
	}
	newTestClient(f, api, m)
}

// qual names an identifier of the main package from the test subpackage.
type qual func(name string) *jen.Statement

func opSignature(op *model.Operation, m qual) (params, results []jen.Code) {
	return []jen.Code{jen.Id("ctx").Qual("context", "Context"), jen.Id("in").Op("*").Add(m(op.Input.Name))},
		[]jen.Code{jen.Op("*").Add(m(op.Output.Name)), jen.Error()}
}

func fakeType(f *jen.File, api *model.API, m qual) {
	comment(f, "Fake is "+article(api.Package)+" "+api.Package+".Server for tests, safe for concurrent use. Set the func field of each operation a test needs; an operation whose field is nil answers with the API's not-implemented error. "+
		"Every call is recorded with its input, whatever the answer: read them back with Calls, or with the operation's Calls method. Set the func fields before the Fake serves requests.\n\n"+
		"NewTestClient serves a Fake to a Client in one line.")
	f.Type().Id("Fake").StructFunc(func(g *jen.Group) {
		for _, op := range api.Operations {
			comment(g, op.FakeFunc+" answers "+op.Name+".")
			params, results := opSignature(op, m)
			g.Id(op.FakeFunc).Func().Params(params...).Params(results...)
		}
		g.Line()
		g.Id("mu").Qual("sync", "Mutex")
		g.Id("calls").Index().Id("FakeCall")
	})
	f.Line()
	comment(f, "FakeCall is one call a Fake received.")
	f.Type().Id("FakeCall").Struct(
		jen.Comment("Operation is the Server method called, such as "+strconv.Quote(api.Operations[0].Name)+"."),
		jen.Id("Operation").String(),
		jen.Comment("Input is the call's input, such as a *"+api.Package+"."+api.Operations[0].Input.Name+"."),
		jen.Id("Input").Any(),
	)
	f.Line()
	comment(f, "NewFake returns a Fake that answers every operation with the not-implemented error until its func fields are set. A zero Fake is ready to use too.")
	f.Func().Id("NewFake").Params().Op("*").Id("Fake").Block(jen.Return(jen.Op("&").Id("Fake").Values()))
	f.Line()
	f.Var().Id("_").Add(m("Server")).Op("=").Parens(jen.Op("*").Id("Fake")).Parens(jen.Nil())
	f.Line()
	comment(f, "Calls returns the calls received so far, in order.")
	f.Func().Params(jen.Id("f").Op("*").Id("Fake")).Id("Calls").Params().Index().Id("FakeCall").Block(
		jen.Id("f").Dot("mu").Dot("Lock").Call(),
		jen.Defer().Id("f").Dot("mu").Dot("Unlock").Call(),
		jen.Return(jen.Qual("slices", "Clone").Call(jen.Id("f").Dot("calls"))),
	)
	f.Line()
	comment(f, "record adds a call to the log.")
	f.Func().Params(jen.Id("f").Op("*").Id("Fake")).Id("record").Params(jen.Id("operation").String(), jen.Id("in").Any()).Block(
		jen.Id("f").Dot("mu").Dot("Lock").Call(),
		jen.Defer().Id("f").Dot("mu").Dot("Unlock").Call(),
		jen.Id("f").Dot("calls").Op("=").Append(jen.Id("f").Dot("calls"), jen.Id("FakeCall").Values(jen.Dict{jen.Id("Operation"): jen.Id("operation"), jen.Id("Input"): jen.Id("in")})),
	)
	f.Line()
	comment(f, "fakeInputs returns the inputs of type In that f received, in order; each operation has an input type of its own.")
	f.Func().Id("fakeInputs").Types(jen.Id("In").Any()).Params(jen.Id("f").Op("*").Id("Fake")).Index().Id("In").Block(
		jen.Var().Id("out").Index().Id("In"),
		jen.For(jen.List(jen.Id("_"), jen.Id("c")).Op(":=").Range().Id("f").Dot("Calls").Call()).Block(
			jen.If(jen.List(jen.Id("in"), jen.Id("ok")).Op(":=").Id("c").Dot("Input").Assert(jen.Id("In")), jen.Id("ok")).Block(
				jen.Id("out").Op("=").Append(jen.Id("out"), jen.Id("in")))),
		jen.Return(jen.Id("out")),
	)
	f.Line()
}

func fakeMethods(f *jen.File, op *model.Operation, m qual) {
	params, results := opSignature(op, m)
	comment(f, op.Name+" records the call and answers it with "+op.FakeFunc+".")
	f.Func().Params(jen.Id("f").Op("*").Id("Fake")).Id(op.Name).Params(params...).Params(results...).Block(
		jen.Id("f").Dot("record").Call(jen.Lit(op.Name), jen.Id("in")),
		jen.If(jen.Id("f").Dot(op.FakeFunc).Op("==").Nil()).Block(
			jen.Return(m("UnimplementedServer").Values().Dot(op.Name).Call(jen.Id("ctx"), jen.Id("in")))),
		jen.Return(jen.Id("f").Dot(op.FakeFunc).Call(jen.Id("ctx"), jen.Id("in"))),
	)
	f.Line()
	comment(f, op.FakeCalls+" returns the inputs of the "+op.Name+" calls received so far, in order.")
	f.Func().Params(jen.Id("f").Op("*").Id("Fake")).Id(op.FakeCalls).Params().Index().Op("*").Add(m(op.Input.Name)).Block(
		jen.Return(jen.Id("fakeInputs").Types(jen.Op("*").Add(m(op.Input.Name))).Call(jen.Id("f"))))
	f.Line()
}

func newTestClient(f *jen.File, api *model.API, m qual) {
	comment(f, "TestingT is the part of testing.TB that NewTestClient uses. *testing.T and *testing.B satisfy it.")
	f.Type().Id("TestingT").Interface(
		jen.Id("Helper").Params(),
		jen.Id("Cleanup").Params(jen.Func().Params()),
	)
	f.Line()
	credentials := "a test token"
	if len(api.Client.APIKeys) > 0 {
		credentials = "a test token and API key"
	}
	comment(f, "NewTestClient serves s with "+api.Package+".NewHandler on an httptest server until the test ends, and returns a Client that calls it, with "+credentials+" and no retries; opts come after that configuration, so they can change it. "+
		"Code under test that takes a *"+api.Package+".Client can then be tested against a Fake with no network:\n\n"+
		"\tfake := "+TestPackage(api.Package)+".NewFake()\n\tclient := "+TestPackage(api.Package)+".NewTestClient(t, fake)\n\t// call the code under test with client, then check fake.Calls()")
	f.Func().Id("NewTestClient").Params(jen.Id("t").Id("TestingT"), jen.Id("s").Add(m("Server")), jen.Id("opts").Op("...").Add(m("Option"))).Op("*").Add(m("Client")).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.Id("srv").Op(":=").Qual("net/http/httptest", "NewServer").Call(m("NewHandler").Call(jen.Id("s"))),
		jen.Id("t").Dot("Cleanup").Call(jen.Id("srv").Dot("Close")),
		jen.Id("base").Op(":=").Index().Add(m("Option")).Values(testClientOptions(api, m)...),
		jen.Return(m("NewClient").Call(jen.Append(jen.Id("base"), jen.Id("opts").Op("...")).Op("..."))),
	)
}

// testClientOptions configure NewTestClient's Client: the test server, no
// retries, and credentials that NewHandler's default authenticator accepts,
// whichever scheme the API declares (a bearer token, an API key header).
func testClientOptions(api *model.API, m qual) []jen.Code {
	opts := []jen.Code{
		m("WithBaseURL").Call(jen.Id("srv").Dot("URL")),
		m("WithHTTPClient").Call(jen.Id("srv").Dot("Client").Call()),
		m("WithToken").Call(jen.Lit("test-token")),
	}
	for _, k := range api.Client.APIKeys {
		opts = append(opts, m(k.Option).Call(jen.Lit("test-key")))
	}
	return append(opts, m("WithRetryPolicy").Call(m(rtNoRetry).Call()))
}
