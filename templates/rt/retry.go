package rt

import (
	"context"
	"crypto/tls"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// RetryPolicy controls how the client retries failed requests.
//
// Requests are retried on 429, 502, 503 and 504 responses and on transport errors, with
// exponential backoff and full jitter, or after the delay a Retry-After header asks for.
// POST and PATCH, which may not be safe to repeat, are only retried when the server
// provably did not process them: a 429 response, or a connection that was never made;
// called with an idempotency key (WithIdempotencyKey), they retry as PUT does.
// Cancelling the call's context stops retrying at once.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt; 0 disables retries.
	MaxRetries int
	// BaseDelay is the first backoff step; each retry may wait up to twice as long as
	// the one before.
	BaseDelay time.Duration
	// MaxDelay caps any single wait, including one asked for by Retry-After; 0 means no
	// cap.
	MaxDelay time.Duration
}

// DefaultRetryPolicy returns the policy clients use unless configured otherwise: three
// retries, starting from 500ms and waiting at most 30s between attempts.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 3, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second}
}

// NoRetry returns a policy that sends every request exactly once.
func NoRetry() RetryPolicy {
	return RetryPolicy{}
}

// retryable reports whether a request with method that ended with (resp, err) may be
// sent again. Whether retries remain is the caller's business.
func (p RetryPolicy) retryable(method string, resp *http.Response, err error) bool {
	return p.retryableCall(retryIdempotent(method), resp, err)
}

// retryableCall is retryable for a request that is safe to repeat (an idempotent
// method, or a request with an idempotency key) or not.
func (p RetryPolicy) retryableCall(safe bool, resp *http.Response, err error) bool {
	if err != nil {
		return retryableError(safe, err)
	}
	if resp == nil || (resp.Request != nil && resp.Request.Context().Err() != nil) {
		return false
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		// Rate limiting rejects a request before it runs, so any method may retry.
		return true
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return safe
	}
	return false
}

// retryableError reports whether a transport error is worth another attempt, for a
// request that is safe to repeat or not.
func retryableError(safe bool, err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var certErr *tls.CertificateVerificationError
	if errors.As(err, &certErr) {
		return false // a bad certificate stays bad
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return false
	}
	return safe || retryNotSent(err)
}

// retryNotSent reports whether err proves the request never reached the server.
func retryNotSent(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// retryIdempotent reports whether repeating method has the same effect as sending it once.
func retryIdempotent(method string) bool {
	switch strings.ToUpper(method) {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// retryDelay returns how long to wait before retry number attempt+1 (attempt is 0-based).
//
// A Retry-After header on resp, in delta seconds or as an HTTP date relative to now, is
// obeyed; otherwise the delay is drawn uniformly from [0, BaseDelay*2^attempt] (full
// jitter, so that many clients do not retry in step) using rnd, which returns values in
// [0, 1) and defaults to math/rand/v2. Either way the delay is capped at MaxDelay.
func (p RetryPolicy) retryDelay(attempt int, resp *http.Response, now time.Time, rnd func() float64) time.Duration {
	if d, ok := retryAfter(resp, now); ok {
		return p.retryCap(d)
	}
	if rnd == nil {
		rnd = rand.Float64
	}
	ceiling := p.retryCap(retryBackoff(p.BaseDelay, attempt))
	d := time.Duration(rnd() * float64(ceiling))
	if d < 0 || d > ceiling {
		return ceiling // float rounding near the int64 limit
	}
	return d
}

// retryBackoff returns base*2^attempt, saturating instead of overflowing.
func retryBackoff(base time.Duration, attempt int) time.Duration {
	if base <= 0 {
		return 0
	}
	attempt = max(attempt, 0)
	if attempt >= 62 || base > math.MaxInt64>>attempt {
		return math.MaxInt64
	}
	return base << attempt
}

// retryCap limits d to [0, MaxDelay].
func (p RetryPolicy) retryCap(d time.Duration) time.Duration {
	if p.MaxDelay > 0 && d > p.MaxDelay {
		return p.MaxDelay
	}
	return max(d, 0)
}

// retryAfter parses resp's Retry-After header; ok is false when it is missing or invalid.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(math.MaxInt64/time.Second) {
			return math.MaxInt64, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
