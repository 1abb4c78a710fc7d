package botpress_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/bpgen/bpgen/gen/botpress"
)

// errCase is one entry of the error catalogue as the SDK exposes it.
type errCase struct {
	wire     string
	status   int
	new      func(msg string) botpress.APIError
	sentinel error
	// as reports whether errors.As finds the concrete type in err.
	as func(err error) (botpress.APIError, bool)
}

func mkErrCase[T any, PT interface {
	*T
	botpress.APIError
}](wire string, status int, ctor func(string) PT, sentinel error) errCase {
	return errCase{
		wire: wire, status: status, sentinel: sentinel,
		new: func(msg string) botpress.APIError { return ctor(msg) },
		as: func(err error) (botpress.APIError, bool) {
			var target PT
			if errors.As(err, &target) {
				return target, true
			}
			return nil, false
		},
	}
}

// errCatalogue is every error type of the API, in the order of the spec.
var errCatalogue = []errCase{
	mkErrCase("Unknown", 500, botpress.NewUnknownError, botpress.ErrUnknown),
	mkErrCase("Internal", 500, botpress.NewInternalError, botpress.ErrInternal),
	mkErrCase("Unauthorized", 401, botpress.NewUnauthorizedError, botpress.ErrUnauthorized),
	mkErrCase("Forbidden", 403, botpress.NewForbiddenError, botpress.ErrForbidden),
	mkErrCase("PayloadTooLarge", 413, botpress.NewPayloadTooLargeError, botpress.ErrPayloadTooLarge),
	mkErrCase("InvalidPayload", 400, botpress.NewInvalidPayloadError, botpress.ErrInvalidPayload),
	mkErrCase("UnsupportedMediaType", 415, botpress.NewUnsupportedMediaTypeError, botpress.ErrUnsupportedMediaType),
	mkErrCase("MethodNotFound", 405, botpress.NewMethodNotFoundError, botpress.ErrMethodNotFound),
	mkErrCase("ResourceNotFound", 404, botpress.NewResourceNotFoundError, botpress.ErrResourceNotFound),
	mkErrCase("InvalidJsonSchema", 400, botpress.NewInvalidJSONSchemaError, botpress.ErrInvalidJSONSchema),
	mkErrCase("InvalidDataFormat", 400, botpress.NewInvalidDataFormatError, botpress.ErrInvalidDataFormat),
	mkErrCase("InvalidIdentifier", 400, botpress.NewInvalidIdentifierError, botpress.ErrInvalidIdentifier),
	mkErrCase("RelationConflict", 409, botpress.NewRelationConflictError, botpress.ErrRelationConflict),
	mkErrCase("ReferenceConstraint", 409, botpress.NewReferenceConstraintError, botpress.ErrReferenceConstraint),
	mkErrCase("ResourceLockedConflict", 409, botpress.NewResourceLockedConflictError, botpress.ErrResourceLockedConflict),
	mkErrCase("ResourceGone", 410, botpress.NewResourceGoneError, botpress.ErrResourceGone),
	mkErrCase("ReferenceNotFound", 400, botpress.NewReferenceNotFoundError, botpress.ErrReferenceNotFound),
	mkErrCase("InvalidQuery", 400, botpress.NewInvalidQueryError, botpress.ErrInvalidQuery),
	mkErrCase("Runtime", 400, botpress.NewRuntimeError, botpress.ErrRuntime),
	mkErrCase("AlreadyExists", 409, botpress.NewAlreadyExistsError, botpress.ErrAlreadyExists),
	mkErrCase("RateLimited", 429, botpress.NewRateLimitedError, botpress.ErrRateLimited),
	mkErrCase("PaymentRequired", 402, botpress.NewPaymentRequiredError, botpress.ErrPaymentRequired),
	mkErrCase("QuotaExceeded", 403, botpress.NewQuotaExceededError, botpress.ErrQuotaExceeded),
	mkErrCase("LimitExceeded", 413, botpress.NewLimitExceededError, botpress.ErrLimitExceeded),
	mkErrCase("BreakingChanges", 400, botpress.NewBreakingChangesError, botpress.ErrBreakingChanges),
	mkErrCase("OperationTimeout", 504, botpress.NewOperationTimeoutError, botpress.ErrOperationTimeout),
}

var errIDPattern = regexp.MustCompile(`^err_\d{14}x[0-9A-F]{8}$`)

const errFactsPath = "../../../shared/botpress/api-facts.md"

