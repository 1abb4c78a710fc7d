package rt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// clientTestRetry retries quickly so that tests stay fast.
var clientTestRetry = RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond}

type clientTestItem struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// clientTestServer answers with the given statuses in turn (the last one repeating) and
// counts the requests it sees.
type clientTestServer struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []int
	headers  []http.Header // Retry-After etc. per response, may be shorter
	bodies   []string      // request bodies received
	requests []*http.Request
	respond  string // 2xx body
}

func newClientTestServer(t *testing.T, respond string, statuses ...int) *clientTestServer {
	t.Helper()
	s := &clientTestServer{statuses: statuses, respond: respond}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *clientTestServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	n := len(s.requests)
	s.requests = append(s.requests, r)
	s.bodies = append(s.bodies, string(body))
	status := s.statuses[min(n, len(s.statuses)-1)]
	if n < len(s.headers) {
		for k, v := range s.headers[n] {
			w.Header()[k] = v
		}
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if status/100 == 2 {
		io.WriteString(w, s.respond)
	} else {
		fmt.Fprintf(w, `{"code":%d,"message":"failed"}`, status)
	}
}

func (s *clientTestServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

func newClientTestCore(baseURL string) *clientCore {
	c := &clientCore{baseURL: baseURL, retry: clientTestRetry, decodeError: secDecodeError}
	c.init()
	return c
}

func TestClientHeaders(t *testing.T) {
	s := newClientTestServer(t, `{"id":"1","name":"a"}`, 200)
	c := &clientCore{
		baseURL:   s.URL + "/v1/",
		token:     "tok",
		userAgent: "bpgen-test/1.0",
		header:    http.Header{"x-bot-id": {"bot1"}, "X-Integration-Id": {"int1"}, "X-Empty": nil},
		retry:     NoRetry(),
	}
	c.init()
	var out clientTestItem
	err := c.do(context.Background(), &clientRequest{
		method: http.MethodPost,
		path:   "/items/a%2Fb",
		query:  url.Values{"limit": {"5"}, "tags": {"x", "y"}},
		header: http.Header{"X-Integration-Id": {"override"}, "X-Request": {"r"}},
		body:   clientTestItem{Name: "n"},
	}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if out != (clientTestItem{ID: "1", Name: "a"}) {
		t.Errorf("decoded %+v", out)
	}
	r := s.requests[0]
	if got, want := r.URL.RequestURI(), "/v1/items/a%2Fb?limit=5&tags=x&tags=y"; got != want {
		t.Errorf("request URI = %s, want %s", got, want)
	}
	want := map[string]string{
		"Accept":           "application/json",
		"Content-Type":     "application/json",
		"User-Agent":       "bpgen-test/1.0",
		"Authorization":    "Bearer tok",
		"X-Bot-Id":         "bot1",
		"X-Integration-Id": "override",
		"X-Request":        "r",
	}
	for k, v := range want {
		if got := r.Header.Values(k); len(got) != 1 || got[0] != v {
			t.Errorf("header %s = %q, want [%q]", k, got, v)
		}
	}
	if s.bodies[0] != `{"id":"","name":"n"}` {
		t.Errorf("body = %s", s.bodies[0])
	}
}

func TestClientNoBodyOrAuthWhenUnset(t *testing.T) {
	s := newClientTestServer(t, `{}`, 200)
	c := newClientTestCore(s.URL)
	// A request without a body sends none (which operations have one is the
	// model's to decide, whatever the method).
	if err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/x"}, nil); err != nil {
		t.Fatal(err)
	}
	r := s.requests[0]
	for _, h := range []string{"Authorization", "Content-Type"} {
		if v := r.Header.Get(h); v != "" {
			t.Errorf("%s = %q, want none", h, v)
		}
	}
	if s.bodies[0] != "" || r.ContentLength != 0 {
		t.Errorf("GET sent body %q", s.bodies[0])
	}
	if r.URL.RawQuery != "" {
		t.Errorf("query = %q, want none", r.URL.RawQuery)
	}
}

func TestClientBodyReplayedOnRetry(t *testing.T) {
	for _, method := range []string{http.MethodPut, http.MethodDelete, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			first := 503
			if method == http.MethodPost {
				first = 429
			}
			s := newClientTestServer(t, `{"id":"ok"}`, first, first, 200)
			c := newClientTestCore(s.URL)
			var out clientTestItem
			in := clientTestItem{ID: "7", Name: strings.Repeat("é", 3000)}
			if err := c.do(context.Background(), &clientRequest{method: method, path: "/x", body: in}, &out); err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(in)
			if len(s.bodies) != 3 {
				t.Fatalf("%d attempts, want 3", len(s.bodies))
			}
			for i, b := range s.bodies {
				if b != string(want) {
					t.Errorf("attempt %d body differs: %d bytes, want %d", i+1, len(b), len(want))
				}
			}
			if out.ID != "ok" {
				t.Errorf("decoded %+v", out)
			}
		})
	}
}

