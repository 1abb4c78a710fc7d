package emit

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/bpgen/bpgen/generator/model"
)

// serverFile declares the Server interface, UnimplementedServer and NewHandler, and
// for each operation the function that decodes, validates and serves its requests,
// with one validate method per type a request can carry.
func serverFile(f *jen.File, api *model.API) {
	if len(api.Operations) == 0 {
		return
	}
	p := &serverPlan{api.Server, api}
	serverInterface(f, api)
	unimplementedServer(f, api)
	newHandler(f, api)
	serverErrorSet(f, api)
	for _, op := range api.Operations {
		p.serveOperation(f, op)
		if len(op.Statuses) > 0 {
			serverStatusMethod(f, op)
		}
	}
	for _, t := range p.Validated {
		p.validateMethod(f, t)
	}
	for _, pat := range slices.Sorted(maps.Keys(p.Patterns)) {
		comment(f, p.Patterns[pat]+" is a pattern of the API description, compiled once for all the values that must match it.")
		f.Var().Id(p.Patterns[pat]).Op("=").Qual("regexp", "MustCompile").Call(jen.Lit(pat))
		f.Line()
	}
}

// serverRuntime says which optional runtime files the server of api uses; the
// decision comes from the same plan that renders the server, so a file is emitted
// exactly when its helpers are called.
func serverRuntime(api *model.API) map[string]bool {
	has := len(api.Operations) > 0
	need := map[string]bool{
		rtFileServer: has, rtFileServerBody: false, rtFileServerJson: false, rtFileServerJsonScan: false,
		rtFileServerJsonShape: false, rtFileServerRaw: false, rtFileServerQuery: false,
		rtFileServerParam: false, rtFileValidateJson: false, rtFileValidatePresent: false,
		rtFileValidateFormat: false, rtFileServerCookie: false, rtFileServerForm: false,
		rtFileValidateMembers: false, rtFileValidateLength: false, rtFileServerParamJSON: false,
		rtFileServerQueryDecode: false,
	}
	if !has {
		return need
	}
	p := &serverPlan{api.Server, api}
	for _, op := range api.Operations {
		need[rtFileServerBody] = need[rtFileServerBody] || op.Body != nil
		need[rtFileServerJson] = need[rtFileServerJson] || (op.Body != nil && !op.Body.Raw && !op.Body.Form)
		need[rtFileServerJsonScan] = need[rtFileServerJson]
		need[rtFileServerJsonShape] = need[rtFileServerJson]
		need[rtFileServerRaw] = need[rtFileServerRaw] || (op.Body != nil && op.Body.Raw)
		for _, prm := range op.Params {
			values := prm.In.InValues()
			need[rtFileServerQuery] = need[rtFileServerQuery] || values // the bounded parse, JSON text or not
			if prm.JSON {
				need[rtFileServerParamJSON] = true
				continue
			}
			need[rtFileServerQueryDecode] = need[rtFileServerQueryDecode] || values
			need[rtFileServerForm] = need[rtFileServerForm] || prm.In == model.InForm || prm.In == model.InMultipart
			need[rtFileServerCookie] = need[rtFileServerCookie] || prm.In == model.InCookie
			need[rtFileServerParam] = need[rtFileServerParam] || ((prm.In == model.InPath || prm.In == model.InHeader || prm.In == model.InCookie) && parsedParam(prm))
		}
	}
	for _, t := range p.Validated {
		if t.Kind == model.KindStruct && p.Scans(t) {
			need[rtFileValidateJson] = true
			strict, _ := p.Presence(t)
			need[rtFileValidateMembers] = need[rtFileValidateMembers] || p.ScanKeepsOnly(t)
			// validateMembers checks strict presence with validatePresent.
			need[rtFileValidatePresent] = need[rtFileValidatePresent] || len(strict) > 0 || p.ScanKeepsOnly(t)
		}
	}
	need[rtFileValidateFormat] = p.Formats
	need[rtFileValidateLength] = p.Lengths
	return need
}

