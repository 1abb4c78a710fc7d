package botpress_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/bpgen/bpgen/gen/botpress"
	"github.com/bpgen/bpgen/gen/botpress/botpresstest"
)

// openSupportChat stands for a downstream team's own code: it takes a client and
// calls the API.
func openSupportChat(ctx context.Context, c *botpress.Client, channel, customer string) (string, error) {
	out, err := c.CreateConversation(ctx, &botpress.CreateConversationInput{
		Channel: channel,
		Tags:    map[string]string{"support": "true", "customer": customer},
	})
	if err != nil {
		return "", fmt.Errorf("open support chat: %w", err)
	}
	return out.Conversation.ID, nil
}

// TestOpenSupportChat is the test a downstream team writes for openSupportChat: the
// fake answers, the test checks what the code sent. No network, no token.
func TestOpenSupportChat(t *testing.T) {
	fake := botpresstest.NewFake()
	fake.CreateConversationFunc = func(_ context.Context, in *botpress.CreateConversationInput) (*botpress.CreateConversationOutput, error) {
		return &botpress.CreateConversationOutput{Conversation: botpress.Conversation{ID: "conv_1", Channel: in.Channel}}, nil
	}
	client := botpresstest.NewTestClient(t, fake)

	id, err := openSupportChat(context.Background(), client, "web", "cus_42")

	if err != nil || id != "conv_1" {
		t.Fatalf("openSupportChat = %q, %v", id, err)
	}
	calls := fake.CreateConversationCalls()
	if len(calls) != 1 || calls[0].Channel != "web" || calls[0].Tags["customer"] != "cus_42" {
		t.Errorf("sent %+v", calls)
	}
}

// TestOpenSupportChatFails checks the error path: an operation the fake does not
// implement answers with the API's error, which the code under test wraps.
func TestOpenSupportChatFails(t *testing.T) {
	fake := botpresstest.NewFake()
	fake.CreateConversationFunc = func(context.Context, *botpress.CreateConversationInput) (*botpress.CreateConversationOutput, error) {
		return nil, botpress.NewRateLimitedError("slow down")
	}
	_, err := openSupportChat(context.Background(), botpresstest.NewTestClient(t, fake), "web", "cus_42")
	if !botpress.IsRetryable(err) {
		t.Errorf("err = %v, want the API's retryable RateLimited error", err)
	}
}

// A Fake answers the operations a test sets and records every call, for code that
// calls the API through a Client. In a test, NewTestClient(t, fake) does the
// wiring below in one line.
func ExampleFake() {
	fake := botpresstest.NewFake()
	fake.CreateConversationFunc = func(_ context.Context, in *botpress.CreateConversationInput) (*botpress.CreateConversationOutput, error) {
		return &botpress.CreateConversationOutput{Conversation: botpress.Conversation{ID: "conv_1", Channel: in.Channel}}, nil
	}
	srv := httptest.NewServer(botpress.NewHandler(fake))
	defer srv.Close()
	client := botpress.NewClient(botpress.WithBaseURL(srv.URL), botpress.WithToken("test"))

	id, err := openSupportChat(context.Background(), client, "web", "cus_42")
	fmt.Println(id, err)
	fmt.Println(fake.CreateConversationCalls()[0].Tags)
	// Output:
	// conv_1 <nil>
	// map[customer:cus_42 support:true]
}

// A Server implementation embeds UnimplementedServer and implements the operations
// it serves; NewHandler does routing, decoding, validation and error answers.
func ExampleNewHandler() {
	srv := httptest.NewServer(botpress.NewHandler(conversations{}))
	defer srv.Close()
	client := botpress.NewClient(botpress.WithBaseURL(srv.URL), botpress.WithToken("test"), botpress.WithRetryPolicy(botpress.NoRetry()))

	var api botpress.APIError
	_, err := client.GetConversation(context.Background(), &botpress.GetConversationInput{ID: "conv_404"})
	if errors.As(err, &api) {
		fmt.Println(api.StatusCode(), api.ErrorType(), api.ErrorMessage())
	}
	_, err = client.ListUsers(context.Background(), nil)
	if errors.As(err, &api) {
		fmt.Println(api.StatusCode(), api.ErrorType(), api.ErrorMessage())
	}
	// Output:
	// 404 ResourceNotFound no conversation conv_404
	// 405 MethodNotFound ListUsers is not implemented
}

// conversations serves GetConversation only.
type conversations struct {
	botpress.UnimplementedServer
}

func (conversations) GetConversation(_ context.Context, in *botpress.GetConversationInput) (*botpress.GetConversationOutput, error) {
	return nil, botpress.NewResourceNotFoundError("no conversation " + in.ID)
}
