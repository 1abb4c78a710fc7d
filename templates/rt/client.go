package rt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Middleware wraps the client's round trip, e.g. for logging, tracing or metrics.
//
// It sees every attempt, retries included, after the client has set its headers. When
// several are configured, the first one is the outermost: it sees the request first and
// the response last.
type Middleware func(next http.RoundTripper) http.RoundTripper

// RoundTripperFunc adapts a function to http.RoundTripper, which is the easiest way to
// write a Middleware:
//
//	func(next http.RoundTripper) http.RoundTripper {
//		return RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
//			r.Header.Set("X-Request-Id", newID())
//			return next.RoundTrip(r)
//		})
//	}
//
// As for any RoundTripper, the function must not modify the request it is given; clone
// it first (r.Clone) to change headers, as above only when r is your own copy.
type RoundTripperFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f(r).
func (f RoundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) {
	return f(r)
}

// ResponseDecodeError reports a response whose body could not be decoded, typically
// because a proxy answered with HTML or the server's response does not match the API
// description. errors.As it to see what was received.
type ResponseDecodeError struct {
	// StatusCode is the response's HTTP status.
	StatusCode int
	// ContentType is the response's Content-Type header.
	ContentType string
	// Excerpt is the start of the body, at most 256 bytes.
	Excerpt string
	// Err is the decoding error.
	Err error
}

// Error describes the status, content type and start of the body.
func (e *ResponseDecodeError) Error() string {
	return fmt.Sprintf("cannot decode response (status %d, content type %q): %v; body starts %q",
		e.StatusCode, e.ContentType, e.Err, e.Excerpt)
}

// Unwrap returns the decoding error.
func (e *ResponseDecodeError) Unwrap() error {
	return e.Err
}

const (
	// clientMaxErrorBody bounds how much of an error response is read.
	clientMaxErrorBody = 1 << 20
	// clientExcerptLen bounds the body excerpt in error messages.
	clientExcerptLen = 256
	// clientMaxDrain bounds how much of an unused body is read to reuse its connection.
	clientMaxDrain = 64 << 10
	// clientRedacted replaces secrets in logs.
	clientRedacted = "[REDACTED]"
)

// clientCore is the HTTP machinery shared by all generated client methods.
type clientCore struct {
	baseURL     string
	token       string
	header      http.Header // headers sent on every request, e.g. identity headers
	httpClient  *http.Client
	timeout     time.Duration // whole call, retries included; 0 = none
	maxResponse int64         // bound on a successful response body; 0 = clientDefaultMaxResponse
	retry       RetryPolicy
	userAgent   string
	logger      *slog.Logger // nil = no logging
	middleware  []Middleware
	decodeError clientErrorDecoder // turns a non-2xx response into a typed error
	rt          http.RoundTripper  // middleware around the transport, built by init

	sender        *http.Client    // httpClient with Transport = rt, built by init
	authorization string          // "Bearer " + token, built by init
	secret        map[string]bool // canonical names of headers that carry credentials (API keys)
	fixed         http.Header     // headers of every request, built by init (see fixedHeaders)
	redactor      *clientRedactor // the credentials above, built by init

	// idempotencyHeader carries idempotency keys ("" = Idempotency-Key).
	idempotencyHeader string
	// Settings of one call only (see RequestOption): its idempotency key, which
	// also makes the call safe to retry whatever its method, and where to store
	// its final response.
	idempotencyKey string
	response       *http.Response
}

// clientStatusOutput is implemented by the outputs of operations whose 2xx
// responses declare different bodies: bodyFor records status and returns the
// field the body of that status decodes into.
type clientStatusOutput interface {
	bodyFor(status int) any
}

// clientRawOutput is implemented by the outputs of operations whose response
// is not JSON (files, text): they receive the body as it came.
type clientRawOutput interface {
	setRawOutput(contentType string, body []byte)
}

