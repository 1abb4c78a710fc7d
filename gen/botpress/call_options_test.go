package botpress_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bpgen/bpgen/gen/botpress"
)

// End-to-end tests of the per-call options (RequestOption): each against an
// httptest server, checking what reached it and that the client's own
// settings are unchanged for the calls that follow.

// ccConversation answers GetConversation and CreateConversation.
var ccConversation = `{"conversation":` + ctConversationJSON + `}`

// ccStatus is the HTTP status of an API error, 0 for any other error or nil.
func ccStatus(err error) int {
	var e botpress.APIError
	if errors.As(err, &e) {
		return e.StatusCode()
	}
	return 0
}

func ccGet(ctx context.Context, c *botpress.Client, opts ...botpress.RequestOption) error {
	_, err := c.GetConversation(ctx, &botpress.GetConversationInput{ID: "c1"}, opts...)
	return err
}

func ccCreate(ctx context.Context, c *botpress.Client, opts ...botpress.RequestOption) error {
	_, err := c.CreateConversation(ctx, &botpress.CreateConversationInput{Channel: "web", Tags: map[string]string{}}, opts...)
	return err
}

// TestCallHeader: WithHeader given to a call is sent on that call only; an
// option the client was created with (WithBotID, WithToken) given to a call
// replaces the client's value for that call.
func TestCallHeader(t *testing.T) {
	s := newCTServer(t, ctReply(200, ccConversation))
	c := ctClient(s, botpress.WithBotID("bot-client"), botpress.WithHeader("X-Team", "core"))
	before := c.String()
	ctx := context.Background()
	if err := ccGet(ctx, c, botpress.WithHeader("X-Trace-Id", "t-1"), botpress.WithBotID("bot-call"), botpress.WithToken("call-token")); err != nil {
		t.Fatal(err)
	}
	if err := ccGet(ctx, c); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	first, second := reqs[0].Header, reqs[1].Header
	for _, tt := range []struct {
		h           http.Header
		name, value string
	}{
		{first, "X-Trace-Id", "t-1"},
		{first, "X-Bot-Id", "bot-call"},
		{first, "X-Team", "core"},
		{first, "Authorization", "Bearer call-token"},
		{second, "X-Trace-Id", ""},
		{second, "X-Bot-Id", "bot-client"},
		{second, "X-Team", "core"},
		{second, "Authorization", "Bearer " + ctToken},
	} {
		if got := tt.h.Get(tt.name); got != tt.value {
			t.Errorf("%s = %q, want %q", tt.name, got, tt.value)
		}
	}
	if after := c.String(); after != before {
		t.Errorf("a call's options changed the client:\n%s\n%s", before, after)
	}
}

// TestCallCredentialRedacted: a credential given to one call is redacted from
// its errors as the client's own are.
func TestCallCredentialRedacted(t *testing.T) {
	const secret = "call-only-s3cret"
	s := newCTServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		_, _ = fmt.Fprintf(w, `{"id":"err_1","code":401,"type":"Unauthorized","message":"bad key %s"}`, r.Header.Get("X-Api-Key"))
	})
	c := ctClient(s)
	err := ccGet(context.Background(), c, botpress.WithHeader("X-Api-Key", secret))
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("the call's credential leaked into the error: %v", err)
	}
}

// TestCallTimeout: against a slow server, a call with a short WithTimeout
// fails with the deadline, while calls without it (the client's 60 s) succeed.
func TestCallTimeout(t *testing.T) {
	s := newCTServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		select {
		case <-time.After(150 * time.Millisecond):
		case <-r.Context().Done():
			return
		}
		ctReply(200, ccConversation)(w, r, 0)
	})
	c := ctClient(s)
	ctx := context.Background()
	start := time.Now()
	err := ccGet(ctx, c, botpress.WithTimeout(20*time.Millisecond))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("with WithTimeout(20ms): %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 140*time.Millisecond {
		t.Errorf("the call took %v, past its timeout", d)
	}
	if err := ccGet(ctx, c); err != nil {
		t.Fatalf("without the option: %v", err)
	}
	// A longer per-call timeout replaces a short client one.
	short := ctClient(s, botpress.WithTimeout(20*time.Millisecond))
	if err := ccGet(ctx, short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("client timeout 20ms: %v", err)
	}
	if err := ccGet(ctx, short, botpress.WithTimeout(5*time.Second)); err != nil {
		t.Fatalf("client timeout 20ms, call timeout 5s: %v", err)
	}
}