func TestClientRetryRules(t *testing.T) {
	tests := []struct {
		method   string
		statuses []int
		attempts int
		wantErr  bool
	}{
		{http.MethodPost, []int{500}, 1, true},
		{http.MethodPost, []int{503}, 1, true},
		{http.MethodPost, []int{502}, 1, true},
		{http.MethodPost, []int{429, 200}, 2, false},
		{http.MethodPatch, []int{429, 429, 200}, 3, false},
		{http.MethodGet, []int{503, 200}, 2, false},
		{http.MethodGet, []int{502, 504, 429, 200}, 4, false},
		{http.MethodGet, []int{503}, 4, true}, // 1 + MaxRetries
		{http.MethodGet, []int{500}, 1, true},
		{http.MethodGet, []int{404}, 1, true},
		{http.MethodPut, []int{504, 200}, 2, false},
		{http.MethodDelete, []int{503, 200}, 2, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.method, tt.statuses), func(t *testing.T) {
			s := newClientTestServer(t, `{}`, tt.statuses...)
			c := newClientTestCore(s.URL)
			err := c.do(context.Background(), &clientRequest{method: tt.method, path: "/x", body: map[string]int{"a": 1}}, nil)
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, want error %v", err, tt.wantErr)
			}
			if got := s.count(); got != tt.attempts {
				t.Errorf("%d attempts, want %d", got, tt.attempts)
			}
		})
	}
}

func TestClientNoRetryPolicy(t *testing.T) {
	s := newClientTestServer(t, `{}`, 503, 200)
	c := newClientTestCore(s.URL)
	c.retry = NoRetry()
	if err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/"}, nil); err == nil {
		t.Error("want the 503 error")
	}
	if s.count() != 1 {
		t.Errorf("%d attempts, want 1", s.count())
	}
}

func TestClientConnectionRefusedRetriesPost(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	var attempts atomic.Int32
	c := &clientCore{baseURL: "http://" + addr, retry: clientTestRetry, middleware: []Middleware{clientCountingMiddleware(&attempts)}}
	c.init()
	err = c.do(context.Background(), &clientRequest{method: http.MethodPost, path: "/", body: 1}, nil)
	if err == nil {
		t.Fatal("want an error")
	}
	if got := attempts.Load(); got != 4 {
		t.Errorf("%d attempts, want 4 (a refused connection proves the POST was not sent)", got)
	}
}

func clientCountingMiddleware(n *atomic.Int32) Middleware {
	return func(next http.RoundTripper) http.RoundTripper {
		return RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
			n.Add(1)
			return next.RoundTrip(r)
		})
	}
}

