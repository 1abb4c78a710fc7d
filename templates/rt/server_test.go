package rt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"
)

// serverTestEcho is what the routing tests' operations answer: which route, with
// which parameters.
type serverTestEcho struct {
	Route  string   `json:"route"`
	Params []string `json:"params"`
}

// serverTestRoute is a route that answers its name and parameters.
func serverTestRoute(method, path string) serverRoute {
	name := method + " " + path
	return serverRoute{name: name, method: method, path: path, serve: func(_ serverOps, _ context.Context, x *serverExchange) error {
		return serverReply(x, http.StatusOK, &serverTestEcho{Route: name, Params: x.path}, nil)
	}}
}

// serverTestHandler builds a handler with the fallback errors and a silent logger.
func serverTestHandler(routes []serverRoute, opts ...HandlerOption) http.Handler {
	errs := &catalogServerErrors{}
	return newServerHandler(serverOps{}, routes, errs, BearerAuthenticator(nil), append([]HandlerOption{WithHandlerLogger(nil)}, opts...))
}

// serverTestDo serves one request; header lists name, value pairs. A nil body sends
// none.
func serverTestDo(h http.Handler, method, target string, body []byte, header ...string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	r.Header.Set("Authorization", "Bearer t")
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			r.Header.Del(header[i])
		} else {
			r.Header.Set(header[i], header[i+1])
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// serverTestEnvelope decodes an error response, checking its shape.
func serverTestEnvelope(t *testing.T, w *httptest.ResponseRecorder, status int, typ string) ErrorInfo {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status = %d, want %d; body %s", w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	var info ErrorInfo
	if err := json.Unmarshal(w.Body.Bytes(), &info); err != nil {
		t.Fatalf("body %q: %v", w.Body, err)
	}
	if info.Code != status || info.Type != typ || !strings.HasPrefix(info.ID, "err_") || info.Message == "" {
		t.Errorf("envelope = %+v, want code %d, type %s, an err_ id and a message", info, status, typ)
	}
	return info
}

func TestServerRouting(t *testing.T) {
	h := serverTestHandler([]serverRoute{
		serverTestRoute("GET", "/a/{x}/b"),
		serverTestRoute("GET", "/a/c/{y}"),
		serverTestRoute("POST", "/a/c/d"),
		serverTestRoute("PUT", "/a/{z}/b"),
		serverTestRoute("GET", "/files/{name}.json"),
		serverTestRoute("GET", "/files/{id}"),
		serverTestRoute("GET", "/files/{id}/v{version}"),
		serverTestRoute("GET", "/span/{from}-{to}"),
		serverTestRoute("GET", "/user/%61bc"), // an escaped literal in the template
		serverTestRoute("GET", "/pages/{page}.{format}"),
		serverTestRoute("GET", "/pages/{page}t.{format}"), // more literal, added later
		serverTestRoute("GET", "/"),
		serverTestRoute("GET", "/trailing/"),
		serverTestRoute("GET", "/a/{x}/b"), // a duplicate is ignored
	}, WithAuthenticator(nil))
	tests := []struct {
		method, path string
		route        string
		params       []string
	}{
		{"GET", "/a/q/b", "GET /a/{x}/b", []string{"q"}},
		{"GET", "/a/c/z", "GET /a/c/{y}", []string{"z"}},
		{"GET", "/a/c/b", "GET /a/c/{y}", []string{"b"}}, // both match: the literal segment wins
		{"PUT", "/a/c/b", "PUT /a/{z}/b", []string{"c"}}, // only the parameter route has PUT
		{"POST", "/a/c/d", "POST /a/c/d", nil},
		{"GET", "/a/c/d", "GET /a/c/{y}", []string{"d"}},
		{"GET", "/files/report.json", "GET /files/{name}.json", []string{"report"}},
		{"GET", "/files/.json", "GET /files/{id}", []string{".json"}},
		{"GET", "/files/f1/v2", "GET /files/{id}/v{version}", []string{"f1", "2"}},
		{"GET", "/span/1-10", "GET /span/{from}-{to}", []string{"1", "10"}},
		{"GET", "/span/-1-10", "GET /span/{from}-{to}", []string{"-1", "10"}},
		{"GET", "/user/%61bc", "GET /user/%61bc", nil},
		{"GET", "/user/abc", "GET /user/%61bc", nil},
		{"GET", "/pages/1.png", "GET /pages/{page}.{format}", []string{"1", "png"}},
		{"GET", "/pages/1t.png", "GET /pages/{page}t.{format}", []string{"1", "png"}}, // the more literal segment first
		{"GET", "/", "GET /", nil},
		{"GET", "/trailing/", "GET /trailing/", nil},
		{"GET", "/files/a%2Fb%20c", "GET /files/{id}", []string{"a/b c"}},
		{"GET", "/a/%63/z", "GET /a/c/{y}", []string{"z"}}, // escaped literals still match
		{"GET", "/files/caf%C3%A9", "GET /files/{id}", []string{"café"}},
	}
	for _, tt := range tests {
		w := serverTestDo(h, tt.method, tt.path, nil)
		var got serverTestEcho
		if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &got) != nil {
			t.Errorf("%s %s: %d %s", tt.method, tt.path, w.Code, w.Body)
			continue
		}
		if got.Route != tt.route || !reflect.DeepEqual(got.Params, tt.params) && len(got.Params)+len(tt.params) > 0 {
			t.Errorf("%s %s routed to %s %q, want %s %q", tt.method, tt.path, got.Route, got.Params, tt.route, tt.params)
		}
	}
	for _, path := range []string{"/nope", "/a/q", "/a/q/b/c", "/a//b", "/files/", "/span/1-", "/trailing", "//"} {
		serverTestEnvelope(t, serverTestDo(h, "GET", path, nil), http.StatusNotFound, "NotFound")
	}
	// net/http rejects a malformed escape before any handler; the router copes anyway.
	var allow []string
	if r, _ := h.(*serverHandler).root.find("files/%zz", false, "GET", &serverRouteQuery{}, nil, &allow); r != nil {
		t.Errorf("malformed escape routed to %s", r.name)
	}
	w := serverTestDo(h, "DELETE", "/a/c/b", nil)
	serverTestEnvelope(t, w, http.StatusMethodNotAllowed, "MethodNotAllowed")
	if got := w.Header().Get("Allow"); got != "GET, HEAD, OPTIONS, PUT" {
		t.Errorf("Allow = %q, want %q", got, "GET, HEAD, OPTIONS, PUT")
	}
	// HEAD is served by the GET route (net/http drops the body); OPTIONS lists the methods.
	if w := serverTestDo(h, "HEAD", "/a/c/b", nil); w.Code != http.StatusOK {
		t.Errorf("HEAD: %d %s", w.Code, w.Body)
	}
	w = serverTestDo(h, "OPTIONS", "/a/c/b", nil)
	if w.Code != http.StatusNoContent || w.Header().Get("Allow") != "GET, HEAD, OPTIONS, PUT" || w.Body.Len() != 0 {
		t.Errorf("OPTIONS: %d %q %q", w.Code, w.Header().Get("Allow"), w.Body)
	}
}