// TestCallRetryPolicy: WithRetryPolicy given to a call turns retries on (or
// off) for that call only.
func TestCallRetryPolicy(t *testing.T) {
	ctx := context.Background()
	t.Run("on", func(t *testing.T) {
		s := newCTServer(t, failThen(ccConversation, 503, 503))
		c := ctClient(s) // NoRetry
		if err := ccGet(ctx, c, botpress.WithRetryPolicy(fastRetry)); err != nil {
			t.Fatal(err)
		}
		if n := len(s.requests()); n != 3 {
			t.Fatalf("%d attempts, want 3", n)
		}
	})
	t.Run("client default", func(t *testing.T) {
		s := newCTServer(t, failThen(ccConversation, 503, 503))
		err := ccGet(ctx, ctClient(s))
		if got := ccStatus(err); got != 503 {
			t.Fatalf("error %v (status %d), want 503", err, got)
		}
		if n := len(s.requests()); n != 1 {
			t.Fatalf("%d attempts, want 1", n)
		}
	})
	t.Run("off", func(t *testing.T) {
		s := newCTServer(t, failThen(ccConversation, 503, 503))
		c := ctClient(s, botpress.WithRetryPolicy(fastRetry))
		if err := ccGet(ctx, c, botpress.WithRetryPolicy(botpress.NoRetry())); ccStatus(err) != 503 {
			t.Fatalf("NoRetry for the call: %v", err)
		}
		if err := ccGet(ctx, c); err != nil { // the client's policy again: third attempt succeeds
			t.Fatal(err)
		}
		if n := len(s.requests()); n != 3 {
			t.Fatalf("%d attempts, want 1 + 2", n)
		}
	})
}

// TestCallBaseURL: WithBaseURL given to a call sends it to another server,
// with the client's credentials; the next call goes to the client's.
func TestCallBaseURL(t *testing.T) {
	a := newCTServer(t, ctReply(200, ccConversation))
	b := newCTServer(t, ctReply(200, ccConversation))
	c := ctClient(a)
	ctx := context.Background()
	if err := ccGet(ctx, c, botpress.WithBaseURL(b.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if err := ccGet(ctx, c); err != nil {
		t.Fatal(err)
	}
	if na, nb := len(a.requests()), len(b.requests()); na != 1 || nb != 1 {
		t.Fatalf("requests: %d to the client's server, %d to the call's, want 1 and 1", na, nb)
	}
	got := b.requests()[0]
	if got.Path != "/v1/chat/conversations/c1" || got.Header.Get("Authorization") != "Bearer "+ctToken {
		t.Errorf("the call's server got %s with Authorization %q", got.Path, got.Header.Get("Authorization"))
	}
}

// TestCallIdempotencyKey: the key is sent in Idempotency-Key (the default
// header, Botpress' spec declares none) on every attempt, and makes a POST
// retryable on 503; without a key the POST is sent once.
func TestCallIdempotencyKey(t *testing.T) {
	ctx := context.Background()
	t.Run("with key", func(t *testing.T) {
		s := newCTServer(t, failThen(ccConversation, 503, 503))
		c := ctClient(s, botpress.WithRetryPolicy(fastRetry))
		if err := ccCreate(ctx, c, botpress.WithIdempotencyKey("key-42")); err != nil {
			t.Fatal(err)
		}
		reqs := s.requests()
		if len(reqs) != 3 {
			t.Fatalf("%d attempts, want 3", len(reqs))
		}
		for i, r := range reqs {
			if r.Method != http.MethodPost || r.Header.Get("Idempotency-Key") != "key-42" {
				t.Errorf("attempt %d: %s with Idempotency-Key %q", i+1, r.Method, r.Header.Get("Idempotency-Key"))
			}
		}
	})
	t.Run("without key", func(t *testing.T) {
		s := newCTServer(t, failThen(ccConversation, 503, 503))
		c := ctClient(s, botpress.WithRetryPolicy(fastRetry))
		if err := ccCreate(ctx, c); ccStatus(err) != 503 {
			t.Fatalf("%v, want the 503", err)
		}
		reqs := s.requests()
		if len(reqs) != 1 {
			t.Fatalf("%d attempts, want 1", len(reqs))
		}
		if _, ok := reqs[0].Header["Idempotency-Key"]; ok {
			t.Errorf("Idempotency-Key sent without a key: %q", reqs[0].Header.Get("Idempotency-Key"))
		}
	})
	t.Run("500 is not retried", func(t *testing.T) {
		s := newCTServer(t, failThen(ccConversation, 500))
		c := ctClient(s, botpress.WithRetryPolicy(fastRetry))
		if err := ccCreate(ctx, c, botpress.WithIdempotencyKey("k")); ccStatus(err) != 500 {
			t.Fatalf("%v, want the 500", err)
		}
		if n := len(s.requests()); n != 1 {
			t.Fatalf("%d attempts, want 1", n)
		}
	})
}

// TestCallResponse: WithResponse receives the final response's status and
// headers, with the body already consumed, on success and on an error status.
func TestCallResponse(t *testing.T) {
	s := newCTServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("X-Request-Id", fmt.Sprintf("req-%d", n))
		w.Header().Set("X-Ratelimit-Remaining", "41")
		if n == 1 {
			ctReply(404, `{"id":"err_1","code":404,"type":"ResourceNotFound","message":"no such conversation"}`)(w, r, n)
			return
		}
		ctReply(200, ccConversation)(w, r, n)
	})
	c := ctClient(s)
	ctx := context.Background()
	var resp http.Response
	out, err := c.GetConversation(ctx, &botpress.GetConversationInput{ID: "c1"}, botpress.WithResponse(&resp))
	if err != nil {
		t.Fatal(err)
	}
	if out.Conversation.ID != "conv_01" {
		t.Errorf("output %+v", out.Conversation)
	}
	if resp.StatusCode != 200 || resp.Header.Get("X-Request-Id") != "req-0" || resp.Header.Get("X-Ratelimit-Remaining") != "41" {
		t.Errorf("response %d %v", resp.StatusCode, resp.Header)
	}
	if resp.Body != http.NoBody {
		t.Errorf("Body is %T, want http.NoBody", resp.Body)
	}
	if resp.Request == nil || resp.Request.URL.Path != "/v1/chat/conversations/c1" {
		t.Errorf("Request %+v", resp.Request)
	}
	var failed http.Response
	err = ccGet(ctx, c, botpress.WithResponse(&failed))
	if !errors.Is(err, botpress.ErrResourceNotFound) {
		t.Fatalf("%v, want ResourceNotFound", err)
	}
	if failed.StatusCode != 404 || failed.Header.Get("X-Request-Id") != "req-1" {
		t.Errorf("error response %d %v", failed.StatusCode, failed.Header)
	}
	// No response at all (nothing listens): dst is left as it was.
	down := botpress.NewClient(botpress.WithBaseURL("http://127.0.0.1:1"), botpress.WithRetryPolicy(botpress.NoRetry()))
	untouched := http.Response{StatusCode: -1}
	if err := ccGet(ctx, down, botpress.WithResponse(&untouched)); err == nil || untouched.StatusCode != -1 {
		t.Errorf("transport error %v: response %d", err, untouched.StatusCode)
	}
}

