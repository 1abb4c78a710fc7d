package botpress_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bpgen/bpgen/gen/botpress"
)

// createConversationResponse is a realistic 201 answer of createConversation.
var createConversationResponse = []byte(`{"conversation":{"id":"conv_01J2Z8Q4M6V7X9Y0A1B2C3D4E5","currentTaskId":"task_01J2Z8Q4M6V7X9Y0A1B2C3D4F6","createdAt":"2024-07-15T09:21:43.512Z","updatedAt":"2024-07-15T09:21:43.512Z","channel":"channel","integration":"telegram","tags":{"telegram:id":"1234567890","telegram:chatId":"-1001234567890","telegram:fromUserId":"987654321"}}}`)

// newCreateConversationServer answers every request with the fixed 201 body.
func newCreateConversationServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(createConversationResponse)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// hwConversation is what a hand-written client would declare.
type hwConversation struct {
	ID                string            `json:"id"`
	CurrentTaskID     *string           `json:"currentTaskId,omitempty"`
	CurrentWorkflowID *string           `json:"currentWorkflowId,omitempty"`
	CreatedAt         time.Time         `json:"createdAt"`
	UpdatedAt         time.Time         `json:"updatedAt"`
	Channel           string            `json:"channel"`
	Integration       string            `json:"integration"`
	Tags              map[string]string `json:"tags"`
}

type hwCreateConversationInput struct {
	Channel string            `json:"channel"`
	Tags    map[string]string `json:"tags"`
}

// hwCreateConversation is the hand-written equivalent of CreateConversation.
func hwCreateConversation(ctx context.Context, hc *http.Client, baseURL, token string, in *hwCreateConversationInput) (*hwConversation, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/v1/chat/conversations", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	var out struct {
		Conversation hwConversation `json:"conversation"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	return &out.Conversation, nil
}

// BenchmarkCreateConversation compares one createConversation call (request,
// round trip over loopback, decoding) through the generated client and
// through the hand-written code above, against the same server.
func BenchmarkCreateConversation(b *testing.B) {
	srv := newCreateConversationServer(b)
	ctx := context.Background()
	tags := map[string]string{"telegram:id": "1234567890", "telegram:chatId": "-1001234567890"}

	b.Run("generated", func(b *testing.B) {
		c := botpress.NewClient(botpress.WithBaseURL(srv.URL), botpress.WithToken(ctToken), botpress.WithHTTPClient(srv.Client()))
		in := &botpress.CreateConversationInput{Channel: "channel", Tags: tags}
		b.ReportAllocs()
		for b.Loop() {
			out, err := c.CreateConversation(ctx, in)
			if err != nil || out.Conversation.Integration != "telegram" {
				b.Fatal(out, err)
			}
		}
	})
	b.Run("handwritten", func(b *testing.B) {
		hc := srv.Client()
		in := &hwCreateConversationInput{Channel: "channel", Tags: tags}
		b.ReportAllocs()
		for b.Loop() {
			out, err := hwCreateConversation(ctx, hc, srv.URL, ctToken, in)
			if err != nil || out.Integration != "telegram" {
				b.Fatal(out, err)
			}
		}
	})
}

// fixedTransport answers every request in process with the createConversation
// 201 body, so that benchmarks see the client's own cost without sockets.
type fixedTransport struct{}

func (fixedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{
		StatusCode:    http.StatusCreated,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(createConversationResponse)),
		ContentLength: int64(len(createConversationResponse)),
		Request:       r,
	}, nil
}

// BenchmarkCreateConversationInProcess is BenchmarkCreateConversation over
// fixedTransport: without the loopback round trip, which dominates and varies
// with machine load, the difference between the two is the client's overhead.
func BenchmarkCreateConversationInProcess(b *testing.B) {
	ctx := context.Background()
	tags := map[string]string{"telegram:id": "1234567890", "telegram:chatId": "-1001234567890"}
	hc := &http.Client{Transport: fixedTransport{}}
	const base = "http://api.invalid"

	b.Run("generated", func(b *testing.B) {
		c := botpress.NewClient(botpress.WithBaseURL(base), botpress.WithToken(ctToken), botpress.WithHTTPClient(hc))
		in := &botpress.CreateConversationInput{Channel: "channel", Tags: tags}
		b.ReportAllocs()
		for b.Loop() {
			out, err := c.CreateConversation(ctx, in)
			if err != nil || out.Conversation.Integration != "telegram" {
				b.Fatal(out, err)
			}
		}
	})
	b.Run("handwritten", func(b *testing.B) {
		in := &hwCreateConversationInput{Channel: "channel", Tags: tags}
		b.ReportAllocs()
		for b.Loop() {
			out, err := hwCreateConversation(ctx, hc, base, ctToken, in)
			if err != nil || out.Integration != "telegram" {
				b.Fatal(out, err)
			}
		}
	})
}

// pageTransport is an in-process http.RoundTripper serving listMessages:
// pages pages of pageSize messages, with page tokens "p<index>". It avoids
// sockets so that the pager benchmark measures the client, not the kernel;
// it allocates a few small objects per page (response, body reader).
type pageTransport struct {
	pages  int
	items  []byte // `{"messages":[...20 items...],"meta":{`
	header http.Header
}

func newPageTransport(pages int) *pageTransport {
	s := messagesPage(0, pageSize, pageSize, "conv_1") // no token: ends with `"meta":{}}`
	return &pageTransport{
		pages:  pages,
		items:  []byte(strings.TrimSuffix(s, "}}")),
		header: http.Header{"Content-Type": {"application/json"}},
	}
}

// pageBody is items, then the meta's token and the closing braces.
type pageBody struct {
	items []byte
	tail  []byte
	buf   [32]byte
	off   int
}

func (b *pageBody) Read(p []byte) (int, error) {
	if b.off < len(b.items) {
		n := copy(p, b.items[b.off:])
		b.off += n
		return n, nil
	}
	i := b.off - len(b.items)
	if i >= len(b.tail) {
		return 0, io.EOF
	}
	n := copy(p, b.tail[i:])
	b.off += n
	return n, nil
}

func (b *pageBody) Close() error { return nil }

func (t *pageTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	page := 0
	if _, tok, ok := strings.Cut(r.URL.RawQuery, "nextToken=p"); ok {
		if i := strings.IndexByte(tok, '&'); i >= 0 {
			tok = tok[:i]
		}
		n, err := strconv.Atoi(tok)
		if err != nil {
			return nil, err
		}
		page = n
	}
	body := &pageBody{items: t.items}
	tail := body.buf[:0]
	if page+1 < t.pages {
		tail = append(tail, `"nextToken":"p`...)
		tail = strconv.AppendInt(tail, int64(page+1), 10)
		tail = append(tail, '"')
	}
	body.tail = append(tail, "}}"...)
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        t.header,
		Body:          body,
		ContentLength: int64(len(body.items) + len(body.tail)),
		Request:       r,
	}, nil
}

