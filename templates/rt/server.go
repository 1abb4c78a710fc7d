package rt

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Authenticator decides whether a request may call a secured operation. It runs after
// routing and before the body is read. It returns the context the operation runs with,
// which may carry the caller's identity, or an error to refuse the request: an APIError
// is answered as is (a 403, say), any other error with the API's 401 error, without its
// text.
type Authenticator func(ctx context.Context, r *http.Request) (context.Context, error)

// BearerAuthenticator returns an Authenticator that requires an "Authorization: Bearer
// <token>" header and passes the token to verify. A nil verify accepts any non-empty
// token; that is what a handler does by default when the API declares bearer
// authentication, which suits tests and services that authenticate in a gateway, but
// not a service exposed on its own.
func BearerAuthenticator(verify func(ctx context.Context, token string) (context.Context, error)) Authenticator {
	return func(ctx context.Context, r *http.Request) (context.Context, error) {
		scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		token = strings.TrimSpace(token)
		if !strings.EqualFold(scheme, "Bearer") || token == "" {
			return nil, errors.New("missing bearer token")
		}
		if verify == nil {
			return ctx, nil
		}
		return verify(ctx, token)
	}
}

// APIKeyAuthenticator returns an Authenticator that requires a non-empty header
// (the API key) and passes its value to verify. A nil verify accepts any key; that is
// what a handler does by default when the API declares an API key in a header.
func APIKeyAuthenticator(header string, verify func(ctx context.Context, key string) (context.Context, error)) Authenticator {
	return func(ctx context.Context, r *http.Request) (context.Context, error) {
		key := strings.TrimSpace(r.Header.Get(header))
		if key == "" {
			return nil, errors.New("missing " + header + " header")
		}
		if verify == nil {
			return ctx, nil
		}
		return verify(ctx, key)
	}
}

// HandlerOption configures the handler NewHandler returns.
type HandlerOption func(*serverConfig)

// WithAuthenticator sets how requests to secured operations are authenticated. nil
// accepts every request.
func WithAuthenticator(a Authenticator) HandlerOption {
	return func(c *serverConfig) { c.auth = a }
}

// WithMaxBodyBytes sets the largest request body accepted; larger ones are answered with
// the API's 413 error. The default is 10 MiB.
func WithMaxBodyBytes(n int64) HandlerOption {
	return func(c *serverConfig) { c.maxBody = n }
}

// WithHandlerMiddleware wraps the handler, routing included; the first middleware is the
// outermost.
func WithHandlerMiddleware(m ...func(http.Handler) http.Handler) HandlerOption {
	return func(c *serverConfig) { c.middleware = append(c.middleware, m...) }
}

// WithHandlerLogger sets the logger that records errors the client only sees as the
// API's 500 error: errors that are not APIErrors, and panics. Each record carries the
// error id sent to the client. The default is slog.Default(); nil discards them.
func WithHandlerLogger(l *slog.Logger) HandlerOption {
	return func(c *serverConfig) {
		if l == nil {
			l = slog.New(slog.DiscardHandler)
		}
		c.logger = l
	}
}

// RequestFromContext returns the HTTP request being served, from the context a handler
// built by NewHandler passes to the Server, for implementations that need headers or
// other details the operation's input does not carry.
func RequestFromContext(ctx context.Context) (*http.Request, bool) {
	r, ok := ctx.Value(serverRequestKey{}).(*http.Request)
	return r, ok
}

// serverRequestKey is the context key of the request being served.
type serverRequestKey struct{}

// serverDefaultMaxBody is the default body size limit.
const serverDefaultMaxBody = 10 << 20

type serverConfig struct {
	auth         Authenticator
	maxBody      int64
	maxQueryKeys int // see WithMaxQueryKeys; 0 for the default
	maxJSONDepth int // see WithMaxJSONDepth; 0 for the default
	middleware   []func(http.Handler) http.Handler
	logger       *slog.Logger
}

// serverRole names an error the handler answers with by itself.
type serverRole int

const (
	serverInvalidPayload serverRole = iota
	serverInvalidQuery
	serverNotFound
	serverMethodNotAllowed
	serverNotImplemented
	serverUnauthorized
	serverPayloadTooLarge
	serverUnsupportedMediaType
	serverInternal
	serverRoles
)