// TestServerRoutingByQuery routes operations of one path and method by the
// query pairs their templates fix (/#Action=A, /services?funcs=list).
func TestServerRoutingByQuery(t *testing.T) {
	echo := func(name string) func(serverOps, context.Context, *serverExchange) error {
		return func(_ serverOps, _ context.Context, x *serverExchange) error {
			return serverReply(x, http.StatusOK, &serverTestEcho{Route: name, Params: x.path}, nil)
		}
	}
	route := func(method, path, name string, pairs ...string) serverRoute {
		return serverRoute{name: name, method: method, path: path, query: pairs, serve: echo(name)}
	}
	h := serverTestHandler([]serverRoute{
		route("POST", "/", "Create", "Action", "CreateQueue"),
		route("POST", "/", "Delete", "Action", "DeleteQueue"),
		route("POST", "/", "Delete again", "Action", "DeleteQueue"), // a duplicate is ignored
		route("POST", "/{account}/{queue}", "Send", "Action", "SendMessage"),
		route("POST", "/{account}/{queue}", "Versioned send", "Action", "SendMessage", "Version", "2"),
		route("POST", "/{account}/{queue}", "Any other"),
		route("GET", "/services", "List", "funcs", "list"),
		route("GET", "/services", "Get", "funcs", "get one"),
		route("PUT", "/services", "Put"),
		{name: "By city", method: "GET", path: "/air", queryNames: []string{"city", "country"}, serve: echo("By city")},
		{name: "By place", method: "GET", path: "/air", queryNames: []string{"lat", "lon"}, serve: echo("By place")},
		{name: "By code", method: "GET", path: "/air", queryNames: []string{"code"}, query: []string{"v", "2"}, serve: echo("By code")},
	}, WithAuthenticator(nil))
	for _, tt := range []struct{ method, target, want string }{
		{"POST", "/?Action=CreateQueue&QueueName=q", "Create"},
		{"POST", "/?QueueName=q&Action=DeleteQueue", "Delete"},
		{"POST", "/a/q?Action=SendMessage", "Send"},
		{"POST", "/a/q?Version=2&Action=SendMessage", "Versioned send"}, // more pairs first
		{"POST", "/a/q?Action=PurgeQueue", "Any other"},
		{"POST", "/a/q", "Any other"},
		{"GET", "/services?funcs=list", "List"},
		{"GET", "/services?funcs=%6Cist", "List"},
		{"GET", "/services?funcs=get+one", "Get"},
		{"GET", "/services?id=1&funcs=get%20one", "Get"},
		{"HEAD", "/services?funcs=list", "List"},
		{"GET", "/air?city=Paris&country=FR", "By city"},
		{"GET", "/air?lon=2.3&lat=48.8&key=k", "By place"},
		{"GET", "/air?lat=&lon", "By place"}, // present, even empty
		{"GET", "/air?code=75&v=2", "By code"},
	} {
		w := serverTestDo(h, tt.method, tt.target, nil)
		var got serverTestEcho
		if err := json.Unmarshal(w.Body.Bytes(), &got); tt.method != "HEAD" && (w.Code != http.StatusOK || err != nil || got.Route != tt.want) {
			t.Errorf("%s %s: %d %s, want %s", tt.method, tt.target, w.Code, w.Body, tt.want)
		}
	}
	// A path and method whose routes all want pairs the request lacks is not
	// found, even though another method of the path is served.
	// The router reads no more of a query than WithMaxQueryKeys allows.
	many := "/?" + strings.Repeat("a=1&", serverDefaultMaxQueryKeys) + "Action=CreateQueue"
	for _, target := range []string{"/", "/?Action=Other", "/?Action", "/?Action=%zz", "/?action=CreateQueue", many} {
		serverTestEnvelope(t, serverTestDo(h, "POST", target, nil), http.StatusNotFound, "NotFound")
	}
	for _, target := range []string{"/services", "/services?funcs=lists", "/services?funcs=list%", "/air?city=Paris", "/air?lat=1&longitude=2", "/air?code=75"} {
		serverTestEnvelope(t, serverTestDo(h, "GET", target, nil), http.StatusNotFound, "NotFound")
	}
}

