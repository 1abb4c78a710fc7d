package rt

import "net/http"

// This file is emitted only into packages with a cookie parameter.

// serverCookie returns the value of the request's cookie name, "" when it
// has none. A value the client quoted (net/http quotes one with a space or a
// comma) comes back as it was sent.
func serverCookie(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	return c.Value
}