// clientRequest describes one API call.
type clientRequest struct {
	method string
	path   string      // already escaped, starts with "/"
	query  url.Values  // may be nil
	header http.Header // per-operation header parameters; may be nil
	body   any         // nil: no body is sent
	// errors decodes the operation's declared error responses; nil: the
	// client's decodeError does.
	errors clientErrorDecoder
	// url, when set, is the whole URL of the request (a next page a server
	// linked to), in place of the base URL, path and query. Credentials go
	// with it only to the base URL's origin.
	url string
}

// clientErrorDecoder turns an error response into the error a call returns.
// body is complete up to clientMaxErrorBody bytes; truncated reports a longer one.
type clientErrorDecoder func(resp *http.Response, body []byte, truncated bool) error

// init prepares c for use once its fields are set; calling it again does nothing. The
// caller's http.Client is copied, never modified.
func (c *clientCore) init() {
	if c.sender != nil {
		return
	}
	if c.httpClient == nil {
		c.httpClient = &http.Client{}
	}
	c.sender = c.newSender()
	c.rt = c.sender.Transport
	if c.token != "" {
		c.authorization = "Bearer " + c.token
	}
	c.fixed = c.fixedHeaders()
	c.redactor = c.newRedactor()
}

// newRedactor returns a redactor of every credential the client sends: the token
// and the values of credential headers (with and without their scheme, as in
// "Basic xyz", since a server may echo either).
func (c *clientCore) newRedactor() *clientRedactor {
	secrets := []string{c.token}
	for k, vs := range c.header {
		if !c.credentialHeader(k) {
			continue
		}
		for _, v := range vs {
			secrets = append(secrets, v)
			if _, cred, ok := strings.Cut(v, " "); ok {
				secrets = append(secrets, strings.TrimSpace(cred))
			}
		}
	}
	return newClientRedactor(secrets)
}

// credentialHeader reports whether the header named k carries a credential: the
// API-key headers the spec declares and any header whose name says so.
func (c *clientCore) credentialHeader(k string) bool {
	k = textproto.CanonicalMIMEHeaderKey(k)
	return k == "Authorization" || c.secret[k] || clientSecretHeader(k)
}

// fixedHeaders builds, once, the headers every request carries. Requests share
// the value slices: net/http and RoundTrippers read headers and replace values
// (Set, or a cloned request), they do not write into them.
func (c *clientCore) fixedHeaders() http.Header {
	h := http.Header{"Accept": {"application/json"}}
	if c.userAgent != "" {
		h["User-Agent"] = []string{c.userAgent}
	}
	if auth := c.authHeader(); auth != "" {
		h["Authorization"] = []string{auth}
	}
	clientSetHeaders(h, c.header)
	return h
}

// clientJSONType is the Content-Type value of JSON bodies, shared by requests.
var clientJSONType = []string{"application/json"}

// newSender copies httpClient, keeping its redirect policy, cookie jar and timeout, and
// puts the middleware chain around its transport. Redirects away from the base URL's
// origin lose the credentials (see clientCheckRedirect).
func (c *clientCore) newSender() *http.Client {
	hc := &http.Client{}
	if c.httpClient != nil {
		*hc = *c.httpClient
	}
	hc.CheckRedirect = c.checkRedirect(hc.CheckRedirect)
	var rt http.RoundTripper = http.DefaultTransport
	if hc.Transport != nil {
		rt = hc.Transport
	}
	for i := len(c.middleware) - 1; i >= 0; i-- {
		if m := c.middleware[i]; m != nil {
			if wrapped := m(rt); wrapped != nil {
				rt = wrapped
			}
		}
	}
	hc.Transport = rt
	return hc
}

// clientMaxRedirects is net/http's default limit, kept when the caller sets no policy.
const clientMaxRedirects = 10

