package rt

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

type pagerTestOutput struct {
	Items []int
	Next  string
	Page  int
}

// pagerTestAPI serves n items, pageSize per page, with the offset as the page token.
type pagerTestAPI struct {
	n, pageSize int
	fetches     int
	tokens      []string
	failOn      int // fail the fetch with this 1-based number; 0 = never
}

var errPagerTest = errors.New("page failed")

func (a *pagerTestAPI) fetch(ctx context.Context, token string) (*pagerTestOutput, []int, string, error) {
	a.fetches++
	a.tokens = append(a.tokens, token)
	if a.fetches == a.failOn {
		return nil, nil, "", errPagerTest
	}
	start := 0
	if token != "" {
		var err error
		if start, err = strconv.Atoi(token); err != nil {
			return nil, nil, "", err
		}
	}
	end := min(start+a.pageSize, a.n)
	items := make([]int, 0, end-start)
	for i := start; i < end; i++ {
		items = append(items, i)
	}
	next := ""
	if end < a.n {
		next = strconv.Itoa(end)
	}
	return &pagerTestOutput{Items: items, Next: next, Page: a.fetches}, items, next, nil
}

func (a *pagerTestAPI) pager() *Pager[pagerTestOutput, int] {
	return NewPager(a.fetch)
}

// pagerWantFetches is the number of requests a full listing of n items takes: an empty
// list still takes one.
func pagerWantFetches(n, pageSize int) int {
	return max(1, (n+pageSize-1)/pageSize)
}

func TestPagerAll(t *testing.T) {
	for _, n := range []int{0, 1, 20, 21, 1000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			api := &pagerTestAPI{n: n, pageSize: 20}
			var got []int
			for item, err := range api.pager().All(context.Background()) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, item)
			}
			if len(got) != n {
				t.Fatalf("%d items, want %d", len(got), n)
			}
			for i, v := range got {
				if v != i {
					t.Fatalf("item %d = %d: items out of order or repeated", i, v)
				}
			}
			if want := pagerWantFetches(n, 20); api.fetches != want {
				t.Errorf("%d fetches, want %d", api.fetches, want)
			}
		})
	}
}

func TestPagerPages(t *testing.T) {
	api := &pagerTestAPI{n: 45, pageSize: 20}
	var sizes []int
	var nexts []string
	for page, err := range api.pager().Pages(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if page.Output == nil || page.Output.Next != page.NextToken || !slices.Equal(page.Output.Items, page.Items) {
			t.Fatalf("page %+v does not match its output", page)
		}
		sizes = append(sizes, len(page.Items))
		nexts = append(nexts, page.NextToken)
	}
	if !slices.Equal(sizes, []int{20, 20, 5}) || !slices.Equal(nexts, []string{"20", "40", ""}) {
		t.Errorf("sizes %v, tokens %q", sizes, nexts)
	}
	if !slices.Equal(api.tokens, []string{"", "20", "40"}) {
		t.Errorf("requested tokens %q", api.tokens)
	}
}

func TestPagerEarlyBreak(t *testing.T) {
	tests := []struct {
		name      string
		stopAfter int // items read before breaking
		fetches   int
	}{
		{"first item", 1, 1},
		{"end of first page", 20, 1},
		{"start of second page", 21, 2},
		{"middle of third page", 50, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &pagerTestAPI{n: 1000, pageSize: 20}
			read := 0
			for _, err := range api.pager().All(context.Background()) {
				if err != nil {
					t.Fatal(err)
				}
				read++
				if read == tt.stopAfter {
					break
				}
			}
			if api.fetches != tt.fetches {
				t.Errorf("%d fetches after breaking at item %d, want %d", api.fetches, tt.stopAfter, tt.fetches)
			}
		})
	}
	t.Run("pages", func(t *testing.T) {
		api := &pagerTestAPI{n: 1000, pageSize: 20}
		for range api.pager().Pages(context.Background()) {
			break
		}
		if api.fetches != 1 {
			t.Errorf("%d fetches, want 1", api.fetches)
		}
	})
}