func serverInterface(f *jen.File, api *model.API) {
	comment(f, "Server is the API as a Go interface, for the side that answers it. NewHandler serves an implementation over HTTP: it routes each request, decodes and validates its parameters and body into the operation's input, and only then calls the method. "+
		serverErrorDoc(api)+"\n\n"+
		"Embed UnimplementedServer to implement the operations one at a time. Methods get the HTTP request from RequestFromContext when they need more than the input.")
	f.Type().Id("Server").InterfaceFunc(func(g *jen.Group) {
		for _, op := range api.Operations {
			doc := docComment(op.Name, op.Doc, fmt.Sprintf("serves %s %s.", op.Method, op.Path)) + fmt.Sprintf("\n\nIt answers %d on success.", op.Status)
			comment(g, deprecated(doc, op.Deprecated))
			g.Id(op.Name).Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("in").Op("*").Id(op.Input.Name)).
				Params(jen.Op("*").Id(op.Output.Name), jen.Error())
		}
	})
	f.Line()
}

// serverErrorDoc says how a Server method answers with an error.
func serverErrorDoc(api *model.API) string {
	doc := "A method returns the output, answered as JSON with the operation's success status, or an error: "
	if api.Errors != nil {
		return doc + "an APIError (such as one of the package's error types) is answered with its status and envelope, any other error with a 500 that does not disclose it."
	}
	return doc + "a *ResponseError (see NewResponseError) is answered with its status and body, which should be of the type the operation declares for that status (a status it does not declare is logged as a bug), any other error with a 500 that does not disclose it."
}

func unimplementedServer(f *jen.File, api *model.API) {
	comment(f, "UnimplementedServer answers every operation with the API's not-implemented error. Embed it in a Server implementation so that it compiles before every operation is written, and keeps compiling when the API gains operations.")
	f.Type().Id("UnimplementedServer").Struct()
	f.Line()
	f.Var().Id("_").Id("Server").Op("=").Id("UnimplementedServer").Values()
	f.Line()
	for _, op := range api.Operations {
		comment(f, op.Name+" answers with the not-implemented error.")
		f.Func().Params(jen.Id("UnimplementedServer")).Id(op.Name).Params(jen.Qual("context", "Context"), jen.Op("*").Id(op.Input.Name)).
			Params(jen.Op("*").Id(op.Output.Name), jen.Error()).Block(
			jen.Return(jen.Nil(), notImplemented(op)))
		f.Line()
	}
}

// defaultAuthenticator is what secured operations check unless the caller of
// NewHandler sets another: a bearer token or the first API key header the spec
// declares, else nothing.
func defaultAuthenticator(api *model.API) jen.Code {
	switch {
	case api.Client.Bearer:
		return jen.Id(rtBearerAuthenticator).Call(jen.Nil())
	case len(api.Client.APIKeys) > 0:
		return jen.Id(rtAPIKeyAuthenticator).Call(jen.Lit(api.Client.APIKeys[0].Header), jen.Nil())
	}
	return jen.Nil()
}

