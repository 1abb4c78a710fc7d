package botpress_test

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
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/bpgen/bpgen/gen/botpress"
	"github.com/bpgen/bpgen/gen/botpress/botpresstest"
)

// srvErrorID is the format of the API's error ids.
var srvErrorID = regexp.MustCompile(`^err_\d{14}x[0-9A-F]{8}$`)

// srvRequest serves one request to h; header lists name, value pairs, and a bearer
// token is sent unless header sets Authorization.
func srvRequest(h http.Handler, method, target, body string, header ...string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	r.Header.Set("Authorization", "Bearer token")
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// srvEnvelope checks that w is the API's error envelope with status and type, and
// returns it.
func srvEnvelope(t *testing.T, w *httptest.ResponseRecorder, status int, typ string) botpress.ErrorInfo {
	t.Helper()
	var info botpress.ErrorInfo
	if err := json.Unmarshal(w.Body.Bytes(), &info); err != nil {
		t.Fatalf("status %d, body %q: %v", w.Code, w.Body, err)
	}
	if w.Code != status || info.Code != status || info.Type != typ {
		t.Errorf("answered %d %+v, want %d %s", w.Code, info, status, typ)
	}
	if !srvErrorID.MatchString(info.ID) || info.Message == "" || w.Header().Get("Content-Type") != "application/json" {
		t.Errorf("malformed envelope %s (Content-Type %q)", w.Body, w.Header().Get("Content-Type"))
	}
	return info
}

// srvFailing is a Server whose operations fail in the ways a real one can.
type srvFailing struct {
	botpress.UnimplementedServer
}

func (srvFailing) GetConversation(_ context.Context, in *botpress.GetConversationInput) (*botpress.GetConversationOutput, error) {
	switch in.ID {
	case "missing":
		return nil, botpress.NewResourceNotFoundError("conversation missing does not exist")
	case "wrapped":
		return nil, fmt.Errorf("loading: %w", botpress.NewForbiddenError("not yours"))
	case "panic":
		panic("nil map somewhere")
	case "nil":
		return nil, nil
	}
	return nil, errors.New("pq: password authentication failed for user admin")
}

// TestServerRejectsBadInput sends what a hostile or buggy client would: each request
// is answered with the right status and the API's envelope, naming the field.
func TestServerRejectsBadInput(t *testing.T) {
	fake := botpresstest.NewFake()
	h := botpress.NewHandler(fake, botpress.WithMaxBodyBytes(4096))
	long := strings.Repeat("x", 201)
	tests := []struct {
		name, method, target, body string
		header                     []string
		status                     int
		typ, msg                   string
	}{
		{"malformed JSON", "POST", "/v1/chat/conversations", `{"channel":"c",`, nil, 400, "InvalidPayload", "body: malformed JSON at offset"},
		{"not an object", "POST", "/v1/chat/conversations", `["channel"]`, nil, 400, "InvalidPayload", "body: expected object, got array"},
		{"wrong type", "POST", "/v1/chat/conversations", `{"channel":42,"tags":{}}`, nil, 400, "InvalidPayload", "body.channel: expected string, got number"},
		{"wrong nested type", "POST", "/v1/chat/conversations", `{"channel":"c","tags":{"a":1}}`, nil, 400, "InvalidPayload", "body.tags: expected string, got number"},
		{"missing required", "POST", "/v1/chat/conversations", `{"tags":{}}`, nil, 400, "InvalidPayload", "body.channel: is required"},
		{"null required", "POST", "/v1/chat/conversations", `{"channel":"c","tags":null}`, nil, 400, "InvalidPayload", "body.tags: must not be null"},
		{"empty body", "POST", "/v1/chat/conversations", ``, []string{"Content-Type", "application/json"}, 400, "InvalidPayload", "body: is required"},
		{"too long", "POST", "/v1/chat/conversations", `{"channel":"` + long + `","tags":{}}`, nil, 400, "InvalidPayload", "body.channel: length 201 exceeds maxLength 200"},
		{"too long in a map", "POST", "/v1/chat/conversations", `{"channel":"c","tags":{"foo":"` + strings.Repeat("é", 600) + `"}}`, nil, 400, "InvalidPayload", "body.tags.foo: length 600 exceeds maxLength 500"},
		{"bad enum in body", "POST", "/v1/admin/workspace-members", `{"email":"a@b.c","role":"god"}`, nil, 400, "InvalidPayload", `body.role: "god" is not one of "viewer"`},
		{"bad format", "POST", "/v1/admin/workspace-members", `{"email":"nobody","role":"viewer"}`, nil, 400, "InvalidPayload", `body.email: "nobody" is not a valid email`},
		{"bad pattern", "PUT", "/v1/admin/workspaces/w1", `{"handle":"Not_OK!"}`, nil, 400, "InvalidPayload", "body.handle: does not match pattern"},
		{"below minimum", "POST", "/v1/tables/t1/rows/find", `{"limit":0}`, nil, 400, "InvalidPayload", "body.limit: 0 is less than minimum 1"},
		{"above maximum", "PUT", "/v1/admin/workspaces/w1", `{"spendingLimit":5000}`, nil, 400, "InvalidPayload", "body.spendingLimit: 5000 is greater than maximum 1000"},
		{"too few items", "POST", "/v1/tables/t1/rows", `{"rows":[]}`, nil, 400, "InvalidPayload", "body.rows: has 0 items, fewer than minItems 1"},
		{"required in an item", "PUT", "/v1/tables/t1/rows", `{"rows":[{"id":1},{}]}`, nil, 400, "InvalidPayload", "body.rows[1].id: is required"},
		{"bad date-time", "PUT", "/v1/files", `{"key":"k","size":1,"expiresAt":"tomorrow"}`, nil, 400, "InvalidPayload", "body: invalid value"},
		{"integer expected", "POST", "/v1/tables/t1/rows/find", `{"limit":1.5}`, nil, 400, "InvalidPayload", "body.limit: expected integer, got number 1.5"},
		{"bad enum in query", "GET", "/v1/chat/conversations?sortField=bogus", "", nil, 400, "InvalidQuery", `query.sortField: "bogus" is not one of "createdAt", "updatedAt"`},
		{"bad query number", "GET", "/v1/tables/t1/row?id=abc", "", nil, 400, "InvalidQuery", `query.id: invalid number "abc"`},
		{"missing query", "GET", "/v1/tables/t1/row", "", nil, 400, "InvalidQuery", "query.id: is required"},
		{"too many query items", "GET", "/v1/files?" + strings.Repeat("ids=a&", 51), "", nil, 400, "InvalidQuery", "query.ids: has 51 items, more than maxItems 50"},
		{"malformed query", "GET", "/v1/chat/conversations?a=1;b=2", "", nil, 400, "InvalidQuery", "query: malformed query string"},
		{"bad path parameter", "GET", "/v1/chat/states/planet/x/y", "", nil, 400, "InvalidQuery", `path.type: "planet" is not one of "conversation"`},
		{"empty path parameter", "GET", "/v1/chat/conversations/", "", nil, 404, "ResourceNotFound", "no operation at GET /v1/chat/conversations/"},
		{"wrong content type", "POST", "/v1/chat/conversations", `{"channel":"c","tags":{}}`, []string{"Content-Type", "text/plain"}, 415, "UnsupportedMediaType", `content type "text/plain" is not supported`},
		{"form body", "POST", "/v1/chat/conversations", `channel=c`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "UnsupportedMediaType", "send application/json"},
		{"huge body", "POST", "/v1/chat/conversations", `{"channel":"c","tags":{"a":"` + strings.Repeat("x", 5000) + `"}}`, nil, 413, "PayloadTooLarge", "exceeds 4096 bytes"},
		{"unknown route", "GET", "/v1/chat/nothing-here", "", nil, 404, "ResourceNotFound", "no operation at GET /v1/chat/nothing-here"},
		{"unknown version", "GET", "/v2/chat/conversations", "", nil, 404, "ResourceNotFound", "no operation"},
		{"wrong method", "PATCH", "/v1/chat/conversations", "", nil, 405, "MethodNotFound", "method PATCH is not allowed"},
		{"no token", "GET", "/v1/chat/conversations", "", []string{"Authorization", ""}, 401, "Unauthorized", "missing or invalid credentials"},
		{"not a bearer token", "GET", "/v1/chat/conversations", "", []string{"Authorization", "Basic dXNlcjpwYXNz"}, 401, "Unauthorized", "credentials"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := srvRequest(h, tt.method, tt.target, tt.body, tt.header...)
			info := srvEnvelope(t, w, tt.status, tt.typ)
			if !strings.Contains(info.Message, tt.msg) {
				t.Errorf("message %q does not contain %q", info.Message, tt.msg)
			}
		})
	}
	if n := len(fake.Calls()); n != 0 {
		t.Errorf("the Server was called %d times with bad input", n)
	}
	w := srvRequest(h, "PATCH", "/v1/chat/conversations", "")
	if got := w.Header().Get("Allow"); got != "GET, HEAD, OPTIONS, POST" {
		t.Errorf("Allow = %q", got)
	}
}

