package rt

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// IsRetryable reports whether err is worth retrying: rate limiting (429),
// gateway failures (502, 503, 504), timeouts and connection errors. Errors
// caused by the caller's own context being canceled are not.
func IsRetryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var resp interface{ responseStatus() int }
	if errors.As(err, &resp) {
		switch resp.responseStatus() {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op)
}

// clientRedactable is implemented by the errors an error response decodes to:
// they replace the credentials in what they carry, body is the response body as
// received (excerpts are cut again from its redacted form).
type clientRedactable interface {
	redactWith(r *clientRedactor, body []byte)
}

// redactError redacts what an error response decoded to, after decoding: before
// it, an escaped echo of a secret (\u0041, \/) would not match, and decoding
// would then write it out plain.
func (r *clientRedactor) redactError(err error, body []byte) error {
	if r == nil || len(r.secrets) == 0 {
		return err
	}
	if x, ok := err.(clientRedactable); ok {
		x.redactWith(r, body)
	}
	return err
}

// redactMap returns a copy of m with its keys and values redacted, recursively.
func (r *clientRedactor) redactMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[r.redact(k)] = r.redactValue(v)
	}
	return out
}

// redactValue redacts a decoded JSON value.
func (r *clientRedactor) redactValue(v any) any {
	switch v := v.(type) {
	case string:
		return r.redact(v)
	case map[string]any:
		return r.redactMap(v)
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = r.redactValue(x)
		}
		return out
	}
	return v
}

// clientRedactor replaces the client's credentials in what reaches the caller:
// error values, body excerpts, log records. A server may echo a credential in
// any form that decodes to it, so it finds each secret written raw, with JSON
// escapes (\uXXXX in either case, surrogate pairs, \/ and the other short
// escapes) or percent-encoded (%XX in either case), mixed byte by byte.
type clientRedactor struct {
	secrets []string  // longest first, so that a secret containing another is replaced whole
	start   [256]bool // the bytes a match can start with
}

// clientMatchBudget bounds the steps of one match attempt. Only secrets containing
// '%' or '\' make the matcher backtrack; the bound keeps hostile bodies from making
// that exponential.
const clientMatchBudget = 1 << 14

// newClientRedactor returns a redactor of secrets; empty values are ignored.
func newClientRedactor(secrets []string) *clientRedactor {
	r := &clientRedactor{}
	for _, s := range secrets {
		if s != "" && !slices.Contains(r.secrets, s) {
			r.secrets = append(r.secrets, s)
			r.start[s[0]] = true
		}
	}
	sort.Slice(r.secrets, func(i, j int) bool { // longest first
		a, b := r.secrets[i], r.secrets[j]
		return len(a) > len(b) || len(a) == len(b) && a < b
	})
	r.start['%'], r.start['\\'] = true, true
	return r
}

// redact returns s with every occurrence of a secret replaced by [REDACTED],
// allocating only when there is one.
func (r *clientRedactor) redact(s string) string {
	if r == nil || len(r.secrets) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if !r.start[s[i]] {
			continue
		}
		end := r.longest(s, i)
		if end < 0 {
			continue
		}
		if last == 0 && b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteString(clientRedacted)
		last, i = end, end-1
	}
	if b.Len() == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// longest returns the end of the longest secret written at s[i:], or -1.
func (r *clientRedactor) longest(s string, i int) int {
	best := -1
	for _, secret := range r.secrets {
		budget := clientMatchBudget
		best = max(best, clientMatch(s, i, secret, 0, &budget))
	}
	return best
}

// clientMatch returns the end of secret[j:] written at s[i:], or -1. Each byte of
// the secret is matched raw or by an escape that decodes to it (a JSON escape may
// decode to several bytes of the secret).
func clientMatch(s string, i int, secret string, j int, budget *int) int {
	for j < len(secret) {
		if *budget--; *budget < 0 || i >= len(s) {
			return -1
		}
		if n, m := clientEscapeAt(s[i:], secret[j:]); n > 0 {
			if s[i] != secret[j] {
				i, j = i+n, j+m
				continue
			}
			// The secret has a '%' or '\' here: an escape and the raw byte both fit.
			if end := clientMatch(s, i+n, secret, j+m, budget); end >= 0 {
				return end
			}
		}
		if s[i] != secret[j] {
			return -1
		}
		i, j = i+1, j+1
	}
	return i
}

// clientEscapeAt reports whether s starts with an escape (%XX or a JSON escape)
// that decodes to a prefix of want: n is the escape's length and m the prefix's,
// both 0 when it does not.
func clientEscapeAt(s, want string) (n, m int) {
	if len(s) >= 3 && s[0] == '%' {
		if v, ok := hexValue(s[1:3]); ok && byte(v) == want[0] {
			return 3, 1
		}
		return 0, 0
	}
	if len(s) < 2 || s[0] != '\\' {
		return 0, 0
	}
	r, n := clientJSONEscape(s)
	if n == 0 {
		return 0, 0
	}
	var buf [utf8.UTFMax]byte
	enc := utf8.AppendRune(buf[:0], r)
	if len(enc) > len(want) || want[:len(enc)] != string(enc) {
		return 0, 0
	}
	return n, len(enc)
}

// clientJSONEscape decodes the JSON escape s starts with (s[0] is '\'): the rune
// and the escape's length, or n == 0.
func clientJSONEscape(s string) (r rune, n int) {
	if i := strings.IndexByte(`"\/bfnrt`, s[1]); i >= 0 {
		return rune("\"\\/\b\f\n\r\t"[i]), 2
	}
	if s[1] != 'u' || len(s) < 6 {
		return 0, 0
	}
	hi, ok := hexValue(s[2:6])
	if !ok {
		return 0, 0
	}
	if utf16.IsSurrogate(rune(hi)) && len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
		if lo, ok := hexValue(s[8:12]); ok {
			if r := utf16.DecodeRune(rune(hi), rune(lo)); r != utf8.RuneError {
				return r, 12
			}
		}
	}
	return rune(hi), 6
}

// hexValue decodes hex digits of either case (the client's redaction and the
// server's JSON scan both read \uXXXX and %XX escapes).
func hexValue(s string) (uint32, bool) {
	var v uint32
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		v = v<<4 | uint32(c)
	}
	return v, true
}

// excerpt returns the start of the redacted body, for error messages. The whole
// body is redacted before the cut: replacements shorten it, so the excerpt may
// reach further than any fixed prefix, and a secret cut in half would not match.
func (r *clientRedactor) excerpt(body []byte) string {
	return clientExcerpt([]byte(r.redact(string(body))))
}

// clientRedactedError is an error whose message quoted a credential: it shows the
// redacted message and still unwraps to the original for errors.Is and errors.As.
type clientRedactedError struct {
	msg string
	err error
}

func (e *clientRedactedError) Error() string { return e.msg }
func (e *clientRedactedError) Unwrap() error { return e.err }

// redactTransport wraps err when its message contains a credential.
func (r *clientRedactor) redactTransport(err error) error {
	if err == nil || r == nil || len(r.secrets) == 0 {
		return err
	}
	msg := err.Error()
	if red := r.redact(msg); red != msg {
		return &clientRedactedError{msg: red, err: err}
	}
	return err
}