func TestServerRouterNeverPanics(t *testing.T) {
	templates := []string{"", "/", "/{", "/}", "/{}", "/{a}{b}", "/a/{x}/b", "/a/{y}/b", "/{x}", "/{x}/{y}", "/a/c/{y}", "x", "/a}/{b", "/%zz/{x}"}
	var routes []serverRoute
	for _, tpl := range templates {
		for _, m := range []string{"GET", "POST"} {
			routes = append(routes, serverTestRoute(m, tpl))
		}
	}
	h := serverTestHandler(routes, WithAuthenticator(nil))
	for _, path := range []string{"/", "/a", "/a/b/c", "/{", "/{}", "/ab", "/a/c/b", "/x/y/z/w", "/%25zz/1"} {
		if w := serverTestDo(h, "GET", path, nil); w.Code >= 500 {
			t.Errorf("GET %s: %d", path, w.Code)
		}
	}
}

func TestServerSplitSegment(t *testing.T) {
	for seg, want := range map[string][]string{
		"plain":        {"plain"},
		"{id}":         {"", "id", ""},
		"{name}.json":  {"", "name", ".json"},
		"v{a}-{b}.txt": {"v", "a", "-", "b", ".txt"},
		"{unclosed":    {"{unclosed"},
		"a}{b}":        {"a}", "b", ""},
	} {
		if got := serverSplitSegment(seg); !reflect.DeepEqual(got, want) {
			t.Errorf("serverSplitSegment(%q) = %q, want %q", seg, got, want)
		}
	}
}

func TestCatalogServerErrors(t *testing.T) {
	fallback := &catalogServerErrors{}
	for role := range serverRoles {
		var e APIError
		if !errors.As(fallback.role(role, "msg"), &e) {
			t.Fatalf("role %d: not an APIError", role)
		}
		if e.StatusCode() != serverRoleStatus[role] || e.ErrorType() != serverRoleNames[role] || e.ErrorMessage() != "msg" || !strings.HasPrefix(e.ErrorID(), "err_") || e.Description() == "" {
			t.Errorf("role %d: %v", role, e)
		}
	}
	custom := &catalogServerErrors{}
	custom.make[serverNotFound] = func(m string) APIError {
		return &StatusError{ErrorInfo: ErrorInfo{Code: 404, Type: "Missing", Message: m}}
	}
	if e := custom.role(serverNotFound, "gone"); e.(APIError).ErrorType() != "Missing" {
		t.Errorf("catalogue constructor not used: %v", e)
	}
}