func TestPagerError(t *testing.T) {
	for _, k := range []int{1, 2, 5} {
		t.Run(fmt.Sprint("page ", k), func(t *testing.T) {
			api := &pagerTestAPI{n: 1000, pageSize: 20, failOn: k}
			items, errs := 0, 0
			for item, err := range api.pager().All(context.Background()) {
				if err != nil {
					errs++
					if !errors.Is(err, errPagerTest) || item != 0 {
						t.Errorf("yielded (%d, %v), want (0, errPagerTest)", item, err)
					}
					continue // the iterator must end by itself
				}
				items++
			}
			if errs != 1 || items != (k-1)*20 || api.fetches != k {
				t.Errorf("errors %d, items %d, fetches %d; want 1, %d, %d", errs, items, api.fetches, (k-1)*20, k)
			}
		})
	}
}

func TestPagerResume(t *testing.T) {
	api := &pagerTestAPI{n: 100, pageSize: 20}
	p := api.pager()
	var token string
	for page, err := range p.Pages(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		token = page.NextToken
		break
	}
	resumed := p.From(token)
	got, err := resumed.Collect(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 80 || got[0] != 20 || got[79] != 99 {
		t.Errorf("resumed listing has %d items from %d", len(got), got[0])
	}
	// From returns a copy: the original still starts at the beginning.
	all, err := p.Collect(context.Background(), 0)
	if err != nil || len(all) != 100 || all[0] != 0 {
		t.Errorf("original pager: %d items, err %v", len(all), err)
	}
}

func TestPagerCollect(t *testing.T) {
	tests := []struct {
		n, limit, want, fetches int
	}{
		{1000, 0, 1000, 50},
		{1000, -1, 1000, 50},
		{1000, 25, 25, 2},
		{1000, 20, 20, 1},
		{1000, 1, 1, 1},
		{10, 25, 10, 1},
		{0, 0, 0, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d items limit %d", tt.n, tt.limit), func(t *testing.T) {
			api := &pagerTestAPI{n: tt.n, pageSize: 20}
			got, err := api.pager().Collect(context.Background(), tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want || api.fetches != tt.fetches {
				t.Errorf("%d items in %d fetches, want %d in %d", len(got), api.fetches, tt.want, tt.fetches)
			}
			for i, v := range got {
				if v != i {
					t.Fatalf("item %d = %d", i, v)
				}
			}
		})
	}
}

func TestPagerCollectError(t *testing.T) {
	api := &pagerTestAPI{n: 1000, pageSize: 20, failOn: 3}
	got, err := api.pager().Collect(context.Background(), 0)
	if !errors.Is(err, errPagerTest) || len(got) != 40 {
		t.Errorf("got %d items, err %v; want 40 and errPagerTest", len(got), err)
	}
}

func TestPagerContextCancelled(t *testing.T) {
	t.Run("before start", func(t *testing.T) {
		api := &pagerTestAPI{n: 100, pageSize: 20}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := api.pager().Collect(ctx, 0)
		if !errors.Is(err, context.Canceled) || api.fetches != 0 {
			t.Errorf("err %v after %d fetches, want context.Canceled after 0", err, api.fetches)
		}
	})
	t.Run("between pages", func(t *testing.T) {
		api := &pagerTestAPI{n: 100, pageSize: 20}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		items, errs := 0, 0
		for _, err := range api.pager().All(ctx) {
			if err != nil {
				errs++
				if !errors.Is(err, context.Canceled) {
					t.Errorf("err = %v", err)
				}
				continue
			}
			items++
			if items == 30 {
				cancel()
			}
		}
		if items != 40 || errs != 1 || api.fetches != 2 {
			t.Errorf("items %d, errors %d, fetches %d; want 40, 1, 2", items, errs, api.fetches)
		}
	})
}

func TestPagerRepeatedToken(t *testing.T) {
	fetches := 0
	p := NewPager(func(ctx context.Context, token string) (*pagerTestOutput, []int, string, error) {
		fetches++
		return &pagerTestOutput{}, []int{fetches}, "same", nil
	})
	var items []int
	var errs []error
	for item, err := range p.All(context.Background()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, item)
	}
	if len(errs) != 1 || fetches != 2 || !slices.Equal(items, []int{1, 2}) {
		t.Errorf("items %v, errors %v, fetches %d; want [1 2], one error, 2 fetches", items, errs, fetches)
	}
}