func TestClientRetryAfter(t *testing.T) {
	tests := []struct {
		name     string
		header   string
		policy   RetryPolicy
		min, max time.Duration
	}{
		// Backoff alone could wait up to an hour; Retry-After: 0 means now.
		{"zero", "0", RetryPolicy{MaxRetries: 1, BaseDelay: time.Hour, MaxDelay: time.Hour}, 0, 3 * time.Second},
		// One second is capped by MaxDelay; backoff alone would mostly wait less.
		{"capped", "1", RetryPolicy{MaxRetries: 1, BaseDelay: time.Hour, MaxDelay: 20 * time.Millisecond}, 20 * time.Millisecond, 900 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newClientTestServer(t, `{}`, 503, 200)
			s.headers = []http.Header{{"Retry-After": {tt.header}}}
			c := newClientTestCore(s.URL)
			c.retry = tt.policy
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			start := time.Now()
			if err := c.do(ctx, &clientRequest{method: http.MethodGet, path: "/"}, nil); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d < tt.min || d > tt.max {
				t.Errorf("took %v, want within [%v, %v]", d, tt.min, tt.max)
			}
			if s.count() != 2 {
				t.Errorf("%d attempts, want 2", s.count())
			}
		})
	}
}

func TestClientCancelDuringBackoff(t *testing.T) {
	s := newClientTestServer(t, `{}`, 503)
	c := newClientTestCore(s.URL)
	c.retry = RetryPolicy{MaxRetries: 5, BaseDelay: time.Hour, MaxDelay: time.Hour}
	s.headers = []http.Header{{"Retry-After": {"3600"}}}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	start := time.Now()
	err := c.do(ctx, &clientRequest{method: http.MethodGet, path: "/"}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("returned after %v, want promptly", d)
	}
	if s.count() != 1 {
		t.Errorf("%d attempts, want 1", s.count())
	}
}

func TestClientCancelledBeforeCall(t *testing.T) {
	s := newClientTestServer(t, `{}`, 200)
	c := newClientTestCore(s.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := c.do(ctx, &clientRequest{method: http.MethodGet, path: "/"}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if s.count() != 0 {
		t.Errorf("%d requests reached the server, want 0", s.count())
	}
}

func TestClientTimeout(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	tests := []struct {
		name    string
		timeout time.Duration
		ctx     time.Duration
	}{
		{"client timeout", 30 * time.Millisecond, 0},
		{"earlier context deadline wins", time.Hour, 30 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClientTestCore(slow.URL)
			c.timeout = tt.timeout
			ctx := context.Background()
			if tt.ctx > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctx)
				defer cancel()
			}
			start := time.Now()
			err := c.do(ctx, &clientRequest{method: http.MethodGet, path: "/"}, nil)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want context.DeadlineExceeded", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("returned after %v", d)
			}
		})
	}
}

func TestClientTimeoutCoversRetries(t *testing.T) {
	s := newClientTestServer(t, `{}`, 503)
	c := newClientTestCore(s.URL)
	c.retry = RetryPolicy{MaxRetries: 100, BaseDelay: 10 * time.Millisecond, MaxDelay: 10 * time.Millisecond}
	s.headers = []http.Header{{"Retry-After": {"1"}}}
	c.timeout = 50 * time.Millisecond
	start := time.Now()
	err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/"}, nil)
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v, want the 50ms timeout to stop retrying", d)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		var statusErr *StatusError
		if !errors.As(err, &statusErr) {
			t.Errorf("err = %v, want deadline exceeded or the last 503", err)
		}
	}
}

func TestClientMiddlewareOrder(t *testing.T) {
	s := newClientTestServer(t, `{}`, 200)
	var mu sync.Mutex
	var trace []string
	mark := func(name string) Middleware {
		return func(next http.RoundTripper) http.RoundTripper {
			return RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
				mu.Lock()
				trace = append(trace, name+" in")
				mu.Unlock()
				resp, err := next.RoundTrip(r)
				mu.Lock()
				trace = append(trace, name+" out")
				mu.Unlock()
				return resp, err
			})
		}
	}
	base := RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
		trace = append(trace, "transport")
		return http.DefaultTransport.RoundTrip(r)
	})
	user := &http.Client{Transport: base}
	c := &clientCore{baseURL: s.URL, httpClient: user, middleware: []Middleware{mark("first"), nil, mark("second")}}
	c.init()
	c.init() // idempotent: must not wrap twice
	if err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/"}, nil); err != nil {
		t.Fatal(err)
	}
	want := "first in,second in,transport,second out,first out"
	if got := strings.Join(trace, ","); got != want {
		t.Errorf("order = %s, want %s", got, want)
	}
	if _, ok := user.Transport.(RoundTripperFunc); !ok || c.httpClient != user {
		t.Error("the caller's http.Client must not be modified")
	}
}

