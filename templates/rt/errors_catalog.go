package rt

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// APIError is implemented by every error the API answers with, so callers
// can handle any of them with one errors.As.
type APIError interface {
	error
	// StatusCode is the HTTP status of the response.
	StatusCode() int
	// ErrorType is the error's type as the API names it (e.g. "RateLimited").
	ErrorType() string
	// Description is the catalogue's general description of the type.
	Description() string
	// ErrorMessage is what the API said about this occurrence.
	ErrorMessage() string
	// ErrorID identifies this occurrence; quote it when reporting problems.
	ErrorID() string
}

// ErrorInfo is what every API error carries. Each error type embeds it, and
// it marshals to the API's error envelope, whose property names the API
// description declares (see errorEnvelope).
type ErrorInfo struct {
	ID       string
	Code     int
	Type     string
	Message  string
	Metadata map[string]any
}

// errorEnvelopeShape names the envelope's properties. Each list holds the name
// written first, then other names read, in order, for APIs documented with
// more than one shape; an empty list means the envelope has no such property.
type errorEnvelopeShape struct {
	ID, Status, Type, Message, Details []string
}

// errorIDShape is the format of the ids of errors a server creates: prefix,
// then the UTC time in the Go layout Time (none when empty), Separator, and
// Random hexadecimal digits, upper-case when Upper.
type errorIDShape struct {
	Prefix, Time, Separator string
	Random                  int
	Upper                   bool
}

// StatusCode returns the HTTP status.
func (e *ErrorInfo) StatusCode() int { return e.Code }

// ErrorType returns the wire type name.
func (e *ErrorInfo) ErrorType() string { return e.Type }

// ErrorMessage returns the occurrence's message.
func (e *ErrorInfo) ErrorMessage() string { return e.Message }

// ErrorID returns the occurrence's id.
func (e *ErrorInfo) ErrorID() string { return e.ID }

func (e *ErrorInfo) responseStatus() int { return e.Code }

// Error formats type, status, message and id for logs. It never includes
// request data such as credentials.
func (e *ErrorInfo) Error() string {
	var b strings.Builder
	b.WriteString(e.Type)
	if b.Len() == 0 {
		b.WriteString("error")
	}
	fmt.Fprintf(&b, " (%d)", e.Code)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.ID != "" {
		b.WriteString(" [id ")
		b.WriteString(e.ID)
		b.WriteString("]")
	}
	return b.String()
}

// MarshalJSON writes the envelope with the names the API declares.
func (e ErrorInfo) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	put := func(names []string, v any) error {
		if len(names) == 0 {
			return nil
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(names[0])
		value, err := json.Marshal(v)
		b.Write(name)
		b.WriteByte(':')
		b.Write(value)
		return err
	}
	env := errorEnvelope
	err := errors.Join(put(env.ID, e.ID), put(env.Status, e.Code), put(env.Type, e.Type), put(env.Message, e.Message))
	if len(e.Metadata) > 0 {
		err = errors.Join(err, put(env.Details, e.Metadata))
	}
	if err != nil {
		return nil, err
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads an envelope of any of the declared shapes: for each
// property, the first declared name present in the object.
func (e *ErrorInfo) UnmarshalJSON(b []byte) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return err
	}
	var info ErrorInfo
	env := errorEnvelope
	err := errors.Join(
		envelopeField(obj, env.ID, &info.ID), envelopeField(obj, env.Status, &info.Code),
		envelopeField(obj, env.Type, &info.Type), envelopeField(obj, env.Message, &info.Message),
		envelopeField(obj, env.Details, &info.Metadata))
	if err != nil {
		return err
	}
	*e = info
	return nil
}

// envelopeField decodes the first of names present (and not null) in obj.
func envelopeField(obj map[string]json.RawMessage, names []string, dst any) error {
	for _, n := range names {
		if raw, ok := obj[n]; ok && string(raw) != "null" {
			if err := json.Unmarshal(raw, dst); err != nil {
				return fmt.Errorf("error envelope property %q: %w", n, err)
			}
			return nil
		}
	}
	return nil
}

// redactWith redacts the decoded fields, metadata included.
func (e *ErrorInfo) redactWith(r *clientRedactor, _ []byte) {
	e.ID, e.Type, e.Message = r.redact(e.ID), r.redact(e.Type), r.redact(e.Message)
	if e.Metadata != nil {
		e.Metadata = r.redactMap(e.Metadata)
	}
}

// newErrorInfo fills an ErrorInfo for a server-side error, with a fresh id.
func newErrorInfo(typ string, status int, message string) ErrorInfo {
	return ErrorInfo{ID: newErrorID(errorIDFormat, time.Now()), Code: status, Type: typ, Message: message}
}

// newErrorID returns a fresh id in format f.
func newErrorID(f errorIDShape, now time.Time) string {
	r := make([]byte, (f.Random+1)/2)
	_, _ = rand.Read(r)
	random := hex.EncodeToString(r)[:f.Random]
	if f.Upper {
		random = strings.ToUpper(random)
	}
	stamp := ""
	if f.Time != "" {
		stamp = now.UTC().Format(f.Time)
	}
	return f.Prefix + stamp + f.Separator + random
}

// parseErrorEnvelope reads an error body; ok is false when the body is not an
// error envelope (not JSON, or no type). A missing status is the response's.
func parseErrorEnvelope(status int, body []byte) (ErrorInfo, bool) {
	var info ErrorInfo
	if err := json.Unmarshal(body, &info); err != nil || info.Type == "" {
		return ErrorInfo{}, false
	}
	if info.Code == 0 {
		info.Code = status
	}
	return info, true
}

// StatusError is returned for an error response whose body is not the API's
// error envelope (a proxy's HTML page, an empty body...).
type StatusError struct {
	ErrorInfo
	// Excerpt is the start of the body, for diagnosis.
	Excerpt string
}

// Description explains the error kind.
func (e *StatusError) Description() string {
	return "The server answered with an error status and no error envelope."
}

// Error includes the status and a short excerpt of the body.
func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %q", e.Code, http.StatusText(e.Code), e.Excerpt)
}

// redactWith redacts the fields and cuts the excerpt again from the redacted
// body, so that the cut never splits a secret's encoding and lets its start
// through.
func (e *StatusError) redactWith(r *clientRedactor, body []byte) {
	e.ErrorInfo.redactWith(r, body)
	if e.Excerpt != "" {
		e.Excerpt = r.excerpt(body)
	}
}

func newStatusError(status int, body []byte) *StatusError {
	return &StatusError{ErrorInfo: ErrorInfo{Code: status, Message: http.StatusText(status)}, Excerpt: clientExcerpt(body)}
}
