package botpress_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bpgen/bpgen/gen/botpress"
)

// fastRetry retries up to three times with sub-millisecond waits.
var fastRetry = botpress.RetryPolicy{MaxRetries: 3, BaseDelay: 100 * time.Microsecond, MaxDelay: time.Millisecond}

// failThen answers the first len(statuses) requests with those statuses (an
// empty error body), and the later ones with 200 and ok.
func failThen(ok string, statuses ...int) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, n int) {
		if n < len(statuses) {
			w.WriteHeader(statuses[n])
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, ok)
	}
}

// TestRetryByMethodAndStatus checks which method/status pairs are retried and
// counts the attempts.
func TestRetryByMethodAndStatus(t *testing.T) {
	ctx := context.Background()
	calls := map[string]func(*botpress.Client) error{
		"GET": func(c *botpress.Client) error {
			_, err := c.GetConversation(ctx, &botpress.GetConversationInput{ID: "c1"})
			return err
		},
		"POST": func(c *botpress.Client) error {
			_, err := c.CreateConversation(ctx, &botpress.CreateConversationInput{Channel: "web", Tags: map[string]string{}})
			return err
		},
		"PUT": func(c *botpress.Client) error {
			_, err := c.UpdateUser(ctx, &botpress.UpdateUserInput{ID: "u1"})
			return err
		},
		"DELETE": func(c *botpress.Client) error {
			_, err := c.DeleteConversation(ctx, &botpress.DeleteConversationInput{ID: "c1"})
			return err
		},
	}
	ok := map[string]string{
		"GET":    `{"conversation":` + ctConversationJSON + `}`,
		"POST":   `{"conversation":` + ctConversationJSON + `}`,
		"PUT":    `{"user":{"id":"u1","createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-01T00:00:00Z","tags":{}}}`,
		"DELETE": `{}`,
	}
	tests := []struct {
		method       string
		statuses     []int // failures before success
		wantAttempts int
		wantStatus   int // status of the returned error; 0 = success
	}{
		{"POST", []int{500}, 1, 500},
		{"POST", []int{503}, 1, 503},
		{"POST", []int{502}, 1, 502},
		{"POST", []int{429}, 2, 0},
		{"POST", []int{429, 429, 429}, 4, 0},
		{"POST", []int{429, 429, 429, 429}, 4, 429},
		{"GET", []int{500}, 1, 500},
		{"GET", []int{503, 502, 504}, 4, 0},
		{"GET", []int{503, 503, 503, 503}, 4, 503},
		{"GET", []int{429, 503}, 3, 0},
		{"GET", []int{404}, 1, 404},
		{"GET", []int{400}, 1, 400},
		{"PUT", []int{502}, 2, 0},
		{"DELETE", []int{504, 503}, 3, 0},
		{"DELETE", []int{409}, 1, 409},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.method, tt.statuses), func(t *testing.T) {
			srv := newCTServer(t, failThen(ok[tt.method], tt.statuses...))
			err := calls[tt.method](ctClient(srv, botpress.WithRetryPolicy(fastRetry)))
			reqs := srv.requests()
			if len(reqs) != tt.wantAttempts {
				t.Errorf("attempts = %d, want %d", len(reqs), tt.wantAttempts)
			}
			for i, r := range reqs {
				if r.Method != tt.method || r.Body != reqs[0].Body {
					t.Errorf("attempt %d: %s body %q, want %s body %q", i, r.Method, r.Body, tt.method, reqs[0].Body)
				}
			}
			if tt.wantStatus == 0 {
				if err != nil {
					t.Fatalf("err = %v, want success", err)
				}
				return
			}
			var api botpress.APIError
			if !errors.As(err, &api) || api.StatusCode() != tt.wantStatus {
				t.Fatalf("err = %v, want status %d", err, tt.wantStatus)
			}
		})
	}
}

