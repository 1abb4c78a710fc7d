package rt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestMain declares what generated code declares from an API description: an
// envelope documented in two shapes and an id format with a time, so that the
// tests exercise both.
func TestMain(m *testing.M) {
	errorEnvelope = errorEnvelopeShape{
		ID: []string{"id"}, Status: []string{"code", "status"}, Type: []string{"type"},
		Message: []string{"message", "description"}, Details: []string{"metadata"},
	}
	errorIDFormat = testIDFormat
	os.Exit(m.Run())
}

var testIDFormat = errorIDShape{Prefix: "err_", Time: "20060102150405", Separator: "x", Random: 8, Upper: true}

func TestNewErrorID(t *testing.T) {
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600))
	id := newErrorID(testIDFormat, now)
	if !regexp.MustCompile(`^err_20240102020405x[0-9A-F]{8}$`).MatchString(id) {
		t.Errorf("id %q has the wrong format", id)
	}
	if newErrorID(testIDFormat, now) == id {
		t.Error("two ids are equal")
	}
	for _, f := range []errorIDShape{{Random: 16}, {Prefix: "p-", Random: 7}, {Random: 1, Upper: true}} {
		id := newErrorID(f, now)
		if len(id) != len(f.Prefix)+f.Random || !strings.HasPrefix(id, f.Prefix) {
			t.Errorf("newErrorID(%+v) = %q", f, id)
		}
	}
	info := newErrorInfo("ResourceNotFound", 404, "gone")
	if info.Code != 404 || info.Type != "ResourceNotFound" || info.Message != "gone" || !strings.HasPrefix(info.ID, "err_") {
		t.Errorf("newErrorInfo = %+v", info)
	}
}

func TestErrorInfoJSON(t *testing.T) {
	info := ErrorInfo{ID: "e1", Code: 404, Type: "NotFound", Message: "gone", Metadata: map[string]any{"k": "v"}}
	b, err := json.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"e1","code":404,"type":"NotFound","message":"gone","metadata":{"k":"v"}}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var back ErrorInfo
	if err := json.Unmarshal(b, &back); err != nil || fmt.Sprint(back) != fmt.Sprint(info) {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	b, _ = json.Marshal(ErrorInfo{Code: 500, Type: "Internal"})
	if want := `{"id":"","code":500,"type":"Internal","message":""}`; string(b) != want {
		t.Errorf("Marshal without metadata = %s, want %s", b, want)
	}
	for _, bad := range []string{`{"type":1}`, `{"code":"x"}`, `{"metadata":[1]}`, `[]`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}

func TestParseErrorEnvelope(t *testing.T) {
	tests := []struct {
		name, body string
		status     int
		want       ErrorInfo
		ok         bool
	}{
		{"live", `{"id":"err_1","code":404,"type":"ResourceNotFound","message":"no bot","metadata":{"k":"v"}}`, 404,
			ErrorInfo{ID: "err_1", Code: 404, Type: "ResourceNotFound", Message: "no bot", Metadata: map[string]any{"k": "v"}}, true},
		{"documented", `{"type":"RateLimited","description":"slow down","status":429}`, 429,
			ErrorInfo{Code: 429, Type: "RateLimited", Message: "slow down"}, true},
		{"status from response", `{"type":"Internal"}`, 500, ErrorInfo{Code: 500, Type: "Internal"}, true},
		{"no type", `{"message":"x"}`, 400, ErrorInfo{}, false},
		{"html", `<html>bad gateway</html>`, 502, ErrorInfo{}, false},
		{"empty", ``, 503, ErrorInfo{}, false},
	}
	for _, tt := range tests {
		got, ok := parseErrorEnvelope(tt.status, []byte(tt.body))
		if ok != tt.ok || fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: got %+v, %v; want %+v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestStatusError(t *testing.T) {
	body := strings.Repeat("x", 1000)
	e := newStatusError(502, []byte(body))
	if e.StatusCode() != 502 || len(e.Excerpt) != 256 {
		t.Fatalf("status %d, excerpt %d bytes", e.StatusCode(), len(e.Excerpt))
	}
	if !strings.Contains(e.Error(), "502") || e.Description() == "" {
		t.Errorf("Error() = %q", e.Error())
	}
	var api APIError = e
	if !errors.As(fmt.Errorf("wrapped: %w", e), &api) {
		t.Error("errors.As through a wrap failed")
	}
}

func TestErrorString(t *testing.T) {
	e := &ErrorInfo{ID: "err_1", Code: 429, Type: "RateLimited", Message: "slow"}
	if got, want := e.Error(), "RateLimited (429): slow [id err_1]"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestIsRetryable(t *testing.T) {
	info := func(code int) error { return &StatusError{ErrorInfo: ErrorInfo{Code: code}} }
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{info(429), true}, {info(502), true}, {info(503), true}, {info(504), true},
		{info(500), false}, {info(400), false}, {info(404), false},
		{fmt.Errorf("call: %w", info(429)), true},
		{context.Canceled, false},
		{context.DeadlineExceeded, true},
		{timeoutErr{}, true},
		{&net.OpError{Op: "dial", Err: errors.New("refused")}, true},
		{errors.New("other"), false},
	}
	for _, tt := range tests {
		if got := IsRetryable(tt.err); got != tt.want {
			t.Errorf("IsRetryable(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
