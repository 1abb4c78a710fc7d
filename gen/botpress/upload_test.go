package botpress_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/bpgen/bpgen/gen/botpress"
)

// uploadAPI answers UpsertFile with an upload address on another host.
type uploadAPI struct {
	botpress.UnimplementedServer
	storage string
	got     *botpress.UpsertFileInput
}

func (a *uploadAPI) UpsertFile(_ context.Context, in *botpress.UpsertFileInput) (*botpress.UpsertFileOutput, error) {
	a.got = in
	return &botpress.UpsertFileOutput{File: botpress.FileUpload{ID: "file_1", Key: in.Key, UploadURL: a.storage + "/bucket/" + in.Key + "?X-Amz-Signature=sig"}}, nil
}

// storage is the upload host: it records what it receives and answers the
// statuses it is given, in turn.
type storage struct {
	mu       sync.Mutex
	statuses []int
	requests []*http.Request
	bodies   []string
}

func (s *storage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
	s.bodies = append(s.bodies, string(b))
	status := http.StatusOK
	if len(s.statuses) > 0 {
		status, s.statuses = s.statuses[0], s.statuses[1:]
	}
	w.WriteHeader(status)
}

func newUpload(t *testing.T, statuses ...int) (*botpress.Client, *uploadAPI, *storage) {
	t.Helper()
	st := &storage{statuses: statuses}
	store := httptest.NewServer(st)
	t.Cleanup(store.Close)
	api := &uploadAPI{storage: store.URL}
	srv := httptest.NewServer(botpress.NewHandler(api))
	t.Cleanup(srv.Close)
	c := botpress.NewClient(botpress.WithBaseURL(srv.URL), botpress.WithToken("secret-token"),
		botpress.WithBotID("bot_1"), botpress.WithRetryPolicy(botpress.RetryPolicy{MaxRetries: 2}))
	return c, api, st
}

func TestUploadFile(t *testing.T) {
	c, api, st := newUpload(t)
	ct, public := "text/plain", true
	out, err := c.UploadFile(context.Background(), &botpress.UpsertFileInput{Key: "notes.txt", ContentType: &ct, PublicContentImmediatelyAccessible: &public},
		strings.NewReader("hello, storage"))
	if err != nil || out.File.ID != "file_1" {
		t.Fatalf("UploadFile = %+v, %v", out, err)
	}
	if api.got.Size != float64(len("hello, storage")) {
		t.Errorf("the record was created with size %v", api.got.Size)
	}
	if len(st.requests) != 1 {
		t.Fatalf("storage got %d requests", len(st.requests))
	}
	r := st.requests[0]
	if r.Method != http.MethodPut || r.URL.Path != "/bucket/notes.txt" || st.bodies[0] != "hello, storage" || r.ContentLength != 14 {
		t.Errorf("storage got %s %s (%d bytes) %q", r.Method, r.URL, r.ContentLength, st.bodies[0])
	}
	if r.Header.Get("Content-Type") != "text/plain" || r.Header.Get("X-Amz-Tagging") != "public=true" {
		t.Errorf("upload headers %v", r.Header)
	}
	if strings.HasPrefix(r.Header.Get("User-Agent"), "bpgen-") {
		t.Errorf("the upload host received the client's User-Agent")
	}
	for _, h := range []string{"Authorization", "X-Bot-Id"} {
		if v := r.Header.Get(h); v != "" {
			t.Errorf("the upload host received %s: %q", h, v)
		}
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			if strings.Contains(v, "secret-token") || strings.Contains(v, "bot_1") {
				t.Errorf("the upload host received a credential in %s", k)
			}
		}
	}
}

func TestUploadFileSizeGivenAndUnknown(t *testing.T) {
	c, api, st := newUpload(t)
	// A reader that tells no size is read into memory to learn it.
	content := io.MultiReader(strings.NewReader("abc"), strings.NewReader("def"))
	if _, err := c.UploadFile(context.Background(), &botpress.UpsertFileInput{Key: "k"}, content); err != nil {
		t.Fatal(err)
	}
	if api.got.Size != 6 || st.bodies[0] != "abcdef" {
		t.Errorf("size %v, body %q", api.got.Size, st.bodies[0])
	}
	if _, err := c.UploadFile(context.Background(), &botpress.UpsertFileInput{Key: "k"}, nil); err == nil {
		t.Error("no content: no error")
	}
}

// TestUploadFileFailure: the record exists once the upload fails, so the
// output comes back with the *UploadError; a seekable content is retried, a
// content that cannot be read again is not.
func TestUploadFileFailure(t *testing.T) {
	c, _, st := newUpload(t, 503, 200)
	out, err := c.UploadFile(context.Background(), &botpress.UpsertFileInput{Key: "k"}, bytes.NewReader([]byte("retry me")))
	if err != nil || len(st.requests) != 2 || st.bodies[1] != "retry me" {
		t.Fatalf("retried upload: %v, %d requests %q", err, len(st.requests), st.bodies)
	}
	_ = out

	c, _, st = newUpload(t, 503, 200)
	out, err = c.UploadFile(context.Background(), &botpress.UpsertFileInput{Key: "k"}, bytes.NewBufferString("once"))
	var ue *botpress.UploadError
	if !errors.As(err, &ue) || ue.StatusCode != 503 || out == nil || out.File.ID != "file_1" || len(st.requests) != 1 {
		t.Errorf("err = %v, out = %+v, %d requests", err, out, len(st.requests))
	}
}
