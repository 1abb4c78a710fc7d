package rt

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
)

// ResponseError is the error of a response with an error status. A client call
// returns one for every such response; a Server method returns one (see
// NewResponseError) to answer with an error status and body of its choice.
//
// Value holds the body decoded into the type the operation declares for the
// status; ErrorBody returns it typed:
//
//	if e, ok := ErrorBody[Error](err); ok {
//		log.Print(e.Code)
//	}
type ResponseError struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Header holds the response's headers; on a server, headers to send with
	// the error (Retry-After, say).
	Header http.Header
	// Body is the body as received, complete up to 1 MiB: Truncated reports a
	// longer one, cut there.
	Body      []byte
	Truncated bool
	// Value is the body decoded into the type the operation declares for this
	// status (a pointer, such as *Error), or a *ProblemDetails for an RFC 9457
	// body the operation does not describe; nil when the body is neither, or
	// does not decode.
	Value any
	// Message is what the body says went wrong: the declared message property,
	// or else the first of message, detail, title, error_description, error,
	// error.message and errors[0].message that holds a string.
	Message string
}

// NewResponseError returns the error a Server method returns to answer with
// status and body, which is sent as JSON and should be of the type the
// operation declares for status. A nil body makes the handler fill the
// operation's error schema, or RFC 9457 problem details, with the status's
// text; set Message to say more.
func NewResponseError(status int, body any) *ResponseError {
	e := &ResponseError{StatusCode: status, Value: body}
	if body != nil {
		if b, err := json.Marshal(body); err == nil {
			e.Message = errorMessage(b, nil)
		}
	}
	return e
}

// errorMessageMax bounds the message Error repeats.
const errorMessageMax = 1000

// Error gives the status and what the body says, or an excerpt of the body.
func (e *ResponseError) Error() string {
	var b strings.Builder
	b.WriteString("HTTP " + strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" " + t)
	}
	switch {
	case e.Message != "":
		msg := e.Message
		if len(msg) > errorMessageMax {
			msg = strings.ToValidUTF8(msg[:errorMessageMax], "") + "..."
		}
		b.WriteString(": " + msg)
	case len(e.Body) > 0:
		b.WriteString(": " + strconv.Quote(clientExcerpt(e.Body)))
	}
	return b.String()
}

func (e *ResponseError) responseStatus() int { return e.StatusCode }

// redactWith replaces the client's credentials in the body, the message, the
// headers and every string of the decoded value.
func (e *ResponseError) redactWith(r *clientRedactor, _ []byte) {
	e.Body = []byte(r.redact(string(e.Body)))
	e.Message = r.redact(e.Message)
	for _, vs := range e.Header {
		for i, v := range vs {
			vs[i] = r.redact(v)
		}
	}
	if e.Value != nil {
		r.redactReflect(reflect.ValueOf(e.Value), 0)
	}
}

// redactReflect redacts the strings reachable from v in place. Decoded JSON
// has no cycles; depth bounds the walk all the same.
func (r *clientRedactor) redactReflect(v reflect.Value, depth int) {
	if depth > 100 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			r.redactReflect(v.Elem(), depth+1)
		}
	case reflect.Interface:
		if !v.IsNil() && v.CanSet() {
			v.Set(reflect.ValueOf(r.redactValue(v.Interface())))
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(r.redact(v.String()))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				r.redactReflect(v.Field(i), depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			r.redactReflect(v.Index(i), depth+1)
		}
	case reflect.Map:
		r.redactMapValue(v, depth)
	}
}

// redactMapValue redacts a map's keys (when strings) and values, which are not
// addressable: each entry is copied, redacted and stored again.
func (r *clientRedactor) redactMapValue(v reflect.Value, depth int) {
	if v.IsNil() {
		return
	}
	entries := v.MapRange()
	type entry struct{ k, v reflect.Value }
	var all []entry
	for entries.Next() {
		val := reflect.New(v.Type().Elem()).Elem()
		val.Set(entries.Value())
		r.redactReflect(val, depth+1)
		all = append(all, entry{entries.Key(), val})
	}
	for _, e := range all {
		k := e.k
		if k.Kind() == reflect.String {
			v.SetMapIndex(k, reflect.Value{})
			k = reflect.ValueOf(r.redact(k.String())).Convert(k.Type())
		}
		v.SetMapIndex(k, e.v)
	}
}

// ErrorBody returns the decoded body of the *ResponseError in err's chain when
// it is a *T, the type an operation declares for the status.
func ErrorBody[T any](err error) (*T, bool) {
	var re *ResponseError
	if !errors.As(err, &re) {
		return nil, false
	}
	v, ok := re.Value.(*T)
	return v, ok && v != nil
}

// ProblemDetails is an RFC 9457 problem details object, the body of
// application/problem+json responses. Members beyond the standard ones are in
// Extensions.
type ProblemDetails struct {
	// Type is a URI reference identifying the problem type ("about:blank"
	// when absent).
	Type string
	// Title is a short summary of the problem type.
	Title string
	// Status is the HTTP status the server generated.
	Status int
	// Detail explains this occurrence.
	Detail string
	// Instance is a URI reference identifying this occurrence.
	Instance string
	// Extensions holds the other members, as decoded JSON.
	Extensions map[string]any
}

