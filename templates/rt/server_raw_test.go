package rt

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// serverTestRawRoute echoes a raw body back with its media type.
func serverTestRawRoute(required bool) serverRoute {
	return serverRoute{name: "Upload", method: "PUT", path: "/files/{name}", serve: func(_ serverOps, _ context.Context, x *serverExchange) error {
		body, ct, err := x.decodeRawBody([]string{"application/octet-stream", "image/*"}, required)
		if err != nil {
			return err
		}
		x.writeAs(http.StatusOK, ct, body)
		return nil
	}}
}

func TestServerRawBody(t *testing.T) {
	h := serverTestHandler([]serverRoute{serverTestRawRoute(true)}, WithMaxBodyBytes(16), WithAuthenticator(nil))
	for _, ct := range []string{"application/octet-stream", "image/png", "IMAGE/JPEG", "image/png; q=1"} {
		w := serverTestDo(h, "PUT", "/files/a", []byte{0, 1, 2}, "Content-Type", ct)
		if w.Code != http.StatusOK || w.Body.String() != "\x00\x01\x02" || w.Header().Get("Content-Type") != ct {
			t.Errorf("%s: %d %q %q", ct, w.Code, w.Body, w.Header().Get("Content-Type"))
		}
	}
	bad := []struct {
		body, ct string
		status   int
		msg      string
	}{
		{"x", "text/plain", 415, "send application/octet-stream or image/*"},
		{"x", "", 415, "is not supported"},
		{"", "application/octet-stream", 400, "body: is required"},
		{strings.Repeat("x", 17), "application/octet-stream", 413, "exceeds 16 bytes"},
	}
	for _, c := range bad {
		w := serverTestDo(h, "PUT", "/files/a", []byte(c.body), "Content-Type", c.ct)
		if w.Code != c.status || !strings.Contains(w.Body.String(), c.msg) {
			t.Errorf("%q (%s): %d %s, want %d containing %q", c.body, c.ct, w.Code, w.Body, c.status, c.msg)
		}
	}
}

func TestServerMediaMatches(t *testing.T) {
	media := []string{"application/pdf", "image/*"}
	for mt, want := range map[string]bool{
		"application/pdf": true, "image/png": true, "image/": true, "text/plain": false, "application/pdfx": false,
	} {
		if got := serverMediaMatches(media, mt); got != want {
			t.Errorf("serverMediaMatches(%q) = %v", mt, got)
		}
	}
	if !serverMediaMatches([]string{"*/*"}, "text/plain") {
		t.Error("*/* must match anything")
	}
}

func TestAPIKeyAuthenticator(t *testing.T) {
	auth := APIKeyAuthenticator("X-Auth", nil)
	r, _ := http.NewRequest("GET", "/", nil)
	if _, err := auth(context.Background(), r); err == nil {
		t.Error("no key accepted")
	}
	r.Header.Set("X-Auth", "k")
	if _, err := auth(context.Background(), r); err != nil {
		t.Errorf("key refused: %v", err)
	}
	strict := APIKeyAuthenticator("X-Auth", func(ctx context.Context, key string) (context.Context, error) {
		if key != "good" {
			return nil, context.Canceled
		}
		return ctx, nil
	})
	if _, err := strict(context.Background(), r); err == nil {
		t.Error("verify was not consulted")
	}
}
