package rt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Credentials of the security tests: a bearer token with characters that JSON and URLs
// escape, an API key outside the BMP (JSON writes it with a surrogate pair), and a
// secret-looking header set by the caller.
const (
	secToken  = "sk-live/SECRET+key=0123456789"
	secAPIKey = "ak-\U0001F511-0123456789abcdef"
	secAuth   = "xauth-9f8e7d6c5b4a"
)

// secJSONEscape writes every byte of s as \u00XX (upper or lower hex), the way an
// encoder that escapes everything (or an attacker) would.
func secJSONEscape(s string, upper bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r > 0xFFFF:
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			fmt.Fprintf(&b, `\u%04x\u%04X`, hi, lo)
		case upper:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// secForms are the ways a server can echo secret s in a JSON string: each of them
// decodes to s.
func secForms(s string) map[string]string {
	return map[string]string{
		"raw":        s,
		"slash":      strings.ReplaceAll(s, "/", `\/`),
		"unicode":    secJSONEscape(s, false),
		"UNICODE":    secJSONEscape(s, true),
		"mixed":      secMixed(s),
		"percent":    url.QueryEscape(s),
		"percentAll": secPercentAll(s, "%%%02x"),
		"percentMix": secPercentAll(s[:4], "%%%02X") + s[4:7] + secPercentAll(s[7:], "%%%02x"),
	}
}

// secMixed escapes the first third of s upper case, leaves the second raw and escapes
// the last third lower case.
func secMixed(s string) string {
	r := []rune(s)
	n := len(r) / 3
	return secJSONEscape(string(r[:n]), true) + string(r[n:2*n]) + secJSONEscape(string(r[2*n:]), false)
}

// secPercentAll percent-encodes every byte of s with format.
func secPercentAll(s, format string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

// secTypedError stands for a generated catalogue type: it embeds ErrorInfo.
type secTypedError struct{ ErrorInfo }

func (e *secTypedError) Description() string { return "typed" }

// secDecodeError mirrors the generated decodeAPIError: a typed error for envelopes, a
// StatusError otherwise.
func secDecodeError(resp *http.Response, body []byte, _ bool) error {
	info, ok := parseErrorEnvelope(resp.StatusCode, body)
	if !ok {
		return newStatusError(resp.StatusCode, body)
	}
	return &secTypedError{info}
}

func newSecCore(baseURL string, logger *slog.Logger) *clientCore {
	c := &clientCore{
		baseURL: baseURL,
		token:   secToken,
		header: http.Header{
			"X-Api-Key":    {secAPIKey},
			"X-Auth-Token": {secAuth},
			"X-Bot-Id":     {"bot_1"},
		},
		secret:      map[string]bool{"X-Api-Key": true},
		retry:       NoRetry(),
		logger:      logger,
		decodeError: secDecodeError,
	}
	c.init()
	return c
}

// secLeaks lists the secrets, in any escaped form, that s contains.
func secLeaks(s string) []string {
	var leaks []string
	for _, secret := range []string{secToken, secAPIKey, secAuth} {
		for name, form := range secForms(secret) {
			if strings.Contains(s, form) {
				leaks = append(leaks, name+" "+form)
			}
		}
	}
	return leaks
}

// secFields returns the fields of the errors in err's chain that hold what the server
// sent, unquoted.
func secFields(err error) string {
	var typed *secTypedError
	var status *StatusError
	var decode *ResponseDecodeError
	var out []string
	if errors.As(err, &typed) {
		out = append(out, typed.ID, typed.Type, typed.Message, fmt.Sprint(typed.Metadata))
	}
	if errors.As(err, &status) {
		out = append(out, status.ID, status.Type, status.Message, status.Excerpt, fmt.Sprint(status.Metadata))
	}
	if errors.As(err, &decode) {
		out = append(out, decode.Excerpt, decode.ContentType)
	}
	return strings.Join(out, " ")
}

// TestClientRedactsEscapedSecrets has a server echo the credentials in every escaped
// form, in an error envelope (message, type, id, metadata keys and values, nested) and
// in bodies that are not envelopes, and checks that no form of any secret reaches the
// caller: not the error string, not the decoded fields, not the excerpts, not the logs.
func TestClientRedactsEscapedSecrets(t *testing.T) {
	var bodies []string
	for _, secret := range []string{secToken, secAPIKey, secAuth} {
		for _, form := range secForms(secret) {
			bodies = append(bodies,
				`{"id":"err_`+form+`","code":401,"type":"Unauthorized `+form+`","message":"bad token `+form+`",`+
					`"metadata":{"echo":"`+form+`","list":["x",{"deep":"Bearer `+form+`"}],"`+form+`":1}}`,
				`<html>Authorization: Bearer `+form+`</html>`,
				`{"message":"`+form+`"}`)
		}
	}
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for i, body := range bodies {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/ok" {
				io.WriteString(w, "not json "+body)
				return
			}
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, body)
		}))
		c := newSecCore(srv.URL, logger)
		for _, path := range []string{"/fail", "/ok"} {
			var out struct{ ID string }
			err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: path}, &out)
			if err == nil {
				t.Fatalf("body %d %s: no error", i, path)
			}
			shown := err.Error() + fmt.Sprintf(" %+v %#v", err, err)
			shown += secFields(err)
			if leaks := secLeaks(shown); len(leaks) > 0 {
				t.Errorf("body %d %s: the error shows %q:\n%s", i, path, leaks, shown)
			}
		}
		srv.Close()
	}
	if leaks := secLeaks(logs.String()); len(leaks) > 0 {
		t.Errorf("the logs show %q", leaks)
	}
}