func newHandler(f *jen.File, api *model.API) {
	doc := "NewHandler returns an http.Handler that serves the API with s. Before calling s it answers, " + handlerErrorShape(api) + ": 404 for an unknown path, 405 for a known path with another method, "
	switch {
	case api.Client.Bearer:
		doc += "401 without a bearer token (see WithAuthenticator), "
	case len(api.Client.APIKeys) > 0:
		doc += "401 without the " + api.Client.APIKeys[0].Header + " API key (see WithAuthenticator), "
	default:
		doc += "401 when an Authenticator set with WithAuthenticator refuses, "
	}
	doc += "415 for a body that is not JSON, 413 for a body over the size limit (see WithMaxBodyBytes), and 400 for a request that does not match the API description, with a message that names the field. " +
		"A panic in s is answered with a 500 and logged; the handler keeps serving."
	comment(f, doc)
	f.Func().Id("NewHandler").Params(jen.Id("s").Id("Server"), jen.Id("opts").Op("...").Id(rtHandlerOption)).Qual("net/http", "Handler").Block(
		jen.Return(jen.Id(rtNewServerHandler).Call(jen.Id(rtServerOps).Values(jen.Id("s").Op(":").Id("s")), jen.Id("serverRoutes"), jen.Id("serverErrors"), defaultAuthenticator(api), jen.Id("opts"))),
	)
	f.Line()
	// A package-level table of method expressions is static data: built in
	// NewHandler from method values, it was code and a closure per operation.
	comment(f, "serverRoutes lists the operations NewHandler serves, each with the serverOps method that serves it.")
	f.Var().Id("serverRoutes").Op("=").Index().Id(rtServerRoute).ValuesFunc(func(r *jen.Group) {
		for _, op := range api.Operations {
			if op.ShadowedBy != "" {
				continue // its requests route to ShadowedBy's handler
			}
			field := func(name string, v jen.Code) jen.Code { return jen.Id(name).Op(":").Add(v) }
			fields := []jen.Code{
				field(fieldRouteName, jen.Lit(op.Name)), field(fieldRouteMethod, jen.Lit(op.Method)), field(fieldRoutePath, jen.Lit(op.Route)),
			}
			pairs, names := routeQuery(op)
			if pairs != nil {
				fields = append(fields, field(fieldRouteQuery, pairs))
			}
			if names != nil {
				fields = append(fields, field(fieldRouteQueryNames, names))
			}
			fields = append(fields, field(fieldRouteSecured, jen.Lit(op.Secured)), field(fieldRouteServe, jen.Id(rtServerOps).Dot(op.Name)))
			if errs := routeErrors(api, op); errs != nil {
				fields = append(fields, field(fieldRouteErrors, errs))
			}
			r.Line().Values(fields...)
		}
		r.Line()
	})
	f.Line()
	comment(f, "serverOps holds one function per operation that turns a request into a call of the Server.")
	f.Type().Id(rtServerOps).Struct(jen.Id("s").Id("Server"))
	f.Line()
}

// roleConstant is the runtime's serverRole constant of a model role
// (invalidPayload: serverInvalidPayload); TestRuntimeNames checks that each
// exists.
func roleConstant(role string) string {
	return "server" + strings.ToUpper(role[:1]) + role[1:]
}

// handlerErrorShape says how the handler writes its own errors.
func handlerErrorShape(api *model.API) string {
	if api.Errors != nil {
		return "with the API's error envelope"
	}
	return "in the error schema the operation declares when the handler can fill it (a message property, an optional integer status), else as RFC 9457 problem details"
}

// notImplemented is the error an operation the Server does not implement
// answers with.
func notImplemented(op *model.Operation) jen.Code {
	return jen.Id("serverErrors").Dot("role").Call(jen.Id(rtServerNotImplemented), jen.Lit(op.Name+" is not implemented"))
}

// routeQuery lists what the query of op's requests carries, for the router
// to tell apart operations of one path and method: the pairs the path
// fixes, name then value, and the names of those it gives a parameter.
// Either is nil when there are none.
func routeQuery(op *model.Operation) (pairs, names jen.Code) {
	var fixed, present []jen.Code
	for _, q := range op.PathQuery {
		if q.Fixed() {
			fixed = append(fixed, jen.Lit(q.Name), jen.Lit(q.Value))
		} else {
			present = append(present, jen.Lit(q.Name))
		}
	}
	list := func(items []jen.Code) jen.Code {
		if len(items) == 0 {
			return nil
		}
		return jen.Index().String().Values(items...)
	}
	return list(fixed), list(present)
}

// routeErrors is what a route knows of its operation's declared errors.
func routeErrors(api *model.API, op *model.Operation) jen.Code {
	if api.Errors != nil {
		return errorStatuses(op)
	}
	if op.ErrorTable != nil {
		return jen.Id(op.ErrorTable.Name)
	}
	return nil
}

