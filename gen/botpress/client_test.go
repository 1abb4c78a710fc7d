package botpress_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bpgen/bpgen/gen/botpress"
)

// ctToken is the bearer token the tests configure; it must never show up in
// errors or logs.
const ctToken = "bp_pat_s3cr3t-T0KEN-never-log-me"

// ctRequest is what the test server saw of one request.
type ctRequest struct {
	Method   string
	Path     string // escaped path, as sent on the wire
	RawQuery string
	Body     string
	Header   http.Header
}

// ctServer is an httptest server that records every request and answers with
// respond, which gets the 0-based index of the request.
type ctServer struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []ctRequest
}

func newCTServer(t testing.TB, respond func(w http.ResponseWriter, r *http.Request, n int)) *ctServer {
	t.Helper()
	s := &ctServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading request body: %v", err)
		}
		s.mu.Lock()
		n := len(s.reqs)
		s.reqs = append(s.reqs, ctRequest{
			Method:   r.Method,
			Path:     r.URL.EscapedPath(),
			RawQuery: r.URL.RawQuery,
			Body:     string(body),
			Header:   r.Header.Clone(),
		})
		s.mu.Unlock()
		respond(w, r, n)
	}))
	t.Cleanup(s.Close)
	return s
}

// requests returns a copy of the recorded requests.
func (s *ctServer) requests() []ctRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ctRequest(nil), s.reqs...)
}