// checkRedirect wraps the caller's redirect policy (or net/http's default one): once a
// redirect chain has left the origin of its first request (scheme, host and port),
// every later request loses its credentials. net/http drops Authorization only for
// another domain (not a subdomain, not another port) and keeps custom headers such as
// API keys; a server must not be able to forward them to whoever it names.
func (c *clientCore) checkRedirect(user func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if user != nil {
			if err := user(req, via); err != nil {
				return err
			}
		} else if len(via) >= clientMaxRedirects {
			return fmt.Errorf("stopped after %d redirects", clientMaxRedirects)
		}
		if len(via) == 0 {
			return nil
		}
		origin := clientOrigin(via[0].URL)
		crossed := clientOrigin(req.URL) != origin
		for _, prev := range via[1:] {
			crossed = crossed || clientOrigin(prev.URL) != origin
		}
		if crossed {
			c.dropCredentials(req.Header)
		}
		return nil
	}
}

// dropCredentials deletes the headers that carry a credential, by name or because
// their value contains one. Only keys are deleted: net/http shares the value slices
// between the requests of a redirect chain.
func (c *clientCore) dropCredentials(h http.Header) {
	r := c.redactor
	for k, vs := range h {
		if c.credentialHeader(k) || slices.ContainsFunc(vs, func(v string) bool { return r.redact(v) != v }) {
			delete(h, k)
		}
	}
}

// clientOrigin is the scheme, host and port of u, with the scheme's default port
// made explicit so that http://h and http://h:80 are the same origin.
func clientOrigin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// do performs the call described by r with the client's settings and opts, retrying per
// the retry policy, and decodes a 2xx JSON response into out (when out is non-nil). A
// non-2xx response becomes the error returned by the request's or the client's error
// decoder.
func (c *clientCore) do(ctx context.Context, r *clientRequest, out any, opts ...RequestOption) error {
	if c.sender == nil {
		return errors.New("the client was not created by NewClient")
	}
	c = c.withOptions(opts)
	sender := c.sender
	if c.timeout > 0 && !clientDeadlineWithin(ctx, c.timeout) {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	body, contentType, err := clientEncodeBody(r)
	if err != nil {
		return err
	}
	u := c.url(r)
	header := c.callHeader(r)
	// A request with an idempotency key may be repeated whatever its method: the
	// server answers a repeat with the first attempt's outcome.
	safe := retryIdempotent(r.method) || c.idempotencyKey != ""
	for attempt := 0; ; attempt++ {
		req, err := c.newRequest(ctx, r.method, u, body, contentType, header)
		if err != nil {
			return c.redactor.redactTransport(err)
		}
		if r.url != "" && !c.sameOrigin(req.URL) {
			c.dropCredentials(req.Header) // a server named this URL: as for its redirects
		}
		resp, err := c.send(ctx, sender, req, attempt)
		if attempt < c.retry.MaxRetries && ctx.Err() == nil && c.retry.retryableCall(safe, resp, err) {
			delay := c.retry.retryDelay(attempt, resp, time.Now(), nil)
			// Waiting past the deadline would only trade the server's answer (a 429
			// saying when to come back) for "context deadline exceeded".
			if !clientEndsAfter(ctx, delay) {
				clientDiscard(resp)
				if err := clientWait(ctx, delay); err != nil {
					return err
				}
				continue
			}
		}
		if err != nil {
			return c.redactor.redactTransport(err)
		}
		clientRecord(ctx, req, resp)
		c.keep(resp)
		return c.finish(resp, r, out)
	}
}

// sameOrigin reports whether u has the base URL's scheme, host and port.
func (c *clientCore) sameOrigin(u *url.URL) bool {
	base, err := url.Parse(c.baseURL)
	return err == nil && clientOrigin(base) == clientOrigin(u)
}

// clientSinkKey is the context key of a *clientResponseSink.
type clientSinkKey struct{}

// clientResponseSink receives the headers and URL of a call's final response, for
// callers that need more than its body (Link-header pagination).
type clientResponseSink struct {
	header http.Header
	url    *url.URL
}

// clientRecord fills the context's sink, if it has one, from resp: its URL is
// the last of its redirects (a RoundTripper may leave resp.Request unset).
func clientRecord(ctx context.Context, req *http.Request, resp *http.Response) {
	if s, ok := ctx.Value(clientSinkKey{}).(*clientResponseSink); ok {
		s.header, s.url = resp.Header, req.URL
		if resp.Request != nil {
			s.url = resp.Request.URL
		}
	}
}

// clientEndsAfter reports whether ctx ends before a wait of d would.
func clientEndsAfter(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < d
}

// clientDeadlineWithin reports whether ctx already ends within d, making a timeout of d
// redundant (and its timer a waste).
func clientDeadlineWithin(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) <= d
}

