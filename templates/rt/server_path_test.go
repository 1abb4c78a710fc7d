package rt

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

func TestServerDotSegments(t *testing.T) {
	h := serverTestHandler([]serverRoute{
		serverTestRoute("GET", "/files/{id}"),
		serverTestRoute("GET", "/a/{x}/b"),
		serverTestRoute("GET", "/a/{x}/b/{y}"),
	}, WithAuthenticator(nil))
	routed := []struct {
		path   string
		params []string
	}{
		{"/files/%2E%2E", []string{".."}},
		{"/files/%2e%2e", []string{".."}},
		{"/files/%2E", []string{"."}},
		{"/files/.%2E", []string{".."}},
		{"/files/...", []string{"..."}},
		{"/files/..a", []string{"..a"}},
		{"/a/%2E%2E/b/%2E", []string{"..", "."}},
	}
	for _, tt := range routed {
		w := serverTestDo(h, "GET", tt.path, nil)
		var got serverTestEcho
		if err := json.Unmarshal(w.Body.Bytes(), &got); w.Code != http.StatusOK || err != nil || !reflect.DeepEqual(got.Params, tt.params) {
			t.Errorf("%s: %d %s, want params %q", tt.path, w.Code, w.Body, tt.params)
		}
	}
	for _, path := range []string{"/files/..", "/files/.", "/a/../b", "/a/./b", "/a/x/b/..", "/./files/x", "/files/x/.."} {
		serverTestEnvelope(t, serverTestDo(h, "GET", path, nil), http.StatusNotFound, "NotFound")
	}
}