func TestServerAuthentication(t *testing.T) {
	secured := serverTestRoute("GET", "/s")
	secured.secured = true
	open := serverTestRoute("GET", "/open")
	h := serverTestHandler([]serverRoute{secured, open})
	for _, auth := range []string{"", "Basic abc", "Bearer", "Bearer   ", "Token x"} {
		serverTestEnvelope(t, serverTestDo(h, "GET", "/s", nil, "Authorization", auth), http.StatusUnauthorized, "Unauthorized")
	}
	for _, auth := range []string{"Bearer t", "bearer t", "BEARER  t "} {
		if w := serverTestDo(h, "GET", "/s", nil, "Authorization", auth); w.Code != http.StatusOK {
			t.Errorf("%q: %d", auth, w.Code)
		}
	}
	if w := serverTestDo(h, "GET", "/open", nil, "Authorization", ""); w.Code != http.StatusOK {
		t.Errorf("unsecured route: %d", w.Code)
	}

	type userKey struct{}
	secured.serve = func(_ serverOps, ctx context.Context, x *serverExchange) error {
		return serverReply(x, http.StatusOK, &serverTestEcho{Route: ctx.Value(userKey{}).(string)}, nil)
	}
	custom := serverTestHandler([]serverRoute{secured}, WithAuthenticator(BearerAuthenticator(func(ctx context.Context, token string) (context.Context, error) {
		switch token {
		case "good":
			return context.WithValue(ctx, userKey{}, "alice"), nil
		case "banned":
			return nil, &StatusError{ErrorInfo: ErrorInfo{Code: http.StatusForbidden, Type: "Forbidden", Message: "banned"}}
		}
		return nil, errors.New("secret reason")
	})))
	if w := serverTestDo(custom, "GET", "/s", nil, "Authorization", "Bearer good"); !strings.Contains(w.Body.String(), "alice") {
		t.Errorf("identity not passed on: %d %s", w.Code, w.Body)
	}
	serverTestEnvelope(t, serverTestDo(custom, "GET", "/s", nil, "Authorization", "Bearer banned"), http.StatusForbidden, "Forbidden")
	w := serverTestDo(custom, "GET", "/s", nil, "Authorization", "Bearer other")
	serverTestEnvelope(t, w, http.StatusUnauthorized, "Unauthorized")
	if strings.Contains(w.Body.String(), "secret") {
		t.Errorf("refusal reason leaked: %s", w.Body)
	}

	secured.serve = func(_ serverOps, ctx context.Context, x *serverExchange) error {
		if _, ok := RequestFromContext(ctx); !ok {
			return errors.New("no request")
		}
		return serverReply(x, http.StatusOK, (*serverTestEcho)(nil), nil)
	}
	nilContext := serverTestHandler([]serverRoute{secured}, WithAuthenticator(func(context.Context, *http.Request) (context.Context, error) {
		return nil, nil // keeps the request's context
	}))
	none := serverTestHandler([]serverRoute{secured}, WithAuthenticator(nil))
	for _, h := range []http.Handler{nilContext, none} {
		if w := serverTestDo(h, "GET", "/s", nil, "Authorization", ""); w.Code != http.StatusOK || w.Body.String() != "{}" {
			t.Errorf("%d %s", w.Code, w.Body)
		}
	}
}

// serverTestThing is a body with the checks generated code makes.
type serverTestThing struct {
	Name  string            `json:"name"`
	Email *string           `json:"email,omitempty"`
	Tags  map[string]string `json:"tags,omitempty"`
	Items []serverTestItem  `json:"items,omitempty"`
}

type serverTestItem struct {
	ID int64 `json:"id"`
}

// validate is written the way the generator writes it.
func (v *serverTestThing) validate(raw []byte) error {
	var vals [2][]byte
	for it := validateJSON(raw); it.next(); {
		switch string(it.key) {
		case "name":
			vals[0] = it.value
		case "items":
			vals[1] = it.value
		case "email", "tags":
		default:
			return validateIn(validateErrorf("is not a property the schema allows"), string(it.key))
		}
	}
	if raw != nil {
		if err := validatePresent(vals[0]); err != nil {
			return validateIn(err, "name")
		}
	}
	if n := utf8.RuneCountInString(v.Name); n > 5 {
		return validateIn(validateErrorf("length %d exceeds maxLength 5", n), "name")
	}
	if p := v.Email; p != nil {
		if err := validateFormat("email", *p); err != nil {
			return validateIn(err, "email")
		}
	}
	it := validateJSON(vals[1])
	for i := range v.Items {
		it.next()
		if err := v.Items[i].validate(it.value); err != nil {
			return validateIn(validateIn(err, i), "items")
		}
	}
	return nil
}

func (v *serverTestItem) validate(raw []byte) error {
	var vals [1][]byte
	for it := validateJSON(raw); it.next(); {
		if string(it.key) == "id" {
			vals[0] = it.value
		}
	}
	if raw != nil {
		if err := validatePresent(vals[0]); err != nil {
			return validateIn(err, "id")
		}
	}
	if v.ID < 1 {
		return validateIn(validateErrorf("%v is less than minimum 1", v.ID), "id")
	}
	return nil
}

// serverTestBodyRoute decodes and validates a serverTestThing.
func serverTestBodyRoute(required bool) serverRoute {
	return serverRoute{name: "Put", method: "PUT", path: "/things/{id}", serve: func(_ serverOps, _ context.Context, x *serverExchange) error {
		in := new(serverTestThing)
		if err := x.decodeBody(in, required); err != nil {
			return err
		}
		if x.body != nil {
			if err := in.validate(x.body); err != nil {
				return validateIn(err, "body")
			}
		}
		return serverReply(x, http.StatusCreated, in, nil)
	}}
}

