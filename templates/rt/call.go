package rt

import (
	"maps"
	"net/http"
	"slices"
)

// RequestOption configures one call. Pass it after the input of any method:
//
//	out, err := client.GetThing(ctx, in,
//		WithHeader("X-Trace-Id", id),       // this call only
//		WithTimeout(5*time.Second),
//		WithResponse(&resp))                // resp.StatusCode, resp.Header after the call
//
// Every Option that NewClient takes is a RequestOption too, with the same meaning for
// the one call: WithHeader, WithTimeout, WithRetryPolicy, WithBaseURL, WithToken and the
// others replace the client's setting for that call and leave the client as it was.
// WithIdempotencyKey and WithResponse only make sense for one call: they are
// RequestOptions but not Options, so NewClient does not take them.
type RequestOption interface {
	applyCall(c *clientCore)
}

// callOption is a RequestOption that is not an Option.
type callOption func(c *clientCore)

// applyCall calls o(c).
func (o callOption) applyCall(c *clientCore) { o(c) }

// WithResponse makes the call store the final response it received in *dst: its status,
// headers, protocol, and the request that got it (after redirects). The body has been
// read and closed by then: dst.Body is http.NoBody and the decoded body is the
// method's output. dst is filled whenever a response arrived, an error status
// included, and left as it was when none did (a transport error, a cancelled
// context). With a pager, dst holds the response of the last page fetched.
func WithResponse(dst *http.Response) RequestOption {
	return callOption(func(c *clientCore) { c.response = dst })
}

// clientDefaultIdempotencyHeader carries idempotency keys unless the API declares
// another header.
const clientDefaultIdempotencyHeader = "Idempotency-Key"

// withOptions returns the settings of a call made with opts: c itself without any,
// else a copy of c with them applied, so that the client is never modified. What init
// derives from the settings is derived again for the copy: the fixed headers and the
// redactor always (so that a credential given for one call is redacted like the
// client's), the sender only when its inputs (HTTP client, middleware, API keys)
// changed, since building it runs the middleware constructors.
func (c *clientCore) withOptions(opts []RequestOption) *clientCore {
	if len(opts) == 0 {
		return c
	}
	cp := *c
	cp.header = c.header.Clone()
	if cp.header == nil {
		cp.header = http.Header{}
	}
	cp.secret = maps.Clone(c.secret)
	cp.middleware = slices.Clip(c.middleware)
	for _, o := range opts {
		if o != nil {
			o.applyCall(&cp)
		}
	}
	if cp.httpClient != c.httpClient || len(cp.middleware) != len(c.middleware) || !maps.Equal(cp.secret, c.secret) {
		if cp.httpClient == nil {
			cp.httpClient = &http.Client{}
		}
		cp.sender = cp.newSender()
		cp.rt = cp.sender.Transport
	}
	cp.authorization = ""
	if cp.token != "" {
		cp.authorization = "Bearer " + cp.token
	}
	cp.fixed = cp.fixedHeaders()
	cp.redactor = cp.newRedactor()
	return &cp
}

// callHeader is the operation's header parameters plus the idempotency key, when
// the call has one (the same key on every attempt: that is its point).
func (c *clientCore) callHeader(r *clientRequest) http.Header {
	if c.idempotencyKey == "" {
		return r.header
	}
	h := r.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	name := c.idempotencyHeader
	if name == "" {
		name = clientDefaultIdempotencyHeader
	}
	h.Set(name, c.idempotencyKey)
	return h
}

// keep fills the call's WithResponse destination, if any, from resp.
func (c *clientCore) keep(resp *http.Response) {
	if c.response == nil || resp == nil {
		return
	}
	*c.response = *resp
	c.response.Body = http.NoBody
}