func serverErrorSet(f *jen.File, api *model.API) {
	if api.Errors == nil {
		comment(f, "serverErrors makes the errors the handler answers with by itself, written in the operation's declared error schema when it can fill one, else as RFC 9457 problem details.")
		f.Var().Id("serverErrors").Op("=").Op("&").Id(rtResponseServerErrors).Values(jen.DictFunc(func(d jen.Dict) {
			if api.RouteErrors != nil {
				d[jen.Id("common")] = jen.Id(api.RouteErrors.Name)
			}
		}))
		f.Line()
		return
	}
	comment(f, "serverErrors makes the errors the handler answers with by itself, of the catalogue's types where it names them.")
	f.Var().Id("serverErrors").Op("=").Op("&").Id(rtCatalogServerErrors).Values(jen.DictFunc(func(d jen.Dict) {
		var roles []jen.Code
		for _, role := range model.Roles {
			e := api.Errors.Roles[role]
			if e == nil {
				continue
			}
			roles = append(roles, jen.Line().Id(roleConstant(role)).Op(":").Func().Params(jen.Id("m").String()).Id(rtAPIError).Block(
				jen.Return(jen.Id(e.Constructor).Call(jen.Id("m")))))
		}
		if len(roles) > 0 {
			d[jen.Id("make")] = jen.Index(jen.Id(rtServerRoles)).Func().Params(jen.String()).Id(rtAPIError).Values(append(roles, jen.Line())...)
		}
	}))
	f.Line()
}

// serverPlan renders what the model's server plan decided.
type serverPlan struct {
	*model.ServerPlan
	api *model.API
}

// parsedParam reports whether a path or header parameter needs serverParseParam,
// not being a string.
func parsedParam(prm *model.Param) bool {
	t := prm.Field.Type
	if t.Kind == model.RefPtr {
		t = t.Elem
	}
	return !t.IsStringLike()
}

// serveOperation declares the function that turns a request into a call of op.
func (p *serverPlan) serveOperation(f *jen.File, op *model.Operation) {
	comment(f, fmt.Sprintf("%s serves %s %s: it decodes and validates the request, then calls the Server.", op.Name, op.Method, op.Path))
	f.Func().Params(jen.Id("o").Id(rtServerOps)).Id(op.Name).Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("x").Op("*").Id(rtServerExchange)).Error().BlockFunc(func(g *jen.Group) {
		g.Id("in").Op(":=").New(jen.Id(op.Input.Name))
		p.pathParams(g, op)
		p.queryParams(g, op)
		p.headerParams(g, op)
		if op.Body != nil && op.Body.Form {
			p.formBody(g, op)
		}
		for _, prm := range op.Params {
			in := prm.In
			if in == "form" || in == "multipart" {
				in = "body" // a form field is part of the body
			}
			at := errPath{jen.Lit(string(in) + "." + prm.Wire)}
			p.check(g, value{expr: jen.Id("in").Dot(prm.Field.Name)}, prm.Field.Type, nil, at, scope{})
		}
		p.requestBody(g, op)
		g.List(jen.Id("out"), jen.Err()).Op(":=").Id("o").Dot("s").Dot(op.Name).Call(jen.Id("ctx"), jen.Id("in"))
		g.Return(jen.Id(rtServerReply).Call(jen.Id("x"), jen.Lit(op.Status), jen.Id("out"), jen.Err()))
	})
	f.Line()
}