func TestServerBody(t *testing.T) {
	h := serverTestHandler([]serverRoute{serverTestBodyRoute(true)}, WithMaxBodyBytes(64), WithAuthenticator(nil))
	json := "application/json"
	ok := []struct{ body, ct string }{
		{`{"name":"ab"}`, json},
		{` {"name":"ab", "items":[{"id":1},{"id":2}], "tags":{"a":"b"}} `, json},
		{`{"name":"ab"}`, "application/json; charset=utf-8"},
		{`{"name":"ab"}`, "application/merge-patch+json"},
		{`{"na\u006de":"ab"}`, json},
	}
	for _, c := range ok {
		if w := serverTestDo(h, "PUT", "/things/1", []byte(c.body), "Content-Type", c.ct); w.Code != http.StatusCreated {
			t.Errorf("%s (%s): %d %s", c.body, c.ct, w.Code, w.Body)
		}
	}
	bad := []struct {
		body, ct string
		status   int
		typ, msg string
	}{
		{``, json, 400, "InvalidPayload", "body: is required"},
		{`null`, json, 400, "InvalidPayload", "body: is required"},
		{`{"name":`, json, 400, "InvalidPayload", "body: malformed JSON"},
		{`{"name":1}`, json, 400, "InvalidPayload", "body.name: expected string, got number"},
		{`[]`, json, 400, "InvalidPayload", "body: expected object, got array"},
		{`{"items":[{"id":"x"}]}`, json, 400, "InvalidPayload", "body.items.id: expected integer, got string"},
		{`{}`, json, 400, "InvalidPayload", "body.name: is required"},
		{`{"name":null}`, json, 400, "InvalidPayload", "body.name: must not be null"},
		{`{"name":"abcdef"}`, json, 400, "InvalidPayload", "body.name: length 6 exceeds maxLength 5"},
		{`{"name":"ab","email":"nope"}`, json, 400, "InvalidPayload", `body.email: "nope" is not a valid email`},
		{`{"name":"ab","extra":1}`, json, 400, "InvalidPayload", "body.extra: is not a property the schema allows"},
		{`{"name":"ab","items":[{"id":1},{}]}`, json, 400, "InvalidPayload", "body.items[1].id: is required"},
		{`{"name":"ab","items":[{"id":0}]}`, json, 400, "InvalidPayload", "body.items[0].id: 0 is less than minimum 1"},
		{`{"name":"ab"}`, "text/plain", 415, "UnsupportedMediaType", `content type "text/plain"`},
		{`{"name":"ab"}`, "", 415, "UnsupportedMediaType", "send application/json"},
		{`{"name":"ab","tags":{"a":"` + strings.Repeat("x", 64) + `"}}`, json, 413, "PayloadTooLarge", "exceeds 64 bytes"},
	}
	for _, c := range bad {
		w := serverTestDo(h, "PUT", "/things/1", []byte(c.body), "Content-Type", c.ct)
		info := serverTestEnvelope(t, w, c.status, c.typ)
		if !strings.Contains(info.Message, c.msg) {
			t.Errorf("%s: message %q does not contain %q", c.body, info.Message, c.msg)
		}
	}
}

func TestServerBodyStreams(t *testing.T) {
	h := serverTestHandler([]serverRoute{serverTestBodyRoute(false)}, WithMaxBodyBytes(64), WithAuthenticator(nil))
	send := func(body io.Reader, ct string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("PUT", "/things/1", body)
		r.ContentLength = -1 // as for a chunked body
		r.Header.Set("Content-Type", ct)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	if w := send(strings.NewReader(""), "text/plain"); w.Code != http.StatusCreated {
		t.Errorf("empty optional body: %d %s", w.Code, w.Body)
	}
	if w := send(strings.NewReader(`{"name":"ab"}`), "application/json"); w.Code != http.StatusCreated {
		t.Errorf("chunked body: %d %s", w.Code, w.Body)
	}
	serverTestEnvelope(t, send(strings.NewReader(`{"name":"ab"}`), "text/csv"), 415, "UnsupportedMediaType")
	serverTestEnvelope(t, send(strings.NewReader(strings.Repeat(" ", 65)), "application/json"), 413, "PayloadTooLarge")
	serverTestEnvelope(t, send(iotest.ErrReader(errors.New("connection reset")), "application/json"), 400, "InvalidPayload")

	// A body whose declared length exceeds the limit is refused before it is read.
	r := httptest.NewRequest("PUT", "/things/1", iotest.ErrReader(errors.New("must not be read")))
	r.ContentLength = 1 << 30
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	serverTestEnvelope(t, w, 413, "PayloadTooLarge")

	// A middleware's own limit is answered the same way.
	limited := serverTestHandler([]serverRoute{serverTestBodyRoute(false)}, WithAuthenticator(nil),
		WithHandlerMiddleware(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				r.Body = http.MaxBytesReader(w, r.Body, 4)
				next.ServeHTTP(w, r)
			})
		}))
	serverTestEnvelope(t, serverTestDo(limited, "PUT", "/things/1", []byte(`{"name":"ab"}`), "Content-Type", "application/json"), 413, "PayloadTooLarge")
	if w := serverTestDo(h, "PUT", "/things/1", nil); w.Code != http.StatusCreated {
		t.Errorf("no optional body: %d %s", w.Code, w.Body)
	}
}

// serverTestLog collects what the handler logs.
type serverTestLog struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	logs int
}