func TestPagerReiterable(t *testing.T) {
	api := &pagerTestAPI{n: 30, pageSize: 20}
	seq := api.pager().All(context.Background())
	for range 2 {
		n := 0
		for _, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != 30 {
			t.Errorf("iteration gave %d items, want 30", n)
		}
	}
}

type pagerBenchItem struct {
	ID    string
	Name  string
	Count int
}

// BenchmarkPagerAll walks 100,000 items over 5,000 pages. Each fetch allocates a fresh
// page, as JSON decoding would. It reports allocations per item and the peak heap in
// use, sampled every 500 pages, which must stay flat however many pages are read. The
// "direct" variant calls fetch in a plain loop, to show what the Pager itself adds.
func BenchmarkPagerAll(b *testing.B) {
	const pages, pageSize = 5000, 20
	var peak uint64
	fetch := func(ctx context.Context, token string) (*pagerTestOutput, []pagerBenchItem, string, error) {
		n := 0
		if token != "" {
			n, _ = strconv.Atoi(token)
		}
		if n%500 == 0 {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		items := make([]pagerBenchItem, pageSize)
		for i := range items {
			items[i] = pagerBenchItem{ID: "item", Name: "name", Count: n*pageSize + i}
		}
		next := ""
		if n+1 < pages {
			next = strconv.Itoa(n + 1)
		}
		return &pagerTestOutput{Next: next}, items, next, nil
	}
	walks := map[string]func(ctx context.Context) int{
		"pager": func(ctx context.Context) int {
			sum := 0
			for item, err := range NewPager(fetch).All(ctx) {
				if err != nil {
					b.Fatal(err)
				}
				sum += item.Count
			}
			return sum
		},
		"direct": func(ctx context.Context) int {
			sum := 0
			for token := ""; ; {
				_, items, next, err := fetch(ctx, token)
				if err != nil {
					b.Fatal(err)
				}
				for _, item := range items {
					sum += item.Count
				}
				if next == "" {
					return sum
				}
				token = next
			}
		},
	}
	for _, name := range []string{"pager", "direct"} {
		walk := walks[name]
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			peak = 0
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			b.ReportAllocs()
			for b.Loop() {
				if got, want := walk(ctx), pages*pageSize*(pages*pageSize-1)/2; got != want {
					b.Fatalf("sum %d, want %d", got, want)
				}
			}
			runtime.ReadMemStats(&after)
			items := float64(b.N) * pages * pageSize
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/items, "allocs/item")
			b.ReportMetric(float64(peak), "peak-heap-bytes")
		})
	}
}

// A server cycling through tokens (a, b, a, ...) or answering empty pages
// forever cannot make a walk endless.
func TestPagerHostileServers(t *testing.T) {
	cycle := NewPager(func(ctx context.Context, token string) (*pagerTestOutput, []int, string, error) {
		return &pagerTestOutput{}, []int{1}, map[string]string{"": "a", "a": "b", "b": "a"}[token], nil
	})
	fetches := 0
	emptyPages := NewPager(func(ctx context.Context, token string) (*pagerTestOutput, []int, string, error) {
		fetches++
		return &pagerTestOutput{}, nil, fmt.Sprint("t", fetches), nil
	})
	for name, p := range map[string]*Pager[pagerTestOutput, int]{"cycle": cycle, "empty": emptyPages} {
		var errs []error
		for _, err := range p.All(context.Background()) {
			if err != nil {
				errs = append(errs, err)
			}
		}
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), "pagination stopped") {
			t.Errorf("%s: errors %v, want one that stops the walk", name, errs)
		}
	}
	if fetches != pagerMaxEmpty {
		t.Errorf("empty pages fetched %d times, want %d", fetches, pagerMaxEmpty)
	}
}