// serverRoleStatus is the status of each role's error.
var serverRoleStatus = [serverRoles]int{
	serverInvalidPayload:       http.StatusBadRequest,
	serverInvalidQuery:         http.StatusBadRequest,
	serverNotFound:             http.StatusNotFound,
	serverMethodNotAllowed:     http.StatusMethodNotAllowed,
	serverNotImplemented:       http.StatusNotImplemented,
	serverUnauthorized:         http.StatusUnauthorized,
	serverPayloadTooLarge:      http.StatusRequestEntityTooLarge,
	serverUnsupportedMediaType: http.StatusUnsupportedMediaType,
	serverInternal:             http.StatusInternalServerError,
}

// serverErrorModel is how the package makes and writes errors, as its API
// description declares them (an error catalogue, or error schemas per
// operation).
type serverErrorModel interface {
	// role returns the error the handler answers for role, with message.
	role(r serverRole, message string) error
	// write answers err when it is an error of the API, and reports whether it was.
	write(x *serverExchange, err error) bool
}

// serverDeclared is what a route knows of the error statuses its operation
// declares.
type serverDeclared interface {
	declares(status int) bool
}

// serverRoute is one operation of the handler.
type serverRoute struct {
	name   string // Go method name, for logs
	method string
	path   string // template, e.g. /things/{id}
	// query holds the query pairs the route's requests carry, name then
	// value, and queryNames the query names they carry with any value:
	// what tells apart operations of one path and method, as in
	// /#Action=CreateQueue beside /#Action=DeleteQueue, or ?city={city}
	// beside ?lat={lat}&lon={lon}. Nil for most.
	query, queryNames []string
	secured           bool
	// serve is a method expression of the generated serverOps (serverOps.GetThing):
	// a plain function, where a method value would be a closure per operation.
	serve  func(o serverOps, ctx context.Context, x *serverExchange) error
	errors serverDeclared // the operation's declared error responses; nil for none
}

// serverHandler routes, authenticates and answers errors; the generated serve
// functions decode, validate and call the Server.
type serverHandler struct {
	ops    serverOps
	root   *serverNode
	errs   serverErrorModel
	config serverConfig
}

// newServerHandler builds the handler of routes. bearer says whether the API declares
// bearer authentication, which is then checked by default.
func newServerHandler(ops serverOps, routes []serverRoute, errs serverErrorModel, auth Authenticator, opts []HandlerOption) http.Handler {
	h := &serverHandler{ops: ops, root: newServerNode(), errs: errs}
	h.config = serverConfig{maxBody: serverDefaultMaxBody, logger: slog.Default(), auth: auth}
	for _, o := range opts {
		if o != nil {
			o(&h.config)
		}
	}
	for i := range routes {
		h.root.add(&routes[i])
	}
	var out http.Handler = h
	for i := len(h.config.middleware) - 1; i >= 0; i-- {
		if m := h.config.middleware[i]; m != nil {
			if wrapped := m(out); wrapped != nil {
				out = wrapped
			}
		}
	}
	return out
}

// serverExchange is one request being served. It is also the context the operation
// runs with: the request's context plus the request itself, for RequestFromContext,
// without an allocation of its own.
type serverExchange struct {
	context.Context
	w      http.ResponseWriter
	r      *http.Request
	h      *serverHandler
	route  *serverRoute
	path   []string // path parameters, in template order
	body   []byte   // the request body once read; nil when there is none
	wrote  bool     // the response has started
	method bool     // the error being answered was returned by the Server method
	// routeQuery is the query as the router reads it.
	routeQuery serverRouteQuery
	pathBuf    [6]string
}

// Value returns the request for RequestFromContext and defers every other key.
func (x *serverExchange) Value(key any) any {
	if key == (serverRequestKey{}) {
		return x.r
	}
	return x.Context.Value(key)
}

// ServeHTTP answers one request.
func (h *serverHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	x := &serverExchange{Context: r.Context(), w: w, r: r, h: h}
	defer x.recover()
	if !h.route(x) {
		return
	}
	var ctx context.Context = x
	if x.route.secured && h.config.auth != nil {
		var err error
		if ctx, err = h.config.auth(x, r); err != nil {
			if !h.errs.write(x, err) {
				x.fail(h.errs.role(serverUnauthorized, "missing or invalid credentials"))
			}
			return
		}
		if ctx == nil {
			ctx = x
		}
	}
	if err := x.route.serve(h.ops, ctx, x); err != nil {
		x.fail(err)
	}
}

