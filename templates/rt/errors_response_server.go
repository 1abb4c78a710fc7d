package rt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// responseServerErrors makes and writes the errors of an API without an error
// catalogue: a *ResponseError of the role's status, written as the operation's
// declared error schema when the server can fill it, else as RFC 9457
// problem details.
type responseServerErrors struct {
	common errorCases // for requests that match no operation
}

// role returns the error of role with message.
func (s *responseServerErrors) role(role serverRole, message string) error {
	return &ResponseError{StatusCode: serverRoleStatus[role], Message: message}
}

// write answers err when it is a *ResponseError with an error status.
func (s *responseServerErrors) write(x *serverExchange, err error) bool {
	var e *ResponseError
	if !errors.As(err, &e) || e.StatusCode < 400 || e.StatusCode > 599 {
		return false
	}
	x.checkDeclared(e.StatusCode)
	cases := s.common
	if x.route != nil {
		cases, _ = x.route.errors.(errorCases)
	}
	for k, v := range e.Header {
		if k != "Content-Type" && k != "Content-Length" {
			x.w.Header()[k] = v
		}
	}
	media, body := responseErrorBody(e, cases.match(e.StatusCode))
	x.writeAs(e.StatusCode, media, body)
	return true
}

// responseErrorBody encodes e: its value when it has one, else its message in
// the declared schema c when the server can fill it, else as problem details.
func responseErrorBody(e *ResponseError, c *errorCase) (string, []byte) {
	media := "application/json"
	if c != nil && errorJSONMedia(c.media) && c.media != "" {
		media = c.media
	}
	if e.Value != nil {
		if b, err := json.Marshal(e.Value); err == nil {
			if _, ok := e.Value.(*ProblemDetails); ok {
				media = errorProblemType
			}
			return media, b
		}
	}
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	if c != nil && c.fill != nil {
		return media, c.fill.encode(msg, e.StatusCode)
	}
	b, _ := json.Marshal(ProblemDetails{Title: http.StatusText(e.StatusCode), Status: e.StatusCode, Detail: msg})
	return errorProblemType, b
}

// encode writes the message (and status) properties of a declared schema.
func (f *errorFill) encode(message string, status int) []byte {
	var b bytes.Buffer
	name, _ := json.Marshal(f.message)
	value, _ := json.Marshal(message)
	fmt.Fprintf(&b, "{%s:%s", name, value)
	if f.status != "" {
		name, _ = json.Marshal(f.status)
		fmt.Fprintf(&b, ",%s:%d", name, status)
	}
	b.WriteByte('}')
	return b.Bytes()
}