// catalogueRow is one row of an error table: status and description by type.
type catalogueRow struct {
	Status      int
	Description string
}

// readFactsCatalogue parses the "Error catalogue" table of the facts file.
func readFactsCatalogue(t *testing.T) map[string]catalogueRow {
	t.Helper()
	f, err := os.Open(errFactsPath)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("facts file: %v", err)
		}
		t.Skipf("facts file not available: %v", err)
	}
	defer f.Close()
	out := map[string]catalogueRow{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			in = line == "## Error catalogue"
		case in && strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| type"):
			cells := strings.Split(strings.Trim(line, "|"), "|")
			if len(cells) != 3 {
				t.Fatalf("facts: malformed row %q", line)
			}
			status, err := strconv.Atoi(strings.TrimSpace(cells[1]))
			if err != nil {
				t.Fatalf("facts: row %q: %v", line, err)
			}
			out[strings.TrimSpace(cells[0])] = catalogueRow{status, strings.TrimSpace(cells[2])}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("facts: no error catalogue table found")
	}
	return out
}

// readSpecCatalogue reads the x-bpgen errors.types list of the spec with a
// line scanner (the list is plain: "- type: X" then "status: N").
func readSpecCatalogue(t *testing.T) map[string]catalogueRow {
	t.Helper()
	f, err := os.Open("../../spec/botpress.yaml")
	if err != nil {
		t.Fatalf("spec: %v", err)
	}
	defer f.Close()
	out := map[string]catalogueRow{}
	var cur string
	inExt := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "x-bpgen:") {
			inExt = true
			continue
		}
		if !inExt {
			continue
		}
		s := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(s, "- type: "):
			cur = strings.TrimPrefix(s, "- type: ")
			out[cur] = catalogueRow{}
		case cur != "" && strings.HasPrefix(s, "status: "):
			n, err := strconv.Atoi(strings.TrimPrefix(s, "status: "))
			if err != nil {
				t.Fatalf("spec: %q: %v", line, err)
			}
			out[cur] = catalogueRow{n, out[cur].Description}
		case cur != "" && strings.HasPrefix(s, "description: "):
			out[cur] = catalogueRow{out[cur].Status, strings.TrimPrefix(s, "description: ")}
		}
	}
	if len(out) == 0 {
		t.Fatal("spec: no x-bpgen errors types found")
	}
	return out
}

// TestErrorCatalogueMatchesSources checks the table above, and so the
// generated package, against the spec and the facts file.
func TestErrorCatalogueMatchesSources(t *testing.T) {
	got := map[string]catalogueRow{}
	for _, c := range errCatalogue {
		got[c.wire] = catalogueRow{c.status, c.new("").Description()}
	}
	if len(got) != 26 {
		t.Errorf("catalogue has %d types, want 26", len(got))
	}
	t.Run("spec", func(t *testing.T) {
		if diff := cmp.Diff(readSpecCatalogue(t), got); diff != "" {
			t.Errorf("catalogue vs spec (-spec +sdk):\n%s", diff)
		}
	})
	t.Run("facts", func(t *testing.T) {
		if diff := cmp.Diff(readFactsCatalogue(t), got); diff != "" {
			t.Errorf("catalogue vs facts (-facts +sdk):\n%s", diff)
		}
	})
}

