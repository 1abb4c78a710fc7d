package rt

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A hostile or broken server cannot make the client read without bound: an
// endless body, or a declared length over the limit, is an error.
func TestClientResponseLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/endless":
			io.WriteString(w, `{"a":"`)
			chunk := strings.Repeat("x", 4096)
			for i := 0; i < 1024; i++ { // 4 MiB, chunked: no declared length
				if _, err := io.WriteString(w, chunk); err != nil {
					return
				}
			}
		case "/declared":
			w.Header().Set("Content-Length", "2000000")
			io.WriteString(w, `{}`)
		default:
			io.WriteString(w, `{"a":"ok"}`)
		}
	}))
	defer srv.Close()
	c := newClientTestCore(srv.URL)
	c.maxResponse = 1 << 20
	for _, path := range []string{"/endless", "/declared"} {
		var out struct{ A string }
		err := c.do(context.Background(), &clientRequest{method: "GET", path: path}, &out)
		if err == nil || !strings.Contains(err.Error(), "exceeds 1048576 bytes") {
			t.Errorf("%s: err = %v, want the response limit", path, err)
		}
	}
	var out struct{ A string }
	if err := c.do(context.Background(), &clientRequest{method: "GET", path: "/small"}, &out); err != nil || out.A != "ok" {
		t.Errorf("small response: %v %+v", err, out)
	}
}
