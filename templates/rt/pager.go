package rt

import (
	"context"
	"fmt"
	"iter"
)

// Page is one fetched page: its items, the full decoded response, and the token of the
// next page ("" on the last).
//
// Save NextToken to resume a listing later with Pager.From.
type Page[O any, T any] struct {
	// Items holds the page's items.
	Items []T
	// Output is the whole decoded response, for fields other than the items.
	Output *O
	// NextToken identifies the next page; it is empty on the last page.
	NextToken string
}

// Pager lazily walks a token-paginated list operation.
//
// Nothing is fetched until a method is called, and pages are then requested one at a
// time as the caller consumes them, so breaking out of a range loop stops the requests.
// Earlier pages are not retained: memory use does not grow with the length of the list.
// A Pager may be iterated several times; each iteration starts again from the
// beginning (or from the token given to From).
type Pager[O any, T any] struct {
	fetch func(ctx context.Context, token string) (*O, []T, string, error)
	start string
	// numbered: the token is an offset or a page number, which the fetch
	// can always advance; the walk ends on an empty page or on one shorter
	// than an earlier page instead.
	numbered bool
}

// NewPager returns a Pager over fetch, which requests the page identified by token ("" for
// the first) and returns the decoded response, its items and the next page's token ("" on
// the last page). Generated list methods build it; call it yourself to page through an
// operation in a custom way.
func NewPager[O any, T any](fetch func(ctx context.Context, token string) (out *O, items []T, next string, err error)) *Pager[O, T] {
	return &Pager[O, T]{fetch: fetch}
}

// From returns a copy of p that starts at the page identified by token, such as a
// NextToken saved from an earlier listing. p itself is unchanged.
func (p *Pager[O, T]) From(token string) *Pager[O, T] {
	cp := *p
	cp.start = token
	return &cp
}

// pagerMaxEmpty is how many empty pages in a row end a walk: some APIs answer an
// empty page with a next token (items filtered out server-side), but never without end.
const pagerMaxEmpty = 100

// Pages iterates over the pages, fetching each one when the loop asks for it.
//
// An error, including the end of ctx, is yielded once with a nil page and ends the
// iteration; so does a server that would make it loop forever: one that returns a page
// token it returned before, or pagerMaxEmpty empty pages in a row.
//
// When the token is an offset or a page number (the API's offset and page styles), an
// empty page is the last, and so is a page shorter than an earlier one: a server that
// caps the page size still answers full pages until the end.
func (p *Pager[O, T]) Pages(ctx context.Context) iter.Seq2[*Page[O, T], error] {
	return func(yield func(*Page[O, T], error) bool) { p.walk(ctx, yield) }
}

// walk calls each with every page, or once with the error that ends the walk, until
// each returns false. Pages, All and Collect share it so that each list operation's
// instantiation compiles one loop; the rules of the walk are in pageWalk, which is not
// generic and so compiled once for all of them.
func (p *Pager[O, T]) walk(ctx context.Context, each func(*Page[O, T], error) bool) {
	w := newPageWalk(p.start, p.numbered)
	for {
		if err := ctx.Err(); err != nil {
			each(nil, err)
			return
		}
		out, items, next, err := p.fetch(ctx, w.token)
		if err != nil {
			each(nil, err)
			return
		}
		next = w.fetched(len(items), next)
		if !each(&Page[O, T]{Items: items, Output: out, NextToken: next}, nil) || next == "" {
			return
		}
		if err := w.advance(next); err != nil {
			each(nil, err)
			return
		}
	}
}

// pageWalk is where a walk is: the token to fetch, the tokens seen, and what it needs to
// tell the last page (numbered) or a server that would make it loop forever.
type pageWalk struct {
	token    string
	numbered bool
	seen     map[string]bool
	items    int // on the page last fetched
	empty    int // pages in a row without items
	largest  int // items on the largest page so far
}

func newPageWalk(start string, numbered bool) *pageWalk {
	return &pageWalk{token: start, numbered: numbered, seen: map[string]bool{start: true}}
}

// fetched records a page of n items and returns its next token, "" when the page is
// the last.
func (w *pageWalk) fetched(n int, next string) string {
	if w.numbered && (n == 0 || n < w.largest) {
		next = ""
	}
	w.items, w.largest = n, max(w.largest, n)
	return next
}

// advance moves the walk to the page next identifies, or says why it must stop.
func (w *pageWalk) advance(next string) error {
	if w.seen[next] {
		return fmt.Errorf("pagination stopped: the server returned page token %q again", next)
	}
	w.empty++
	if w.items > 0 {
		w.empty = 0
	}
	if w.empty >= pagerMaxEmpty {
		return fmt.Errorf("pagination stopped: %d empty pages in a row", w.empty)
	}
	w.seen[next], w.token = true, next
	return nil
}

// All iterates over the items of every page, fetching pages as the loop needs them:
//
//	for item, err := range pager.All(ctx) {
//		if err != nil {
//			return err
//		}
//		use(item)
//	}
//
// An error is yielded once, with the zero item, and ends the iteration.
func (p *Pager[O, T]) All(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		p.walk(ctx, func(page *Page[O, T], err error) bool {
			if err != nil {
				var zero T
				yield(zero, err)
				return false
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return false
				}
			}
			return true
		})
	}
}

// Collect returns the items of every page, or only the first limit items when limit is
// positive, in which case no page beyond the one holding the last wanted item is fetched.
// On error it returns the items collected so far along with the error.
func (p *Pager[O, T]) Collect(ctx context.Context, limit int) (items []T, err error) {
	p.walk(ctx, func(page *Page[O, T], perr error) bool {
		if perr != nil {
			err = perr
			return false
		}
		items = append(items, page.Items...)
		return limit <= 0 || len(items) < limit
	})
	if limit > 0 && len(items) >= limit {
		items = items[:limit:limit]
	}
	return items, err
}
