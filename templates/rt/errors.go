package rt

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
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
// it marshals to the envelope the API sends:
// {"id", "code", "type", "message", "metadata"}.
type ErrorInfo struct {
	ID       string         `json:"id"`
	Code     int            `json:"code"`
	Type     string         `json:"type"`
	Message  string         `json:"message"`
	Metadata map[string]any `json:"metadata,omitempty"`
}

// StatusCode returns the HTTP status.
func (e *ErrorInfo) StatusCode() int { return e.Code }

// ErrorType returns the wire type name.
func (e *ErrorInfo) ErrorType() string { return e.Type }

// ErrorMessage returns the occurrence's message.
func (e *ErrorInfo) ErrorMessage() string { return e.Message }

// ErrorID returns the occurrence's id.
func (e *ErrorInfo) ErrorID() string { return e.ID }

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

// newErrorInfo fills an ErrorInfo for a server-side error, with a fresh id.
func newErrorInfo(typ string, status int, message, idPrefix string) ErrorInfo {
	return ErrorInfo{ID: newErrorID(idPrefix, time.Now()), Code: status, Type: typ, Message: message}
}

// newErrorID returns prefix + UTC timestamp (YYYYMMDDhhmmss) + "x" + 8
// upper-case hex digits, the format of the API's error ids.
func newErrorID(prefix string, now time.Time) string {
	var r [4]byte
	_, _ = rand.Read(r[:])
	return prefix + now.UTC().Format("20060102150405") + "x" + strings.ToUpper(hex.EncodeToString(r[:]))
}

// errorEnvelope accepts both shapes the API is known to send: the live one
// {id, code, type, message, metadata} and the documented one
// {type, description, status}.
type errorEnvelope struct {
	ID          string         `json:"id"`
	Code        int            `json:"code"`
	Status      int            `json:"status"`
	Type        string         `json:"type"`
	Message     string         `json:"message"`
	Description string         `json:"description"`
	Metadata    map[string]any `json:"metadata"`
}

// parseErrorEnvelope reads an error body; ok is false when the body is not an
// error envelope (not JSON, or no type).
func parseErrorEnvelope(status int, body []byte) (ErrorInfo, bool) {
	var env errorEnvelope
	if err := json.Unmarshal(body, &env); err != nil || env.Type == "" {
		return ErrorInfo{}, false
	}
	info := ErrorInfo{ID: env.ID, Code: env.Code, Type: env.Type, Message: env.Message, Metadata: env.Metadata}
	if info.Code == 0 {
		info.Code = env.Status
	}
	if info.Code == 0 {
		info.Code = status
	}
	if info.Message == "" {
		info.Message = env.Description
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

func newStatusError(status int, body []byte) *StatusError {
	const max = 256
	ex := body
	if len(ex) > max {
		ex = ex[:max]
	}
	// A cut may split a multi-byte character; keep the excerpt valid UTF-8.
	return &StatusError{ErrorInfo: ErrorInfo{Code: status, Message: http.StatusText(status)}, Excerpt: strings.ToValidUTF8(string(ex), "\uFFFD")}
}

// IsRetryable reports whether err is worth retrying: rate limiting (429),
// gateway failures (502, 503, 504), timeouts and connection errors. Errors
// caused by the caller's own context being canceled are not.
func IsRetryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var api APIError
	if errors.As(err, &api) {
		switch api.StatusCode() {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op)
}
