package botpress_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bpgen/bpgen/gen/botpress"
	"github.com/bpgen/bpgen/gen/botpress/botpresstest"
)

// TestServerDotSegmentParameters: "." and ".." reach a method only percent-encoded.
func TestServerDotSegmentParameters(t *testing.T) {
	fake := botpresstest.NewFake()
	var got []string
	fake.GetConversationFunc = func(_ context.Context, in *botpress.GetConversationInput) (*botpress.GetConversationOutput, error) {
		got = append(got, in.ID)
		return &botpress.GetConversationOutput{}, nil
	}
	h := botpress.NewHandler(fake)
	for _, path := range []string{"/v1/chat/conversations/%2E%2E", "/v1/chat/conversations/%2e"} {
		if w := srvRequest(h, "GET", path, ""); w.Code != 200 {
			t.Errorf("%s: %d %s", path, w.Code, w.Body)
		}
	}
	if strings.Join(got, " ") != ".. ." {
		t.Errorf("the method got %q, want [.. .]", got)
	}
	for _, path := range []string{"/v1/chat/conversations/..", "/v1/chat/conversations/.", "/v1/chat/conversations/x/../y"} {
		srvEnvelope(t, srvRequest(h, "GET", path, ""), 404, "ResourceNotFound")
	}
}
