package botpress_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bpgen/bpgen/gen/botpress"
	"github.com/bpgen/bpgen/gen/botpress/botpresstest"
)

// secAPIKey is a credential set with WithHeader under a name that says so.
const secAPIKey = "ak_live_0123456789-never-print"

// TestClientFormatHidesCredentials prints a configured client, as a value and as a
// pointer, with every fmt verb and both slog handlers: the settings show, the
// credentials never do.
func TestClientFormatHidesCredentials(t *testing.T) {
	c := botpress.NewClient(
		botpress.WithBaseURL("https://api.example.test"),
		botpress.WithToken(ctToken),
		botpress.WithHeader("X-Api-Key", secAPIKey),
		botpress.WithBotID("bot_123"),
	)
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%T %[1]v"} {
		outputs = append(outputs, verb+" "+fmt.Sprintf(verb, c), verb+" "+fmt.Sprintf(verb, *c))
	}
	outputs = append(outputs, "Sprint "+fmt.Sprint(c, *c), "Sprintln "+fmt.Sprintln(c, *c))
	if s, ok := any(*c).(fmt.Stringer); ok {
		outputs = append(outputs, "String "+s.String())
	} else {
		t.Error("Client is not a fmt.Stringer")
	}
	if s, ok := any(*c).(fmt.GoStringer); ok {
		outputs = append(outputs, "GoString "+s.GoString())
	} else {
		t.Error("Client is not a fmt.GoStringer")
	}
	for _, handler := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var b bytes.Buffer
		slog.New(handler(&b)).Info("client", slog.Any("c", c), slog.Any("v", *c), "kv", c)
		outputs = append(outputs, "slog "+b.String())
	}
	for _, out := range outputs {
		if strings.Contains(out, ctToken) || strings.Contains(out, secAPIKey) {
			t.Errorf("a credential is printed: %s", out)
		}
	}
	for _, out := range outputs[:4] { // %v and %+v of the pointer and the value
		for _, want := range []string{"https://api.example.test", "token: [REDACTED]", "X-Api-Key: [REDACTED]", `X-Bot-Id: "bot_123"`} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %s", out, want)
			}
		}
	}
	for _, out := range outputs[len(outputs)-2:] {
		for _, want := range []string{"api.example.test", "[REDACTED]", "bot_123"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %s", out, want)
			}
		}
	}
	if s := fmt.Sprint(botpress.NewClient(botpress.WithBaseURL("https://u:pw@h.test"))); strings.Contains(s, "pw") || strings.Contains(s, "token") {
		t.Errorf("String() = %s, want the URL's password hidden and no token shown when unset", s)
	}
}

// secPathValues are path parameters that must reach the server as they are,
// although URL resolution would treat some as dot segments or separators.
var secPathValues = []string{".", "..", "...", "a/b", "%2E", "%2e%2E", "..%2F", "../..", "a..b", ".hidden", "a b", "?x#y"}