// pathParams reads the parameters the router matched, in template order.
func (p *serverPlan) pathParams(g *jen.Group, op *model.Operation) {
	i := 0
	for _, s := range op.Segments {
		if s.Param == nil {
			continue
		}
		var text jen.Code = jen.Id("x").Dot("path").Index(jen.Lit(i))
		i++
		fd := s.Param.Field
		if styledPath(s.Param) {
			local := fmt.Sprintf("p%d", i-1)
			g.List(jen.Id(local), jen.Id("ok")).Op(":=").Id(rtServerPathStyle).Call(jen.Lit(string(s.Param.Style)), jen.Lit(s.Param.Wire), jen.Lit(s.Param.Explode), text)
			g.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Id(rtValidateIn).Call(errorf("is not in the "+string(s.Param.Style)+" style"), jen.Lit("path."+s.Param.Wire))))
			text = jen.Id(local)
		}
		if !parsedParam(s.Param) {
			g.Id("in").Dot(fd.Name).Op("=").Add(stringAs(fd.Type, text))
			continue
		}
		g.If(jen.Err().Op(":=").Id(rtServerParseParam).Call(text, jen.Op("&").Id("in").Dot(fd.Name)), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id(rtValidateIn).Call(jen.Err(), jen.Lit("path."+s.Param.Wire))))
	}
}

// stringAs converts text to a string-like field type: a string, a string enum, or a
// pointer to either.
func stringAs(t *model.TypeRef, text jen.Code) jen.Code {
	if t.Kind == model.RefPtr {
		return jen.Id(rtPtr).Call(stringAs(t.Elem, text))
	}
	if t.Kind == model.RefNamed {
		return jen.Id(t.Name).Call(text)
	}
	return text
}

func (p *serverPlan) queryParams(g *jen.Group, op *model.Operation) {
	first := true
	for _, prm := range op.Params {
		if prm.In != model.InQuery {
			continue
		}
		if first {
			g.List(jen.Id("q"), jen.Err()).Op(":=").Id("x").Dot("query").Call()
			g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
			first = false
		}
		if prm.JSON {
			jsonParamIn(g, prm, jen.Id("q").Dot("Get").Call(jen.Lit(prm.Wire)))
			continue
		}
		g.If(jen.Err().Op(":=").Id(rtServerQuery).Call(jen.Id("q"), jen.Lit(prm.Wire), jen.Op("&").Id("in").Dot(prm.Field.Name),
			styleLit(p.api, prm), jen.Lit(prm.Required)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	}
}

// jsonParamIn decodes a parameter described by a JSON media type from its
// text, "" when it is absent.
func jsonParamIn(g *jen.Group, prm *model.Param, text jen.Code) {
	at := jen.Lit(string(prm.In) + "." + prm.Wire)
	stmt := g.If(jen.Id("h").Op(":=").Add(text), jen.Id("h").Op("!=").Lit("")).Block(
		jen.If(jen.Err().Op(":=").Id(rtServerParamJSON).Call(jen.Id("h"), jen.Op("&").Id("in").Dot(prm.Field.Name)), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id(rtValidateIn).Call(jen.Err(), at))))
	if prm.Required {
		stmt.Else().Block(jen.Return(jen.Id(rtValidateIn).Call(errorf("is required"), at)))
	}
}

func (p *serverPlan) headerParams(g *jen.Group, op *model.Operation) {
	for _, prm := range op.Params {
		if prm.In != model.InHeader && prm.In != model.InCookie {
			continue
		}
		if prm.JSON {
			jsonParamIn(g, prm, paramText(prm))
			continue
		}
		fd := prm.Field
		var set jen.Code = jen.Id("in").Dot(fd.Name).Op("=").Add(stringAs(fd.Type, jen.Id("h")))
		if fd.Type.Kind == model.RefPtr && fd.Type.Elem.IsString() {
			set = jen.Id("in").Dot(fd.Name).Op("=").Op("&").Id("h")
		}
		if parsedParam(prm) {
			set = jen.If(jen.Err().Op(":=").Id(rtServerParseParam).Call(jen.Id("h"), jen.Op("&").Id("in").Dot(fd.Name)), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Id(rtValidateIn).Call(jen.Err(), jen.Lit(string(prm.In)+"."+prm.Wire))))
		}
		stmt := g.If(jen.Id("h").Op(":=").Add(paramText(prm)), jen.Id("h").Op("!=").Lit("")).Block(set)
		if prm.Required {
			stmt.Else().Block(jen.Return(jen.Id(rtValidateIn).Call(errorf("is required"), jen.Lit(string(prm.In)+"."+prm.Wire))))
		}
	}
}

