package botpress_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bpgen/bpgen/gen/botpress"
)

// srvCreateBody is the createConversation request both handlers serve.
var srvCreateBody = []byte(`{"channel":"channel","tags":{"telegram:id":"1234567890","telegram:chatId":"-1001234567890","telegram:fromUserId":"987654321"}}`)

// srvCreated is the conversation both handlers answer with.
func srvCreated() *botpress.CreateConversationOutput {
	at := time.Date(2024, 7, 15, 9, 21, 43, 512000000, time.UTC)
	return &botpress.CreateConversationOutput{Conversation: botpress.Conversation{
		ID: "conv_01J2Z8Q4M6V7X9Y0A1B2C3D4E5", CurrentTaskID: botpress.Ptr("task_01J2Z8Q4M6V7X9Y0A1B2C3D4F6"),
		CreatedAt: at, UpdatedAt: at, Channel: "channel", Integration: "telegram",
		Tags: map[string]string{"telegram:id": "1234567890", "telegram:chatId": "-1001234567890", "telegram:fromUserId": "987654321"},
	}}
}

// srvCreateServer implements CreateConversation with a fixed answer.
type srvCreateServer struct {
	botpress.UnimplementedServer
	out *botpress.CreateConversationOutput
}

func (s srvCreateServer) CreateConversation(context.Context, *botpress.CreateConversationInput) (*botpress.CreateConversationOutput, error) {
	return s.out, nil
}

// srvHandWritten is what a careful developer would write by hand for the same
// operation with net/http: route, check the token and content type, bound and decode
// the body, validate it against the schema, call the implementation, encode.
func srvHandWritten(s botpress.Server) http.Handler {
	fail := func(w http.ResponseWriter, status int, typ, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"code": status, "type": typ, "message": msg})
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/conversations", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			fail(w, http.StatusUnauthorized, "Unauthorized", "missing bearer token")
			return
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" && !strings.HasPrefix(ct, "application/json;") {
			fail(w, http.StatusUnsupportedMediaType, "UnsupportedMediaType", "send JSON")
			return
		}
		var in botpress.CreateConversationInput
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 10<<20)).Decode(&in); err != nil {
			fail(w, http.StatusBadRequest, "InvalidPayload", err.Error())
			return
		}
		msg := ""
		switch {
		case in.Channel == "":
			msg = "body.channel: is required"
		case in.Tags == nil:
			msg = "body.tags: is required"
		case utf8.RuneCountInString(in.Channel) > 200:
			msg = "body.channel: too long"
		case in.IntegrationName != nil && utf8.RuneCountInString(*in.IntegrationName) > 200:
			msg = "body.integrationName: too long"
		}
		for k, v := range in.Tags {
			if utf8.RuneCountInString(v) > 500 {
				msg = "body.tags." + k + ": too long"
			}
		}
		if msg != "" {
			fail(w, http.StatusBadRequest, "InvalidPayload", msg)
			return
		}
		out, err := s.CreateConversation(r.Context(), &in)
		if err != nil {
			fail(w, http.StatusInternalServerError, "Internal", "internal error")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(out)
	})
	return mux
}

// srvDiscard is a ResponseWriter that keeps only the status, so that the benchmark
// measures the handlers and not a recorder.
type srvDiscard struct {
	header http.Header
	status int
}

func (w *srvDiscard) Header() http.Header         { return w.header }
func (w *srvDiscard) WriteHeader(status int)      { w.status = status }
func (w *srvDiscard) Write(b []byte) (int, error) { return len(b), nil }

// srvServe serves one createConversation request to h.
func srvServe(b *testing.B, h http.Handler, w *srvDiscard, r *http.Request, body *bytes.Reader) {
	body.Reset(srvCreateBody)
	r.Body = io.NopCloser(body)
	clear(w.header)
	w.status = 0
	h.ServeHTTP(w, r)
	if w.status != http.StatusCreated {
		b.Fatalf("status %d", w.status)
	}
}

// BenchmarkHandlerCreateConversation compares the generated handler with the
// hand-written one on the same request, in the same run.
func BenchmarkHandlerCreateConversation(b *testing.B) {
	impl := srvCreateServer{out: srvCreated()}
	for _, c := range []struct {
		name string
		h    http.Handler
	}{
		{"generated", botpress.NewHandler(impl)},
		{"handwritten", srvHandWritten(impl)},
	} {
		b.Run(c.name, func(b *testing.B) {
			r, _ := http.NewRequest(http.MethodPost, "http://api.test/v1/chat/conversations", nil)
			r.Header.Set("Authorization", "Bearer token")
			r.Header.Set("Content-Type", "application/json")
			r.ContentLength = int64(len(srvCreateBody))
			w := &srvDiscard{header: http.Header{}}
			body := bytes.NewReader(srvCreateBody)
			b.ReportAllocs()
			for b.Loop() {
				srvServe(b, c.h, w, r, body)
			}
		})
	}
}
