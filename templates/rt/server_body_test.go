package rt

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"
)

// serverTestSignalReader signals once its reader asks for more than the first bytes,
// which, on a connection that sent only those, blocks.
type serverTestSignalReader struct {
	io.ReadCloser
	got    int
	signal func()
}

func (r *serverTestSignalReader) Read(p []byte) (int, error) {
	if r.got > 0 && r.signal != nil {
		r.signal()
		r.signal = nil
	}
	n, err := r.ReadCloser.Read(p)
	r.got += n
	return n, err
}

// TestServerBodyMemoryFollowsBytes holds connections that declare large bodies and
// send one byte each: the handler must not allocate what they declare.
func TestServerBodyMemoryFollowsBytes(t *testing.T) {
	const conns, declared = 32, 8 << 20
	var blocked sync.WaitGroup
	blocked.Add(conns)
	h := serverTestHandler([]serverRoute{serverTestBodyRoute(false)}, WithAuthenticator(nil),
		WithMaxBodyBytes(declared), WithHandlerMiddleware(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				r.Body = &serverTestSignalReader{ReadCloser: r.Body, signal: blocked.Done}
				next.ServeHTTP(w, r)
			})
		}))
	srv := httptest.NewServer(h)
	defer srv.Close()

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var open []net.Conn
	defer func() {
		for _, c := range open {
			_ = c.Close()
		}
	}()
	for range conns {
		c, err := net.DialTimeout("tcp", srv.Listener.Addr().String(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		open = append(open, c)
		req := fmt.Sprintf("PUT /things/1 HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{", declared)
		if _, err := io.WriteString(c, req); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan struct{})
	go func() { blocked.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the handlers did not all start reading their bodies")
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	growth := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("heap growth with %d connections blocked in their reads: %d bytes", conns, growth)
	if bound := int64(conns * declared / 10); growth > bound {
		t.Errorf("heap grew by %d bytes with %d connections each declaring %d bytes and sending 1; want < %d",
			growth, conns, declared, bound)
	}
}

func TestServerReadBody(t *testing.T) {
	big := strings.Repeat("x", 3*serverBodyChunk+5)
	tests := []struct {
		name     string
		body     io.Reader
		declared int64
		want     string
		err      error
	}{
		{"declared length", strings.NewReader("hello"), 5, "hello", nil},
		{"unknown length", strings.NewReader("hello"), -1, "hello", nil},
		{"grows past the first chunk", strings.NewReader(big), int64(len(big)), big, nil},
		{"grows without a length", iotest.HalfReader(strings.NewReader(big)), -1, big, nil},
		{"longer than declared", strings.NewReader("hello world"), 5, "hello world", nil},
		{"shorter than declared", strings.NewReader("hel"), 5, "hel", io.ErrUnexpectedEOF},
		{"one byte at a time", iotest.OneByteReader(strings.NewReader("hello")), 5, "hello", nil},
		{"read error", iotest.ErrReader(io.ErrClosedPipe), 5, "", io.ErrClosedPipe},
	}
	for _, tt := range tests {
		b, err := serverReadBody(tt.body, tt.declared, 1<<20)
		if string(b) != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("%s: %d bytes, %v; want %d bytes, %v", tt.name, len(b), err, len(tt.want), tt.err)
		}
	}
	// A body of the declared length fits its buffer, which has room for EOF only.
	if b, _ := serverReadBody(strings.NewReader("hello"), 5, 1<<20); cap(b) > 8 {
		t.Errorf("cap %d for a 5-byte body", cap(b))
	}
	// Reading stops one byte past the limit, however long the body.
	if b, err := serverReadBody(strings.NewReader(big), -1, 10); len(b) != 11 || err != nil {
		t.Errorf("beyond the limit: %d bytes, %v", len(b), err)
	}
}