// TestErrorTypes checks every catalogue type: constructor, status, id
// format, errors.As/Is (also wrapped), Error() and the JSON round trip
// through a client call.
func TestErrorTypes(t *testing.T) {
	for _, c := range errCatalogue {
		t.Run(c.wire, func(t *testing.T) {
			before := time.Now().UTC().Truncate(time.Second)
			e := c.new("something went wrong: ü")
			after := time.Now().UTC()

			if got := e.StatusCode(); got != c.status {
				t.Errorf("StatusCode() = %d, want %d", got, c.status)
			}
			if got := e.ErrorType(); got != c.wire {
				t.Errorf("ErrorType() = %q, want %q", got, c.wire)
			}
			if got := e.ErrorMessage(); got != "something went wrong: ü" {
				t.Errorf("ErrorMessage() = %q", got)
			}
			id := e.ErrorID()
			if !errIDPattern.MatchString(id) {
				t.Errorf("ErrorID() = %q, want match for %s", id, errIDPattern)
			} else if ts, err := time.Parse("20060102150405", id[4:18]); err != nil || ts.Before(before) || ts.After(after) {
				t.Errorf("ErrorID() timestamp %s is not the UTC time of creation (%v..%v): %v", id[4:18], before, after, err)
			}
			if other := c.new("x").ErrorID(); other == id {
				t.Errorf("two errors share the id %q", id)
			}

			msg := e.Error()
			for _, part := range []string{c.wire, "something went wrong: ü", id, strconv.Itoa(c.status)} {
				if !strings.Contains(msg, part) {
					t.Errorf("Error() = %q, does not contain %q", msg, part)
				}
			}

			// errors.As and errors.Is, direct and wrapped twice.
			for _, err := range []error{e, fmt.Errorf("call: %w", e), fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", e))} {
				if got, ok := c.as(err); !ok || got != e {
					t.Errorf("errors.As(%q) to the concrete type: %v, %v", err, got, ok)
				}
				var api botpress.APIError
				if !errors.As(err, &api) || api != e {
					t.Errorf("errors.As(%q) to APIError failed", err)
				}
				if !errors.Is(err, c.sentinel) {
					t.Errorf("errors.Is(%q, %v) = false", err, c.sentinel)
				}
			}
			// No other sentinel and no other concrete type matches.
			for _, o := range errCatalogue {
				if o.wire == c.wire {
					continue
				}
				if errors.Is(e, o.sentinel) {
					t.Errorf("errors.Is(%s, %v) = true", c.wire, o.sentinel)
				}
				if _, ok := o.as(e); ok {
					t.Errorf("errors.As(%s) matched the type of %s", c.wire, o.wire)
				}
			}

			// The marshalled error is the live envelope.
			b, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			var env map[string]any
			if err := json.Unmarshal(b, &env); err != nil {
				t.Fatal(err)
			}
			wantEnv := map[string]any{"id": id, "code": float64(c.status), "type": c.wire, "message": "something went wrong: ü"}
			if diff := cmp.Diff(wantEnv, env); diff != "" {
				t.Errorf("JSON envelope (-want +got):\n%s", diff)
			}

			// The client decodes it back into the same error.
			srv := newCTServer(t, ctReply(c.status, string(b)))
			_, callErr := ctClient(srv).GetConversation(context.Background(), &botpress.GetConversationInput{ID: "c1"})
			got, ok := c.as(callErr)
			if !ok {
				t.Fatalf("client error %T %v is not the concrete type", callErr, callErr)
			}
			if diff := cmp.Diff(e, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
			if !errors.Is(callErr, c.sentinel) {
				t.Errorf("errors.Is(client error, %v) = false", c.sentinel)
			}
			if strings.Contains(callErr.Error(), ctToken) {
				t.Errorf("Error() contains the token: %q", callErr.Error())
			}
		})
	}
}

// TestErrorEnvelopes checks that the client decodes both envelope shapes,
// unknown types and non-envelope bodies.
func TestErrorEnvelopes(t *testing.T) {
	html := "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>" + strings.Repeat("nginx ", 100) + "</body></html>"
	tests := []struct {
		name     string
		status   int
		body     string
		want     botpress.ErrorInfo
		typ      string // wire type whose concrete struct is expected; "" = *StatusError
		sentinel error
		excerpt  string // for *StatusError
	}{
		{
			name:   "live envelope",
			status: 404,
			body:   `{"id":"err_20240101120000x1A2B3C4D","code":404,"type":"ResourceNotFound","message":"Conversation c1 not found","metadata":{"conversationId":"c1"}}`,
			want: botpress.ErrorInfo{ID: "err_20240101120000x1A2B3C4D", Code: 404, Type: "ResourceNotFound", Message: "Conversation c1 not found",
				Metadata: map[string]any{"conversationId": "c1"}},
			typ: "ResourceNotFound", sentinel: botpress.ErrResourceNotFound,
		},
		{
			name:   "live envelope without metadata",
			status: 429,
			body:   `{"id":"err_20240101120000xDEADBEEF","code":429,"type":"RateLimited","message":"slow down"}`,
			want:   botpress.ErrorInfo{ID: "err_20240101120000xDEADBEEF", Code: 429, Type: "RateLimited", Message: "slow down"},
			typ:    "RateLimited", sentinel: botpress.ErrRateLimited,
		},
		{
			name:   "documented envelope",
			status: 409,
			body:   `{"type":"AlreadyExists","description":"The record attempted to be created already exists.","status":409}`,
			want:   botpress.ErrorInfo{Code: 409, Type: "AlreadyExists", Message: "The record attempted to be created already exists."},
			typ:    "AlreadyExists", sentinel: botpress.ErrAlreadyExists,
		},
		{
			name:   "the envelope's status wins over the HTTP status",
			status: 400,
			body:   `{"type":"RelationConflict","description":"linked elsewhere","status":409}`,
			want:   botpress.ErrorInfo{Code: 409, Type: "RelationConflict", Message: "linked elsewhere"},
			typ:    "RelationConflict", sentinel: botpress.ErrRelationConflict,
		},
		{
			name:   "documented envelope without status uses the HTTP status",
			status: 403,
			body:   `{"type":"Forbidden","description":"no"}`,
			want:   botpress.ErrorInfo{Code: 403, Type: "Forbidden", Message: "no"},
			typ:    "Forbidden", sentinel: botpress.ErrForbidden,
		},
		{
			name:   "unknown type keeps type and code",
			status: 418,
			body:   `{"id":"err_20240101120000x00000001","code":418,"type":"Teapot","message":"short and stout"}`,
			want:   botpress.ErrorInfo{ID: "err_20240101120000x00000001", Code: 418, Type: "Teapot", Message: "short and stout"},
			typ:    "Unknown", sentinel: botpress.ErrUnknown,
		},
		{
			name:    "HTML page",
			status:  502,
			body:    html,
			want:    botpress.ErrorInfo{Code: 502, Message: "Bad Gateway"},
			excerpt: html[:256],
		},
		{
			name:   "empty body",
			status: 503,
			want:   botpress.ErrorInfo{Code: 503, Message: "Service Unavailable"},
		},
		{
			name:    "JSON without a type",
			status:  400,
			body:    `{"error":"bad"}`,
			want:    botpress.ErrorInfo{Code: 400, Message: "Bad Request"},
			excerpt: `{"error":"bad"}`,
		},
		{
			name:    "garbage",
			status:  500,
			body:    "\x00\x01garbage{",
			want:    botpress.ErrorInfo{Code: 500, Message: "Internal Server Error"},
			excerpt: "\x00\x01garbage{",
		},
		{
			name:    "long body cut inside a multi-byte character",
			status:  500,
			body:    "x" + strings.Repeat("é", 300),
			want:    botpress.ErrorInfo{Code: 500, Message: "Internal Server Error"},
			excerpt: "x" + strings.Repeat("é", 127) + "\uFFFD",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newCTServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			_, err := ctClient(srv).GetConversation(context.Background(), &botpress.GetConversationInput{ID: "c1"})
			if err == nil {
				t.Fatal("no error")
			}
			wrapped := fmt.Errorf("wrapped: %w", err)
			var api botpress.APIError
			if !errors.As(wrapped, &api) {
				t.Fatalf("%T %v is not an APIError", err, err)
			}
			if got := api.StatusCode(); got != tt.want.Code {
				t.Errorf("StatusCode() = %d, want %d", got, tt.want.Code)
			}
			if tt.typ == "" {
				var se *botpress.StatusError
				if !errors.As(wrapped, &se) {
					t.Fatalf("%T %v is not a *StatusError", err, err)
				}
				want := botpress.StatusError{ErrorInfo: tt.want, Excerpt: tt.excerpt}
				if diff := cmp.Diff(want, *se); diff != "" {
					t.Errorf("StatusError (-want +got):\n%s", diff)
				}
				if !utf8.ValidString(se.Excerpt) {
					t.Errorf("excerpt is not valid UTF-8: %q", se.Excerpt)
				}
				msg := se.Error()
				if !strings.Contains(msg, strconv.Itoa(tt.status)) || len(msg) > 400 {
					t.Errorf("Error() = %q, want the status and a short excerpt", msg)
				}
				for _, c := range errCatalogue {
					if errors.Is(err, c.sentinel) {
						t.Errorf("StatusError matches %v", c.sentinel)
					}
				}
				return
			}
			var c errCase
			for _, x := range errCatalogue {
				if x.wire == tt.typ {
					c = x
				}
			}
			got, ok := c.as(wrapped)
			if !ok {
				t.Fatalf("%T %v is not the %s type", err, err, tt.typ)
			}
			if diff := cmp.Diff(tt.want, errInfoOf(got)); diff != "" {
				t.Errorf("ErrorInfo (-want +got):\n%s", diff)
			}
			if !errors.Is(wrapped, tt.sentinel) {
				t.Errorf("errors.Is(%v) = false", tt.sentinel)
			}
			if got.ErrorType() != tt.want.Type {
				t.Errorf("ErrorType() = %q, want %q", got.ErrorType(), tt.want.Type)
			}
			msg := err.Error()
			for _, part := range []string{tt.want.Type, tt.want.Message, tt.want.ID} {
				if !strings.Contains(msg, part) {
					t.Errorf("Error() = %q, does not contain %q", msg, part)
				}
			}
		})
	}
}