// TestRetryAfter checks that Retry-After, in seconds or as an HTTP date, sets
// the wait, and that MaxDelay caps it.
func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter func(now time.Time) string
		policy     botpress.RetryPolicy
		min, max   time.Duration // bounds of the gap between the two attempts
	}{
		{
			name:       "seconds",
			retryAfter: func(time.Time) string { return "1" },
			policy:     botpress.RetryPolicy{MaxRetries: 1, BaseDelay: time.Microsecond},
			min:        time.Second, max: 3 * time.Second,
		},
		{
			name:       "HTTP date",
			retryAfter: func(now time.Time) string { return now.Add(2 * time.Second).UTC().Format(http.TimeFormat) },
			policy:     botpress.RetryPolicy{MaxRetries: 1, BaseDelay: time.Microsecond},
			// The date has whole seconds, so the wait is in (1s, 2s].
			min: time.Second, max: 4 * time.Second,
		},
		{
			name:       "HTTP date in the past",
			retryAfter: func(now time.Time) string { return now.Add(-time.Hour).UTC().Format(http.TimeFormat) },
			policy:     botpress.RetryPolicy{MaxRetries: 1, BaseDelay: time.Hour, MaxDelay: time.Hour},
			min:        0, max: time.Second,
		},
		{
			name:       "capped by MaxDelay",
			retryAfter: func(time.Time) string { return "3600" },
			policy:     botpress.RetryPolicy{MaxRetries: 1, BaseDelay: time.Microsecond, MaxDelay: 80 * time.Millisecond},
			min:        80 * time.Millisecond, max: time.Second,
		},
		{
			name:       "invalid header falls back to backoff",
			retryAfter: func(time.Time) string { return "soon" },
			policy:     botpress.RetryPolicy{MaxRetries: 1, BaseDelay: time.Millisecond},
			min:        0, max: 500 * time.Millisecond,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var (
				mu    sync.Mutex
				times []time.Time
			)
			srv := newCTServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				now := time.Now()
				mu.Lock()
				times = append(times, now)
				mu.Unlock()
				if n == 0 {
					w.Header().Set("Retry-After", tt.retryAfter(now))
					w.WriteHeader(http.StatusTooManyRequests)
					return
				}
				_, _ = io.WriteString(w, `{}`)
			})
			c := ctClient(srv, botpress.WithRetryPolicy(tt.policy))
			if _, err := c.DeleteConversation(context.Background(), &botpress.DeleteConversationInput{ID: "c1"}); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(times) != 2 {
				t.Fatalf("attempts = %d, want 2", len(times))
			}
			if gap := times[1].Sub(times[0]); gap < tt.min || gap > tt.max {
				t.Fatalf("gap between attempts = %v, want within [%v, %v]", gap, tt.min, tt.max)
			}
		})
	}
}

// TestRetryBackoffBounds checks that waits stay below BaseDelay*2^n and
// MaxDelay: with a one-hour base delay only the cap keeps the call short.
func TestRetryBackoffBounds(t *testing.T) {
	tests := []struct {
		name   string
		policy botpress.RetryPolicy
		max    time.Duration // bound of each gap
	}{
		{"capped", botpress.RetryPolicy{MaxRetries: 4, BaseDelay: time.Hour, MaxDelay: 30 * time.Millisecond}, 30 * time.Millisecond},
		{"exponential", botpress.RetryPolicy{MaxRetries: 4, BaseDelay: 5 * time.Millisecond}, 40 * time.Millisecond},
	}
	const slack = 300 * time.Millisecond // scheduling and the round trip itself
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu    sync.Mutex
				times []time.Time
			)
			srv := newCTServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				mu.Lock()
				times = append(times, time.Now())
				mu.Unlock()
				w.WriteHeader(http.StatusServiceUnavailable)
			})
			start := time.Now()
			_, err := ctClient(srv, botpress.WithRetryPolicy(tt.policy)).GetConversation(context.Background(), &botpress.GetConversationInput{ID: "c1"})
			if err == nil {
				t.Fatal("no error")
			}
			if elapsed := time.Since(start); elapsed > 4*(tt.max+slack) {
				t.Fatalf("call took %v", elapsed)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(times) != tt.policy.MaxRetries+1 {
				t.Fatalf("attempts = %d, want %d", len(times), tt.policy.MaxRetries+1)
			}
			for i := 1; i < len(times); i++ {
				bound := min(tt.policy.BaseDelay<<(i-1), tt.max)
				if gap := times[i].Sub(times[i-1]); gap > bound+slack {
					t.Errorf("wait before retry %d = %v, want at most %v", i, gap, bound)
				}
			}
		})
	}
}