func (l *serverTestLog) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(writerFunc(func(p []byte) (int, error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.logs++
		return l.buf.Write(p)
	}), nil))
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestServerFailures(t *testing.T) {
	var log serverTestLog
	route := func(path string, err error) serverRoute {
		return serverRoute{name: "Op", method: "GET", path: path, serve: func(serverOps, context.Context, *serverExchange) error { return err }}
	}
	type custom struct{ APIError }
	h := serverTestHandler([]serverRoute{
		route("/plain", errors.New("db password is hunter2")),
		route("/typed", &StatusError{ErrorInfo: ErrorInfo{Code: 409, Type: "Conflict", Message: "taken", Metadata: map[string]any{"id": "x1"}}}),
		route("/wrapped", fmt.Errorf("context: %w", &StatusError{ErrorInfo: ErrorInfo{ID: "err_mine", Code: 404, Type: "Gone", Message: "no"}})),
		route("/badstatus", &StatusError{ErrorInfo: ErrorInfo{Code: 200, Type: "Odd"}}),
		route("/badmeta", &StatusError{ErrorInfo: ErrorInfo{Code: 418, Type: "Teapot", Message: "m", Metadata: map[string]any{"f": func() {}}}}),
		route("/foreign", custom{&serverError{ErrorInfo{Code: 402, Type: "Pay", Message: "pay"}}}),
		{name: "Panics", method: "GET", path: "/panic", serve: func(serverOps, context.Context, *serverExchange) error { panic("boom") }},
		{name: "Encode", method: "GET", path: "/encode", serve: func(_ serverOps, _ context.Context, x *serverExchange) error {
			return serverReply(x, 200, &struct{ F func() }{}, nil)
		}},
	}, WithHandlerLogger(log.logger()), WithAuthenticator(nil))

	w := serverTestDo(h, "GET", "/plain", nil)
	info := serverTestEnvelope(t, w, 500, "Internal")
	if strings.Contains(w.Body.String(), "hunter2") || !strings.Contains(log.buf.String(), "hunter2") || !strings.Contains(log.buf.String(), info.ID) {
		t.Errorf("internal error: body %s, log %s", w.Body, log.buf.String())
	}
	info = serverTestEnvelope(t, serverTestDo(h, "GET", "/typed", nil), 409, "Conflict")
	if info.Metadata["id"] != "x1" || info.Message != "taken" {
		t.Errorf("typed error envelope = %+v", info)
	}
	if info = serverTestEnvelope(t, serverTestDo(h, "GET", "/wrapped", nil), 404, "Gone"); info.ID != "err_mine" {
		t.Errorf("the error's own id was replaced: %+v", info)
	}
	serverTestEnvelope(t, serverTestDo(h, "GET", "/badstatus", nil), 500, "Internal")
	if info = serverTestEnvelope(t, serverTestDo(h, "GET", "/badmeta", nil), 418, "Teapot"); info.Metadata != nil {
		t.Errorf("unencodable metadata kept: %+v", info)
	}
	serverTestEnvelope(t, serverTestDo(h, "GET", "/foreign", nil), 402, "Pay")
	serverTestEnvelope(t, serverTestDo(h, "GET", "/encode", nil), 500, "Internal")

	before := log.logs
	w = serverTestDo(h, "GET", "/panic", nil)
	serverTestEnvelope(t, w, 500, "Internal")
	if log.logs != before+1 || !strings.Contains(log.buf.String(), "boom") {
		t.Errorf("panic not logged: %s", log.buf.String())
	}
	serverTestEnvelope(t, serverTestDo(h, "GET", "/typed", nil), 409, "Conflict") // still serving

	abort := serverTestHandler([]serverRoute{{method: "GET", path: "/", serve: func(serverOps, context.Context, *serverExchange) error { panic(http.ErrAbortHandler) }}})
	func() {
		defer func() {
			if p := recover(); p != http.ErrAbortHandler {
				t.Errorf("recovered %v, want http.ErrAbortHandler re-panicked", p)
			}
		}()
		serverTestDo(abort, "GET", "/", nil)
	}()
}

func TestServerReply(t *testing.T) {
	h := serverTestHandler([]serverRoute{
		{method: "DELETE", path: "/x", serve: func(_ serverOps, _ context.Context, x *serverExchange) error {
			return serverReply(x, http.StatusNoContent, &serverTestEcho{Route: "ignored"}, nil)
		}},
		{method: "GET", path: "/x", serve: func(_ serverOps, _ context.Context, x *serverExchange) error {
			return serverReply(x, http.StatusOK, (*serverTestEcho)(nil), nil)
		}},
	}, WithAuthenticator(nil))
	if w := serverTestDo(h, "DELETE", "/x", nil); w.Code != 204 || w.Body.Len() != 0 {
		t.Errorf("204: %d %q", w.Code, w.Body)
	}
	if w := serverTestDo(h, "GET", "/x", nil); w.Code != 200 || w.Body.String() != "{}" {
		t.Errorf("nil output: %d %q", w.Code, w.Body)
	}
}

func TestServerMiddlewareAndRequest(t *testing.T) {
	var order []string
	mw := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	route := serverRoute{method: "GET", path: "/r", serve: func(_ serverOps, ctx context.Context, x *serverExchange) error {
		r, ok := RequestFromContext(ctx)
		if !ok || r.Header.Get("X-Trace") != "t1" {
			return errors.New("no request in context")
		}
		if ctx.Value("other") != nil {
			return errors.New("unexpected value")
		}
		return serverReply(x, http.StatusOK, &serverTestEcho{Route: r.URL.Path}, nil)
	}}
	h := serverTestHandler([]serverRoute{route}, WithAuthenticator(nil), WithHandlerMiddleware(mw("outer"), nil, mw("inner")),
		WithHandlerMiddleware(func(http.Handler) http.Handler { return nil }), nil)
	if w := serverTestDo(h, "GET", "/r", nil, "X-Trace", "t1"); w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if strings.Join(order, ",") != "outer,inner" {
		t.Errorf("middleware order = %v", order)
	}
	if _, ok := RequestFromContext(context.Background()); ok {
		t.Error("request found in a plain context")
	}
}