// errInfoOf reads the ErrorInfo of an API error through its methods and JSON.
func errInfoOf(e botpress.APIError) botpress.ErrorInfo {
	var info botpress.ErrorInfo
	b, _ := json.Marshal(e)
	_ = json.Unmarshal(b, &info)
	return info
}

// TestErrorNeverContainsToken checks that a server echoing the token in its
// error body does not leak it into Error().
func TestErrorNeverContainsToken(t *testing.T) {
	bodies := map[string]string{
		"envelope": `{"id":"err_20240101120000x00000002","code":401,"type":"Unauthorized","message":"invalid token ` + ctToken + `"}`,
		"html":     `<html>Authorization: Bearer ` + ctToken + `</html>`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			srv := newCTServer(t, ctReply(401, body))
			_, err := ctClient(srv).GetConversation(context.Background(), &botpress.GetConversationInput{ID: "c1"})
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), ctToken) {
				t.Fatalf("Error() contains the token: %q", err.Error())
			}
			var api botpress.APIError
			if !errors.As(err, &api) || api.StatusCode() != 401 {
				t.Fatalf("err = %v, want a 401 APIError", err)
			}
			if strings.Contains(api.ErrorMessage(), ctToken) {
				t.Fatalf("ErrorMessage() contains the token: %q", api.ErrorMessage())
			}
		})
	}
}