// BenchmarkPager iterates 100,000 messages over 5,000 pages of 20 through the
// generated ListMessagesPager, over the in-process pageTransport (no sockets).
//
// Metrics: allocs/item (client, decoding and pager, transport included),
// transport-allocs/item (the transport alone) and decode-allocs/item
// (json.Unmarshal of a page alone), which show what the client and pager add;
// peak-heap-B
// (largest HeapAlloc sampled every 100 pages), and heap-1000p-B and
// heap-5000p-B (live heap after a GC at page 1,000 and page 5,000).
func BenchmarkPager(b *testing.B) {
	const pages = 5000
	const items = pages * pageSize
	tr := newPageTransport(pages)
	c := botpress.NewClient(botpress.WithBaseURL("http://pages.invalid"), botpress.WithHTTPClient(&http.Client{Transport: tr}),
		botpress.WithRetryPolicy(botpress.NoRetry()))

	// The transport's own allocations, for reference.
	var ms runtime.MemStats
	req, _ := http.NewRequest(http.MethodGet, "http://pages.invalid/v1/chat/messages?nextToken=p1", nil)
	runtime.ReadMemStats(&ms)
	before := ms.Mallocs
	for range pages {
		resp, _ := tr.RoundTrip(req)
		_, _ = io.Copy(io.Discard, resp.Body)
	}
	runtime.ReadMemStats(&ms)
	transportAllocs := float64(ms.Mallocs-before) / items

	// Decoding one page with encoding/json alone, for reference.
	pageJSON := []byte(messagesPage(0, pageSize, pageSize+1, "conv_1"))
	decodeAllocs := testing.AllocsPerRun(100, func() {
		var out botpress.ListMessagesOutput
		if err := json.Unmarshal(pageJSON, &out); err != nil {
			b.Fatal(err)
		}
	}) / pageSize

	var mallocs, peak, heap1000, heap5000 uint64
	b.ResetTimer()
	for b.Loop() {
		runtime.ReadMemStats(&ms)
		start := ms.Mallocs
		n, p := 0, 0
		for page, err := range c.ListMessagesPager(nil).Pages(context.Background()) {
			if err != nil {
				b.Fatal(err)
			}
			n += len(page.Items)
			p++
			if p%100 == 0 {
				runtime.ReadMemStats(&ms) // does not allocate
				peak = max(peak, ms.HeapAlloc)
			}
			// The live heap while the iteration is under way, the page in hand.
			switch p {
			case 1000:
				b.StopTimer()
				heap1000 = liveHeap()
				b.StartTimer()
			case pages:
				b.StopTimer()
				heap5000 = liveHeap()
				b.StartTimer()
			}
		}
		runtime.ReadMemStats(&ms)
		mallocs += ms.Mallocs - start
		if n != items || p != pages {
			b.Fatalf("read %d items over %d pages, want %d over %d", n, p, items, pages)
		}
	}
	b.ReportMetric(float64(mallocs)/float64(b.N)/items, "allocs/item")
	b.ReportMetric(transportAllocs, "transport-allocs/item")
	b.ReportMetric(decodeAllocs, "decode-allocs/item")
	b.ReportMetric(float64(peak), "peak-heap-B")
	b.ReportMetric(float64(heap1000), "heap-1000p-B")
	b.ReportMetric(float64(heap5000), "heap-5000p-B")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/items, "ns/item")
}