// ctReply answers every request with status and a JSON body.
func ctReply(status int, body string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		if body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// ctClient returns a client for s that never retries unless opts say so.
func ctClient(s *ctServer, opts ...botpress.Option) *botpress.Client {
	base := []botpress.Option{
		botpress.WithBaseURL(s.URL),
		botpress.WithToken(ctToken),
		botpress.WithHTTPClient(s.Client()),
		botpress.WithRetryPolicy(botpress.NoRetry()),
	}
	return botpress.NewClient(append(base, opts...)...)
}

// ctNullable compares Nullable values through their public methods.
func ctNullable[T any]() cmp.Option {
	return cmp.Comparer(func(a, b botpress.Nullable[T]) bool {
		av, _ := a.Get()
		bv, _ := b.Get()
		return a.IsSet() == b.IsSet() && a.IsNull() == b.IsNull() && cmp.Equal(av, bv)
	})
}

var ctCmpOpts = cmp.Options{
	ctNullable[string](),
	ctNullable[float64](),
	ctNullable[map[string]any](),
}

func ctTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

const ctConversationJSON = `{"id":"conv_01","createdAt":"2024-05-06T07:08:09.123Z","updatedAt":"2024-05-06T07:08:10Z","channel":"web","integration":"webchat","tags":{"a":"1"}}`

var ctConversation = botpress.Conversation{
	ID:          "conv_01",
	CreatedAt:   ctTime("2024-05-06T07:08:09.123Z"),
	UpdatedAt:   ctTime("2024-05-06T07:08:10Z"),
	Channel:     "web",
	Integration: "webchat",
	Tags:        map[string]string{"a": "1"},
}

const ctFileJSON = `{"id":"file_1","botId":"bot_1","key":"docs/a.txt","url":"https://files.example/a","size":%s,"contentType":"text/plain","tags":{},"metadata":{"pages":2},"createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-02T00:00:00Z","accessPolicies":["integrations"],"index":false,"status":"upload_completed","owner":{"type":"bot","id":"bot_1"}}`

func ctFile(size botpress.Nullable[float64]) botpress.File {
	return botpress.File{
		ID: "file_1", BotID: "bot_1", Key: "docs/a.txt", URL: "https://files.example/a", Size: size,
		ContentType: "text/plain", Tags: map[string]string{}, Metadata: map[string]any{"pages": float64(2)},
		CreatedAt: "2024-01-01T00:00:00Z", UpdatedAt: "2024-01-02T00:00:00Z",
		AccessPolicies: []botpress.FileAccessPolicy{botpress.FileAccessPolicyIntegrations},
		Status:         botpress.FileStatusUploadCompleted,
		Owner:          botpress.FileOwner{Type: botpress.FileOwnerTypeBot, ID: botpress.Ptr("bot_1")},
	}
}

// TestClientOperations sends a representative set of operations and checks
// the exact request on the wire and the decoded output.
func TestClientOperations(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		call func(*botpress.Client) (any, error)
		// answer
		status int
		resp   string
		// expectations
		want       ctRequest // Method, Path, RawQuery, Body; Header is checked by wantHeader
		wantHeader map[string]string
		wantOut    any
	}{
		{
			name: "createConversation",
			call: func(c *botpress.Client) (any, error) {
				return c.CreateConversation(ctx, &botpress.CreateConversationInput{Channel: "web", Tags: map[string]string{"b": "2", "a": "1"}})
			},
			status:  201,
			resp:    `{"conversation":` + ctConversationJSON + `}`,
			want:    ctRequest{Method: "POST", Path: "/v1/chat/conversations", Body: `{"channel":"web","tags":{"a":"1","b":"2"}}`},
			wantOut: &botpress.CreateConversationOutput{Conversation: ctConversation},
		},
		{
			name: "listConversations with every filter",
			call: func(c *botpress.Client) (any, error) {
				sf := botpress.TimestampFieldUpdatedAt
				sd := botpress.SortDirectionDesc
				return c.ListConversations(ctx, &botpress.ListConversationsInput{
					NextToken:      botpress.Ptr("tok/1+2=3"),
					SortField:      &sf,
					SortDirection:  &sd,
					Tags:           map[string]string{"team": "a b", "env": "prod"},
					ParticipantIDs: []string{"u1", "u&2"},
					Channel:        botpress.Ptr("web"),
				})
			},
			status: 200,
			resp:   `{"conversations":[` + ctConversationJSON + `],"meta":{"nextToken":"next/1"}}`,
			want: ctRequest{Method: "GET", Path: "/v1/chat/conversations",
				RawQuery: "channel=web&nextToken=tok%2F1%2B2%3D3&participantIds=u1&participantIds=u%262&sortDirection=desc&sortField=updatedAt&tags.env=prod&tags.team=a+b"},
			wantOut: &botpress.ListConversationsOutput{
				Conversations: []botpress.Conversation{ctConversation},
				Meta:          botpress.ListMeta{NextToken: botpress.Ptr("next/1")},
			},
		},
		{
			name:    "listConversations without filters, last page",
			call:    func(c *botpress.Client) (any, error) { return c.ListConversations(ctx, nil) },
			status:  200,
			resp:    `{"conversations":[],"meta":{}}`,
			want:    ctRequest{Method: "GET", Path: "/v1/chat/conversations"},
			wantOut: &botpress.ListConversationsOutput{Conversations: []botpress.Conversation{}},
		},
		{
			name: "getConversation escapes the id",
			call: func(c *botpress.Client) (any, error) {
				return c.GetConversation(ctx, &botpress.GetConversationInput{ID: "a/b c"})
			},
			status: 200,
			resp:   `{"conversation":{"id":"a/b c","currentTaskId":"task_9","createdAt":"2024-05-06T07:08:09.123Z","updatedAt":"2024-05-06T07:08:10Z","channel":"web","integration":"webchat","tags":{}}}`,
			want:   ctRequest{Method: "GET", Path: "/v1/chat/conversations/a%2Fb%20c"},
			wantOut: &botpress.GetConversationOutput{Conversation: botpress.Conversation{
				ID: "a/b c", CurrentTaskID: botpress.Ptr("task_9"), CreatedAt: ctConversation.CreatedAt,
				UpdatedAt: ctConversation.UpdatedAt, Channel: "web", Integration: "webchat", Tags: map[string]string{},
			}},
		},
		{
			name: "getConversation escapes reserved characters",
			call: func(c *botpress.Client) (any, error) {
				return c.GetConversation(ctx, &botpress.GetConversationInput{ID: "ü?#%.."})
			},
			status:  200,
			resp:    `{"conversation":` + ctConversationJSON + `}`,
			want:    ctRequest{Method: "GET", Path: "/v1/chat/conversations/%C3%BC%3F%23%25.."},
			wantOut: &botpress.GetConversationOutput{Conversation: ctConversation},
		},
		{
			name: "updateUser sets name to null",
			call: func(c *botpress.Client) (any, error) {
				return c.UpdateUser(ctx, &botpress.UpdateUserInput{ID: "user_1", Name: botpress.Null[string]()})
			},
			status:  200,
			resp:    `{"user":{"id":"user_1","createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-01T00:00:00Z","tags":{},"pictureUrl":"https://p.example/u.png"}}`,
			want:    ctRequest{Method: "PUT", Path: "/v1/chat/users/user_1", Body: `{"name":null}`},
			wantOut: &botpress.UpdateUserOutput{User: botpress.User{ID: "user_1", CreatedAt: ctTime("2024-01-01T00:00:00Z"), UpdatedAt: ctTime("2024-01-01T00:00:00Z"), Tags: map[string]string{}, PictureURL: botpress.Ptr("https://p.example/u.png")}},
		},
		{
			name: "updateUser leaves name absent",
			call: func(c *botpress.Client) (any, error) {
				return c.UpdateUser(ctx, &botpress.UpdateUserInput{ID: "user_1"})
			},
			status:  200,
			resp:    `{"user":{"id":"user_1","createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-01T00:00:00Z","tags":{"k":"v"},"name":"Ada"}}`,
			want:    ctRequest{Method: "PUT", Path: "/v1/chat/users/user_1", Body: `{}`},
			wantOut: &botpress.UpdateUserOutput{User: botpress.User{ID: "user_1", CreatedAt: ctTime("2024-01-01T00:00:00Z"), UpdatedAt: ctTime("2024-01-01T00:00:00Z"), Tags: map[string]string{"k": "v"}, Name: botpress.Ptr("Ada")}},
		},
		{
			name: "updateUser sets name and tags",
			call: func(c *botpress.Client) (any, error) {
				return c.UpdateUser(ctx, &botpress.UpdateUserInput{ID: "user_1", Name: botpress.NewNullable("Ada"), Tags: map[string]string{"k": "v"}, PictureURL: botpress.NewNullable("")})
			},
			status:  200,
			resp:    `{"user":{"id":"user_1","createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-01T00:00:00Z","tags":{"k":"v"},"name":"Ada"}}`,
			want:    ctRequest{Method: "PUT", Path: "/v1/chat/users/user_1", Body: `{"tags":{"k":"v"},"name":"Ada","pictureUrl":""}`},
			wantOut: &botpress.UpdateUserOutput{User: botpress.User{ID: "user_1", CreatedAt: ctTime("2024-01-01T00:00:00Z"), UpdatedAt: ctTime("2024-01-01T00:00:00Z"), Tags: map[string]string{"k": "v"}, Name: botpress.Ptr("Ada")}},
		},
		{
			name: "setState with enum path parameter",
			call: func(c *botpress.Client) (any, error) {
				return c.SetState(ctx, &botpress.SetStateInput{
					Type: botpress.StateTypeConversation, ID: "conv 1", Name: "cart",
					Payload: botpress.NewNullable(map[string]any{"items": []any{"x"}, "n": 2}),
					Expiry:  botpress.Null[float64](),
				})
			},
			status: 200,
			resp:   `{"state":{"id":"st_1","createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-01T00:00:00Z","botId":"bot_1","conversationId":"conv 1","name":"cart","type":"conversation","payload":{"n":2,"items":["x"]}}}`,
			want:   ctRequest{Method: "POST", Path: "/v1/chat/states/conversation/conv%201/cart", Body: `{"payload":{"items":["x"],"n":2},"expiry":null}`},
			wantOut: &botpress.SetStateOutput{State: botpress.State{
				ID: "st_1", CreatedAt: ctTime("2024-01-01T00:00:00Z"), UpdatedAt: ctTime("2024-01-01T00:00:00Z"), BotID: "bot_1",
				ConversationID: botpress.Ptr("conv 1"), Name: "cart", Type: botpress.StateTypeConversation,
				Payload: map[string]any{"n": float64(2), "items": []any{"x"}},
			}},
		},
		{
			name: "setState with null payload and absent expiry",
			call: func(c *botpress.Client) (any, error) {
				return c.SetState(ctx, &botpress.SetStateInput{Type: botpress.StateTypeUser, ID: "u1", Name: "prefs", Payload: botpress.Null[map[string]any]()})
			},
			status: 200,
			resp:   `{"state":{"id":"st_2","createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-01T00:00:00Z","botId":"bot_1","userId":"u1","name":"prefs","type":"user","payload":{}}}`,
			want:   ctRequest{Method: "POST", Path: "/v1/chat/states/user/u1/prefs", Body: `{"payload":null}`},
			wantOut: &botpress.SetStateOutput{State: botpress.State{
				ID: "st_2", CreatedAt: ctTime("2024-01-01T00:00:00Z"), UpdatedAt: ctTime("2024-01-01T00:00:00Z"), BotID: "bot_1",
				UserID: botpress.Ptr("u1"), Name: "prefs", Type: botpress.StateTypeUser, Payload: map[string]any{},
			}},
		},
		{
			name: "listFiles with bool, array and free-form tags",
			call: func(c *botpress.Client) (any, error) {
				sf := botpress.ListFilesInputSortFieldSize
				return c.ListFiles(ctx, &botpress.ListFilesInput{
					SortField: &sf,
					Tags:      map[string]any{"lang": "fr", "kind": []any{"doc", "pdf"}},
					IDs:       []string{"f1", "f2"},
					Indexed:   botpress.Ptr(false),
				})
			},
			status: 200,
			resp:   `{"files":[` + strings.Replace(ctFileJSON, "%s", "null", 1) + `,` + strings.Replace(ctFileJSON, "%s", "12.5", 1) + `],"meta":{}}`,
			want: ctRequest{Method: "GET", Path: "/v1/files",
				RawQuery: "ids=f1&ids=f2&indexed=false&sortField=size&tags.kind=doc&tags.kind=pdf&tags.lang=fr"},
			wantOut: &botpress.ListFilesOutput{Files: []botpress.File{ctFile(botpress.Null[float64]()), ctFile(botpress.NewNullable(12.5))}},
		},
		{
			name: "listIntegrations with number, enum and bool",
			call: func(c *botpress.Client) (any, error) {
				vs := botpress.VerificationStatusApproved
				return c.ListIntegrations(ctx, &botpress.ListIntegrationsInput{Limit: botpress.Ptr(25.0), Dev: botpress.Ptr(true), VerificationStatus: &vs, Name: botpress.Ptr("slack")})
			},
			status:  200,
			resp:    `{"integrations":[],"meta":{"nextToken":"n2"}}`,
			want:    ctRequest{Method: "GET", Path: "/v1/admin/integrations", RawQuery: "dev=true&limit=25&name=slack&verificationStatus=approved"},
			wantOut: &botpress.ListIntegrationsOutput{Integrations: []botpress.IntegrationSummary{}, Meta: botpress.ListMeta{NextToken: botpress.Ptr("n2")}},
		},
		{
			name: "searchFiles with integer, bool and text",
			call: func(c *botpress.Client) (any, error) {
				return c.SearchFiles(ctx, &botpress.SearchFilesInput{Query: "refund policy", ContextDepth: botpress.Ptr[int64](3), Consolidate: botpress.Ptr(true)})
			},
			status:  200,
			resp:    `{"passages":[]}`,
			want:    ctRequest{Method: "GET", Path: "/v1/files/search", RawQuery: "consolidate=true&contextDepth=3&query=refund+policy"},
			wantOut: &botpress.SearchFilesOutput{Passages: []botpress.SearchFilesOutputPassage{}},
		},
		{
			name: "deleteConversation with empty output",
			call: func(c *botpress.Client) (any, error) {
				return c.DeleteConversation(ctx, &botpress.DeleteConversationInput{ID: "conv_1"})
			},
			status:  200,
			resp:    `{}`,
			want:    ctRequest{Method: "DELETE", Path: "/v1/chat/conversations/conv_1"},
			wantOut: &botpress.DeleteConversationOutput{},
		},
		{
			name: "deleteConversation answered with no body",
			call: func(c *botpress.Client) (any, error) {
				return c.DeleteConversation(ctx, &botpress.DeleteConversationInput{ID: "conv_1"})
			},
			status:  204,
			want:    ctRequest{Method: "DELETE", Path: "/v1/chat/conversations/conv_1"},
			wantOut: &botpress.DeleteConversationOutput{},
		},
		{
			name: "callAction with free-form input and output",
			call: func(c *botpress.Client) (any, error) {
				return c.CallAction(ctx, &botpress.CallActionInput{Type: "slack:sendMessage", Input: map[string]any{"channel": "#general", "blocks": []any{map[string]any{"n": 1}}}})
			},
			status: 200,
			resp:   `{"output":{"ok":true,"ts":"1700000000.0001","n":3},"meta":{"cached":true}}`,
			want:   ctRequest{Method: "POST", Path: "/v1/chat/actions", Body: `{"type":"slack:sendMessage","input":{"blocks":[{"n":1}],"channel":"#general"}}`},
			wantOut: &botpress.CallActionOutput{
				Output: map[string]any{"ok": true, "ts": "1700000000.0001", "n": float64(3)},
				Meta:   botpress.CallActionOutputMeta{Cached: true},
			},
		},
		{
			name: "copyFile sends its header parameter",
			call: func(c *botpress.Client) (any, error) {
				return c.CopyFile(ctx, &botpress.CopyFileInput{IDOrKey: "docs/a.txt", DestinationKey: "b.txt", DestinationBotID: botpress.Ptr("bot_2"), Overwrite: botpress.Ptr(true)})
			},
			status:     200,
			resp:       `{"file":` + strings.Replace(ctFileJSON, "%s", "7", 1) + `}`,
			want:       ctRequest{Method: "POST", Path: "/v1/files/docs%2Fa.txt/b.txt", Body: `{"overwrite":true}`},
			wantHeader: map[string]string{"X-Destination-Bot-Id": "bot_2"},
			wantOut:    &botpress.CopyFileOutput{File: ctFile(botpress.NewNullable(7.0))},
		},
		{
			name: "copyFile without its optional header",
			call: func(c *botpress.Client) (any, error) {
				return c.CopyFile(ctx, &botpress.CopyFileInput{IDOrKey: "a", DestinationKey: "b"})
			},
			status:     200,
			resp:       `{"file":` + strings.Replace(ctFileJSON, "%s", "7", 1) + `}`,
			want:       ctRequest{Method: "POST", Path: "/v1/files/a/b", Body: `{}`},
			wantHeader: map[string]string{"X-Destination-Bot-Id": ""},
			wantOut:    &botpress.CopyFileOutput{File: ctFile(botpress.NewNullable(7.0))},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newCTServer(t, ctReply(tt.status, tt.resp))
			out, err := tt.call(ctClient(srv))
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if diff := cmp.Diff(tt.wantOut, out, ctCmpOpts); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
			reqs := srv.requests()
			if len(reqs) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(reqs))
			}
			got := reqs[0]
			h := got.Header
			got.Header = nil
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
			wantHeader := map[string]string{
				"Authorization": "Bearer " + ctToken,
				"Accept":        "application/json",
				"User-Agent":    "bpgen-botpress",
				"Content-Type":  "",
			}
			if tt.want.Body != "" {
				wantHeader["Content-Type"] = "application/json"
			}
			for k, v := range tt.wantHeader {
				wantHeader[k] = v
			}
			for k, want := range wantHeader {
				if got := strings.Join(h.Values(k), ", "); got != want {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

// TestClientRejectsEmptyPathParameter checks that an empty id is refused
// before anything is sent, since it would address another resource.
func TestClientRejectsEmptyPathParameter(t *testing.T) {
	srv := newCTServer(t, ctReply(200, `{}`))
	c := ctClient(srv)
	_, err := c.GetConversation(context.Background(), &botpress.GetConversationInput{})
	if err == nil || !strings.Contains(err.Error(), "id") {
		t.Fatalf("GetConversation with empty id: err = %v, want an error naming the parameter", err)
	}
	_, err = c.DeleteConversation(context.Background(), nil)
	if err == nil {
		t.Fatal("DeleteConversation(nil): no error")
	}
	if n := len(srv.requests()); n != 0 {
		t.Fatalf("server saw %d requests, want 0", n)
	}
}

// TestClientIdentityHeaders checks the identity headers, token and base URL
// from options and from the environment, and that options win.
func TestClientIdentityHeaders(t *testing.T) {
	envs := []string{"BP_API_URL", "BP_TOKEN", "BP_BOT_ID", "BP_INTEGRATION_ID", "BP_WORKSPACE_ID"}
	headers := []string{"Authorization", "X-Bot-Id", "X-Integration-Id", "X-Integration-Alias", "X-Workspace-Id", "X-Custom"}
	tests := []struct {
		name string
		env  map[string]string // "BP_API_URL" set to "srv" means the server's URL
		opts []botpress.Option
		want map[string]string // every header of headers; "" = absent
	}{
		{
			name: "nothing configured",
			opts: []botpress.Option{},
			want: map[string]string{},
		},
		{
			name: "options",
			opts: []botpress.Option{
				botpress.WithToken("opt-token"), botpress.WithBotID("bot_opt"), botpress.WithIntegrationID("int_opt"),
				botpress.WithIntegrationAlias("alias_opt"), botpress.WithWorkspaceID("ws_opt"), botpress.WithHeader("x-custom", "c1"),
			},
			want: map[string]string{
				"Authorization": "Bearer opt-token", "X-Bot-Id": "bot_opt", "X-Integration-Id": "int_opt",
				"X-Integration-Alias": "alias_opt", "X-Workspace-Id": "ws_opt", "X-Custom": "c1",
			},
		},
		{
			name: "environment",
			env: map[string]string{"BP_API_URL": "srv", "BP_TOKEN": "env-token", "BP_BOT_ID": "bot_env",
				"BP_INTEGRATION_ID": "int_env", "BP_WORKSPACE_ID": "ws_env"},
			want: map[string]string{
				"Authorization": "Bearer env-token", "X-Bot-Id": "bot_env", "X-Integration-Id": "int_env", "X-Workspace-Id": "ws_env",
			},
		},
		{
			name: "options win over the environment",
			env: map[string]string{"BP_API_URL": "http://127.0.0.1:1", "BP_TOKEN": "env-token", "BP_BOT_ID": "bot_env",
				"BP_INTEGRATION_ID": "int_env", "BP_WORKSPACE_ID": "ws_env"},
			opts: []botpress.Option{botpress.WithToken("opt-token"), botpress.WithBotID("bot_opt"), botpress.WithWorkspaceID("ws_opt")},
			want: map[string]string{
				"Authorization": "Bearer opt-token", "X-Bot-Id": "bot_opt", "X-Integration-Id": "int_env", "X-Workspace-Id": "ws_opt",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newCTServer(t, ctReply(200, `{"conversation":`+ctConversationJSON+`}`))
			for _, k := range envs {
				v := tt.env[k]
				if v == "srv" {
					v = srv.URL
				}
				t.Setenv(k, v)
			}
			opts := []botpress.Option{botpress.WithRetryPolicy(botpress.NoRetry())}
			if tt.env["BP_API_URL"] != "srv" {
				opts = append(opts, botpress.WithBaseURL(srv.URL))
			}
			c := botpress.NewClient(append(opts, tt.opts...)...)
			if _, err := c.GetConversation(context.Background(), &botpress.GetConversationInput{ID: "c1"}); err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := srv.requests()
			if len(reqs) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(reqs))
			}
			for _, k := range headers {
				if got := strings.Join(reqs[0].Header.Values(k), ", "); got != tt.want[k] {
					t.Errorf("header %s = %q, want %q", k, got, tt.want[k])
				}
			}
		})
	}
}

// TestClientDefaultTimeout checks the spec's 60s default per-call timeout,
// WithTimeout, and that an earlier caller deadline wins.
func TestClientDefaultTimeout(t *testing.T) {
	tests := []struct {
		name    string
		opts    []botpress.Option
		ctx     time.Duration // caller deadline; 0 = none
		wantMin time.Duration // bounds of the request's deadline, from the call's start
		wantMax time.Duration
		none    bool // no deadline at all
	}{
		{name: "default is 60s", wantMin: 59 * time.Second, wantMax: 60 * time.Second},
		{name: "WithTimeout", opts: []botpress.Option{botpress.WithTimeout(5 * time.Second)}, wantMin: 4 * time.Second, wantMax: 5 * time.Second},
		{name: "WithTimeout(0) means none", opts: []botpress.Option{botpress.WithTimeout(0)}, none: true},
		{name: "earlier caller deadline wins", ctx: 2 * time.Second, wantMin: time.Second, wantMax: 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newCTServer(t, ctReply(200, `{}`))
			var (
				deadline time.Time
				has      bool
			)
			spy := func(next http.RoundTripper) http.RoundTripper {
				return botpress.RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
					deadline, has = r.Context().Deadline()
					return next.RoundTrip(r)
				})
			}
			c := ctClient(srv, append([]botpress.Option{botpress.WithMiddleware(spy)}, tt.opts...)...)
			ctx := context.Background()
			if tt.ctx > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctx)
				defer cancel()
			}
			start := time.Now()
			if _, err := c.DeleteConversation(ctx, &botpress.DeleteConversationInput{ID: "c"}); err != nil {
				t.Fatal(err)
			}
			if tt.none {
				if has {
					t.Fatalf("request has deadline %v, want none", deadline)
				}
				return
			}
			if !has {
				t.Fatal("request has no deadline")
			}
			// The deadline is set while the call runs, so allow for its duration.
			if d, slack := deadline.Sub(start), time.Since(start); d < tt.wantMin || d > tt.wantMax+slack {
				t.Fatalf("deadline is %v after the call started, want within [%v, %v]", d, tt.wantMin, tt.wantMax+slack)
			}
		})
	}
}