// route finds the operation of the request, answering 404 or 405 when there is none.
func (h *serverHandler) route(x *serverExchange) bool {
	path := x.r.URL.EscapedPath()
	var allow []string // methods of the path, filled only when none is the request's
	x.routeQuery = serverRouteQuery{raw: x.r.URL.RawQuery, limit: cmp.Or(h.config.maxQueryKeys, serverDefaultMaxQueryKeys)}
	q := &x.routeQuery // in the exchange: no allocation of its own
	if strings.HasPrefix(path, "/") {
		x.route, x.path = h.root.find(path[1:], path == "/", x.r.Method, q, x.pathBuf[:0], &allow)
	}
	if x.route == nil && len(allow) > 0 && x.r.Method == http.MethodHead && slices.Contains(allow, http.MethodGet) {
		// HEAD is GET without the body, which net/http drops for us.
		x.route, x.path = h.root.find(path[1:], path == "/", http.MethodGet, q, x.pathBuf[:0], &allow)
	}
	switch {
	case x.route != nil:
		return true
	case len(allow) > 0 && x.r.Method == http.MethodOptions:
		x.w.Header().Set("Allow", strings.Join(serverAllow(allow), ", "))
		x.wrote = true
		x.w.WriteHeader(http.StatusNoContent)
	case len(allow) > 0:
		allow = serverAllow(allow)
		x.w.Header().Set("Allow", strings.Join(allow, ", "))
		x.fail(h.errs.role(serverMethodNotAllowed, fmt.Sprintf("method %s is not allowed on %s; allowed: %s", x.r.Method, serverExcerpt(path), strings.Join(allow, ", "))))
	default:
		x.fail(h.errs.role(serverNotFound, fmt.Sprintf("no operation at %s %s", x.r.Method, serverExcerpt(path))))
	}
	return false
}