// clientRawBody is a request body that is not JSON (a file, form data the
// caller encoded): sent as is, with its media type.
type clientRawBody struct {
	contentType string
	data        []byte
}

// clientEncodeBody marshals the request body once, so that retries replay the
// same bytes, and says its media type ("" when no body is sent). The
// generated code sets a body only for the operations that have one.
func clientEncodeBody(r *clientRequest) ([]byte, string, error) {
	if r.body == nil {
		return nil, "", nil
	}
	if raw, ok := r.body.(clientRawBody); ok {
		return raw.data, raw.contentType, nil
	}
	b, err := json.Marshal(r.body)
	if err != nil {
		return nil, "", fmt.Errorf("encode %s %s request body: %w", r.method, r.path, err)
	}
	return b, "application/json", nil
}

// url joins the base URL, path and query.
func (c *clientCore) url(r *clientRequest) string {
	if r.url != "" {
		return r.url
	}
	base := strings.TrimRight(c.baseURL, "/")
	if len(r.query) == 0 {
		return base + r.path
	}
	return base + r.path + "?" + r.query.Encode()
}

// newRequest builds one attempt's request. Each attempt gets a fresh request and body
// reader, so nothing a transport did to the previous one carries over.
func (c *clientCore) newRequest(ctx context.Context, method, u string, body []byte, contentType string, extra http.Header) (*http.Request, error) {
	var rd io.Reader
	if contentType != "" {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("build %s request: %w", method, err)
	}
	h := req.Header
	for k, v := range c.fixed {
		h[k] = v
	}
	switch contentType {
	case "":
	case "application/json":
		h["Content-Type"] = clientJSONType
	default:
		h["Content-Type"] = []string{contentType}
	}
	clientSetHeaders(h, extra)
	return req, nil
}

// authHeader returns the Authorization value, or "" without a token.
func (c *clientCore) authHeader() string {
	if c.authorization != "" || c.token == "" {
		return c.authorization
	}
	return "Bearer " + c.token
}

// clientSetHeaders copies src into dst, replacing values dst has for the same names.
func clientSetHeaders(dst, src http.Header) {
	for k, vs := range src {
		if len(vs) == 0 {
			continue
		}
		dst[textproto.CanonicalMIMEHeaderKey(k)] = append([]string(nil), vs...)
	}
}

// send performs one attempt and logs it.
func (c *clientCore) send(ctx context.Context, sender *http.Client, req *http.Request, attempt int) (*http.Response, error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return sender.Do(req)
	}
	start := time.Now()
	resp, err := sender.Do(req)
	c.logAttempt(ctx, req, attempt, resp, err, time.Since(start))
	return resp, err
}

// logAttempt writes one Debug record per attempt, with credentials redacted.
func (c *clientCore) logAttempt(ctx context.Context, req *http.Request, attempt int, resp *http.Response, err error, d time.Duration) {
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("url", c.redactor.redact(req.URL.Redacted())),
		slog.Int("attempt", attempt+1),
		slog.Duration("duration", d),
		slog.Any("headers", c.redact(req.Header)),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", c.redactor.redact(err.Error())))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "http request", attrs...)
}

// redact copies h with credentials replaced: the bearer token, other authentication
// headers, and any value that contains a credential, in any encoding.
func (c *clientCore) redact(h http.Header) http.Header {
	out := h.Clone()
	r := c.redactor
	for k, vs := range out {
		switch {
		case k == "Authorization" && c.token != "":
			out[k] = []string{"Bearer " + clientRedacted}
		case c.credentialHeader(k):
			out[k] = []string{clientRedacted}
		default:
			for i, v := range vs {
				vs[i] = r.redact(v)
			}
		}
	}
	return out
}

