package botpress_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/bpgen/bpgen/gen/botpress"
)

const pageSize = 20

// pagedMessages serves listMessages over n messages, pageSize per page. The
// page token is "p<offset>". failAt, when positive, makes request number
// failAt (1-based) answer 500 Internal.
type pagedMessages struct {
	n        int
	failAt   int
	requests atomic.Int64
	mu       sync.Mutex
	tokens   []string // tokens received, in order ("" for none)
}

func (p *pagedMessages) sentTokens() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.tokens)
}

func (p *pagedMessages) serve(t testing.TB) *ctServer {
	return newCTServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		p.requests.Add(1)
		q := r.URL.Query()
		p.mu.Lock()
		p.tokens = append(p.tokens, q.Get("nextToken"))
		p.mu.Unlock()
		if r.Method != http.MethodGet || r.URL.Path != "/v1/chat/messages" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		if p.failAt > 0 && n+1 == p.failAt {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, `{"id":"err_20240101120000x0000000F","code":500,"type":"Internal","message":"page failed"}`)
			return
		}
		off := 0
		if tok := q.Get("nextToken"); tok != "" {
			v, err := strconv.Atoi(strings.TrimPrefix(tok, "p"))
			if err != nil || !strings.HasPrefix(tok, "p") {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			off = v
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, messagesPage(off, min(off+pageSize, p.n), p.n, q.Get("conversationId")))
	})
}