// TestClientTimeoutExpires checks that a slow server makes the call fail
// with context.DeadlineExceeded once WithTimeout elapses.
func TestClientTimeoutExpires(t *testing.T) {
	release := make(chan struct{})
	srv := newCTServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	c := ctClient(srv, botpress.WithTimeout(50*time.Millisecond), botpress.WithRetryPolicy(botpress.RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond}))
	start := time.Now()
	_, err := c.GetConversation(context.Background(), &botpress.GetConversationInput{ID: "slow"})
	elapsed := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if elapsed > 2*time.Second {
		t.Fatalf("call took %v, want about 50ms", elapsed)
	}
	if n := len(srv.requests()); n != 1 {
		t.Fatalf("server saw %d requests, want 1 (the call's time limit covers retries)", n)
	}
	if strings.Contains(err.Error(), ctToken) {
		t.Fatalf("error contains the token: %v", err)
	}
}

// TestClientDecodeError checks that an undecodable 2xx body is reported with
// the status and an excerpt.
func TestClientDecodeError(t *testing.T) {
	srv := newCTServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, "<html>proxy login</html>")
	})
	_, err := ctClient(srv).GetConversation(context.Background(), &botpress.GetConversationInput{ID: "c"})
	var de *botpress.ResponseDecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %T %v, want *ResponseDecodeError", err, err)
	}
	want := botpress.ResponseDecodeError{StatusCode: 200, ContentType: "text/html", Excerpt: "<html>proxy login</html>"}
	got := *de
	got.Err = nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("decode error (-want +got):\n%s", diff)
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("err does not wrap the *json.SyntaxError: %v", err)
	}
}
