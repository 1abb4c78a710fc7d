package rt

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestServerQueryKeyLimit(t *testing.T) {
	route := serverRoute{method: "GET", path: "/", serve: func(_ serverOps, _ context.Context, x *serverExchange) error {
		q, err := x.query()
		if err != nil {
			return err
		}
		var tags map[string]string
		if err := serverQuery(q, "tags", &tags, queryStyle{style: queryStyleDeepObject, explode: true}, false); err != nil {
			return err
		}
		return serverReply(x, 200, &serverTestEcho{Params: []string{strconv.Itoa(len(tags))}}, nil)
	}}
	keys := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = "tags[k" + strconv.Itoa(i) + "]=v"
		}
		return "/?" + strings.Join(parts, "&")
	}
	h := serverTestHandler([]serverRoute{route}, WithAuthenticator(nil))
	if w := serverTestDo(h, "GET", keys(serverDefaultMaxQueryKeys), nil); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"1000"`) {
		t.Errorf("%d keys: %d %.200s", serverDefaultMaxQueryKeys, w.Code, w.Body)
	}
	info := serverTestEnvelope(t, serverTestDo(h, "GET", keys(serverDefaultMaxQueryKeys+1), nil), 400, "InvalidQuery")
	if info.Message != "query: more than 1000 keys" {
		t.Errorf("message %q", info.Message)
	}
	small := serverTestHandler([]serverRoute{route}, WithAuthenticator(nil), WithMaxQueryKeys(3))
	if w := serverTestDo(small, "GET", keys(3), nil); w.Code != http.StatusOK {
		t.Errorf("3 keys: %d %s", w.Code, w.Body)
	}
	info = serverTestEnvelope(t, serverTestDo(small, "GET", keys(4), nil), 400, "InvalidQuery")
	if info.Message != "query: more than 3 keys" {
		t.Errorf("message %q", info.Message)
	}
}