// TestServerAcceptsUndeclaredProperties: the Botpress schemas do not forbid
// undeclared properties (the generator's golden server case covers the ones that
// do), so they are ignored, as the API does.
func TestServerAcceptsUndeclaredProperties(t *testing.T) {
	fake := botpresstest.NewFake()
	fake.CreateConversationFunc = func(context.Context, *botpress.CreateConversationInput) (*botpress.CreateConversationOutput, error) {
		return srvCreated(), nil
	}
	w := srvRequest(botpress.NewHandler(fake), "POST", "/v1/chat/conversations", `{"channel":"c","tags":{},"color":"blue"}`)
	if w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}

func TestServerAnswersErrors(t *testing.T) {
	var logs bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logs.Write(p)
	}), nil))
	h := botpress.NewHandler(srvFailing{}, botpress.WithHandlerLogger(logger))

	info := srvEnvelope(t, srvRequest(h, "GET", "/v1/chat/conversations/missing", ""), 404, "ResourceNotFound")
	if info.Message != "conversation missing does not exist" {
		t.Errorf("message = %q", info.Message)
	}
	srvEnvelope(t, srvRequest(h, "GET", "/v1/chat/conversations/wrapped", ""), 403, "Forbidden")

	w := srvRequest(h, "GET", "/v1/chat/conversations/other", "")
	info = srvEnvelope(t, w, 500, "Internal")
	if strings.Contains(w.Body.String(), "password") || !strings.Contains(logs.String(), "password") || !strings.Contains(logs.String(), info.ID) {
		t.Errorf("internal error: answered %s, logged %s", w.Body, logs.String())
	}

	info = srvEnvelope(t, srvRequest(h, "GET", "/v1/chat/conversations/panic", ""), 500, "Internal")
	if strings.Contains(info.Message, "nil map") || !strings.Contains(logs.String(), "nil map somewhere") {
		t.Errorf("panic: answered %+v, logged %s", info, logs.String())
	}
	// The server keeps serving after a panic.
	srvEnvelope(t, srvRequest(h, "GET", "/v1/chat/conversations/missing", ""), 404, "ResourceNotFound")

	if w := srvRequest(h, "GET", "/v1/chat/conversations/nil", ""); w.Code != 200 || w.Body.String() != "{}" {
		t.Errorf("nil output: %d %s", w.Code, w.Body)
	}
	info = srvEnvelope(t, srvRequest(h, "DELETE", "/v1/chat/conversations/c1", ""), 405, "MethodNotFound")
	if info.Message != "DeleteConversation is not implemented" {
		t.Errorf("not implemented: %q", info.Message)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestServerPanicOverHTTP: a real server keeps its connection pool and answers the
// next request after a handler panic.
func TestServerPanicOverHTTP(t *testing.T) {
	client := botpresstest.NewTestClient(t, srvFailing{})
	_, err := client.GetConversation(context.Background(), &botpress.GetConversationInput{ID: "panic"})
	if !errors.Is(err, botpress.ErrInternal) {
		t.Errorf("panic: %v", err)
	}
	_, err = client.GetConversation(context.Background(), &botpress.GetConversationInput{ID: "missing"})
	if !errors.Is(err, botpress.ErrResourceNotFound) {
		t.Errorf("after panic: %v", err)
	}
}

func TestServerOptions(t *testing.T) {
	var seen []string
	fake := botpresstest.NewFake()
	fake.GetConversationFunc = func(ctx context.Context, in *botpress.GetConversationInput) (*botpress.GetConversationOutput, error) {
		r, ok := botpress.RequestFromContext(ctx)
		if !ok {
			return nil, errors.New("no request")
		}
		seen = append(seen, "server:"+r.Header.Get("X-Bot-Id")+":"+ctx.Value(srvUserKey{}).(string))
		return &botpress.GetConversationOutput{}, nil
	}
	auth := botpress.BearerAuthenticator(func(ctx context.Context, token string) (context.Context, error) {
		if token != "right" {
			return nil, botpress.NewForbiddenError("wrong token")
		}
		return context.WithValue(ctx, srvUserKey{}, "bot-user"), nil
	})
	trace := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen = append(seen, "middleware")
			next.ServeHTTP(w, r)
		})
	}
	h := botpress.NewHandler(fake, botpress.WithAuthenticator(auth), botpress.WithHandlerMiddleware(trace))
	if w := srvRequest(h, "GET", "/v1/chat/conversations/c1", "", "Authorization", "Bearer right", "X-Bot-Id", "b1"); w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if strings.Join(seen, ",") != "middleware,server:b1:bot-user" {
		t.Errorf("seen %v", seen)
	}
	srvEnvelope(t, srvRequest(h, "GET", "/v1/chat/conversations/c1", "", "Authorization", "Bearer wrong"), 403, "Forbidden")

	open := botpress.NewHandler(fake, botpress.WithAuthenticator(nil))
	fake.GetConversationFunc = func(context.Context, *botpress.GetConversationInput) (*botpress.GetConversationOutput, error) {
		return &botpress.GetConversationOutput{}, nil
	}
	if w := srvRequest(open, "GET", "/v1/chat/conversations/c1", "", "Authorization", ""); w.Code != 200 {
		t.Errorf("WithAuthenticator(nil): %d", w.Code)
	}
}

