package botpress_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/bpgen/bpgen/gen/botpress"
)

// exampleServer stands in for the Botpress API in the examples: it knows
// conversation conv_1 and its messages, 45 of them over three pages.
func exampleServer() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/chat/conversations/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.PathValue("id") != "conv_1" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"id":"err_20240101120000x1A2B3C4D","code":404,"type":"ResourceNotFound","message":"Conversation %s not found"}`, r.PathValue("id"))
			return
		}
		_, _ = io.WriteString(w, `{"conversation":{"id":"conv_1","createdAt":"2024-05-06T07:08:09Z","updatedAt":"2024-05-06T07:08:09Z","channel":"web","integration":"webchat","tags":{}}}`)
	})
	mux.HandleFunc("GET /v1/chat/messages", func(w http.ResponseWriter, r *http.Request) {
		off := 0
		if tok := r.URL.Query().Get("nextToken"); tok != "" {
			_, _ = fmt.Sscanf(tok, "p%d", &off)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, messagesPage(off, min(off+pageSize, 45), 45, r.URL.Query().Get("conversationId")))
	})
	return httptest.NewServer(mux)
}

// setenv sets an environment variable and returns a function restoring it.
func setenv(key, value string) (restore func()) {
	old, had := os.LookupEnv(key)
	os.Setenv(key, value)
	return func() {
		if had {
			os.Setenv(key, old)
		} else {
			os.Unsetenv(key)
		}
	}
}

// A client configured from the environment: BP_API_URL, BP_TOKEN and the
// identity variables such as BP_BOT_ID.
func ExampleNewClient() {
	srv := exampleServer()
	defer srv.Close()
	defer setenv("BP_API_URL", srv.URL)() // normally set by the deployment
	defer setenv("BP_TOKEN", "bp_pat_example")()

	client := botpress.NewClient()
	out, err := client.GetConversation(context.Background(), &botpress.GetConversationInput{ID: "conv_1"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Conversation.ID, out.Conversation.Channel, out.Conversation.CreatedAt.Format("2006-01-02"))
	// Output: conv_1 web 2024-05-06
}

// Errors the API answers with are typed: errors.As finds the concrete type,
// or any of them through APIError, and errors.Is matches the sentinels.
func ExampleResourceNotFoundError() {
	srv := exampleServer()
	defer srv.Close()
	client := botpress.NewClient(botpress.WithBaseURL(srv.URL), botpress.WithToken("bp_pat_example"))

	_, err := client.GetConversation(context.Background(), &botpress.GetConversationInput{ID: "conv_404"})
	var notFound *botpress.ResourceNotFoundError
	if errors.As(err, &notFound) {
		fmt.Println("not found:", notFound.ErrorMessage(), "id", notFound.ErrorID())
	}
	var apiErr botpress.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode(), apiErr.ErrorType())
	}
	fmt.Println(errors.Is(err, botpress.ErrResourceNotFound), botpress.IsRetryable(err))
	// Output:
	// not found: Conversation conv_404 not found id err_20240101120000x1A2B3C4D
	// 404 ResourceNotFound
	// true false
}

// Ranging over every message of a conversation; pages are fetched as the
// loop needs them, and breaking out of the loop stops fetching.
func ExampleClient_ListMessagesPager() {
	srv := exampleServer()
	defer srv.Close()
	client := botpress.NewClient(botpress.WithBaseURL(srv.URL), botpress.WithToken("bp_pat_example"))

	var ids []string
	pager := client.ListMessagesPager(&botpress.ListMessagesInput{ConversationID: botpress.Ptr("conv_1")})
	for msg, err := range pager.All(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		ids = append(ids, msg.ID)
	}
	fmt.Println(len(ids), "messages, from", ids[0], "to", ids[len(ids)-1])
	fmt.Println(strings.Join(ids[18:22], " "))
	// Output:
	// 45 messages, from msg_00000 to msg_00044
	// msg_00018 msg_00019 msg_00020 msg_00021
}

// Options for one call: a header, a shorter timeout, and the response's
// status and headers. Any Option of NewClient works here, for this call alone.
func ExampleRequestOption() {
	srv := exampleServer()
	defer srv.Close()
	client := botpress.NewClient(botpress.WithBaseURL(srv.URL), botpress.WithToken("bp_pat_example"))

	var resp http.Response
	out, err := client.GetConversation(context.Background(), &botpress.GetConversationInput{ID: "conv_1"},
		botpress.WithHeader("X-Trace-Id", "trace-1"),
		botpress.WithTimeout(5*time.Second),
		botpress.WithResponse(&resp))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Conversation.ID, resp.StatusCode, resp.Header.Get("Content-Type"))
	// Output: conv_1 200 application/json
}
