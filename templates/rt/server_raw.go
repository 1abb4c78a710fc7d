package rt

import (
	"fmt"
	"mime"
	"strings"
)

// This file is emitted only into packages with an operation whose request
// body is not JSON.

// decodeRawBody reads a body that is not JSON (a file, form data) for an
// operation that accepts the media types in media; "*/*" and "type/*"
// entries match as wildcards. It returns the body and its content type.
func (x *serverExchange) decodeRawBody(media []string, required bool) ([]byte, string, error) {
	ct := x.r.Header.Get("Content-Type")
	check := func() error {
		mt, _, err := mime.ParseMediaType(ct)
		if err == nil && serverMediaMatches(media, mt) {
			return nil
		}
		return x.h.errs.role(serverUnsupportedMediaType, fmt.Sprintf("content type %q is not supported; send %s", serverExcerpt(ct), strings.Join(media, " or ")))
	}
	if err := x.readBodyAs(check); err != nil {
		return nil, "", err
	}
	if len(x.body) == 0 {
		if required {
			return nil, "", validateIn(validateErrorf("is required"), "body")
		}
		return nil, "", nil
	}
	return x.body, ct, nil
}

func serverMediaMatches(media []string, mt string) bool {
	for _, m := range media {
		m = strings.ToLower(m)
		if m == "*/*" || m == mt || (strings.HasSuffix(m, "/*") && strings.HasPrefix(mt, strings.TrimSuffix(m, "*"))) {
			return true
		}
	}
	return false
}