// formBody reads the form body and decodes each of its fields.
func (p *serverPlan) formBody(g *jen.Group, op *model.Operation) {
	values := jen.Id("form")
	if op.Body.Media[0] == "multipart/form-data" {
		g.List(jen.Id("mp"), jen.Err()).Op(":=").Id("x").Dot("multipartBody").Call(jen.Lit(op.Body.Required))
		values = jen.Id("mp").Dot("values")
	} else {
		g.List(jen.Id("form"), jen.Err()).Op(":=").Id("x").Dot("formBody").Call(jen.Lit(op.Body.Required))
	}
	g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	for _, prm := range op.Params {
		field := jen.Id("in").Dot(prm.Field.Name)
		switch {
		case prm.In != model.InForm && prm.In != model.InMultipart:
		case prm.File:
			g.If(field.Clone().Op(",").Err().Op("=").Id(rtServerMultipartFile).Call(jen.Id("mp"), jen.Lit(prm.Wire), jen.Lit(prm.Required)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		default:
			g.If(jen.Err().Op(":=").Id(rtServerFormField).Call(values.Clone(), jen.Lit(prm.Wire), jen.Op("&").Add(field),
				styleLit(p.api, prm), jen.Lit(prm.Required)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		}
	}
}

// paramText is the text of a header or cookie parameter, "" when absent.
func paramText(prm *model.Param) jen.Code {
	if prm.In == model.InCookie {
		return jen.Id(rtServerCookie).Call(jen.Id("x").Dot("r"), jen.Lit(prm.Wire))
	}
	return jen.Id("x").Dot("r").Dot("Header").Dot("Get").Call(jen.Lit(prm.Wire))
}

// requestBody decodes and validates the body: into the input itself when its
// properties are the input's fields, else into the body field.
func (p *serverPlan) requestBody(g *jen.Group, op *model.Operation) {
	b := op.Body
	if b == nil || b.Form {
		return // a form body was decoded with the parameters
	}
	if b.Raw {
		media := make([]jen.Code, len(b.Media))
		for i, m := range b.Media {
			media[i] = jen.Lit(m)
		}
		g.List(jen.Id("body"), jen.Id("ct"), jen.Err()).Op(":=").Id("x").Dot("decodeRawBody").Call(jen.Index().String().Values(media...), jen.Lit(b.Required))
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		g.List(jen.Id("in").Dot(b.Field.Name), jen.Id("in").Dot(b.ContentType.Name)).Op("=").List(jen.Id("body"), jen.Id("ct"))
		return
	}
	dst := jen.Id("in")
	if !b.Inline {
		dst = jen.Op("&").Id("in").Dot(b.Field.Name)
	}
	g.If(jen.Err().Op(":=").Id("x").Dot("decodeBody").Call(dst, jen.Lit(b.Required)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	validate := func(v *jen.Group) {
		if b.Inline {
			if !p.Needs[op.Input] {
				return
			}
			var args []jen.Code
			if p.Raw[op.Input] {
				args = append(args, jen.Id("x").Dot("body"))
			}
			v.If(jen.Err().Op(":=").Id("in").Dot("validate").Call(args...), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Id(rtValidateIn).Call(jen.Err(), jen.Lit("body"))))
			return
		}
		p.check(v, value{expr: jen.Id("in").Dot(b.Field.Name)}, b.Field.Type, jen.Id("x").Dot("body"), errPath{jen.Lit("body")}, scope{})
	}
	switch {
	case b.Required:
		validate(g)
	case p.bodyChecked(op):
		// An optional body that was not sent has nothing to check.
		g.If(jen.Id("x").Dot("body").Op("!=").Nil()).BlockFunc(validate)
	}
}

// bodyChecked reports whether validating op's body emits anything.
func (p *serverPlan) bodyChecked(op *model.Operation) bool {
	if op.Body.Inline {
		return p.Needs[op.Input]
	}
	return p.RefNeeds(op.Body.Field.Type)
}
