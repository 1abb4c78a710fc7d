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
	return func(yield func(*Page[O, T], error) bool) {
		token := p.start
		seen := map[string]bool{token: true}
		empty, largest := 0, 0
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			out, items, next, err := p.fetch(ctx, token)
			if err != nil {
				yield(nil, err)
				return
			}
			if p.numbered && (len(items) == 0 || len(items) < largest) {
				next = ""
			}
			largest = max(largest, len(items))
			if !yield(&Page[O, T]{Items: items, Output: out, NextToken: next}, nil) || next == "" {
				return
			}
			if seen[next] {
				yield(nil, fmt.Errorf("pagination stopped: the server returned page token %q again", next))
				return
			}
			empty++
			if len(items) > 0 {
				empty = 0
			}
			if empty >= pagerMaxEmpty {
				yield(nil, fmt.Errorf("pagination stopped: %d empty pages in a row", empty))
				return
			}
			seen[next], token = true, next
		}
	}
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
		for page, err := range p.Pages(ctx) {
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
		}
	}
}

// Collect returns the items of every page, or only the first limit items when limit is
// positive, in which case no page beyond the one holding the last wanted item is fetched.
// On error it returns the items collected so far along with the error.
func (p *Pager[O, T]) Collect(ctx context.Context, limit int) ([]T, error) {
	var items []T
	for page, err := range p.Pages(ctx) {
		if err != nil {
			return items, err
		}
		items = append(items, page.Items...)
		if limit > 0 && len(items) >= limit {
			return items[:limit:limit], nil
		}
	}
	return items, nil
}
