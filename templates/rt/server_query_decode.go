package rt

import (
	"net/url"
	"strconv"
	"strings"
)

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
