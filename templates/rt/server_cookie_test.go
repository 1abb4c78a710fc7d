package rt

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestServerCookie(t *testing.T) {
	for _, value := range []string{"plain", "with space", "a,b", "é"} {
		ck := &http.Cookie{Name: "session", Value: value}
		if err := ck.Valid(); err != nil {
			continue // the client refuses these before sending
		}
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Add("Cookie", "other=1")
		r.Header.Add("Cookie", ck.String())
		if got := serverCookie(r, "session"); got != value {
			t.Errorf("serverCookie = %q, want %q", got, value)
		}
	}
	if got := serverCookie(httptest.NewRequest(http.MethodGet, "/", nil), "session"); got != "" {
		t.Errorf("absent cookie = %q", got)
	}
}