// serverAllow lists the methods a path answers, sorted, with HEAD beside GET
// and OPTIONS, which the handler answers itself.
func serverAllow(methods []string) []string {
	out := append([]string{http.MethodOptions}, methods...)
	if slices.Contains(methods, http.MethodGet) {
		out = append(out, http.MethodHead)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// serverExcerptLen bounds how much of the request an error message repeats.
const serverExcerptLen = 200

// serverExcerpt shortens request text quoted in an error message.
func serverExcerpt(s string) string {
	if len(s) > serverExcerptLen {
		return strings.ToValidUTF8(s[:serverExcerptLen], "") + "..."
	}
	return s
}

// recover turns a panic in the operation into the API's 500 error, so that the server
// keeps serving. http.ErrAbortHandler keeps its meaning: abort the response.
func (x *serverExchange) recover() {
	p := recover()
	if p == nil {
		return
	}
	if p == http.ErrAbortHandler {
		panic(p)
	}
	x.internal(fmt.Errorf("panic: %v\n%s", p, debug.Stack()))
}

// fail answers err: a validation error with the invalid-payload or invalid-query error,
// an error of the API as is, anything else with the 500 error, logged but not disclosed.
func (x *serverExchange) fail(err error) {
	var invalid *validateError
	if errors.As(err, &invalid) {
		role := serverInvalidQuery
		if invalid.root() == "body" {
			role = serverInvalidPayload
		}
		x.method = false
		err = x.h.errs.role(role, invalid.Error())
	}
	if !x.h.errs.write(x, err) {
		x.internal(err)
	}
}

// internal logs err, with the id of the 500 error when the API's errors have
// ids, and answers that error.
func (x *serverExchange) internal(err error) {
	x.method = false
	e := x.h.errs.role(serverInternal, "internal error")
	attrs := []slog.Attr{slog.String("operation", x.routeName()), slog.String("error", err.Error())}
	if id, ok := e.(interface{ ErrorID() string }); ok {
		attrs = append(attrs, slog.String("error_id", id.ErrorID()))
	}
	x.h.config.logger.LogAttrs(x, slog.LevelError, "operation failed", attrs...)
	if !x.h.errs.write(x, e) {
		x.writeAs(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("internal error"))
	}
}

func (x *serverExchange) routeName() string {
	if x.route == nil {
		return ""
	}
	return x.route.name
}

// checkDeclared logs, as a bug of the Server, an error status that the method
// returned and that its operation does not declare: clients of the API
// description do not expect it. It is still sent.
func (x *serverExchange) checkDeclared(status int) {
	if !x.method || x.route == nil || (x.route.errors != nil && x.route.errors.declares(status)) {
		return
	}
	x.h.config.logger.LogAttrs(x, slog.LevelError, "server bug: the operation answered an error status its API description does not declare",
		slog.String("operation", x.route.name), slog.Int("status", status))
}

// write sends a JSON response.
func (x *serverExchange) write(status int, body []byte) {
	x.writeAs(status, "application/json", body)
}

// writeAs answers with a body of any media type.
func (x *serverExchange) writeAs(status int, contentType string, body []byte) {
	x.wrote = true
	if contentType != "" {
		x.w.Header()["Content-Type"] = []string{contentType}
	}
	x.w.WriteHeader(status)
	if status != http.StatusNoContent {
		_, _ = x.w.Write(body)
	}
}

// serverNilless is out, or nil for a nil pointer: a nil output is answered
// as an empty object.
func serverNilless(out any) any {
	if v := reflect.ValueOf(out); v.Kind() == reflect.Pointer && v.IsNil() {
		return nil
	}
	return out
}

// serverEmptyBody is the JSON of a body left nil, whose type is body's: {} for a
// pointer to a struct that encodes as its fields, null for anything else.
func serverEmptyBody(body any) []byte {
	t := reflect.TypeOf(body)
	if t != nil && t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct &&
		!t.Implements(serverJSONMarshaler) && !t.Elem().Implements(serverJSONMarshaler) {
		return []byte("{}")
	}
	return []byte("null")
}

var serverJSONMarshaler = reflect.TypeFor[json.Marshaler]()

// serverStatusOutput is implemented by the outputs of operations whose 2xx
// responses declare different bodies: statusBody is the status to answer
// with and the body to encode.
type serverStatusOutput interface {
	statusBody() (status int, body any)
}

// serverRawOutput is implemented by the outputs of operations whose response
// is not JSON: the handler answers with their bytes and content type.
type serverRawOutput interface {
	rawOutput() (contentType string, body []byte)
}

// serverReply answers out, encoded as JSON, with status (a nil out is an empty object),
// or returns err, the Server method's error, for the handler to answer. out is the
// operation's output, a pointer; it is not a type parameter, so that this is compiled
// once rather than once per operation's output type.
//
// An output with a body per status answers the body of the status it chose; one the
// Server left nil is an empty object where the body is a plain object, else null (a
// number, a list or a union has no empty form that would decode).
func serverReply(x *serverExchange, status int, out any, err error) error {
	if err != nil {
		x.method = true
		return err
	}
	out = serverNilless(out)
	if s, ok := out.(serverStatusOutput); ok {
		var body any
		status, body = s.statusBody()
		if out = serverNilless(body); out == nil && status != http.StatusNoContent {
			x.write(status, serverEmptyBody(body))
			return nil
		}
	}
	if raw, ok := out.(serverRawOutput); ok {
		contentType, body := raw.rawOutput()
		x.writeAs(status, contentType, body)
		return nil
	}
	body := []byte("{}")
	if out != nil && status != http.StatusNoContent {
		var err error
		if body, err = json.Marshal(out); err != nil {
			return fmt.Errorf("encode response of %s: %w", x.route.name, err)
		}
	}
	x.write(status, body)
	return nil
}

// serverNode is a node of the routing tree: one path segment. At each segment a
// literal is tried first, then segments that mix literals and parameters, then a
// parameter, backtracking when the rest of the path does not match, so that patterns
// http.ServeMux rejects as overlapping (/a/{x}/b beside /a/c/{y}) still route: the
// more literal one wins.
type serverNode struct {
	literals map[string]*serverNode
	param    *serverNode
	mixed    []*serverMixed
	routes   []*serverRoute // operations whose path ends here
}

// serverMixed is a segment that mixes literals and parameters, such as {name}.json.
type serverMixed struct {
	parts []string // literal text at even indexes, parameters at odd ones
	next  *serverNode
}

func newServerNode() *serverNode {
	return &serverNode{literals: map[string]*serverNode{}}
}

// add inserts route; a second route with the same method, path shape and
// query pairs is ignored. Routes with more query pairs come first: a
// request is served by the first one whose pairs it carries.
func (n *serverNode) add(route *serverRoute) {
	path := strings.TrimPrefix(route.path, "/")
	if path != "" {
		for _, seg := range strings.Split(path, "/") {
			n = n.child(seg)
		}
	}
	for _, r := range n.routes {
		if r.method == route.method && slices.Equal(r.query, route.query) && slices.Equal(r.queryNames, route.queryNames) {
			return
		}
	}
	n.routes = append(n.routes, route)
	slices.SortStableFunc(n.routes, func(a, b *serverRoute) int { return b.conditions() - a.conditions() })
}

// conditions counts what r wants of a request's query.
func (r *serverRoute) conditions() int { return len(r.query)/2 + len(r.queryNames) }

// carries reports whether the request's query holds each of r's pairs and
// names.
func (r *serverRoute) carries(q *serverRouteQuery) bool {
	if r.conditions() == 0 {
		return true
	}
	vals := q.values()
	for i := 0; i+1 < len(r.query); i += 2 {
		if !slices.Contains(vals[r.query[i]], r.query[i+1]) {
			return false
		}
	}
	for _, name := range r.queryNames {
		if _, ok := vals[name]; !ok {
			return false
		}
	}
	return true
}

// serverDefaultMaxQueryKeys is the default bound on the keys of a query string,
// for decoding and for routing (the router's file holds it: it always ships).
const serverDefaultMaxQueryKeys = 1000

// serverRouteQuery is a request's query as the router reads it: parsed
// once, the first time a route asks, and only within the key limit of
// WithMaxQueryKeys (beyond it, the query carries nothing a route asks for,
// and decoding answers why).
type serverRouteQuery struct {
	raw    string
	limit  int
	vals   url.Values
	parsed bool
}

func (q *serverRouteQuery) values() url.Values {
	if !q.parsed {
		q.parsed = true
		if strings.Count(q.raw, "&") < q.limit {
			q.vals, _ = url.ParseQuery(q.raw) // a malformed pair is left out; decoding reports it
		}
	}
	return q.vals
}

// child returns the node of template segment seg, creating it. Literal text
// is kept unescaped (a template may write /user/%61bc), as find unescapes a
// request's segments before it compares them.
func (n *serverNode) child(seg string) *serverNode {
	parts := serverSplitSegment(seg)
	for i := 0; i < len(parts); i += 2 {
		if u, err := url.PathUnescape(parts[i]); err == nil {
			parts[i] = u
		}
	}
	switch {
	case len(parts) == 1:
		lit := parts[0]
		if n.literals[lit] == nil {
			n.literals[lit] = newServerNode()
		}
		return n.literals[lit]
	case len(parts) == 3 && parts[0] == "" && parts[2] == "":
		if n.param == nil {
			n.param = newServerNode()
		}
		return n.param
	}
	for _, m := range n.mixed {
		if serverSameShape(m.parts, parts) {
			return m.next
		}
	}
	m := &serverMixed{parts: parts, next: newServerNode()}
	n.mixed = append(n.mixed, m)
	// The more literal text a segment has, the fewer paths it matches: it is
	// tried first, so that {page}t.{format} is not read as {page}.{format}
	// with the page "1t".
	slices.SortStableFunc(n.mixed, func(a, b *serverMixed) int { return b.literalLen() - a.literalLen() })
	return m.next
}

// literalLen is the length of m's literal text.
func (m *serverMixed) literalLen() int {
	n := 0
	for i := 0; i < len(m.parts); i += 2 {
		n += len(m.parts[i])
	}
	return n
}

// serverSameShape compares two split segments, ignoring parameter names.
func serverSameShape(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i += 2 {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// serverSplitSegment splits a template segment into literals (even indexes) and
// parameter names (odd indexes): "{name}.json" is ["", "name", ".json"]. A brace
// without its match is literal text.
func serverSplitSegment(seg string) []string {
	var parts []string
	lit := ""
	for {
		i := strings.IndexByte(seg, '{')
		j := strings.IndexByte(seg[max(i, 0):], '}')
		if i < 0 || j < 0 {
			return append(parts, lit+seg)
		}
		parts = append(parts, lit+seg[:i], seg[i+1:i+j])
		lit, seg = "", seg[i+j+1:]
	}
}

// find returns the route of method at path (the request path without its leading
// slash; end is true when no segment is left) for a request whose query is q, with its
// parameters appended to params.
// When the path matches but not the method, it adds the methods that would to allow.
func (n *serverNode) find(path string, end bool, method string, q *serverRouteQuery, params []string, allow *[]string) (*serverRoute, []string) {
	if end {
		methodRoutes := false
		for _, r := range n.routes {
			if r.method == method {
				if r.carries(q) {
					return r, params
				}
				methodRoutes = true
			}
		}
		if methodRoutes {
			return nil, params // none for this query: not found, whatever the other methods
		}
		for _, r := range n.routes {
			*allow = append(*allow, r.method)
		}
		return nil, params
	}
	seg, rest, more := strings.Cut(path, "/")
	if seg == "." || seg == ".." {
		// Clients resolve dot segments before sending (RFC 3986, 5.2.4), and send the
		// text "." or ".." of a parameter as %2E or %2E%2E: a raw one is never a value.
		return nil, params
	}
	if strings.IndexByte(seg, '%') >= 0 {
		var err error
		if seg, err = url.PathUnescape(seg); err != nil {
			return nil, params
		}
	}
	if c := n.literals[seg]; c != nil {
		if r, p := c.find(rest, !more, method, q, params, allow); r != nil {
			return r, p
		}
	}
	if seg == "" {
		return nil, params
	}
	for _, m := range n.mixed {
		if vals, ok := m.match(seg, params); ok {
			if r, p := m.next.find(rest, !more, method, q, vals, allow); r != nil {
				return r, p
			}
		}
	}
	if n.param != nil {
		if r, p := n.param.find(rest, !more, method, q, append(params, seg), allow); r != nil {
			return r, p
		}
	}
	return nil, params
}

// match matches a mixed segment; each parameter takes the shortest non-empty text
// before the next literal, the last one the rest.
func (m *serverMixed) match(seg string, params []string) ([]string, bool) {
	rest, ok := strings.CutPrefix(seg, m.parts[0])
	if !ok {
		return nil, false
	}
	for i := 1; i < len(m.parts); i += 2 {
		lit := m.parts[i+1]
		var val string
		switch {
		case i+2 == len(m.parts) && lit == "":
			val, rest = rest, ""
		case i+2 == len(m.parts):
			val, ok = strings.CutSuffix(rest, lit)
			rest = ""
		default:
			k := strings.Index(rest[min(1, len(rest)):], lit)
			ok = k >= 0
			if ok {
				val, rest = rest[:k+1], rest[k+1+len(lit):]
			}
		}
		if !ok || val == "" {
			return nil, false
		}
		params = append(params, val)
	}
	return params, rest == ""
}

// validateError is a value that breaks the API's schema, with the path that names it,
// such as body.tags.foo or query.limit.
type validateError struct {
	path []string // innermost segment first: the error gains segments as it returns
	msg  string
}

// Error names the value, then says what is wrong with it.
func (e *validateError) Error() string {
	var b strings.Builder
	for i := len(e.path) - 1; i >= 0; i-- {
		if seg := e.path[i]; strings.HasPrefix(seg, "[") || b.Len() == 0 {
			b.WriteString(seg)
		} else {
			b.WriteString("." + seg)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.msg)
	return b.String()
}

// root is the outermost segment: body, or where a parameter comes from.
func (e *validateError) root() string {
	if len(e.path) == 0 {
		return ""
	}
	root, _, _ := strings.Cut(e.path[len(e.path)-1], ".")
	return root
}

// validateErrorf returns a validation error about the value at hand; the callers
// add where it is. Long text arguments, which come from the request, are shortened.
func validateErrorf(format string, args ...any) error {
	for i, a := range args {
		if v := reflect.ValueOf(a); v.Kind() == reflect.String && v.Len() > serverExcerptLen {
			args[i] = serverExcerpt(v.String())
		}
	}
	return &validateError{msg: fmt.Sprintf(format, args...)}
}

// validateIn places err under seg: a property (or parameter) name, or an item index.
func validateIn[K string | int](err error, seg K) error {
	var v *validateError
	if !errors.As(err, &v) {
		v = &validateError{msg: err.Error()}
	}
	switch s := any(seg).(type) {
	case int:
		v.path = append(v.path, "["+strconv.Itoa(s)+"]")
	case string:
		v.path = append(v.path, s)
	}
	return v
}
