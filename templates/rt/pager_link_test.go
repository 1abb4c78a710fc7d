package rt

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestLinkNext(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   string
	}{
		{"github", []string{`<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last"`}, "https://api.github.com/repositories/1/issues?page=2"},
		{"next not first", []string{`<https://x/?page=1>; rel="prev", <https://x/?page=3>; rel="next"`}, "https://x/?page=3"},
		{"unquoted rel", []string{`<https://x/2>; rel=next`}, "https://x/2"},
		{"several relation types", []string{`<https://x/2>; rel="last next"`}, "https://x/2"},
		{"case-insensitive", []string{`<https://x/2>; REL="NEXT"`}, "https://x/2"},
		{"commas inside the target", []string{`<https://x/?ids=1,2,3>; rel="next"`}, "https://x/?ids=1,2,3"},
		{"quoted params with commas and semicolons", []string{`<https://x/1>; title="a, b; rel=next"; rel="prev", <https://x/2>; title="x\"y, z"; rel="next"`}, "https://x/2"},
		{"params before rel", []string{`<https://x/2>; type="application/json"; rel="next"`}, "https://x/2"},
		{"only the first rel counts", []string{`<https://x/1>; rel="prev"; rel="next"`}, ""},
		{"anchor is another resource", []string{`<https://x/1>; anchor="#a"; rel="next", <https://x/2>; rel="next"`}, "https://x/2"},
		{"malformed link skipped", []string{`garbage; rel="next", <https://x/2>; rel=next`}, "https://x/2"},
		{"junk after target skipped", []string{`<https://x/1> junk, <https://x/2>; rel=next`}, "https://x/2"},
		{"several header values", []string{`<https://x/1>; rel="prev"`, `<https://x/2>; rel="next"`}, "https://x/2"},
		{"relative", []string{`</items?cursor=abc>; rel="next"`}, "/items?cursor=abc"},
		{"no next", []string{`<https://x/1>; rel="prev"`}, ""},
		{"unterminated", []string{`<https://x/1; rel="next"`}, ""},
		{"empty", nil, ""},
		{"too long", []string{`<https://x/2>; rel="next"` + strings.Repeat(" ", linkMaxBytes)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := linkNext(tt.values); got != tt.want {
				t.Errorf("linkNext(%q) = %q, want %q", tt.values, got, tt.want)
			}
		})
	}
}

// FuzzLinkNext checks that any header parses without panicking, in one bounded
// pass, that what it finds was in the header, and that garbage after a valid next
// link does not hide it.
func FuzzLinkNext(f *testing.F) {
	for _, s := range []string{`<https://x/2>; rel="next"`, `<a,b>; rel=next; title="\"", <c>`, `;;;,,,<<>>"`, `<x>; rel="next`, `<x>;rel`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := linkNext([]string{s}); got != "" && !strings.Contains(s, got) {
			t.Fatalf("linkNext(%q) = %q, not in the header", s, got)
		}
		if got := linkNext([]string{`<https://x/first>; rel="next", ` + s}); got != "https://x/first" {
			t.Fatalf("a next link followed by %q gave %q", s, got)
		}
	})
}

// linkTestServer serves pages whose Link header is given per path, recording the
// Authorization and X-Api-Key headers each request carried.
type linkTestServer struct {
	*httptest.Server
	mu   sync.Mutex
	seen map[string]string // path -> credentials seen
}