func TestClientWithoutInit(t *testing.T) {
	s := newClientTestServer(t, `{"id":"x"}`, 200)
	c := &clientCore{baseURL: s.URL, token: "t"}
	c.init()
	var out clientTestItem
	if err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/"}, &out); err != nil {
		t.Fatal(err)
	}
	if out.ID != "x" || s.requests[0].Header.Get("Authorization") != "Bearer t" {
		t.Errorf("out %+v, auth %q", out, s.requests[0].Header.Get("Authorization"))
	}
}

func TestClientResponses(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		ctype   string
		body    string
		check   func(t *testing.T, out clientTestItem, err error)
		decoder clientErrorDecoder
	}{
		{
			name: "JSON", status: 200, ctype: "application/json", body: `{"id":"a"}`,
			check: func(t *testing.T, out clientTestItem, err error) {
				if err != nil || out.ID != "a" {
					t.Errorf("out %+v, err %v", out, err)
				}
			},
		},
		{
			name: "empty 2xx body", status: 200, ctype: "application/json", body: ``,
			check: func(t *testing.T, out clientTestItem, err error) {
				if err != nil || out != (clientTestItem{}) {
					t.Errorf("out %+v, err %v", out, err)
				}
			},
		},
		{
			name: "204", status: 204,
			check: func(t *testing.T, out clientTestItem, err error) {
				if err != nil {
					t.Error(err)
				}
			},
		},
		{
			name: "HTML 2xx", status: 200, ctype: "text/html", body: "<html>" + strings.Repeat("x", 1000) + "</html>",
			check: func(t *testing.T, out clientTestItem, err error) {
				var de *ResponseDecodeError
				if !errors.As(err, &de) {
					t.Fatalf("err = %v, want *ResponseDecodeError", err)
				}
				if de.StatusCode != 200 || de.ContentType != "text/html" || len(de.Excerpt) != 256 || !strings.HasPrefix(de.Excerpt, "<html>x") {
					t.Errorf("got %+v", de)
				}
				var syn *json.SyntaxError
				if !errors.As(err, &syn) {
					t.Errorf("Unwrap does not reach the JSON error: %v", err)
				}
				if msg := err.Error(); !strings.Contains(msg, "200") || !strings.Contains(msg, "<html>") {
					t.Errorf("message %q lacks status or excerpt", msg)
				}
			},
		},
		{
			name: "wrong shape", status: 201, ctype: "application/json", body: `{"id":5}`,
			check: func(t *testing.T, out clientTestItem, err error) {
				var de *ResponseDecodeError
				if !errors.As(err, &de) || de.StatusCode != 201 {
					t.Errorf("err = %v, want *ResponseDecodeError with 201", err)
				}
			},
		},
		{
			name: "undeclared error", status: 418, ctype: "text/plain", body: "teapot",
			check: func(t *testing.T, out clientTestItem, err error) {
				var se *StatusError
				if !errors.As(err, &se) || se.StatusCode() != 418 || se.Excerpt != "teapot" {
					t.Fatalf("err = %#v, want *StatusError 418", err)
				}
				if msg := err.Error(); !strings.Contains(msg, "418") || !strings.Contains(msg, "teapot") {
					t.Errorf("message %q", msg)
				}
			},
		},
		{
			name: "typed error", status: 404, ctype: "application/json", body: `{"message":"gone"}`,
			decoder: func(resp *http.Response, body []byte, _ bool) error {
				return fmt.Errorf("typed %d: %s", resp.StatusCode, body)
			},
			check: func(t *testing.T, out clientTestItem, err error) {
				if err == nil || err.Error() != `typed 404: {"message":"gone"}` {
					t.Errorf("err = %v", err)
				}
			},
		},
		{
			name: "decoder declines", status: 500, body: `x`,
			decoder: func(*http.Response, []byte, bool) error { return nil },
			check: func(t *testing.T, out clientTestItem, err error) {
				if err == nil || err.Error() != "HTTP 500 Internal Server Error" {
					t.Errorf("err = %v, want the status", err)
				}
			},
		},
		{
			name: "large error body is truncated", status: 400, body: strings.Repeat("e", 2<<20),
			check: func(t *testing.T, out clientTestItem, err error) {
				var se *StatusError
				if !errors.As(err, &se) || len(se.Excerpt) != 256 {
					t.Fatalf("err = %T, want *StatusError with a 256-byte excerpt", err)
				}
				if len(err.Error()) > 400 {
					t.Errorf("message is %d bytes, want a short excerpt", len(err.Error()))
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.ctype != "" {
					w.Header().Set("Content-Type", tt.ctype)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			c := newClientTestCore(srv.URL)
			if tt.decoder != nil {
				c.decodeError = tt.decoder
			}
			var out clientTestItem
			err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/"}, &out)
			tt.check(t, out, err)
		})
	}
}

// TestClientHead checks that the answer to HEAD, which has no body although
// its Content-Length is the GET's, is not read as a truncated body.
func TestClientHead(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "10")
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			io.WriteString(w, `{"id":"a"}`)
		}
	}))
	defer srv.Close()
	c := newClientTestCore(srv.URL)
	var out clientTestItem
	if err := c.do(context.Background(), &clientRequest{method: http.MethodHead, path: "/x"}, &out); err != nil || out != (clientTestItem{}) {
		t.Errorf("HEAD: out %+v, err %v", out, err)
	}
	if err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/x"}, &out); err != nil || out.ID != "a" {
		t.Errorf("GET: out %+v, err %v", out, err)
	}
}

