package rt

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func TestClientUploadBody(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Seek(4, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		r    io.Reader
		size int64
		body string
	}{
		"Len":       {strings.NewReader("abc"), 3, "abc"},
		"file":      {f, 6, "456789"},
		"unknown":   {io.MultiReader(strings.NewReader("ab"), strings.NewReader("cd")), 4, "abcd"},
		"empty Len": {bytes.NewReader(nil), 0, ""},
	} {
		body, size, err := clientUploadBody(tc.r)
		if err != nil || size != tc.size {
			t.Errorf("%s: size %d, %v", name, size, err)
			continue
		}
		if b, _ := io.ReadAll(body); string(b) != tc.body {
			t.Errorf("%s: body %q", name, b)
		}
	}
}

func TestClientUpload(t *testing.T) {
	var calls atomic.Int32
	var got []*http.Request
	var bodies []string
	fail := 1
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got, bodies = append(got, r), append(bodies, string(b))
		if int(calls.Add(1)) <= fail {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "slow down")
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer host.Close()
	c := &clientCore{baseURL: "http://api.invalid", token: "tok", header: http.Header{"X-Bot-Id": {"b"}}, retry: RetryPolicy{MaxRetries: 2}}
	c.init()
	header := http.Header{"Content-Type": {"text/plain"}}

	// Seekable content is sent again from where it started.
	r := strings.NewReader("xxpayload")
	r.Seek(2, io.SeekStart)
	if err := c.upload(context.Background(), http.MethodPut, host.URL+"/o", header, r, 7); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || bodies[1] != "payload" || got[1].ContentLength != 7 || got[1].Header.Get("Content-Type") != "text/plain" {
		t.Fatalf("requests %d, bodies %q", len(got), bodies)
	}
	for _, r := range got {
		if r.Header.Get("Authorization") != "" || r.Header.Get("X-Bot-Id") != "" {
			t.Errorf("the upload host got the client's headers: %v", r.Header)
		}
	}

	// Content that cannot be read again is sent once; the failure says what the host answered.
	calls.Store(0)
	got, bodies = nil, nil
	err := c.upload(context.Background(), http.MethodPut, host.URL+"/o", nil, bytes.NewBufferString("once"), 4)
	var ue *UploadError
	if !errors.As(err, &ue) || ue.StatusCode != 503 || ue.Excerpt != "slow down" || len(got) != 1 || !strings.Contains(err.Error(), "503") {
		t.Errorf("err = %v, %d requests", err, len(got))
	}

	// No answer at all.
	err = c.upload(context.Background(), http.MethodPut, "http://127.0.0.1:1/o", nil, bytes.NewBufferString("x"), 1)
	if !errors.As(err, &ue) || ue.StatusCode != 0 || ue.Err == nil || errors.Unwrap(err) == nil {
		t.Errorf("unreachable host: %v", err)
	}
}
