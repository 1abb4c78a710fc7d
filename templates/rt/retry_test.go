package rt

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"
)

func TestRetryPolicies(t *testing.T) {
	if got, want := DefaultRetryPolicy(), (RetryPolicy{MaxRetries: 3, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second}); got != want {
		t.Errorf("DefaultRetryPolicy() = %+v, want %+v", got, want)
	}
	if got := NoRetry(); got.MaxRetries != 0 {
		t.Errorf("NoRetry().MaxRetries = %d, want 0", got.MaxRetries)
	}
}

func TestRetryable(t *testing.T) {
	status := func(code int) *http.Response { return &http.Response{StatusCode: code} }
	refused := &url.Error{Op: "Post", URL: "http://x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}
	dialTimeout := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("i/o timeout")}
	reset := &url.Error{Op: "Post", URL: "http://x", Err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}}
	eof := &url.Error{Op: "Get", URL: "http://x", Err: errors.New("EOF")}
	noHost := &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}}
	badCert := &url.Error{Op: "Get", URL: "https://x", Err: &tls.CertificateVerificationError{Err: errors.New("unknown authority")}}
	cancelled := &url.Error{Op: "Get", URL: "http://x", Err: context.Canceled}
	deadline := fmt.Errorf("wrapped: %w", context.DeadlineExceeded)
	doneCtx, cancel := context.WithCancel(context.Background())
	cancel()
	doneReq, _ := http.NewRequestWithContext(doneCtx, http.MethodGet, "http://x", nil)

	tests := []struct {
		name   string
		method string
		resp   *http.Response
		err    error
		want   bool
	}{
		{"GET 429", "GET", status(429), nil, true},
		{"GET 502", "GET", status(502), nil, true},
		{"GET 503", "GET", status(503), nil, true},
		{"GET 504", "GET", status(504), nil, true},
		{"GET 500", "GET", status(500), nil, false},
		{"GET 501", "GET", status(501), nil, false},
		{"GET 400", "GET", status(400), nil, false},
		{"GET 404", "GET", status(404), nil, false},
		{"GET 200", "GET", status(200), nil, false},
		{"HEAD 503", "HEAD", status(503), nil, true},
		{"OPTIONS 503", "OPTIONS", status(503), nil, true},
		{"TRACE 503", "TRACE", status(503), nil, true},
		{"PUT 503", "PUT", status(503), nil, true},
		{"DELETE 504", "DELETE", status(504), nil, true},
		{"lower-case get 503", "get", status(503), nil, true},
		{"POST 429", "POST", status(429), nil, true},
		{"POST 500", "POST", status(500), nil, false},
		{"POST 502", "POST", status(502), nil, false},
		{"POST 503", "POST", status(503), nil, false},
		{"POST 504", "POST", status(504), nil, false},
		{"PATCH 429", "PATCH", status(429), nil, true},
		{"PATCH 503", "PATCH", status(503), nil, false},
		{"custom method 503", "PURGE", status(503), nil, false},
		{"GET connection reset", "GET", nil, reset, true},
		{"GET EOF", "GET", nil, eof, true},
		{"PUT connection reset", "PUT", nil, reset, true},
		{"POST connection reset", "POST", nil, reset, false},
		{"POST EOF", "POST", nil, eof, false},
		{"POST connection refused", "POST", nil, refused, true},
		{"PATCH connection refused", "PATCH", nil, refused, true},
		{"POST bare ECONNREFUSED", "POST", nil, syscall.ECONNREFUSED, true},
		{"POST dial error", "POST", nil, dialTimeout, true},
		{"GET unknown host", "GET", nil, noHost, false},
		{"GET bad certificate", "GET", nil, badCert, false},
		{"GET cancelled", "GET", nil, cancelled, false},
		{"POST cancelled", "POST", nil, cancelled, false},
		{"GET deadline", "GET", nil, deadline, false},
		{"GET 503 with done context", "GET", &http.Response{StatusCode: 503, Request: doneReq}, nil, false},
		{"no response no error", "GET", nil, nil, false},
	}
	p := DefaultRetryPolicy()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.retryable(tt.method, tt.resp, tt.err); got != tt.want {
				t.Errorf("retryable(%s, %v, %v) = %v, want %v", tt.method, tt.resp, tt.err, got, tt.want)
			}
		})
	}
}