// TestRetryCancelDuringBackoff checks that cancelling the context while the
// client waits to retry ends the call at once.
func TestRetryCancelDuringBackoff(t *testing.T) {
	first := make(chan struct{})
	srv := newCTServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if n == 0 {
			close(first)
		}
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	c := ctClient(srv, botpress.WithRetryPolicy(botpress.RetryPolicy{MaxRetries: 5, BaseDelay: time.Millisecond}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-first
		time.Sleep(20 * time.Millisecond) // let the client read the answer and start waiting
		cancel()
	}()
	start := time.Now()
	_, err := c.GetConversation(ctx, &botpress.GetConversationInput{ID: "c1"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("call took %v after cancellation", elapsed)
	}
	if n := len(srv.requests()); n != 1 {
		t.Fatalf("attempts = %d, want 1", n)
	}
	if botpress.IsRetryable(err) {
		t.Fatalf("IsRetryable(%v) = true after the caller cancelled", err)
	}
}

// TestRetryConnectionRefused checks that a connection that was never made is
// retried, even for POST, and that the error names no secret.
func TestRetryConnectionRefused(t *testing.T) {
	srv := newCTServer(t, ctReply(200, `{}`))
	url := srv.URL
	srv.Close() // nothing listens there any more
	var attempts int
	count := func(next http.RoundTripper) http.RoundTripper {
		return botpress.RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
			attempts++
			return next.RoundTrip(r)
		})
	}
	c := botpress.NewClient(botpress.WithBaseURL(url), botpress.WithToken(ctToken), botpress.WithRetryPolicy(fastRetry), botpress.WithMiddleware(count))
	_, err := c.CreateConversation(context.Background(), &botpress.CreateConversationInput{Channel: "web"})
	if err == nil {
		t.Fatal("no error")
	}
	if attempts != 4 {
		t.Errorf("attempts = %d, want 4", attempts)
	}
	if strings.Contains(err.Error(), ctToken) {
		t.Errorf("error contains the token: %v", err)
	}
	if !botpress.IsRetryable(err) {
		t.Errorf("IsRetryable(%v) = false for a refused connection", err)
	}
}

// TestTokenNeverLogged runs retried, failing and successful calls with a debug
// logger and checks that the token appears in no log record and no error.
func TestTokenNeverLogged(t *testing.T) {
	srv := newCTServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch n {
		case 0:
			w.WriteHeader(http.StatusServiceUnavailable)
		case 1:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"id":"err_20240101120000x00000003","code":429,"type":"RateLimited","message":"token `+ctToken+` is over quota"}`)
		case 2:
			_, _ = io.WriteString(w, `{"conversation":`+ctConversationJSON+`}`)
		default:
			// Echo the Authorization header back, as a careless proxy might.
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"id":"err_20240101120000x00000004","code":401,"type":"Unauthorized","message":"bad `+r.Header.Get("Authorization")+`"}`)
		}
	})
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := ctClient(srv, botpress.WithRetryPolicy(fastRetry), botpress.WithLogger(logger),
		botpress.WithHeader("X-Api-Key", ctToken), botpress.WithBotID("bot_1"))
	ctx := context.Background()
	if _, err := c.GetConversation(ctx, &botpress.GetConversationInput{ID: "c1"}); err != nil {
		t.Fatalf("first call: %v", err)
	}
	_, err := c.GetConversation(ctx, &botpress.GetConversationInput{ID: "c2"})
	if err == nil {
		t.Fatal("second call: no error")
	}
	if strings.Contains(err.Error(), ctToken) {
		t.Errorf("error contains the token: %v", err)
	}
	logs := buf.String()
	if strings.Contains(logs, ctToken) {
		t.Errorf("logs contain the token:\n%s", logs)
	}
	var attempts []string
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		i := strings.Index(line, `"attempt":`)
		if i < 0 {
			t.Fatalf("log record without attempt: %s", line)
		}
		attempts = append(attempts, strings.SplitN(line[i+len(`"attempt":`):], ",", 2)[0])
	}
	if diff := cmp.Diff([]string{"1", "2", "3", "1"}, attempts); diff != "" {
		t.Errorf("logged attempts (-want +got):\n%s", diff)
	}
	if !strings.Contains(logs, "[REDACTED]") || !strings.Contains(logs, "bot_1") {
		t.Errorf("logs do not show redacted credentials beside other headers:\n%s", logs)
	}
	if got := strconv.Itoa(len(srv.requests())); got != "4" {
		t.Errorf("requests = %s, want 4", got)
	}
}