// messagesPage renders messages [from, to) of total, with meta.nextToken
// unless to is the end.
func messagesPage(from, to, total int, conv string) string {
	var b strings.Builder
	b.WriteString(`{"messages":[`)
	for i := from; i < to; i++ {
		if i > from {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"msg_%05d","createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-01T00:00:00Z","type":"text","payload":{"text":"hello %d"},"direction":"incoming","userId":"user_1","conversationId":%q,"tags":{}}`, i, i, conv)
	}
	b.WriteString(`],"meta":{`)
	if to < total {
		fmt.Fprintf(&b, `"nextToken":"p%d"`, to)
	}
	b.WriteString(`}}`)
	return b.String()
}

func msgIDs(from, to int) []string {
	ids := []string{}
	for i := from; i < to; i++ {
		ids = append(ids, fmt.Sprintf("msg_%05d", i))
	}
	return ids
}

func pagesFor(n int) int {
	return max(1, (n+pageSize-1)/pageSize)
}

// TestPagerAll checks that every item is yielded once, in order, with one
// request per page, and that Pages agrees.
func TestPagerAll(t *testing.T) {
	for _, n := range []int{0, 1, 20, 21, 1000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			ps := &pagedMessages{n: n}
			c := ctClient(ps.serve(t))
			in := &botpress.ListMessagesInput{ConversationID: botpress.Ptr("conv_1")}
			got := []string{}
			for m, err := range c.ListMessagesPager(in).All(context.Background()) {
				if err != nil {
					t.Fatal(err)
				}
				if m.ConversationID != "conv_1" || m.Payload["text"] != fmt.Sprintf("hello %d", len(got)) || m.Direction != botpress.MessageDirectionIncoming {
					t.Fatalf("item %d decoded wrongly: %+v", len(got), m)
				}
				got = append(got, m.ID)
			}
			if diff := cmp.Diff(msgIDs(0, n), got); diff != "" {
				t.Fatalf("items (-want +got):\n%s", diff)
			}
			if r := int(ps.requests.Load()); r != pagesFor(n) {
				t.Fatalf("requests = %d, want %d", r, pagesFor(n))
			}
			wantTokens := []string{""}
			for off := pageSize; off < n; off += pageSize {
				wantTokens = append(wantTokens, "p"+strconv.Itoa(off))
			}
			if diff := cmp.Diff(wantTokens, ps.sentTokens()); diff != "" {
				t.Fatalf("tokens sent (-want +got):\n%s", diff)
			}

			// Pages: same items, NextToken mirrors meta.nextToken.
			ps.requests.Store(0)
			var pages int
			got = got[:0]
			for page, err := range c.ListMessagesPager(in).Pages(context.Background()) {
				if err != nil {
					t.Fatal(err)
				}
				pages++
				meta := ""
				if page.Output.Meta.NextToken != nil {
					meta = *page.Output.Meta.NextToken
				}
				if page.NextToken != meta {
					t.Fatalf("page %d: NextToken %q, meta.nextToken %q", pages, page.NextToken, meta)
				}
				if len(page.Items) != len(page.Output.Messages) {
					t.Fatalf("page %d: %d items, output has %d", pages, len(page.Items), len(page.Output.Messages))
				}
				for _, m := range page.Items {
					got = append(got, m.ID)
				}
			}
			if pages != pagesFor(n) || int(ps.requests.Load()) != pages {
				t.Fatalf("pages = %d, requests = %d, want %d", pages, ps.requests.Load(), pagesFor(n))
			}
			if diff := cmp.Diff(msgIDs(0, n), got); diff != "" {
				t.Fatalf("items via Pages (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPagerEarlyBreak checks that breaking out of the loop stops the requests
// at the page being read.
func TestPagerEarlyBreak(t *testing.T) {
	tests := []struct {
		stopAfter    int // items read before breaking
		wantRequests int
	}{
		{1, 1},
		{20, 1},
		{21, 2},
		{25, 2},
		{40, 2},
		{41, 3},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.stopAfter), func(t *testing.T) {
			ps := &pagedMessages{n: 1000}
			c := ctClient(ps.serve(t))
			var got []string
			for m, err := range c.ListMessagesPager(nil).All(context.Background()) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, m.ID)
				if len(got) == tt.stopAfter {
					break
				}
			}
			if diff := cmp.Diff(msgIDs(0, tt.stopAfter), got); diff != "" {
				t.Fatalf("items (-want +got):\n%s", diff)
			}
			if r := int(ps.requests.Load()); r != tt.wantRequests {
				t.Fatalf("requests = %d, want %d", r, tt.wantRequests)
			}
		})
	}
}

// TestPagerError checks that an error on page k is yielded once, after the
// items of the earlier pages, and ends the iteration.
func TestPagerError(t *testing.T) {
	for _, k := range []int{1, 2, 3} {
		t.Run(strconv.Itoa(k), func(t *testing.T) {
			ps := &pagedMessages{n: 1000, failAt: k}
			c := ctClient(ps.serve(t))
			var (
				got  []string
				errs []error
			)
			for m, err := range c.ListMessagesPager(nil).All(context.Background()) {
				if err != nil {
					if m.ID != "" {
						t.Errorf("error yielded with item %q", m.ID)
					}
					errs = append(errs, err)
					continue // keep going: the pager must end by itself
				}
				got = append(got, m.ID)
			}
			if diff := cmp.Diff(msgIDs(0, (k-1)*pageSize), got, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("items (-want +got):\n%s", diff)
			}
			if len(errs) != 1 {
				t.Fatalf("errors yielded = %d (%v), want 1", len(errs), errs)
			}
			var ie *botpress.InternalError
			if !errors.As(errs[0], &ie) || ie.ErrorMessage() != "page failed" {
				t.Fatalf("error = %v, want the page's InternalError", errs[0])
			}
			if r := int(ps.requests.Load()); r != k {
				t.Fatalf("requests = %d, want %d", r, k)
			}

			// Collect returns the items so far with the error.
			ps2 := &pagedMessages{n: 1000, failAt: k}
			items, err := ctClient(ps2.serve(t)).ListMessagesPager(nil).Collect(context.Background(), 0)
			if !errors.Is(err, botpress.ErrInternal) || len(items) != (k-1)*pageSize {
				t.Fatalf("Collect = %d items, %v; want %d items and the error", len(items), err, (k-1)*pageSize)
			}
		})
	}
}

// TestPagerResume checks that iteration can start from a saved token, given
// either to From or as the input's NextToken.
func TestPagerResume(t *testing.T) {
	const n = 100
	tests := []struct {
		name  string
		pager func(c *botpress.Client) *botpress.Pager[botpress.ListMessagesOutput, botpress.Message]
		from  int
	}{
		{"From", func(c *botpress.Client) *botpress.Pager[botpress.ListMessagesOutput, botpress.Message] {
			return c.ListMessagesPager(nil).From("p40")
		}, 40},
		{"input NextToken", func(c *botpress.Client) *botpress.Pager[botpress.ListMessagesOutput, botpress.Message] {
			return c.ListMessagesPager(&botpress.ListMessagesInput{NextToken: botpress.Ptr("p60")})
		}, 60},
		{"From wins over input", func(c *botpress.Client) *botpress.Pager[botpress.ListMessagesOutput, botpress.Message] {
			return c.ListMessagesPager(&botpress.ListMessagesInput{NextToken: botpress.Ptr("p60")}).From("p80")
		}, 80},
		{"From empty restarts", func(c *botpress.Client) *botpress.Pager[botpress.ListMessagesOutput, botpress.Message] {
			return c.ListMessagesPager(&botpress.ListMessagesInput{NextToken: botpress.Ptr("p60")}).From("")
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := &pagedMessages{n: n}
			c := ctClient(ps.serve(t))
			items, err := tt.pager(c).Collect(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range items {
				got = append(got, m.ID)
			}
			if diff := cmp.Diff(msgIDs(tt.from, n), got); diff != "" {
				t.Fatalf("items (-want +got):\n%s", diff)
			}
			if r := int(ps.requests.Load()); r != (n-tt.from)/pageSize {
				t.Fatalf("requests = %d, want %d", r, (n-tt.from)/pageSize)
			}
		})
	}

	t.Run("saved NextToken", func(t *testing.T) {
		ps := &pagedMessages{n: n}
		c := ctClient(ps.serve(t))
		var saved string
		for page, err := range c.ListMessagesPager(nil).Pages(context.Background()) {
			if err != nil {
				t.Fatal(err)
			}
			saved = page.NextToken
			break
		}
		rest, err := c.ListMessagesPager(nil).From(saved).Collect(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(rest) != n-pageSize || rest[0].ID != "msg_00020" {
			t.Fatalf("resumed at %q with %d items, want msg_00020 and %d", rest[0].ID, len(rest), n-pageSize)
		}
	})
}

// TestPagerCollect checks Collect with and without a limit.
func TestPagerCollect(t *testing.T) {
	tests := []struct {
		n, limit     int
		wantItems    int
		wantRequests int
	}{
		{0, 0, 0, 1},
		{45, 0, 45, 3},
		{45, -1, 45, 3},
		{45, 1, 1, 1},
		{45, 20, 20, 1},
		{45, 25, 25, 2},
		{45, 45, 45, 3},
		{45, 100, 45, 3},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("n=%d limit=%d", tt.n, tt.limit), func(t *testing.T) {
			ps := &pagedMessages{n: tt.n}
			c := ctClient(ps.serve(t))
			items, err := c.ListMessagesPager(nil).Collect(context.Background(), tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, m := range items {
				got = append(got, m.ID)
			}
			if diff := cmp.Diff(msgIDs(0, tt.wantItems), got); diff != "" {
				t.Fatalf("items (-want +got):\n%s", diff)
			}
			if r := int(ps.requests.Load()); r != tt.wantRequests {
				t.Fatalf("requests = %d, want %d", r, tt.wantRequests)
			}
		})
	}
}

// TestPagerInputNotMutated checks that the caller's input is left as it was.
func TestPagerInputNotMutated(t *testing.T) {
	ps := &pagedMessages{n: 60}
	c := ctClient(ps.serve(t))
	for _, start := range []*string{nil, botpress.Ptr("p20")} {
		in := &botpress.ListMessagesInput{NextToken: start, ConversationID: botpress.Ptr("conv_1"), Tags: map[string]string{"k": "v"}}
		want := &botpress.ListMessagesInput{NextToken: start, ConversationID: botpress.Ptr("conv_1"), Tags: map[string]string{"k": "v"}}
		var startVal string
		if start != nil {
			startVal = *start
		}
		p := c.ListMessagesPager(in)
		for range 2 { // a Pager may be iterated again
			if _, err := p.Collect(context.Background(), 0); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(want, in); diff != "" {
			t.Errorf("input changed (-want +got):\n%s", diff)
		}
		if in.NextToken != start || (start != nil && *start != startVal) {
			t.Errorf("input NextToken changed: %v", in.NextToken)
		}
	}
}

// TestPagerContextCancel checks that cancelling ctx mid-iteration yields
// context.Canceled once, after the page already fetched, and stops fetching.
func TestPagerContextCancel(t *testing.T) {
	ps := &pagedMessages{n: 1000}
	c := ctClient(ps.serve(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		got  []string
		errs []error
	)
	for m, err := range c.ListMessagesPager(nil).All(ctx) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, m.ID)
		if len(got) == 30 {
			cancel()
		}
	}
	// The second page was already in memory when ctx ended.
	if diff := cmp.Diff(msgIDs(0, 40), got); diff != "" {
		t.Fatalf("items (-want +got):\n%s", diff)
	}
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Fatalf("errors = %v, want one context.Canceled", errs)
	}
	if r := ps.requests.Load(); r != 2 {
		t.Fatalf("requests = %d, want 2", r)
	}
}

// TestPagerRepeatedToken checks that a server returning the token it was
// given ends the iteration with an error instead of looping.
func TestPagerRepeatedToken(t *testing.T) {
	srv := newCTServer(t, ctReply(200, `{"messages":[{"id":"m"}],"meta":{"nextToken":"same"}}`))
	var (
		items int
		errs  []error
	)
	for _, err := range ctClient(srv).ListMessagesPager(nil).All(context.Background()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if items++; items > 10 {
			t.Fatal("the pager keeps requesting the same page")
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `"same"`) {
		t.Fatalf("errors = %v, want one repeated-token error", errs)
	}
	if items != 2 || len(srv.requests()) != 2 {
		t.Fatalf("items = %d, requests = %d, want 2 and 2", items, len(srv.requests()))
	}
}

// TestEveryPaginatedOperationHasAPager lists the paginated operations of the
// spec and checks the client's XPager methods against them, both ways. They
// are the GET operations with a nextToken query parameter and meta.nextToken
// in the response, plus getBotLogs and getIntegrationLogs, whose token is a
// top-level nextToken that the spec declares with x-bpgen-pagination.
func TestEveryPaginatedOperationHasAPager(t *testing.T) {
	want := map[string]string{ // method -> item type
		"GetAuditRecordsPager":        "AuditRecord",
		"GetBotLogsPager":             "LogEntry",
		"GetIntegrationLogsPager":     "LogEntry",
		"ListBotIssuesPager":          "Issue",
		"ListBotsPager":               "BotSummary",
		"ListConversationsPager":      "Conversation",
		"ListEventsPager":             "Event",
		"ListFilePassagesPager":       "Passage",
		"ListFileTagValuesPager":      "string",
		"ListFileTagsPager":           "string",
		"ListFilesPager":              "File",
		"ListIntegrationsPager":       "IntegrationSummary",
		"ListMessagesPager":           "Message",
		"ListParticipantsPager":       "User",
		"ListPublicIntegrationsPager": "PublicIntegrationSummary",
		"ListPublicWorkspacesPager":   "PublicWorkspace",
		"ListTagValuesPager":          "TagValue",
		"ListUsersPager":              "User",
		"ListWorkspaceMembersPager":   "WorkspaceMember",
		"ListWorkspacesPager":         "Workspace",
	}
	ct := reflect.TypeFor[*botpress.Client]()
	got := map[string]string{}
	for i := range ct.NumMethod() {
		m := ct.Method(i)
		if !strings.HasSuffix(m.Name, "Pager") {
			continue
		}
		op := strings.TrimSuffix(m.Name, "Pager")
		call, ok := ct.MethodByName(op)
		if !ok {
			t.Errorf("%s has no operation method %s", m.Name, op)
			continue
		}
		// func(*Client, *OpInput, ...RequestOption) *Pager[OpOutput, Item]
		ft := m.Type
		if ft.NumIn() != 3 || ft.In(1) != call.Type.In(2) || !ft.IsVariadic() || ft.In(2) != call.Type.In(3) || ft.NumOut() != 1 {
			t.Errorf("%s has signature %v, want func(*%sInput, ...RequestOption) *Pager[...]", m.Name, ft, op)
			continue
		}
		pager := ft.Out(0)
		all, ok := pager.MethodByName("All")
		if !ok || !strings.HasPrefix(pager.Elem().Name(), "Pager[") {
			t.Errorf("%s returns %v, not a Pager", m.Name, pager)
			continue
		}
		// All(ctx) iter.Seq2[Item, error]: the item type is the yield's first parameter.
		item := all.Type.Out(0).In(0).In(0)
		got[m.Name] = item.Name()
		if !strings.Contains(pager.String(), call.Type.Out(0).Elem().String()) {
			t.Errorf("%s returns %v, which does not page over %v", m.Name, pager, call.Type.Out(0).Elem())
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pager methods (-want +got):\n%s", diff)
	}
	if len(got) != 20 {
		t.Errorf("%d pager methods, want 20", len(got))
	}
}

// TestPagerMemoryFlat reads 5,000 pages through an in-process transport and
// checks that the live heap after 5,000 pages is no larger than after 1,000.
func TestPagerMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100,000 items")
	}
	c := botpress.NewClient(botpress.WithBaseURL("http://pages.invalid"), botpress.WithHTTPClient(&http.Client{Transport: newPageTransport(5000)}),
		botpress.WithRetryPolicy(botpress.NoRetry()))
	var heap1000, heap5000 uint64
	pages := 0
	for page, err := range c.ListMessagesPager(nil).Pages(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(page.Items) != pageSize {
			t.Fatalf("page %d has %d items", pages, len(page.Items))
		}
		switch pages {
		case 1000:
			heap1000 = liveHeap()
		case 5000:
			heap5000 = liveHeap()
		}
	}
	if pages != 5000 {
		t.Fatalf("pages = %d, want 5000", pages)
	}
	t.Logf("live heap after 1,000 pages: %d B, after 5,000: %d B", heap1000, heap5000)
	// Retaining the 80,000 items read in between would take tens of MB.
	if heap5000 > heap1000+512<<10 {
		t.Fatalf("heap grew from %d B to %d B between page 1,000 and 5,000", heap1000, heap5000)
	}
}

// liveHeap returns the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