type srvUserKey struct{}

// TestFakeConcurrent records calls from many goroutines; run with -race.
func TestFakeConcurrent(t *testing.T) {
	fake := botpresstest.NewFake()
	fake.GetUserFunc = func(_ context.Context, in *botpress.GetUserInput) (*botpress.GetUserOutput, error) {
		return &botpress.GetUserOutput{User: botpress.User{ID: in.ID}}, nil
	}
	client := botpresstest.NewTestClient(t, fake)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			id := fmt.Sprintf("user_%d", i)
			out, err := client.GetUser(context.Background(), &botpress.GetUserInput{ID: id})
			if err != nil || out.User.ID != id {
				t.Errorf("GetUser(%s) = %v, %v", id, out, err)
			}
			_, _ = client.DeleteUser(context.Background(), &botpress.DeleteUserInput{ID: id})
		})
	}
	wg.Wait()
	if got := len(fake.GetUserCalls()); got != 20 {
		t.Errorf("GetUserCalls: %d", got)
	}
	if got := len(fake.DeleteUserCalls()); got != 20 {
		t.Errorf("DeleteUserCalls: %d (unset funcs are recorded too)", got)
	}
	if got := len(fake.Calls()); got != 40 {
		t.Errorf("Calls: %d", got)
	}
	_, err := client.DeleteUser(context.Background(), &botpress.DeleteUserInput{ID: "u"})
	var api botpress.APIError
	if !errors.As(err, &api) || api.StatusCode() != 405 || !errors.Is(err, botpress.ErrMethodNotFound) {
		t.Errorf("unset func answered %v", err)
	}
}