// TestClientRedactsTransportErrors checks errors that never got a response: a
// middleware (or proxy) error that quotes a credential is redacted, escaped or not, in
// the error and in the log, and still unwraps to the original error.
func TestClientRedactsTransportErrors(t *testing.T) {
	sentinel := errors.New("sentinel")
	for name, form := range secForms(secToken) {
		var logs bytes.Buffer
		c := newSecCore("http://127.0.0.1:1", slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
		c.sender.Transport = RoundTripperFunc(func(*http.Request) (*http.Response, error) {
			return nil, fmt.Errorf("proxy refused %s: %w", form, sentinel)
		})
		err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/"}, nil)
		if !errors.Is(err, sentinel) {
			t.Errorf("%s: err = %v, want it to wrap the transport's error", name, err)
		}
		if leaks := secLeaks(err.Error() + logs.String()); len(leaks) > 0 {
			t.Errorf("%s: the error or log shows %q:\n%v\n%s", name, leaks, err, logs.String())
		}
	}
}

// secRecorder is a test server that records the headers of each request it gets.
type secRecorder struct {
	*httptest.Server
	mu      sync.Mutex
	headers []http.Header
}

func newSecRecorder(t *testing.T, h func(w http.ResponseWriter, r *http.Request)) *secRecorder {
	s := &secRecorder{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.headers = append(s.headers, r.Header.Clone())
		s.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *secRecorder) seen() []http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]http.Header(nil), s.headers...)
}

// secCredentialHeaders are the headers newSecCore sends that carry credentials.
var secCredentialHeaders = []string{"Authorization", "X-Api-Key", "X-Auth-Token"}

// TestClientRedirectDropsCredentials follows redirects between two loopback servers on
// different ports: credentials go to the origin the caller configured, never to
// another one (not even back to the first origin through the other one), while other
// headers follow; the caller's CheckRedirect still runs.
func TestClientRedirectDropsCredentials(t *testing.T) {
	other := newSecRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/back" {
			http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
			return
		}
		io.WriteString(w, `{}`)
	})
	var origin *secRecorder
	origin = newSecRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/cross":
			http.Redirect(w, r, other.URL+"/landing", http.StatusTemporaryRedirect)
		case "/same":
			http.Redirect(w, r, "/landing", http.StatusFound)
		case "/roundtrip":
			http.Redirect(w, r, other.URL+"/back?to="+url.QueryEscape(origin.URL+"/landing"), http.StatusFound)
		default:
			io.WriteString(w, `{}`)
		}
	})
	var userCalls int
	c := newSecCore(origin.URL, nil)
	c.httpClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { userCalls++; return nil }}
	c.sender = nil
	c.init()
	ctx := context.Background()
	for _, r := range []*clientRequest{
		{method: http.MethodPost, path: "/cross", body: map[string]int{"a": 1}},
		{method: http.MethodPost, path: "/same", body: map[string]int{"a": 1}},
		{method: http.MethodGet, path: "/roundtrip"},
	} {
		if err := c.do(ctx, r, nil); err != nil {
			t.Fatalf("%s: %v", r.path, err)
		}
	}
	if userCalls != 4 {
		t.Errorf("the caller's CheckRedirect ran %d times, want 4", userCalls)
	}
	o, x := origin.seen(), other.seen()
	if len(o) != 5 || len(x) != 2 {
		t.Fatalf("origin saw %d requests, other %d; want 5 and 2", len(o), len(x))
	}
	for _, k := range secCredentialHeaders {
		for i, h := range o[:4] {
			if h.Get(k) == "" {
				t.Errorf("request %d to the configured origin lacks %s", i, k)
			}
		}
		for i, h := range []http.Header{x[0], x[1], o[4]} {
			if v := h.Get(k); v != "" {
				t.Errorf("redirected request %d, after another origin, carries %s: %q", i, k, v)
			}
		}
	}
	if got := x[0].Get("X-Bot-Id"); got != "bot_1" {
		t.Errorf("X-Bot-Id = %q after a redirect, want it kept", got)
	}
}