func newLinkTestServer(t *testing.T, links func(path string) string) *linkTestServer {
	s := &linkTestServer{seen: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen[r.URL.Path] = r.Header.Get("Authorization") + "|" + r.Header.Get("X-Api-Key")
		s.mu.Unlock()
		if l := links(r.URL.Path); l != "" {
			w.Header().Set("Link", l)
		}
		io.WriteString(w, `["`+r.URL.Path+`"]`)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *linkTestServer) credentials(path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[path]
}

// TestLinkPageCredentials checks that a next link on the base URL's origin gets the
// credentials, relative links included, and that one elsewhere (another host, port
// or scheme) gets none.
func TestLinkPageCredentials(t *testing.T) {
	other := newLinkTestServer(t, func(string) string { return "" })
	var origin *linkTestServer
	origin = newLinkTestServer(t, func(path string) string {
		switch path {
		case "/1":
			return `</2>; rel="next"`
		case "/2":
			return fmt.Sprintf(`<%s/3>; rel="next"`, origin.URL)
		case "/3":
			return fmt.Sprintf(`<%s/4>; rel="next"`, other.URL)
		}
		return ""
	})
	c := &clientCore{baseURL: origin.URL, token: "tok", header: http.Header{"X-Api-Key": {"key"}}, secret: map[string]bool{"X-Api-Key": true}, retry: NoRetry()}
	c.init()
	first := func(ctx context.Context) (*[]string, error) {
		out := new([]string)
		return out, c.do(ctx, &clientRequest{method: http.MethodGet, path: "/1"}, out)
	}
	pager := NewPager(func(ctx context.Context, token string) (*[]string, []string, string, error) {
		out, next, err := linkPage(ctx, c, token, first)
		if err != nil {
			return nil, nil, "", err
		}
		return out, *out, next, nil
	})
	got, err := pager.Collect(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := "[/1 /2 /3 /4]"; fmt.Sprint(got) != want {
		t.Errorf("items %v, want %s", got, want)
	}
	for _, p := range []string{"/1", "/2", "/3"} {
		if cr := origin.credentials(p); cr != "Bearer tok|key" {
			t.Errorf("%s on the origin got credentials %q, want them all", p, cr)
		}
	}
	if cr := other.credentials("/4"); cr != "|" {
		t.Errorf("/4 on another origin got credentials %q, want none", cr)
	}
}

func TestLinkPageRefusesOtherSchemes(t *testing.T) {
	s := newLinkTestServer(t, func(string) string { return `<file:///etc/passwd>; rel="next"` })
	c := &clientCore{baseURL: s.URL, retry: NoRetry()}
	c.init()
	first := func(ctx context.Context) (*[]string, error) {
		out := new([]string)
		return out, c.do(ctx, &clientRequest{method: http.MethodGet, path: "/1"}, out)
	}
	out, next, err := linkPage(context.Background(), c, "", first)
	if err != nil || len(*out) != 1 || next != "file:///etc/passwd" {
		t.Fatalf("first page: %v, %q, %v", out, next, err)
	}
	if _, _, err := linkPage(context.Background(), c, next, first); err == nil || !strings.Contains(err.Error(), "not an http or https URL") {
		t.Errorf("following %q: err = %v, want a refusal", next, err)
	}
}

// TestNumberedPager checks the end of offset and page-number walks: on an empty page,
// and on a page shorter than an earlier one even though the fetch names a next page.
func TestNumberedPager(t *testing.T) {
	for _, tt := range []struct {
		name  string
		sizes []int // items per page; the fetch always names a next page
		want  int   // pages fetched
	}{
		{"empty page", []int{3, 3, 0, 3}, 3},
		{"short page", []int{3, 3, 1, 3}, 3},
		{"capped server", []int{2, 2, 2, 1}, 4},
		{"empty list", []int{0, 3}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fetches := 0
			p := newNumberedPager(func(ctx context.Context, token string) (*int, []int, string, error) {
				n := 0
				if token != "" {
					v, err := pagerNumber(token, 64)
					if err != nil {
						return nil, nil, "", err
					}
					n = int(v)
				}
				fetches++
				items := make([]int, tt.sizes[n])
				return &n, items, fmt.Sprint(n + 1), nil
			})
			var last *Page[int, int]
			for page, err := range p.Pages(context.Background()) {
				if err != nil {
					t.Fatal(err)
				}
				last = page
			}
			if fetches != tt.want || last.NextToken != "" {
				t.Errorf("%d fetches, last NextToken %q; want %d and none", fetches, last.NextToken, tt.want)
			}
		})
	}
	if _, err := newNumberedPager(func(context.Context, string) (*int, []int, string, error) { return nil, nil, "", nil }).From("x").Collect(context.Background(), 0); err != nil {
		t.Errorf("a fetch that ignores its token: %v", err)
	}
	for _, tok := range []string{"x", "-1", "99999999999"} {
		if _, err := pagerNumber(tok, 32); err == nil {
			t.Errorf("pagerNumber(%q, 32) accepted", tok)
		}
	}
}
