package rt

import (
	"fmt"
	"mime"
	"net/url"
)

// This file is emitted only into packages with an operation whose request
// body is an application/x-www-form-urlencoded form.

const serverFormType = "application/x-www-form-urlencoded"

// formBody reads and parses a form body within the body size and key limits
// that bound bodies and query strings. An empty body is an empty form; it
// fails when the operation requires a body.
func (x *serverExchange) formBody(required bool) (url.Values, error) {
	if err := x.readBodyAs(x.checkFormType); err != nil {
		return nil, err
	}
	if len(x.body) == 0 {
		if required {
			return nil, validateIn(validateErrorf("is required"), "body")
		}
		return url.Values{}, nil
	}
	return x.parseValues(string(x.body), "body", "form body")
}

// checkFormType answers 415 unless the request says its body is a form.
func (x *serverExchange) checkFormType() error {
	ct := x.r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err == nil && mt == serverFormType {
		return nil
	}
	return x.h.errs.role(serverUnsupportedMediaType, fmt.Sprintf("content type %q is not supported; send %s", serverExcerpt(ct), serverFormType))
}

// serverFormField decodes the form field name into dst, as a query parameter
// of the form style is decoded, reporting problems at body.name.
func serverFormField(q url.Values, name string, dst any, st queryStyle, required bool) error {
	return serverDecodeValues("body", q, name, dst, st, required)
}