// timeoutErr is a net.Error that timed out.
type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

var _ net.Error = timeoutErr{}

func TestIsRetryable(t *testing.T) {
	status := func(code int) error {
		return &botpress.StatusError{ErrorInfo: botpress.ErrorInfo{Code: code}}
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"RateLimited 429", botpress.NewRateLimitedError("slow down"), true},
		{"wrapped RateLimited", fmt.Errorf("x: %w", botpress.NewRateLimitedError("")), true},
		{"OperationTimeout 504", botpress.NewOperationTimeoutError(""), true},
		{"bare 502", status(502), true},
		{"bare 503", status(503), true},
		{"bare 504", status(504), true},
		{"deadline exceeded", context.DeadlineExceeded, true},
		{"wrapped deadline exceeded", fmt.Errorf("get: %w", context.DeadlineExceeded), true},
		{"net timeout", &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}, true},
		{"InvalidPayload 400", botpress.NewInvalidPayloadError(""), false},
		{"ResourceNotFound 404", botpress.NewResourceNotFoundError(""), false},
		{"bare 400", status(400), false},
		{"bare 404", status(404), false},
		{"Internal 500", botpress.NewInternalError(""), false},
		{"Unauthorized 401", botpress.NewUnauthorizedError(""), false},
		{"canceled", context.Canceled, false},
		{"wrapped canceled", fmt.Errorf("x: %w", context.Canceled), false},
		{"plain error", errors.New("boom"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := botpress.IsRetryable(tt.err); got != tt.want {
				t.Errorf("IsRetryable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}

	// The same through real client calls.
	for _, code := range []int{429, 502, 503, 504, 400, 404} {
		t.Run(fmt.Sprintf("client %d", code), func(t *testing.T) {
			srv := newCTServer(t, ctReply(code, ""))
			_, err := ctClient(srv).GetConversation(context.Background(), &botpress.GetConversationInput{ID: "c1"})
			want := code == 429 || code >= 502
			if got := botpress.IsRetryable(err); got != want {
				t.Errorf("IsRetryable(%v) = %v, want %v", err, got, want)
			}
		})
	}
	t.Run("client timeout", func(t *testing.T) {
		srv := newCTServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		})
		_, err := ctClient(srv, botpress.WithTimeout(20*time.Millisecond)).GetConversation(context.Background(), &botpress.GetConversationInput{ID: "c1"})
		if !botpress.IsRetryable(err) {
			t.Errorf("IsRetryable(%v) = false, want true", err)
		}
	})
}
