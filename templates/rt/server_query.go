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
	raw := x.r.URL.RawQuery
	limit := x.h.config.maxQueryKeys
	if limit < 1 {
		limit = serverDefaultMaxQueryKeys
	}
	if raw != "" && strings.Count(raw, "&") >= limit {
		return nil, validateIn(validateErrorf("more than %d keys", limit), "query")
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, validateIn(validateErrorf("malformed query string: %v", err), "query")
	}
	return q, nil
}

// serverQuery decodes query parameter name into dst with queryDecode, which reads
// repeated keys as arrays and both bracket and dot notation as objects. A value that
// does not decode, or a required parameter that is absent, is a validation error.
func serverQuery(q url.Values, name string, dst any, st queryStyle, required bool) error {
	found, err := queryDecode(q, name, dst, st)
	if err != nil {
		return serverQueryError(name, err)
	}
	if !found && required {
		return validateIn(validateErrorf("is required"), "query."+name)
	}
	return nil
}

// serverQueryError turns queryDecode's `query parameter "key": problem` into a
// validation error at query.key.
func serverQueryError(name string, err error) error {
	msg := err.Error()
	key := name
	if rest, ok := strings.CutPrefix(msg, "query parameter "); ok {
		if quoted, problem, ok := strings.Cut(rest, ": "); ok {
			if k, uerr := strconv.Unquote(quoted); uerr == nil {
				key, msg = k, problem
			}
		}
	}
	return validateIn(validateErrorf("%s", msg), "query."+key)
}