// TestServerQueryNotations: deepObject parameters are read in dot notation, which
// the official client sends, and in OpenAPI's bracket notation; arrays repeat keys.
func TestServerQueryNotations(t *testing.T) {
	fake := srvAnswering()
	h := botpress.NewHandler(fake)
	w := srvRequest(h, "GET", "/v1/chat/conversations?tags.a=1&tags%5Bb%5D=2&participantIds=u1&participantIds=u2&sortDirection=desc", "")
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	calls := fake.ListConversationsCalls()
	in := calls[len(calls)-1]
	if in.Tags["a"] != "1" || in.Tags["b"] != "2" || len(in.ParticipantIDs) != 2 || in.ParticipantIDs[1] != "u2" ||
		*in.SortDirection != botpress.SortDirectionDesc {
		t.Errorf("decoded %+v", in)
	}
}

// TestServerDefaultBodyLimit: a body declared larger than 10 MiB is refused without
// being read.
func TestServerDefaultBodyLimit(t *testing.T) {
	r := httptest.NewRequest("POST", "/v1/chat/conversations", iotestErrReader{})
	r.ContentLength = 10<<20 + 1
	r.Header.Set("Authorization", "Bearer t")
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	botpress.NewHandler(botpresstest.NewFake()).ServeHTTP(w, r)
	srvEnvelope(t, w, 413, "PayloadTooLarge")
}

// iotestErrReader fails the test's request if the handler reads it.
type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errors.New("the body was read") }