// TestClientRedirectLimit checks that wrapping CheckRedirect keeps net/http's default
// limit of 10 redirects when the caller has no policy, and the caller's own policy
// otherwise.
func TestClientRedirectLimit(t *testing.T) {
	loop := newSecRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/again", http.StatusFound)
	})
	c := newSecCore(loop.URL, nil)
	err := c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/"}, nil)
	if err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") {
		t.Errorf("err = %v, want the 10-redirect limit", err)
	}
	if n := len(loop.seen()); n != 10 {
		t.Errorf("%d requests, want 10 (the first and 9 redirects)", n)
	}
	c = newSecCore(loop.URL, nil)
	c.httpClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	c.sender = nil
	c.init()
	err = c.do(context.Background(), &clientRequest{method: http.MethodGet, path: "/"}, nil)
	var status *StatusError
	if !errors.As(err, &status) || status.Code != http.StatusFound {
		t.Errorf("err = %v, want the caller's policy to return the 302", err)
	}
}

// TestClientRetryAfterBeyondDeadline checks that a retry delay ending after the
// context's deadline (or the client's timeout) returns the response's error at once
// instead of sleeping into "context deadline exceeded".
func TestClientRetryAfterBeyondDeadline(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		policy     RetryPolicy
		timeout    time.Duration // client timeout; else a context deadline
	}{
		{"Retry-After, context deadline", "30", DefaultRetryPolicy(), 0},
		{"Retry-After, client timeout", "30", DefaultRetryPolicy(), time.Second},
		{"backoff, context deadline", "", RetryPolicy{MaxRetries: 3, BaseDelay: time.Hour}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newClientTestServer(t, `{}`, http.StatusTooManyRequests)
			if tt.retryAfter != "" {
				s.headers = []http.Header{{"Retry-After": {tt.retryAfter}}}
			}
			c := newClientTestCore(s.URL)
			c.retry, c.timeout = tt.policy, tt.timeout
			ctx := context.Background()
			if tt.timeout == 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, time.Second)
				defer cancel()
			}
			err := c.do(ctx, &clientRequest{method: http.MethodGet, path: "/"}, nil)
			var status *StatusError
			if !errors.As(err, &status) || status.Code != http.StatusTooManyRequests || errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want the 429 without waiting for the deadline", err)
			}
			if ctx.Err() != nil {
				t.Error("returned after the deadline")
			}
			if s.count() != 1 {
				t.Errorf("%d attempts, want 1", s.count())
			}
		})
	}
}

// TestClientPathEscape checks the escaping of path parameters: dots alone are
// encoded, everything else is url.PathEscape's.
func TestClientPathEscape(t *testing.T) {
	for in, want := range map[string]string{
		".": "%2E", "..": "%2E%2E", "...": "%2E%2E%2E", "a.b": "a.b", ".a": ".a", "..a": "..a",
		"a/b": "a%2Fb", "%2E": "%252E", "..%2F": "..%252F", "../..": "..%2F..", "a b": "a%20b",
	} {
		if got := clientPathEscape(in); got != want {
			t.Errorf("clientPathEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

// secClient has the methods the generator emits on Client.
type secClient struct{ core clientCore }

func (c secClient) String() string                { return c.core.describe("api.Client") }
func (c secClient) GoString() string              { return c.core.describe("api.Client") }
func (c secClient) Format(f fmt.State, verb rune) { c.core.format(f, verb, "api.Client") }
func (c secClient) LogValue() slog.Value          { return c.core.logValue() }

// TestClientFormat checks the runtime side of Client's formatting methods: settings
// show, credentials never do, by any verb or slog handler.
func TestClientFormat(t *testing.T) {
	c := &secClient{core: *newSecCore("https://user:pw@api.test/v1?key="+url.QueryEscape(secToken), nil)}
	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%10.5s"} {
		out = append(out, fmt.Sprintf(verb, c), fmt.Sprintf(verb, *c))
	}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("m", "c", c)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("m", "c", *c)
	out = append(out, c.String(), c.GoString(), logs.String())
	for _, s := range out {
		if leaks := secLeaks(s); len(leaks) > 0 || strings.Contains(s, "pw@") {
			t.Errorf("%s shows %q", s, leaks)
		}
	}
	want := `api.Client{baseURL: "https://user:xxxxx@api.test/v1?key=[REDACTED]", token: [REDACTED], headers: {X-Api-Key: [REDACTED], X-Auth-Token: [REDACTED], X-Bot-Id: "bot_1"}, timeout: 0s, maxRetries: 0}`
	if out[0] != want || out[2] != want || out[4] != want {
		t.Errorf("%%v = %s\n%%#v = %s\nwant %s", out[0], out[4], want)
	}
	for _, s := range []string{`c.token=[REDACTED]`, `c.headers.X-Bot-Id=bot_1`, `"X-Api-Key":"[REDACTED]"`} {
		if !strings.Contains(logs.String(), s) {
			t.Errorf("logs lack %s:\n%s", s, logs.String())
		}
	}
}