// problemMembers are the members RFC 9457 defines.
var problemMembers = [...]string{"type", "title", "status", "detail", "instance"}

// MarshalJSON writes the standard members that are set, then the extensions
// (those with a standard member's name are left out).
func (p ProblemDetails) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(p.Extensions)+5)
	for k, v := range p.Extensions {
		m[k] = v
	}
	for _, k := range problemMembers {
		delete(m, k)
	}
	for k, v := range map[string]string{"type": p.Type, "title": p.Title, "detail": p.Detail, "instance": p.Instance} {
		if v != "" {
			m[k] = v
		}
	}
	if p.Status != 0 {
		m["status"] = p.Status
	}
	return json.Marshal(m) // map keys are sorted: the output is deterministic
}

// UnmarshalJSON reads the standard members, ignoring ones of the wrong JSON
// type as RFC 9457 asks, and keeps the others in Extensions.
func (p *ProblemDetails) UnmarshalJSON(b []byte) error {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	str := func(k string) string {
		s, _ := m[k].(string)
		delete(m, k)
		return s
	}
	*p = ProblemDetails{Type: str("type"), Title: str("title"), Detail: str("detail"), Instance: str("instance")}
	if n, ok := m["status"].(float64); ok && n == float64(int(n)) {
		p.Status = int(n)
	}
	delete(m, "status")
	if len(m) > 0 {
		p.Extensions = m
	}
	return nil
}

// errorCase is an error response an operation declares.
type errorCase struct {
	status  int                       // an exact status, a class 1 to 5 (4 for "4XX"), or 0 for "default"
	media   string                    // the declared media type
	decode  func([]byte) (any, error) // into the declared type; nil when the body has none
	message []string                  // path to the message property; nil: the usual names
	fill    *errorFill                // how the server writes its own errors in the schema; nil when it cannot
}

// errorFill names the top-level properties a server sets to answer its own
// errors in a declared error schema.
type errorFill struct {
	message string
	status  string // an integer property taking the status; "" for none
}

// errorAs decodes an error body into a new T.
func errorAs[T any](b []byte) (any, error) {
	v := new(T)
	if err := json.Unmarshal(b, v); err != nil {
		return nil, err
	}
	return v, nil
}

// errorCases are an operation's declared error responses.
type errorCases []errorCase

// match returns the case of status: the exact one, else its class, else the
// default; nil when none is declared.
func (cs errorCases) match(status int) *errorCase {
	var class, def *errorCase
	for i := range cs {
		switch c := &cs[i]; c.status {
		case status:
			return c
		case status / 100:
			class = c
		case 0:
			def = c
		}
	}
	if class != nil {
		return class
	}
	return def
}

// declares reports whether the operation declares status.
func (cs errorCases) declares(status int) bool { return cs.match(status) != nil }

// decode turns an error response into a *ResponseError.
func (cs errorCases) decode(resp *http.Response, body []byte, truncated bool) error {
	e := &ResponseError{StatusCode: resp.StatusCode, Header: resp.Header.Clone(), Body: body, Truncated: truncated}
	media := resp.Header.Get("Content-Type")
	if len(body) == 0 || !errorJSONMedia(media) {
		return e
	}
	c := cs.match(resp.StatusCode)
	if c != nil && c.decode != nil && !truncated {
		if v, err := c.decode(body); err == nil {
			e.Value = v
		}
	}
	if e.Value == nil && errorProblemMedia(media) {
		if p := new(ProblemDetails); json.Unmarshal(body, p) == nil {
			e.Value = p
		}
	}
	var declared []string
	if c != nil {
		declared = c.message
	}
	e.Message = errorMessage(body, declared)
	return e
}

// errorJSONMedia reports whether a response's media type is JSON (or absent).
func errorJSONMedia(contentType string) bool {
	if contentType == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

func errorProblemMedia(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == errorProblemType
}

const errorProblemType = "application/problem+json"

// errorMessagePaths are where undeclared error bodies usually say what went
// wrong, in the order tried.
var errorMessagePaths = [][]string{
	{"message"}, {"detail"}, {"title"}, {"error_description"}, {"error"},
	{"error", "message"}, {"errors", "0", "message"}, {"errors", "0", "detail"},
}

// errorMessage returns the string at the declared path of a JSON body, else at
// the first usual path holding one, else "".
func errorMessage(body []byte, declared []string) string {
	var top any
	if json.Unmarshal(body, &top) != nil {
		return ""
	}
	if declared != nil {
		if s := errorStringAt(top, declared); s != "" {
			return s
		}
	}
	for _, p := range errorMessagePaths {
		if s := errorStringAt(top, p); s != "" {
			return s
		}
	}
	return ""
}

// errorStringAt follows path (object names and array indexes) in v.
func errorStringAt(v any, path []string) string {
	for _, step := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[step]
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(x) {
				return ""
			}
			v = x[i]
		default:
			return ""
		}
	}
	s, _ := v.(string)
	return strings.TrimSpace(s)
}