func TestRetryDelayBackoff(t *testing.T) {
	p := RetryPolicy{MaxRetries: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	now := time.Now()
	tests := []struct {
		attempt int
		rnd     float64
		want    time.Duration
	}{
		{0, 0, 0},
		{0, 0.5, 50 * time.Millisecond},
		{0, 0.999999, 99999900 * time.Nanosecond},
		{1, 0.5, 100 * time.Millisecond},
		{2, 0.5, 200 * time.Millisecond},
		{3, 0.999999, 799999200 * time.Nanosecond},
		{4, 0.999999, 999999 * time.Microsecond}, // 1.6s capped at 1s
		{4, 0.5, 500 * time.Millisecond},
		{100, 0.5, 500 * time.Millisecond}, // no overflow
		{-1, 0.5, 50 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.attempt, tt.rnd), func(t *testing.T) {
			got := p.retryDelay(tt.attempt, nil, now, func() float64 { return tt.rnd })
			if got != tt.want {
				t.Errorf("retryDelay(%d) with rnd %v = %v, want %v", tt.attempt, tt.rnd, got, tt.want)
			}
		})
	}
}

func TestRetryDelayJitterBounds(t *testing.T) {
	p := RetryPolicy{MaxRetries: 10, BaseDelay: 10 * time.Millisecond, MaxDelay: 300 * time.Millisecond}
	for attempt := range 10 {
		ceiling := min(p.MaxDelay, p.BaseDelay<<attempt)
		var lo, hi time.Duration = math.MaxInt64, 0
		for range 2000 {
			d := p.retryDelay(attempt, nil, time.Now(), nil)
			if d < 0 || d > ceiling {
				t.Fatalf("attempt %d: delay %v outside [0, %v]", attempt, d, ceiling)
			}
			lo, hi = min(lo, d), max(hi, d)
		}
		// Full jitter spreads over the whole range, not just near the ceiling.
		if lo > ceiling/10 || hi < ceiling*9/10 {
			t.Errorf("attempt %d: delays span [%v, %v], want most of [0, %v]", attempt, lo, hi, ceiling)
		}
	}
}

func TestRetryDelayUncapped(t *testing.T) {
	p := RetryPolicy{BaseDelay: time.Second}
	if got := p.retryDelay(200, nil, time.Now(), func() float64 { return 0.9999999999999999 }); got <= 0 {
		t.Errorf("huge uncapped delay = %v, want a large positive duration", got)
	}
	if got := (RetryPolicy{}).retryDelay(3, nil, time.Now(), nil); got != 0 {
		t.Errorf("zero BaseDelay gives %v, want 0", got)
	}
}

func TestRetryDelayRetryAfter(t *testing.T) {
	now := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	p := RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Second}
	half := func() float64 { return 0.5 }
	tests := []struct {
		name   string
		header string
		policy RetryPolicy
		want   time.Duration
	}{
		{"seconds", "3", p, 3 * time.Second},
		{"zero", "0", p, 0},
		{"padded", " 2 ", p, 2 * time.Second},
		{"capped", "120", p, 10 * time.Second},
		{"huge capped", "99999999999999999", p, 10 * time.Second},
		{"uncapped", "120", RetryPolicy{BaseDelay: time.Millisecond}, 120 * time.Second},
		{"date", now.Add(4 * time.Second).Format(http.TimeFormat), p, 4 * time.Second},
		{"date past", now.Add(-time.Hour).Format(http.TimeFormat), p, 0},
		{"date capped", now.Add(time.Hour).Format(http.TimeFormat), p, 10 * time.Second},
		{"negative falls back to backoff", "-5", p, 500 * time.Microsecond},
		{"garbage falls back to backoff", "soon", p, 500 * time.Microsecond},
		{"missing", "", p, 500 * time.Microsecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: 429, Header: http.Header{}}
			if tt.header != "" {
				resp.Header.Set("Retry-After", tt.header)
			}
			if got := tt.policy.retryDelay(0, resp, now, half); got != tt.want {
				t.Errorf("retryDelay with Retry-After %q = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}