// clientSecretHeader reports whether a header of this name usually carries a credential.
func clientSecretHeader(name string) bool {
	n := strings.ToLower(name)
	if n == "cookie" {
		return true
	}
	for _, s := range []string{"auth", "token", "secret", "passw", "api-key", "apikey", "api_key", "credential", "session", "signature"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// finish turns the final response into out or an error, and closes its body.
func (c *clientCore) finish(resp *http.Response, r *clientRequest, out any) error {
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.statusError(resp, r)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		clientDrain(resp.Body)
		return nil
	}
	if r.method == http.MethodHead {
		// The answer to HEAD has no body, whatever its Content-Length
		// says: that of the GET it stands for.
		if raw, ok := out.(clientRawOutput); ok {
			raw.setRawOutput(resp.Header.Get("Content-Type"), nil)
		}
		return nil
	}
	b, err := clientReadAll(resp, c.responseLimit())
	if err != nil {
		return fmt.Errorf("read response body: %w", err)
	}
	if raw, ok := out.(clientRawOutput); ok {
		raw.setRawOutput(resp.Header.Get("Content-Type"), b)
		return nil
	}
	if s, ok := out.(clientStatusOutput); ok {
		out = s.bodyFor(resp.StatusCode)
	}
	if len(b) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		r := c.redactor
		return &ResponseDecodeError{
			StatusCode:  resp.StatusCode,
			ContentType: r.redact(resp.Header.Get("Content-Type")),
			Excerpt:     r.excerpt(b),
			Err:         r.redactTransport(err),
		}
	}
	return nil
}

// clientDefaultMaxResponse bounds a successful response body unless
// WithMaxResponseBytes says otherwise.
const clientDefaultMaxResponse = 100 << 20

// responseLimit is the most a successful response body may hold.
func (c *clientCore) responseLimit() int64 {
	if c.maxResponse > 0 {
		return c.maxResponse
	}
	return clientDefaultMaxResponse
}

// clientReadAll reads the whole body, up to limit bytes: in one allocation when
// its length is known and small, else growing with the bytes that arrive, so
// that a server cannot make the client allocate what it only declares, nor
// exhaust its memory with an endless body.
func clientReadAll(resp *http.Response, limit int64) ([]byte, error) {
	n := resp.ContentLength
	if n > limit {
		return nil, clientTooLarge(limit)
	}
	if n >= 0 && n <= 1<<20 {
		b := make([]byte, n)
		if _, err := io.ReadFull(resp.Body, b); err != nil {
			return nil, err
		}
		// The transport reuses the connection only once it has seen the end of the body.
		clientDrain(resp.Body)
		return b, nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, clientTooLarge(limit)
	}
	return b, nil
}

func clientTooLarge(limit int64) error {
	return fmt.Errorf("response body exceeds %d bytes (see WithMaxResponseBytes)", limit)
}