func TestServerContextCancellation(t *testing.T) {
	route := serverRoute{method: "GET", path: "/", serve: func(_ serverOps, ctx context.Context, x *serverExchange) error {
		child, cancel := context.WithTimeout(ctx, time.Hour)
		defer cancel()
		<-child.Done() // ends when the request's context does
		return child.Err()
	}}
	h := serverTestHandler([]serverRoute{route}, WithAuthenticator(nil))
	ctx, cancel := context.WithCancel(context.Background())
	r := httptest.NewRequest("GET", "/", nil).WithContext(ctx)
	cancel()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 500 {
		t.Errorf("status %d", w.Code)
	}
}

func TestValidateIter(t *testing.T) {
	type member struct{ Key, Value string }
	walk := func(raw string) []member {
		var out []member
		for it := validateJSON([]byte(raw)); it.next(); {
			out = append(out, member{string(it.key), string(it.value)})
		}
		return out
	}
	tests := map[string][]member{
		`{}`:   nil,
		` [ ]`: nil,
		`{"a":1,"b":"x\"y","c":{"d":[1,{"e":"}"}]},"f":null,"g":true}`: {
			{"a", "1"}, {"b", `"x\"y"`}, {"c", `{"d":[1,{"e":"}"}]}`}, {"f", "null"}, {"g", "true"},
		},
		" {\n \"a\" :\t[1, 2] ,\"b\\u0041\":-1.5e3 }": {{"a", "[1, 2]"}, {"bA", "-1.5e3"}},
		`[1, "a", {"b": 2}, [3]]`:                     {{"", "1"}, {"", `"a"`}, {"", `{"b": 2}`}, {"", "[3]"}},
		`"scalar"`:                                    nil,
		`null`:                                        nil,
		``:                                            nil,
		`{"a":`:                                       nil,
		`{"a" 1}`:                                     nil,
		`{"a":"unterminated}`:                         nil,
		`{"a":{"b":1}`:                                {{"a", `{"b":1}`}},
		`{a:1}`:                                       nil,
	}
	for raw, want := range tests {
		if got := walk(raw); !reflect.DeepEqual(got, want) {
			t.Errorf("walk(%q) = %q, want %q", raw, got, want)
		}
	}
	var it validateIter // the zero value yields nothing
	if it.next() {
		t.Error("zero iterator yielded")
	}
}