func TestClientBodyEncodeError(t *testing.T) {
	c := newClientTestCore("http://127.0.0.1:1")
	err := c.do(context.Background(), &clientRequest{method: http.MethodPost, path: "/", body: func() {}}, nil)
	var ue *json.UnsupportedTypeError
	if !errors.As(err, &ue) {
		t.Errorf("err = %v, want the JSON encoding error", err)
	}
}

func TestClientBadBaseURL(t *testing.T) {
	var attempts atomic.Int32
	c := &clientCore{baseURL: "http://[::1", retry: clientTestRetry, middleware: []Middleware{clientCountingMiddleware(&attempts)}}
	c.init()
	if err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/"}, nil); err == nil {
		t.Error("want an error for an invalid base URL")
	}
	if attempts.Load() != 0 {
		t.Error("an invalid URL must not be sent or retried")
	}
}

// TestClientTokenNeverLeaks drives every error and logging path with a token set and
// checks that the token appears in no log record and no error message.
func TestClientTokenNeverLeaks(t *testing.T) {
	const token = "sk-live-SUPERSECRET-0123456789"
	s := newClientTestServer(t, `not json`, 503, 500, 200, 503)
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := &clientCore{
		baseURL: s.URL,
		token:   token,
		header:  http.Header{"X-Api-Key": {"other-secret"}, "X-Echo": {"prefix " + token}},
		retry:   clientTestRetry,
		logger:  logger,
	}
	c.init()
	var errs []error
	ctx := context.Background()
	var out clientTestItem
	errs = append(errs,
		c.do(ctx, &clientRequest{method: http.MethodGet, path: "/a"}, &out),  // 503 then 500
		c.do(ctx, &clientRequest{method: http.MethodGet, path: "/b"}, &out),  // 200 with a non-JSON body
		c.do(ctx, &clientRequest{method: http.MethodPost, path: "/c"}, &out), // 503, not retried
	)
	closed := newClientTestCore("http://127.0.0.1:1")
	closed.token, closed.logger = token, logger
	closed.retry = NoRetry()
	errs = append(errs, closed.do(ctx, &clientRequest{method: http.MethodGet, path: "/d"}, nil))

	for i, err := range errs {
		if err == nil {
			t.Fatalf("call %d: want an error", i)
		}
		if strings.Contains(err.Error(), token) || strings.Contains(fmt.Sprintf("%+v", err), token) {
			t.Errorf("call %d: error leaks the token: %v", i, err)
		}
	}
	if logs.Len() == 0 {
		t.Fatal("nothing was logged")
	}
	if strings.Contains(logs.String(), token) || strings.Contains(logs.String(), "other-secret") {
		t.Errorf("logs leak a secret:\n%s", logs.String())
	}
	if n := strings.Count(logs.String(), `"msg":"http request"`); n != 5 {
		t.Errorf("%d log records, want one per attempt (5):\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), `"Authorization":["Bearer [REDACTED]"]`) {
		t.Errorf("the Authorization header is not logged as redacted:\n%s", logs.String())
	}
	for _, want := range []string{`"method":"GET"`, `"attempt":2`, `"status":503`, `"duration"`, `"url":"` + s.URL + `/a"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %s", want)
		}
	}
}

func TestClientLoggerDisabledLevel(t *testing.T) {
	s := newClientTestServer(t, `{}`, 200)
	var logs bytes.Buffer
	c := newClientTestCore(s.URL)
	c.logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/"}, nil); err != nil {
		t.Fatal(err)
	}
	if logs.Len() != 0 {
		t.Errorf("logged at a disabled level: %s", logs.String())
	}
}

// clientBenchServer answers every request with a small JSON object, as a typical API does.
func clientBenchServer(b *testing.B) *httptest.Server {
	b.Helper()
	payload := []byte(`{"id":"user_01HXYZ","name":"A reasonably typical name","email":"someone@example.com","tags":["a","b","c"],"createdAt":"2024-05-06T07:08:09Z","count":42}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(payload)
	}))
	b.Cleanup(srv.Close)
	return srv
}

