package rt

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

// serverRoleNames are the types of the role errors an API's catalogue does not name.
var serverRoleNames = [serverRoles]string{
	serverInvalidPayload:       "InvalidPayload",
	serverInvalidQuery:         "InvalidQuery",
	serverNotFound:             "NotFound",
	serverMethodNotAllowed:     "MethodNotAllowed",
	serverNotImplemented:       "NotImplemented",
	serverUnauthorized:         "Unauthorized",
	serverPayloadTooLarge:      "PayloadTooLarge",
	serverUnsupportedMediaType: "UnsupportedMediaType",
	serverInternal:             "Internal",
}

// catalogServerErrors makes and writes the errors of an API with an error
// catalogue: the catalogue's type for each role it names, else a generic error
// of the role's status, always in the envelope.
type catalogServerErrors struct {
	make [serverRoles]func(message string) APIError
}

// role returns the error of role with message.
func (s *catalogServerErrors) role(role serverRole, message string) error {
	if mk := s.make[role]; mk != nil {
		return mk(message)
	}
	return &serverError{newErrorInfo(serverRoleNames[role], serverRoleStatus[role], message)}
}

// write answers err when it is an APIError with an error status.
func (s *catalogServerErrors) write(x *serverExchange, err error) bool {
	var api APIError
	if !errors.As(err, &api) || api.StatusCode() < 400 || api.StatusCode() > 599 {
		return false
	}
	x.checkDeclared(api.StatusCode())
	env := *serverInfoOf(api)
	if env.ID == "" {
		env.ID = newErrorID(errorIDFormat, time.Now())
	}
	b, merr := json.Marshal(env)
	if merr != nil {
		env.Metadata = nil // only metadata can fail to encode
		b, _ = json.Marshal(env)
	}
	x.write(env.Code, b)
	return true
}

// serverError is a role's error in an API without a catalogue type for it.
type serverError struct {
	ErrorInfo
}

// Description explains the error kind.
func (e *serverError) Description() string {
	return http.StatusText(e.Code)
}

// serverInfo gives the handler the envelope of any error that embeds ErrorInfo, which
// every error type of the package does.
func (e *ErrorInfo) serverInfo() *ErrorInfo { return e }

// serverInfoOf returns the envelope of e, rebuilt from its methods when e does not
// embed ErrorInfo.
func serverInfoOf(e APIError) *ErrorInfo {
	if i, ok := e.(interface{ serverInfo() *ErrorInfo }); ok {
		return i.serverInfo()
	}
	return &ErrorInfo{ID: e.ErrorID(), Code: e.StatusCode(), Type: e.ErrorType(), Message: e.ErrorMessage()}
}

// errorStatuses are the error statuses an operation declares: exact statuses,
// classes 1 to 5 (4 for "4XX"), and 0 for "default".
type errorStatuses []int

// declares reports whether status is among s.
func (s errorStatuses) declares(status int) bool {
	for _, d := range s {
		if d == status || d == status/100 || d == 0 {
			return true
		}
	}
	return false
}
