package botpress_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/bpgen/bpgen/gen/botpress"
	"github.com/bpgen/bpgen/gen/botpress/botpresstest"
)

// TestServerBodyIsWhatWasValidated sends bodies whose validated and decoded values
// could differ: none reaches the Server.
func TestServerBodyIsWhatWasValidated(t *testing.T) {
	fake := botpresstest.NewFake()
	h := botpress.NewHandler(fake)
	deep := strings.Repeat("[", 65) + strings.Repeat("]", 65)
	tests := []struct{ name, body, msg string }{
		{"case-folded duplicate", `{"channel":"web","CHANNEL":"","tags":{}}`, `body.CHANNEL: duplicate of property "channel"`},
		{"null behind a checked value", `{"channel":"web","tags":{},"Tags":null}`, `body.Tags: duplicate of property "tags"`},
		{"exact duplicate", `{"channel":"web","tags":{},"channel":"` + strings.Repeat("x", 300) + `"}`, `body.channel: duplicate of property "channel"`},
		{"duplicate in a map", `{"channel":"web","tags":{"a":"1","a":"2"}}`, `body.tags.a: duplicate of property "a"`},
		{"long s", `{"channel":"web","tags":{"a":"b"},"tagſ":null}`, `body.tagſ: duplicate of property "tags"`},
		{"case-folded name", `{"channel":"web","tags":{},"INTEGRATIONNAME":"` + strings.Repeat("x", 300) + `"}`, `body.INTEGRATIONNAME: unknown property; property names are case-sensitive (the schema declares "integrationName")`},
		{"invalid UTF-8", `{"channel":"w` + "\xff" + `b","tags":{}}`, "body.channel: invalid UTF-8 at offset 13"},
		{"lone surrogate", `{"channel":"\ud800","tags":{}}`, "body.channel: invalid UTF-16 surrogate escape at offset 12"},
		{"too deep", `{"channel":"web","tags":{},"extra":` + deep + `}`, "body: malformed JSON at offset 98: nesting deeper than 64 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := srvEnvelope(t, srvRequest(h, "POST", "/v1/chat/conversations", tt.body), 400, "InvalidPayload")
			if info.Message != tt.msg {
				t.Errorf("message %q, want %q", info.Message, tt.msg)
			}
		})
	}
	if n := len(fake.Calls()); n != 0 {
		t.Errorf("the Server was called %d times with bodies it could not have validated", n)
	}
	// Map keys are data, kept as they are: keys that differ in case are two tags.
	var tags map[string]string
	fake.CreateConversationFunc = func(_ context.Context, in *botpress.CreateConversationInput) (*botpress.CreateConversationOutput, error) {
		tags = in.Tags
		return srvCreated(), nil
	}
	if w := srvRequest(h, "POST", "/v1/chat/conversations", `{"channel":"web","tags":{"env":"a","Env":"b","\u212aey":"c","key":"d"}}`); w.Code != 201 || len(tags) != 4 {
		t.Errorf("tags differing in case: %d %s, the method got %v", w.Code, w.Body, tags)
	}
	shallow := botpress.NewHandler(fake, botpress.WithMaxJSONDepth(2))
	srvEnvelope(t, srvRequest(shallow, "POST", "/v1/chat/conversations", `{"channel":"web","tags":{},"extra":[[]]}`), 400, "InvalidPayload")
}

// TestServerQueryKeyLimit: a query string with more keys than the limit is refused
// before its deepObject parameters are decoded.
func TestServerQueryKeyLimit(t *testing.T) {
	fake := botpresstest.NewFake()
	fake.ListConversationsFunc = func(context.Context, *botpress.ListConversationsInput) (*botpress.ListConversationsOutput, error) {
		return &botpress.ListConversationsOutput{}, nil
	}
	query := func(n int) string {
		keys := make([]string, n)
		for i := range keys {
			keys[i] = "tags.k" + strconv.Itoa(i) + "=v"
		}
		return "/v1/chat/conversations?" + strings.Join(keys, "&")
	}
	h := botpress.NewHandler(fake)
	if w := srvRequest(h, "GET", query(1000), ""); w.Code != 200 {
		t.Errorf("1000 keys: %d %.300s", w.Code, w.Body)
	}
	info := srvEnvelope(t, srvRequest(h, "GET", query(10000), ""), 400, "InvalidQuery")
	if info.Message != "query: more than 1000 keys" {
		t.Errorf("message %q", info.Message)
	}
	if w := srvRequest(botpress.NewHandler(fake, botpress.WithMaxQueryKeys(20000)), "GET", query(10000), ""); w.Code != 200 {
		t.Errorf("10000 keys with a higher limit: %d %.300s", w.Code, w.Body)
	}
}
