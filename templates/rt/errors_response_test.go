package rt

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type testErrBody struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Tags    map[string]string
	Any     any
}

var testCases = errorCases{
	{status: 404, media: "application/json", decode: errorAs[testErrBody], message: []string{"message"}},
	{status: 4, media: errorProblemType},
	{status: 0, media: "application/json", decode: errorAs[testErrBody], message: []string{"message"},
		fill: &errorFill{message: "message", status: "code"}},
}

func TestErrorCasesMatch(t *testing.T) {
	for status, want := range map[int]int{404: 404, 400: 4, 499: 4, 500: 0, 302: 0} {
		if c := testCases.match(status); c == nil || c.status != want {
			t.Errorf("match(%d) = %+v, want the case of %d", status, c, want)
		}
	}
	if c := (errorCases{{status: 404}}).match(500); c != nil {
		t.Errorf("match without default = %+v", c)
	}
	if !(errorStatuses{404, 5}).declares(503) || (errorStatuses{404, 5}).declares(400) || !(errorStatuses{0}).declares(418) {
		t.Error("errorStatuses.declares")
	}
}

func testResponse(status int, contentType string) *http.Response {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	h.Set("X-Request-Id", "r1")
	return &http.Response{StatusCode: status, Header: h}
}

func TestErrorCasesDecode(t *testing.T) {
	tests := []struct {
		name, ctype, body string
		status            int
		truncated         bool
		value             any
		message           string
	}{
		{"declared", "application/json", `{"code":7,"message":"no pet"}`, 404, false, &testErrBody{Code: 7, Message: "no pet"}, "no pet"},
		{"default", "application/json; charset=utf-8", `{"message":"boom"}`, 503, false, &testErrBody{Message: "boom"}, "boom"},
		{"problem for 4XX", errorProblemType, `{"title":"Bad","detail":"name is empty","status":400,"field":"name"}`, 400, false,
			&ProblemDetails{Title: "Bad", Detail: "name is empty", Status: 400, Extensions: map[string]any{"field": "name"}}, "name is empty"},
		{"not the declared type", "application/json", `{"code":"x","message":"odd"}`, 404, false, nil, "odd"},
		{"truncated", "application/json", `{"message":"cut`, 404, true, nil, ""},
		{"text", "text/plain", `upstream down`, 502, false, nil, ""},
		{"empty", "", ``, 500, false, nil, ""},
		{"no content type", "", `{"message":"bare"}`, 500, false, &testErrBody{Message: "bare"}, "bare"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := testCases.decode(testResponse(tt.status, tt.ctype), []byte(tt.body), tt.truncated)
			var e *ResponseError
			if !errors.As(err, &e) {
				t.Fatalf("%T is not a *ResponseError", err)
			}
			if e.StatusCode != tt.status || e.Header.Get("X-Request-Id") != "r1" || string(e.Body) != tt.body || e.Truncated != tt.truncated {
				t.Errorf("got %+v", e)
			}
			if diff := cmp.Diff(tt.value, e.Value); diff != "" {
				t.Errorf("Value (-want +got):\n%s", diff)
			}
			if e.Message != tt.message {
				t.Errorf("Message = %q, want %q", e.Message, tt.message)
			}
			if !strings.Contains(e.Error(), fmt.Sprint(tt.status)) || (tt.message != "" && !strings.HasSuffix(e.Error(), ": "+tt.message)) {
				t.Errorf("Error() = %q", e.Error())
			}
		})
	}
}

func TestErrorMessageRule(t *testing.T) {
	for body, want := range map[string]string{
		`{"message":"a","detail":"b"}`:                      "a",
		`{"detail":"b","title":"c"}`:                        "b",
		`{"title":"c"}`:                                     "c",
		`{"error":"invalid_grant","error_description":"d"}`: "d",
		`{"error":"e"}`:                                     "e",
		`{"error":{"code":1,"message":"f"}}`:                "f",
		`{"errors":[{"message":"g"},{"message":"h"}]}`:      "g",
		`{"message":42,"detail":"  i  "}`:                   "i",
		`{"other":"x"}`:                                     "",
		`["message"]`:                                       "",
		`not json`:                                          "",
	} {
		if got := errorMessage([]byte(body), nil); got != want {
			t.Errorf("errorMessage(%s) = %q, want %q", body, got, want)
		}
	}
	if got := errorMessage([]byte(`{"message":"m","info":{"text":"declared"}}`), []string{"info", "text"}); got != "declared" {
		t.Errorf("declared path: %q", got)
	}
}

func TestResponseErrorMessageIsBounded(t *testing.T) {
	e := &ResponseError{StatusCode: 400, Message: strings.Repeat("é", 2000)}
	if msg := e.Error(); len(msg) > errorMessageMax+40 || !strings.HasSuffix(msg, "...") || !strings.Contains(msg, "Bad Request") {
		t.Errorf("Error() is %d bytes", len(msg))
	}
	e = &ResponseError{StatusCode: 502, Body: []byte(strings.Repeat("<html>", 100))}
	if msg := e.Error(); len(msg) > 400 || !strings.Contains(msg, "<html>") {
		t.Errorf("Error() = %q", msg)
	}
}