func FuzzValidateIter(f *testing.F) {
	for _, s := range []string{`{"a":[1,{"b":"c"}],"d":null}`, `[1,2`, `{"\u00e9":"\\"}`, `{"a":"b\`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		n := 0
		for it := validateJSON(raw); it.next() && n < len(raw)+1; n++ {
			_ = validatePresent(it.value)
		}
		if n > len(raw) {
			t.Fatalf("more members than bytes in %q", raw)
		}
	})
}

func TestValidateError(t *testing.T) {
	err := validateIn(validateIn(validateIn(validateIn(validateErrorf("too %s", "long"), "foo"), 3), "tags"), "body")
	if got := err.Error(); got != "body.tags[3].foo: too long" {
		t.Errorf("Error() = %q", got)
	}
	if root := err.(*validateError).root(); root != "body" {
		t.Errorf("root = %q", root)
	}
	if got := validateIn(errors.New("plain"), "query.limit").Error(); got != "query.limit: plain" {
		t.Errorf("plain error: %q", got)
	}
	if got := validateErrorf("%q is not one of %s", strings.Repeat("a", 1000), strings.Repeat("b", 300)).Error(); len(got) > 450 {
		t.Errorf("long request text repeated in full: %d bytes", len(got))
	}
	if got := validateErrorf("bare").Error(); got != "bare" {
		t.Errorf("no path: %q", got)
	}
	if (&validateError{}).root() != "" {
		t.Error("root of an error without path")
	}
	if validatePresent(nil) == nil || validatePresent([]byte("null")) == nil || validatePresent([]byte(`""`)) != nil {
		t.Error("validatePresent")
	}
}

func TestServerQuery(t *testing.T) {
	q, _ := url.ParseQuery("limit=x&tags.a=1&tags[b]=2&ids=a&ids=b&when=yesterday")
	var limit *int64
	if err := serverQuery(q, "limit", &limit, queryStyle{style: "form", explode: true}, false); err == nil || err.Error() != `query.limit: invalid number "x"` {
		t.Errorf("limit: %v", err)
	}
	var tags map[string]string
	if err := serverQuery(q, "tags", &tags, queryStyle{style: "deepObject", explode: true}, true); err != nil || len(tags) != 2 {
		t.Errorf("tags: %v %v", tags, err)
	}
	var ids []string
	if err := serverQuery(q, "ids", &ids, queryStyle{style: "form", explode: true}, true); err != nil || len(ids) != 2 {
		t.Errorf("ids: %v %v", ids, err)
	}
	var missing string
	if err := serverQuery(q, "name", &missing, queryStyle{style: "form", explode: true}, true); err == nil || err.Error() != "query.name: is required" {
		t.Errorf("required: %v", err)
	}
	var when time.Time
	if err := serverQuery(q, "when", &when, queryStyle{style: "form", explode: true}, false); err == nil || !strings.HasPrefix(err.Error(), "query.when: ") {
		t.Errorf("when: %v", err)
	}
	if got := serverQueryError("query", "n", errors.New("odd")).Error(); got != "query.n: odd" {
		t.Errorf("unknown error shape: %q", got)
	}

	h := serverTestHandler([]serverRoute{{method: "GET", path: "/", serve: func(_ serverOps, _ context.Context, x *serverExchange) error {
		if _, err := x.query(); err != nil {
			return err
		}
		return serverReply(x, 200, (*serverTestEcho)(nil), nil)
	}}}, WithAuthenticator(nil))
	serverTestEnvelope(t, serverTestDo(h, "GET", "/?a=%zz", nil), 400, "InvalidQuery")
	serverTestEnvelope(t, serverTestDo(h, "GET", "/?a=1;b=2", nil), 400, "InvalidQuery")
}

// serverTestText parses its own text.
type serverTestText struct{ s string }

func (v *serverTestText) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		return errors.New("empty")
	}
	v.s = string(b)
	return nil
}

func TestServerParseParam(t *testing.T) {
	var (
		i   int64
		pi  *int32
		u   uint8
		b   bool
		f   float64
		tm  time.Time
		tx  serverTestText
		s   string
		ids []int64
	)
	ok := []struct {
		text string
		dst  any
	}{{"42", &i}, {"-7", &pi}, {"255", &u}, {"true", &b}, {"1.5", &f}, {"2024-01-02T03:04:05Z", &tm}, {"x", &tx}, {"s", &s}, {"1,2,3", &ids}}
	for _, c := range ok {
		if err := serverParseParam(c.text, c.dst); err != nil {
			t.Errorf("%q: %v", c.text, err)
		}
	}
	if i != 42 || pi == nil || *pi != -7 || u != 255 || !b || f != 1.5 || tm.Year() != 2024 || tx.s != "x" || s != "s" || len(ids) != 3 {
		t.Errorf("parsed %v %v %v %v %v %v %v %v %v", i, pi, u, b, f, tm, tx, s, ids)
	}
	bad := []struct {
		text string
		dst  any
		msg  string
	}{
		{"x", &i, `invalid integer "x"`}, {"99999999999", &pi, `invalid integer "99999999999"`}, {"-1", &u, `invalid integer "-1"`},
		{"yes", &b, `invalid boolean "yes"`}, {"NaN", &f, `invalid number "NaN"`}, {"today", &tm, `invalid date-time "today"`},
		{"", &tx, `invalid value ""`}, {"1,x", &ids, `[1]: invalid integer "x"`}, {"1", &struct{}{}, "cannot decode"},
	}
	for _, c := range bad {
		if err := serverParseParam(c.text, c.dst); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q into %T: %v, want %q", c.text, c.dst, err, c.msg)
		}
	}
}

func TestValidateFormat(t *testing.T) {
	good := map[string][]string{
		"email":         {"a@b.c", "first.last+tag@example.co.uk"},
		"uuid":          {"123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"},
		"uri":           {"https://example.com/x?y#z", "urn:isbn:123"},
		"uri-reference": {"/relative/path", "https://x"},
		"date":          {"2024-02-29"},
		"date-time":     {"2024-02-29T10:00:00.5+01:00"},
		"ipv4":          {"127.0.0.1"},
		"ipv6":          {"::1", "2001:db8::1"},
		"unknown":       {"anything"},
	}
	bad := map[string][]string{
		"email":         {"", "a", "@b", "a@", "a b@c", "a@b@c"},
		"uuid":          {"", "123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g", "123e4567-e89b-12d3-a456_426614174000"},
		"uri":           {"", "no-scheme", "http://[::1"},
		"uri-reference": {"http://[::1"},
		"date":          {"2023-02-29", "2024-1-1"},
		"date-time":     {"2024-02-29"},
		"ipv4":          {"::1", "256.0.0.1"},
		"ipv6":          {"127.0.0.1", "x"},
	}
	for format, values := range good {
		for _, v := range values {
			if err := validateFormat(format, v); err != nil {
				t.Errorf("%s %q: %v", format, v, err)
			}
		}
	}
	for format, values := range bad {
		for _, v := range values {
			if err := validateFormat(format, v); err == nil {
				t.Errorf("%s %q accepted", format, v)
			}
		}
	}
}

func TestServerExcerpt(t *testing.T) {
	long := strings.Repeat("é", 150)
	if got := serverExcerpt(long); len(got) > 203 || !utf8.ValidString(got) || !strings.HasSuffix(got, "...") {
		t.Errorf("serverExcerpt = %q", got)
	}
	if serverExcerpt("short") != "short" {
		t.Error("short text changed")
	}
}
