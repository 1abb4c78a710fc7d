package botpress_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/bpgen/bpgen/gen/botpress"
	"github.com/bpgen/bpgen/gen/botpress/botpresstest"
)

// srvAnswering is a Fake whose every operation succeeds with an empty output, so that
// any 5xx the fuzzer finds comes from the handler, not from the Server.
var srvAnswering = sync.OnceValue(func() *botpresstest.Fake {
	fake := botpresstest.NewFake()
	v := reflect.ValueOf(fake).Elem()
	for i := range v.NumField() {
		fn := v.Field(i)
		if fn.Kind() != reflect.Func || !fn.CanSet() {
			continue
		}
		out := fn.Type().Out(0).Elem()
		fn.Set(reflect.MakeFunc(fn.Type(), func([]reflect.Value) []reflect.Value {
			return []reflect.Value{reflect.New(out), reflect.Zero(reflect.TypeFor[error]())}
		}))
	}
	return fake
})

// srvFailOnLog fails the test on anything the handler logs: it only logs internal
// errors and panics.
type srvFailOnLog struct{ t *testing.T }

func (h srvFailOnLog) Enabled(context.Context, slog.Level) bool { return true }
func (h srvFailOnLog) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	r.Attrs(func(a slog.Attr) bool { b.WriteString(" " + a.String()); return true })
	h.t.Errorf("handler logged %q:%s", r.Message, b.String())
	return nil
}
func (h srvFailOnLog) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h srvFailOnLog) WithGroup(string) slog.Handler      { return h }

// FuzzHandler sends random methods, paths, headers and bodies: the handler must never
// panic, never answer a 5xx (the Server always succeeds), and always answer JSON, an
// error envelope whenever it refuses. The seed corpus runs as a normal test.
func FuzzHandler(f *testing.F) {
	api, err := srvAPI()
	if err != nil {
		f.Fatal(err)
	}
	for _, op := range api.Operations {
		path := ""
		for _, s := range op.Segments {
			if s.Param != nil {
				path += "x1"
			} else {
				path += s.Literal
			}
		}
		f.Add(op.Method, path+"?nextToken=t&limit=5&tags.a=b&tags[c]=d", "application/json", "Bearer t", `{"name":"n","rows":[{"id":1}],"tags":{"a":"b"}}`)
		f.Add(op.Method, path, "application/json; charset=utf-8", "Bearer t", `{}`)
	}
	for _, seed := range [][5]string{
		{"POST", "/v1/chat/conversations", "application/json", "Bearer t", `{"channel":"c","tags":{"a":"b"}}`},
		{"POST", "/v1/chat/conversations", "application/json", "Bearer t", `{"channel":"\ud800","tags":{"a":"b"},"tags":null}`},
		{"POST", "/v1/chat/conversations", "text/plain", "", `{`},
		{"PUT", "/v1/tables/t/rows", "application/json", "Bearer t", `{"rows":[{"id":1e400}]}`},
		{"GET", "/v1/chat/states/%ff/%2F/..", "", "Bearer t", ``},
		{"GET", "/v1/files?ids=a&ids=b&tags[a][b]=c&indexed=maybe", "", "bearer x", ``},
		{"DELETE", "//v1//chat", "application/json", "Bearer", `null`},
		{"OPTIONS", "*", "", "", ``},
		{"PUT", "/v1/admin/workspaces/w", "application/json", "Bearer t", `{"handle":"ab","spendingLimit":-1e308,"socialAccounts":[]}`},
		{"POST", "/v1/tables/t/rows/find", "application/json", "Bearer t", `{"limit":9223372036854775808}`},
		// Bodies the pre-decoding scan refuses: duplicates (exact, case-folded, the
		// Kelvin sign), names that only case-fold to a property, bad UTF-8, depth.
		{"POST", "/v1/chat/conversations", "application/json", "Bearer t", `{"channel":"web","CHANNEL":"x","tags":{"k":"1","\u212a":"2"}}`},
		{"POST", "/v1/chat/conversations", "application/json", "Bearer t", `{"Channel":"web","tags":{},"ſ":1,"s":2}`},
		{"POST", "/v1/chat/conversations", "application/json", "Bearer t", "{\"channel\":\"\xff\xfe\",\"tags\":{}}"},
		{"POST", "/v1/chat/conversations", "application/json", "Bearer t", `{"channel":"c","tags":{},"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`},
		{"PUT", "/v1/tables/t/rows", "application/json", "Bearer t", `{"rows":[{"id":1,"ID":2}],"Rows":[]}`},
		// Dot segments, raw and encoded, and a query string beyond the key limit.
		{"GET", "/v1/chat/conversations/%2E%2E", "", "Bearer t", ``},
		{"GET", "/v1/chat/conversations/..", "", "Bearer t", ``},
		{"GET", "/v1/chat/states/conversation/./%2e", "", "Bearer t", ``},
		{"GET", "/v1/chat/conversations?" + strings.Repeat("tags.k=v&", 1001), "", "Bearer t", ``},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3], seed[4])
	}
	f.Fuzz(func(t *testing.T, method, target, contentType, auth, body string) {
		h := botpress.NewHandler(srvAnswering(), botpress.WithHandlerLogger(slog.New(srvFailOnLog{t})), botpress.WithMaxBodyBytes(1<<16))
		r, err := http.NewRequest(method, "http://api.test"+target, strings.NewReader(body))
		if err != nil {
			return // not a request net/http would hand to a handler
		}
		r.Header.Set("Content-Type", contentType)
		r.Header.Set("Authorization", auth)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("%s %s: %d %s", method, target, w.Code, w.Body)
		}
		if w.Code == http.StatusNoContent {
			return
		}
		var envelope struct {
			Code int    `json:"code"`
			Type string `json:"type"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &envelope); err != nil {
			t.Fatalf("%s %s: %d, not JSON: %q", method, target, w.Code, w.Body)
		}
		if w.Code >= 400 && (envelope.Code != w.Code || envelope.Type == "") {
			t.Fatalf("%s %s: %d with envelope %s", method, target, w.Code, w.Body)
		}
	})
}
