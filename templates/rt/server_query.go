package rt

import (
	"net/url"
	"strconv"
	"strings"
)

// This file is emitted only into packages with an operation that takes query
// parameters.

// query parses the query string, strictly: a malformed one is a validation error.
func (x *serverExchange) query() (url.Values, error) {
	q, err := url.ParseQuery(x.r.URL.RawQuery)
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