type clientBenchUser struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Tags      []string  `json:"tags"`
	CreatedAt time.Time `json:"createdAt"`
	Count     int       `json:"count"`
}

type clientBenchInput struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// BenchmarkClientCoreDo compares clientCore.do with the hand-written net/http code it
// replaces, against the same server in the same run.
func BenchmarkClientCoreDo(b *testing.B) {
	srv := clientBenchServer(b)
	in := clientBenchInput{Name: "n", Email: "e@example.com"}
	core := func(timeout time.Duration) func(b *testing.B) {
		return func(b *testing.B) {
			c := &clientCore{baseURL: srv.URL, token: "tok", userAgent: "bench/1", retry: DefaultRetryPolicy(), httpClient: srv.Client(), timeout: timeout}
			c.init()
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				var out clientBenchUser
				err := c.do(ctx, &clientRequest{method: http.MethodPost, path: "/users", body: &in}, &out)
				if err != nil || out.Count != 42 {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("core", core(0))
	// A configured timeout costs a context and a timer per call.
	b.Run("core-timeout", core(time.Minute))
	b.Run("handwritten", func(b *testing.B) {
		hc := srv.Client()
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			var out clientBenchUser
			if err := clientBenchHandwritten(ctx, hc, srv.URL+"/users", &in, &out); err != nil || out.Count != 42 {
				b.Fatal(err)
			}
		}
	})
}

func clientBenchHandwritten(ctx context.Context, hc *http.Client, u string, in *clientBenchInput, out *clientBenchUser) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "bench/1")
	req.Header.Set("Authorization", "Bearer tok")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