// TestClientPathDotSegmentsOnTheWire captures the raw request line: a dot segment
// would make the server (or any proxy) resolve the path to another endpoint.
func TestClientPathDotSegmentsOnTheWire(t *testing.T) {
	var mu sync.Mutex
	var uris []string
	srv := newCTServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		mu.Lock()
		uris = append(uris, r.RequestURI)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"file":{}}`))
	})
	want := map[string]string{
		".":     "/v1/files/%2E",
		"..":    "/v1/files/%2E%2E",
		"...":   "/v1/files/%2E%2E%2E",
		"a/b":   "/v1/files/a%2Fb",
		"%2E":   "/v1/files/%252E",
		"..%2F": "/v1/files/..%252F",
		"../..": "/v1/files/..%2F..",
	}
	c := ctClient(srv)
	for _, id := range secPathValues {
		mu.Lock()
		uris = nil
		mu.Unlock()
		if _, err := c.GetFile(context.Background(), &botpress.GetFileInput{ID: id}); err != nil {
			t.Fatalf("GetFile(%q): %v", id, err)
		}
		mu.Lock()
		got := uris
		mu.Unlock()
		if len(got) != 1 {
			t.Fatalf("GetFile(%q): %d requests", id, len(got))
		}
		if w, ok := want[id]; ok && got[0] != w {
			t.Errorf("GetFile(%q) sent %s, want %s", id, got[0], w)
		}
		p, err := url.PathUnescape(strings.TrimPrefix(got[0], "/v1/files/"))
		if err != nil || p != id {
			t.Errorf("GetFile(%q) sent %s, whose segment decodes to %q (%v)", id, got[0], p, err)
		}
	}
}

// TestClientPathParamsRoundTrip sends the same values from the client to the
// generated server, served directly (NewTestClient) and mounted on an
// http.ServeMux, which redirects paths with dot segments elsewhere: each value
// arrives at the method byte for byte.
func TestClientPathParamsRoundTrip(t *testing.T) {
	for _, mounted := range []bool{false, true} {
		t.Run(fmt.Sprintf("ServeMux=%v", mounted), func(t *testing.T) {
			fake := botpresstest.NewFake()
			fake.GetFileFunc = func(context.Context, *botpress.GetFileInput) (*botpress.GetFileOutput, error) {
				return &botpress.GetFileOutput{}, nil
			}
			fake.CopyFileFunc = func(context.Context, *botpress.CopyFileInput) (*botpress.CopyFileOutput, error) {
				return &botpress.CopyFileOutput{}, nil
			}
			c := botpresstest.NewTestClient(t, fake)
			if mounted {
				mux := http.NewServeMux()
				mux.Handle("/v1/", botpress.NewHandler(fake))
				srv := httptest.NewServer(mux)
				t.Cleanup(srv.Close)
				c = botpresstest.NewTestClient(t, fake, botpress.WithBaseURL(srv.URL), botpress.WithHTTPClient(srv.Client()))
			}
			secRoundTrip(t, c, fake)
		})
	}
}

func secRoundTrip(t *testing.T, c *botpress.Client, fake *botpresstest.Fake) {
	ctx := context.Background()
	for i, v := range secPathValues {
		if _, err := c.GetFile(ctx, &botpress.GetFileInput{ID: v}); err != nil {
			t.Errorf("GetFile(%q): %v", v, err)
		} else if calls := fake.GetFileCalls(); len(calls) == 0 || calls[len(calls)-1].ID != v {
			t.Errorf("GetFile(%q) reached the server as %+v", v, calls)
		}
		dest := secPathValues[len(secPathValues)-1-i]
		if _, err := c.CopyFile(ctx, &botpress.CopyFileInput{IDOrKey: v, DestinationKey: dest}); err != nil {
			t.Errorf("CopyFile(%q, %q): %v", v, dest, err)
		} else if calls := fake.CopyFileCalls(); len(calls) == 0 || calls[len(calls)-1].IDOrKey != v || calls[len(calls)-1].DestinationKey != dest {
			t.Errorf("CopyFile(%q, %q) reached the server as %+v", v, dest, calls[len(calls)-1])
		}
	}
}

// TestClientRetryAfterBeyondDeadline: a 429 asking to come back after the deadline is
// returned as the API's rate-limit error at once, not slept on until "context
// deadline exceeded".
func TestClientRetryAfterBeyondDeadline(t *testing.T) {
	for _, name := range []string{"context deadline", "client timeout"} {
		t.Run(name, func(t *testing.T) {
			srv := newCTServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Retry-After", "30")
				ctReply(http.StatusTooManyRequests, `{"id":"err_1","code":429,"type":"RateLimited","message":"slow down"}`)(w, nil, 0)
			})
			ctx := context.Background()
			opts := []botpress.Option{botpress.WithRetryPolicy(botpress.DefaultRetryPolicy())}
			if name == "client timeout" {
				opts = append(opts, botpress.WithTimeout(time.Second))
			} else {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, time.Second)
				defer cancel()
			}
			_, err := ctClient(srv, opts...).GetConversation(ctx, &botpress.GetConversationInput{ID: "c1"})
			var limited *botpress.RateLimitedError
			if !errors.As(err, &limited) || errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want the RateLimitedError without waiting for the deadline", err)
			}
			if !errors.Is(err, botpress.ErrRateLimited) || !botpress.IsRetryable(err) {
				t.Errorf("err = %v, want ErrRateLimited and retryable", err)
			}
			if n := len(srv.requests()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

// TestClientEscapedTokenNeverLeaks has the server echo the token JSON-escaped or
// percent-encoded: decoding must not write it out in the typed error.
func TestClientEscapedTokenNeverLeaks(t *testing.T) {
	var unicode, percent strings.Builder
	for _, r := range ctToken {
		fmt.Fprintf(&unicode, `\u%04X`, r)
		fmt.Fprintf(&percent, "%%%02x", r)
	}
	forms := map[string]string{
		"unicode":     unicode.String(),
		"mixed":       `\u0062` + ctToken[1:5] + fmt.Sprintf(`\u%04x`, ctToken[5]) + ctToken[6:],
		"percent":     percent.String(),
		"underscores": strings.ReplaceAll(ctToken, "_", `\u005f`),
	}
	for name, form := range forms {
		t.Run(name, func(t *testing.T) {
			srv := newCTServer(t, ctReply(401, `{"id":"err_1","code":401,"type":"Unauthorized","message":"invalid token `+form+`","metadata":{"token":"`+form+`","seen":["`+form+`"]}}`))
			_, err := ctClient(srv).GetConversation(context.Background(), &botpress.GetConversationInput{ID: "c1"})
			var unauthorized *botpress.UnauthorizedError
			if !errors.As(err, &unauthorized) {
				t.Fatalf("err = %v, want an UnauthorizedError", err)
			}
			shown := fmt.Sprintf("%v %+v %#v %v", err, err, unauthorized.ErrorInfo, unauthorized.Metadata)
			if strings.Contains(shown, ctToken) || strings.Contains(shown, form) {
				t.Errorf("the error shows the token: %s", shown)
			}
			if !strings.Contains(unauthorized.Message, "invalid token [REDACTED]") {
				t.Errorf("Message = %q, want the token replaced", unauthorized.Message)
			}
		})
	}
}

// TestClientShortTokenKeepsErrorsTyped uses a one-letter token, which occurs in
// every error body: the body must be parsed before anything is redacted, so
// the error keeps its type ("[REDACTED]ype" would not be JSON any more), and
// the token still never shows.
func TestClientShortTokenKeepsErrorsTyped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"id":"err_1","code":404,"type":"ResourceNotFound","message":"no such thing"}`)
	}))
	defer srv.Close()
	c := botpress.NewClient(botpress.WithBaseURL(srv.URL), botpress.WithToken("t"), botpress.WithRetryPolicy(botpress.RetryPolicy{}))
	_, err := c.GetConversation(context.Background(), &botpress.GetConversationInput{ID: "conv_1"})
	var notFound *botpress.ResourceNotFoundError
	if !errors.As(err, &notFound) || notFound.Code != 404 || !errors.Is(err, botpress.ErrResourceNotFound) {
		t.Fatalf("err = %T %v, want the typed 404", err, err)
	}
	if strings.Contains(strings.ReplaceAll(err.Error(), "[REDACTED]", ""), "t") {
		t.Errorf("the token shows in %q", err.Error())
	}
}