// TestCallOptionsPager: a pager hands its options to the request of every
// page; WithResponse ends with the last page's response.
func TestCallOptionsPager(t *testing.T) {
	s := newCTServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("X-Request-Id", fmt.Sprintf("page-%d", n))
		next := `"meta":{"nextToken":"p2"}`
		if n > 0 {
			next = `"meta":{}`
		}
		ctReply(200, `{"conversations":[`+ctConversationJSON+`],`+next+`}`)(w, r, n)
	})
	c := ctClient(s)
	var resp http.Response
	items, err := c.ListConversationsPager(nil, botpress.WithHeader("X-Trace-Id", "t-9"), botpress.WithResponse(&resp)).Collect(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if len(items) != 2 || len(reqs) != 2 {
		t.Fatalf("%d items in %d requests, want 2 and 2", len(items), len(reqs))
	}
	for i, r := range reqs {
		if r.Header.Get("X-Trace-Id") != "t-9" {
			t.Errorf("page %d: X-Trace-Id %q", i+1, r.Header.Get("X-Trace-Id"))
		}
	}
	if resp.Header.Get("X-Request-Id") != "page-1" {
		t.Errorf("WithResponse holds %q, want the last page's", resp.Header.Get("X-Request-Id"))
	}
}

// TestCallOptionsConcurrent: calls with different options share one client
// without racing (run with -race) or seeing each other's options.
func TestCallOptionsConcurrent(t *testing.T) {
	s := newCTServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("X-Echo", r.Header.Get("X-Trace-Id"))
		ctReply(200, ccConversation)(w, r, n)
	})
	c := ctClient(s)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprint("t-", i)
			var resp http.Response
			if err := ccGet(context.Background(), c, botpress.WithHeader("X-Trace-Id", id), botpress.WithResponse(&resp)); err != nil {
				t.Error(err)
				return
			}
			if got := resp.Header.Get("X-Echo"); got != id {
				t.Errorf("call %s: the server saw %q", id, got)
			}
		}()
	}
	wg.Wait()
}

// TestCallNilOption: a nil RequestOption is ignored.
func TestCallNilOption(t *testing.T) {
	s := newCTServer(t, ctReply(200, ccConversation))
	if err := ccGet(context.Background(), ctClient(s), nil); err != nil {
		t.Fatal(err)
	}
}
