package rt

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync/atomic"
	"testing"
)

// TestWithOptionsCopies: options given to a call change a copy of the
// client's settings, never the client's, and the derived state (fixed
// headers, redactor) follows them.
func TestWithOptionsCopies(t *testing.T) {
	c := &clientCore{baseURL: "http://a", token: "tok", header: http.Header{"X-Bot-Id": {"b1"}}, retry: DefaultRetryPolicy()}
	c.init()
	fixed := c.fixed.Clone()
	set := callOption(func(cc *clientCore) {
		cc.header.Set("X-Bot-Id", "b2")
		cc.header.Set("X-Api-Key", "per-call-key")
		cc.secret["X-Other"] = true
		cc.token = "call-tok"
		cc.retry = NoRetry()
	})
	c.secret = map[string]bool{}
	cp := c.withOptions([]RequestOption{set, nil})
	if cp == c {
		t.Fatal("withOptions returned the client's own settings")
	}
	if got := c.header.Get("X-Bot-Id"); got != "b1" || c.token != "tok" || c.retry.MaxRetries != 3 || len(c.secret) != 0 {
		t.Fatalf("the client changed: header %q, token %q, retries %d, secret %v", got, c.token, c.retry.MaxRetries, c.secret)
	}
	if !reflect.DeepEqual(c.fixed, fixed) {
		t.Fatalf("the client's fixed headers changed: %v", c.fixed)
	}
	if cp.fixed.Get("X-Bot-Id") != "b2" || cp.fixed.Get("Authorization") != "Bearer call-tok" {
		t.Fatalf("the call's fixed headers: %v", cp.fixed)
	}
	if got := cp.redactor.redact("echo per-call-key call-tok"); got != "echo "+clientRedacted+" "+clientRedacted {
		t.Fatalf("the call's credentials are not redacted: %q", got)
	}
	if c.withOptions(nil) != c {
		t.Fatal("without options a call should use the client's settings as they are")
	}
}

// TestWithOptionsKeepsSender: options that leave the transport's inputs alone
// do not rebuild it, so middleware constructors run once per client.
func TestWithOptionsKeepsSender(t *testing.T) {
	var built atomic.Int32
	mw := func(next http.RoundTripper) http.RoundTripper { built.Add(1); return next }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer srv.Close()
	c := &clientCore{baseURL: srv.URL, middleware: []Middleware{mw}, header: http.Header{}}
	c.init()
	header := callOption(func(cc *clientCore) { cc.header.Set("X-Trace", "t") })
	for range 3 {
		if err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/"}, nil, header); err != nil {
			t.Fatal(err)
		}
	}
	if n := built.Load(); n != 1 {
		t.Fatalf("middleware built %d times, want once", n)
	}
	more := callOption(func(cc *clientCore) { cc.middleware = append(cc.middleware, mw) })
	if err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/"}, nil, more); err != nil {
		t.Fatal(err)
	}
	if n := built.Load(); n != 3 || len(c.middleware) != 1 {
		t.Fatalf("a call's middleware: built %d times (want 3), client has %d", n, len(c.middleware))
	}
}

// TestRetryableWithKey: an idempotency key makes a POST retryable as a PUT is.
func TestRetryableWithKey(t *testing.T) {
	p := DefaultRetryPolicy()
	resp := &http.Response{StatusCode: http.StatusServiceUnavailable}
	if p.retryable(http.MethodPost, resp, nil) {
		t.Error("a POST without a key was retryable on 503")
	}
	if !p.retryableCall(true, resp, nil) {
		t.Error("a keyed POST was not retryable on 503")
	}
	if p.retryableCall(true, &http.Response{StatusCode: http.StatusInternalServerError}, nil) {
		t.Error("500 became retryable")
	}
	c := &clientCore{idempotencyKey: "k"}
	h := c.callHeader(&clientRequest{})
	if h.Get(clientDefaultIdempotencyHeader) != "k" {
		t.Errorf("default header: %v", h)
	}
	orig := http.Header{"X-A": {"1"}}
	c.idempotencyHeader = "X-Key"
	if h := c.callHeader(&clientRequest{header: orig}); h.Get("X-Key") != "k" || h.Get("X-A") != "1" || orig.Get("X-Key") != "" {
		t.Errorf("declared header: %v (request's header %v)", h, orig)
	}
}
