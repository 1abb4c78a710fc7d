package rt

import (
	"net/url"
	"strings"
)

// This file is emitted only into packages with an operation that takes query
// parameters or a form body; server_query_decode.go, with it, when some are not
// JSON text.

// WithMaxQueryKeys sets how many keys (name=value pairs, deepObject members included)
// a query string may have; a longer one is answered with the API's 400 error before it
// is parsed. Values below 1 restore the default, 1000.
func WithMaxQueryKeys(n int) HandlerOption {
	return func(c *serverConfig) { c.maxQueryKeys = n }
}

// query parses the query string, strictly: a malformed one, or one with more keys than
// the limit, is a validation error. Counting separators first bounds the work any
// parameter's decoding does, whatever its style.
func (x *serverExchange) query() (url.Values, error) {
	return x.parseValues(x.r.URL.RawQuery, "query", "query string")
}

// parseValues parses raw (a query string or a form body), bounded by the key limit.
func (x *serverExchange) parseValues(raw, at, what string) (url.Values, error) {
	limit := x.h.config.maxQueryKeys
	if limit < 1 {
		limit = serverDefaultMaxQueryKeys
	}
	if raw != "" && strings.Count(raw, "&") >= limit {
		return nil, validateIn(validateErrorf("more than %d keys", limit), at)
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, validateIn(validateErrorf("malformed %s: %v", what, err), at)
	}
	return q, nil
}