func TestErrorBody(t *testing.T) {
	err := fmt.Errorf("call: %w", NewResponseError(404, &testErrBody{Message: "gone"}))
	if b, ok := ErrorBody[testErrBody](err); !ok || b.Message != "gone" {
		t.Errorf("ErrorBody = %+v, %v", b, ok)
	}
	if _, ok := ErrorBody[ProblemDetails](err); ok {
		t.Error("ErrorBody of another type succeeded")
	}
	if _, ok := ErrorBody[testErrBody](errors.New("x")); ok {
		t.Error("ErrorBody of a plain error succeeded")
	}
	if e := NewResponseError(500, nil); e.Message != "" || e.Value != nil {
		t.Errorf("NewResponseError(nil) = %+v", e)
	}
}

func TestProblemDetailsJSON(t *testing.T) {
	p := ProblemDetails{Type: "https://x/t", Title: "T", Status: 409, Detail: "D", Instance: "/i", Extensions: map[string]any{"b": 1.0, "a": "x", "title": "ignored"}}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":"x","b":1,"detail":"D","instance":"/i","status":409,"title":"T","type":"https://x/t"}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var back ProblemDetails
	if err := json.Unmarshal([]byte(`{"type":5,"title":"T","status":"409","detail":"D","x":[1]}`), &back); err != nil {
		t.Fatal(err)
	}
	want := ProblemDetails{Title: "T", Detail: "D", Extensions: map[string]any{"x": []any{1.0}}}
	if diff := cmp.Diff(want, back); diff != "" {
		t.Errorf("members of the wrong type are ignored (-want +got):\n%s", diff)
	}
}

func TestResponseErrorRedaction(t *testing.T) {
	r := newClientRedactor([]string{"s3cret"})
	e := &ResponseError{
		StatusCode: 401, Header: http.Header{"Www-Authenticate": {"Bearer s3cret"}},
		Body: []byte(`{"message":"bad s3cret"}`), Message: "bad s3cret",
		Value: &testErrBody{Message: "bad s3cret", Tags: map[string]string{"s3cret": "s3cret"}, Any: map[string]any{"k": []any{"s3cret"}}},
	}
	_ = r.redactError(e, e.Body)
	shown := fmt.Sprintf("%s %v %s %+v %v", e.Error(), e.Header, e.Body, e.Value, e.Value.(*testErrBody).Any)
	if strings.Contains(shown, "s3cret") || !strings.Contains(shown, clientRedacted) {
		t.Errorf("a secret shows: %s", shown)
	}
}

// TestResponseServerErrors checks how a server without a catalogue writes
// errors: a value as is, a message in the declared schema it can fill, else
// problem details.
func TestResponseServerErrors(t *testing.T) {
	s := &responseServerErrors{common: testCases}
	route := &serverRoute{name: "Op", errors: testCases}
	tests := []struct {
		name  string
		err   error
		route *serverRoute
		code  int
		ctype string
		body  string
	}{
		{"value", NewResponseError(404, &testErrBody{Code: 1, Message: "m"}), route, 404, "application/json", `{"code":1,"message":"m","Tags":null,"Any":null}`},
		{"fill", s.role(serverInvalidPayload, "body.x: bad"), route, 400, errorProblemType, `{"detail":"body.x: bad","status":400,"title":"Bad Request"}`},
		{"fill default", s.role(serverInternal, "internal error"), route, 500, "application/json", `{"message":"internal error","code":500}`},
		{"no route", s.role(serverNotImplemented, "not yet"), nil, 501, "application/json", `{"message":"not yet","code":501}`},
		{"declared schema it cannot fill", s.role(serverNotFound, "no operation"), nil, 404, errorProblemType, `{"detail":"no operation","status":404,"title":"Not Found"}`},
		{"problem value", NewResponseError(409, &ProblemDetails{Title: "Conflict"}), route, 409, errorProblemType, `{"title":"Conflict"}`},
		{"empty message", &ResponseError{StatusCode: 503}, route, 503, "application/json", `{"message":"Service Unavailable","code":503}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			x := &serverExchange{w: w, h: &serverHandler{errs: s}, route: tt.route}
			if !s.write(x, tt.err) {
				t.Fatal("not written")
			}
			if w.Code != tt.code || w.Header().Get("Content-Type") != tt.ctype || w.Body.String() != tt.body {
				t.Errorf("wrote %d %s %s, want %d %s %s", w.Code, w.Header().Get("Content-Type"), w.Body, tt.code, tt.ctype, tt.body)
			}
		})
	}
	if s.write(&serverExchange{w: httptest.NewRecorder()}, errors.New("plain")) {
		t.Error("a plain error was written as an API error")
	}
}
