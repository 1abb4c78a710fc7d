package rt

import (
	"context"
	"fmt"
	"strconv"
)

// newNumberedPager returns a Pager whose tokens are offsets or page numbers rendered
// in decimal, so a saved NextToken resumes a listing as any other token does. Such a
// fetch can always name a next page: the walk ends on an empty or short page instead
// (see Pages).
func newNumberedPager[O any, T any](fetch func(ctx context.Context, token string) (*O, []T, string, error)) *Pager[O, T] {
	p := NewPager(fetch)
	p.numbered = true
	return p
}

// pagerNumber reads a token that is an offset or a page number, for a field of the
// given bit size.
func pagerNumber(token string, bits int) (int64, error) {
	n, err := strconv.ParseInt(token, 10, bits)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("page token %q is not an offset or page number", token)
	}
	return n, nil
}
