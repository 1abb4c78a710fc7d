package rt

import (
	"net/url"
	"strconv"
	"strings"
)

// This file is emitted only into packages with an operation that takes query
// parameters.

// serverDefaultMaxQueryKeys is the default bound on the keys of a query string.
const serverDefaultMaxQueryKeys = 1000

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

// serverQuery decodes query parameter name into dst with queryDecode, which reads
// repeated keys as arrays and both bracket and dot notation as objects. A value that
// does not decode, or a required parameter that is absent, is a validation error.
func serverQuery(q url.Values, name string, dst any, st queryStyle, required bool) error {
	return serverDecodeValues("query", q, name, dst, st, required)
}

// serverDecodeValues decodes name from q (the query, or a form body) into dst,
// reporting problems at in.name.
func serverDecodeValues(in string, q url.Values, name string, dst any, st queryStyle, required bool) error {
	found, err := queryDecode(q, name, dst, st)
	if err != nil {
		return serverQueryError(in, name, err)
	}
	if !found && required {
		return validateIn(validateErrorf("is required"), in+"."+name)
	}
	return nil
}

// serverQueryError turns queryDecode's `query parameter "key": problem` into a
// validation error at in.key.
func serverQueryError(in, name string, err error) error {
	msg := err.Error()
	key := name
	if rest, ok := strings.CutPrefix(msg, "query parameter "); ok {
		if quoted, problem, ok := strings.Cut(rest, ": "); ok {
			if k, uerr := strconv.Unquote(quoted); uerr == nil {
				key, msg = k, problem
			}
		}
	}
	return validateIn(validateErrorf("%s", msg), in+"."+key)
}