// statusError reads a non-2xx body, up to clientMaxErrorBody bytes, and turns it
// into an error.
func (c *clientCore) statusError(resp *http.Response, r *clientRequest) error {
	body, err := io.ReadAll(io.LimitReader(resp.Body, clientMaxErrorBody+1))
	if err != nil {
		return fmt.Errorf("status %d: read response body: %w", resp.StatusCode, err)
	}
	truncated := len(body) > clientMaxErrorBody
	if truncated {
		body = body[:clientMaxErrorBody:clientMaxErrorBody]
	}
	clientDrain(resp.Body)
	decode := c.decodeError
	if r != nil && r.errors != nil {
		decode = r.errors
	}
	var decoded error
	if decode != nil {
		decoded = decode(resp, body, truncated)
	}
	if decoded == nil {
		decoded = fmt.Errorf("HTTP %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	// A server may echo the credentials it rejected, and errors end up in logs.
	return c.redactor.redactError(decoded, body)
}

// clientExcerpt returns the start of a body for error messages.
func clientExcerpt(b []byte) string {
	if len(b) > clientExcerptLen {
		b = b[:clientExcerptLen]
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// clientDrain reads what is left of a small body so its connection can be reused.
func clientDrain(body io.Reader) {
	_, _ = io.CopyN(io.Discard, body, clientMaxDrain)
}

// clientDiscard drains and closes the body of a response that will be retried.
func clientDiscard(resp *http.Response) {
	if resp != nil {
		clientDrain(resp.Body)
		resp.Body.Close()
	}
}

// clientWait sleeps for d, returning early with the context's error when ctx ends.
func clientWait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("waiting to retry: %w", err)
		}
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return fmt.Errorf("waiting to retry: %w", ctx.Err())
	case <-t.C:
		return nil
	}
}

// clientPathEscape escapes a path parameter. Beyond url.PathEscape, a value made
// only of dots ("." or "..") has them percent-encoded: written raw it would be a
// dot segment, which URL resolution, proxies and servers remove (/files/.. is /),
// so the request would reach another endpoint than the caller named.
func clientPathEscape(s string) string {
	if s != "" && strings.Trim(s, ".") == "" {
		return strings.Repeat("%2E", len(s))
	}
	return url.PathEscape(s)
}

// describe is what formatting a Client shows: its settings, with credentials
// replaced by [REDACTED] (and left out when unset), so that printing or logging a
// client never discloses them.
func (c *clientCore) describe(name string) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteString("{baseURL: ")
	b.WriteString(strconv.Quote(c.describeURL()))
	if c.token != "" {
		b.WriteString(", token: " + clientRedacted)
	}
	if len(c.header) > 0 {
		b.WriteString(", headers: {")
		for i, k := range clientSortedKeys(c.header) {
			if i > 0 {
				b.WriteString(", ")
			}
			v, secret := c.shownHeader(k)
			if !secret {
				v = strconv.Quote(v)
			}
			b.WriteString(k + ": " + v)
		}
		b.WriteString("}")
	}
	fmt.Fprintf(&b, ", timeout: %v, maxRetries: %d", c.timeout, c.retry.MaxRetries)
	if c.userAgent != "" {
		b.WriteString(", userAgent: " + strconv.Quote(c.redactor.redact(c.userAgent)))
	}
	b.WriteString("}")
	return b.String()
}

// describeURL is the base URL without a password or any credential in it.
func (c *clientCore) describeURL() string {
	u := c.baseURL
	if p, err := url.Parse(u); err == nil {
		u = p.Redacted()
	}
	return c.redactor.redact(u)
}

// shownHeader is the value of a configured header as formatting shows it:
// [REDACTED] for credentials (secret is then true).
func (c *clientCore) shownHeader(k string) (v string, secret bool) {
	if c.credentialHeader(k) {
		return clientRedacted, true
	}
	return c.redactor.redact(strings.Join(c.header[k], ", ")), false
}

// format implements fmt.Formatter for a Client: every verb prints describe, so that
// %+v and %#v, which would otherwise print the fields, show no credential either.
func (c *clientCore) format(f fmt.State, verb rune, name string) {
	s := c.describe(name)
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, s)
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), s)
}

// logValue implements slog.LogValuer for a Client, with describe's contents.
func (c *clientCore) logValue() slog.Value {
	attrs := []slog.Attr{slog.String("baseURL", c.describeURL())}
	if c.token != "" {
		attrs = append(attrs, slog.String("token", clientRedacted))
	}
	if len(c.header) > 0 {
		var hs []slog.Attr
		for _, k := range clientSortedKeys(c.header) {
			v, _ := c.shownHeader(k)
			hs = append(hs, slog.String(k, v))
		}
		attrs = append(attrs, slog.Attr{Key: "headers", Value: slog.GroupValue(hs...)})
	}
	attrs = append(attrs, slog.Duration("timeout", c.timeout), slog.Int("maxRetries", c.retry.MaxRetries))
	if c.userAgent != "" {
		attrs = append(attrs, slog.String("userAgent", c.redactor.redact(c.userAgent)))
	}
	return slog.GroupValue(attrs...)
}

// clientSortedKeys returns m's keys in order. It sorts with package sort
// rather than slices: generic sorting is compiled again into every generated
// package, and this is not a hot path.
func clientSortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
