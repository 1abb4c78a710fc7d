package rt

import (
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
	"strconv"
	"strings"
	"time"
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

// serverFallbacks are the type and status of each role's error in an API whose error
// catalogue does not name one.
var serverFallbacks = [serverRoles]struct {
	typ    string
	status int
}{
	serverInvalidPayload:       {"InvalidPayload", http.StatusBadRequest},
	serverInvalidQuery:         {"InvalidQuery", http.StatusBadRequest},
	serverNotFound:             {"NotFound", http.StatusNotFound},
	serverMethodNotAllowed:     {"MethodNotAllowed", http.StatusMethodNotAllowed},
	serverNotImplemented:       {"NotImplemented", http.StatusNotImplemented},
	serverUnauthorized:         {"Unauthorized", http.StatusUnauthorized},
	serverPayloadTooLarge:      {"PayloadTooLarge", http.StatusRequestEntityTooLarge},
	serverUnsupportedMediaType: {"UnsupportedMediaType", http.StatusUnsupportedMediaType},
	serverInternal:             {"Internal", http.StatusInternalServerError},
}

// serverErrorSet makes the errors the handler answers with by itself: the catalogue's
// type for each role it names, else a generic error with the role's status.
type serverErrorSet struct {
	idPrefix string
	make     [serverRoles]func(message string) APIError
}

// new returns the error of role with message.
func (s *serverErrorSet) new(role serverRole, message string) APIError {
	if mk := s.make[role]; mk != nil {
		return mk(message)
	}
	fb := serverFallbacks[role]
	return &serverError{newErrorInfo(fb.typ, fb.status, message, s.idPrefix)}
}

// notImplemented is the error of an operation the Server does not implement.
func (s *serverErrorSet) notImplemented(operation string) error {
	return s.new(serverNotImplemented, operation+" is not implemented")
}

// serverError is a role's error in an API without a catalogue type for it.
type serverError struct {
	ErrorInfo
}

// Description explains the error kind.
func (e *serverError) Description() string {
	return http.StatusText(e.Code)
}

// serverInfo gives the handler the envelope of any error that embeds ErrorInfo, which
// every error type of the package does.
func (e *ErrorInfo) serverInfo() *ErrorInfo { return e }

// serverInfoOf returns the envelope of e, rebuilt from its methods when e does not
// embed ErrorInfo.
func serverInfoOf(e APIError) *ErrorInfo {
	if i, ok := e.(interface{ serverInfo() *ErrorInfo }); ok {
		return i.serverInfo()
	}
	return &ErrorInfo{ID: e.ErrorID(), Code: e.StatusCode(), Type: e.ErrorType(), Message: e.ErrorMessage()}
}

// serverRoute is one operation of the handler.
type serverRoute struct {
	name    string // Go method name, for logs
	method  string
	path    string // template, e.g. /things/{id}
	secured bool
	serve   func(ctx context.Context, x *serverExchange) error
}

// serverHandler routes, authenticates and answers errors; the generated serve
// functions decode, validate and call the Server.
type serverHandler struct {
	root   *serverNode
	errs   *serverErrorSet
	config serverConfig
}

// newServerHandler builds the handler of routes. bearer says whether the API declares
// bearer authentication, which is then checked by default.
func newServerHandler(routes []serverRoute, errs *serverErrorSet, auth Authenticator, opts []HandlerOption) http.Handler {
	h := &serverHandler{root: newServerNode(), errs: errs}
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
	w       http.ResponseWriter
	r       *http.Request
	h       *serverHandler
	route   *serverRoute
	path    []string // path parameters, in template order
	body    []byte   // the request body once read; nil when there is none
	wrote   bool     // the response has started
	pathBuf [6]string
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
			x.fail(h.unauthorized(err))
			return
		}
		if ctx == nil {
			ctx = x
		}
	}
	if err := x.route.serve(ctx, x); err != nil {
		x.fail(err)
	}
}

// route finds the operation of the request, answering 404 or 405 when there is none.
func (h *serverHandler) route(x *serverExchange) bool {
	path := x.r.URL.EscapedPath()
	var allow []string // methods of the path, filled only when none is the request's
	if strings.HasPrefix(path, "/") {
		x.route, x.path = h.root.find(path[1:], path == "/", x.r.Method, x.pathBuf[:0], &allow)
	}
	if x.route == nil && len(allow) > 0 && x.r.Method == http.MethodHead && slices.Contains(allow, http.MethodGet) {
		// HEAD is GET without the body, which net/http drops for us.
		x.route, x.path = h.root.find(path[1:], path == "/", http.MethodGet, x.pathBuf[:0], &allow)
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
		x.fail(h.errs.new(serverMethodNotAllowed, fmt.Sprintf("method %s is not allowed on %s; allowed: %s", x.r.Method, serverExcerpt(path), strings.Join(allow, ", "))))
	default:
		x.fail(h.errs.new(serverNotFound, fmt.Sprintf("no operation at %s %s", x.r.Method, serverExcerpt(path))))
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
	slices.Sort(out)
	return slices.Compact(out)
}

// unauthorized turns an authenticator's refusal into the error answered.
func (h *serverHandler) unauthorized(err error) error {
	var api APIError
	if errors.As(err, &api) {
		return api
	}
	return h.errs.new(serverUnauthorized, "missing or invalid credentials")
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
// an APIError as is, anything else with the 500 error, logged but not disclosed.
func (x *serverExchange) fail(err error) {
	var invalid *validateError
	if errors.As(err, &invalid) {
		role := serverInvalidQuery
		if invalid.root() == "body" {
			role = serverInvalidPayload
		}
		x.writeError(serverInfoOf(x.h.errs.new(role, invalid.Error())))
		return
	}
	var api APIError
	if errors.As(err, &api) && api.StatusCode() >= 400 && api.StatusCode() <= 599 {
		x.writeError(serverInfoOf(api))
		return
	}
	x.internal(err)
}

// internal logs err with a fresh error id and answers the 500 error with that id.
func (x *serverExchange) internal(err error) {
	e := x.h.errs.new(serverInternal, "internal error")
	name := ""
	if x.route != nil {
		name = x.route.name
	}
	x.h.config.logger.ErrorContext(x, "operation failed", slog.String("operation", name),
		slog.String("error_id", e.ErrorID()), slog.String("error", err.Error()))
	x.writeError(serverInfoOf(e))
}

// writeError writes the envelope of info with its status.
func (x *serverExchange) writeError(info *ErrorInfo) {
	if x.wrote {
		return
	}
	env := *info
	if env.ID == "" {
		env.ID = newErrorID(x.h.errs.idPrefix, time.Now())
	}
	b, err := json.Marshal(env)
	if err != nil {
		env.Metadata = nil // only metadata can fail to encode
		b, _ = json.Marshal(env)
	}
	x.write(env.Code, b)
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

// serverRawOutput is implemented by the outputs of operations whose response
// is not JSON: the handler answers with their bytes and content type.
type serverRawOutput interface {
	rawOutput() (contentType string, body []byte)
}

// serverReply answers out, encoded as JSON, with status; a nil out is an empty object.
func serverReply[T any](x *serverExchange, status int, out *T) error {
	if raw, ok := any(out).(serverRawOutput); ok && out != nil {
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

// add inserts route; a second route with the same method and path shape is ignored.
func (n *serverNode) add(route *serverRoute) {
	path := strings.TrimPrefix(route.path, "/")
	if path != "" {
		for _, seg := range strings.Split(path, "/") {
			n = n.child(seg)
		}
	}
	for _, r := range n.routes {
		if r.method == route.method {
			return
		}
	}
	n.routes = append(n.routes, route)
}

// child returns the node of template segment seg, creating it.
func (n *serverNode) child(seg string) *serverNode {
	parts := serverSplitSegment(seg)
	switch {
	case len(parts) == 1:
		if n.literals[seg] == nil {
			n.literals[seg] = newServerNode()
		}
		return n.literals[seg]
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
	return m.next
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
// slash; end is true when no segment is left), with its parameters appended to params.
// When the path matches but not the method, it adds the methods that would to allow.
func (n *serverNode) find(path string, end bool, method string, params []string, allow *[]string) (*serverRoute, []string) {
	if end {
		for _, r := range n.routes {
			if r.method == method {
				return r, params
			}
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
		if r, p := c.find(rest, !more, method, params, allow); r != nil {
			return r, p
		}
	}
	if seg == "" {
		return nil, params
	}
	for _, m := range n.mixed {
		if vals, ok := m.match(seg, params); ok {
			if r, p := m.next.find(rest, !more, method, vals, allow); r != nil {
				return r, p
			}
		}
	}
	if n.param != nil {
		if r, p := n.param.find(rest, !more, method, append(params, seg), allow); r != nil {
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
