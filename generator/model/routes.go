package model

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// templateParam matches a path template's parameters.
var templateParam = regexp.MustCompile(`\{[^}/]*\}`)

// shadowed marks the operations a server can never reach: the same method on
// a path of the same shape (/keys/{id} beside /keys/{digest}) as another,
// with the same query pairs.
// The one declared first in the document wins, in document order when the
// loader recorded it, else in path order; the others are still generated
// for the client, which reaches the winner's handler with the same request.
func (b *builder) shadowed(raws []*rawOp, built map[*rawOp]*Operation) {
	order := slices.Clone(raws)
	slices.SortStableFunc(order, func(x, y *rawOp) int { return declaredLine(x) - declaredLine(y) })
	winner := map[string]*rawOp{}
	for _, r := range order {
		key := routeKey(built[r])
		w, taken := winner[key]
		cut, isCut := cutWithoutPairs(built[r])
		if !taken {
			winner[key] = r
			if isCut {
				b.warn(built[r].Pointer, "%s", cut)
			}
			continue
		}
		op, first := built[r], built[w]
		op.ShadowedBy = first.Name
		if isCut {
			b.warn(op.Pointer, "%s, where %s %s is served, declared first: a server routes both to %s", cut, first.Method, first.Path, first.Name)
			continue
		}
		b.warn(op.Pointer, "%s %s has the shape of %s %s, declared first: a server routes both to %s",
			op.Method, op.Path, first.Method, first.Path, first.Name)
	}
}

// declaredLine is where the operation's path is declared, 0 when unknown
// (then path order, the order raws come in, decides).
func declaredLine(r *rawOp) int {
	if o := r.item.Origin; o != nil && o.Key != nil {
		return o.Key.Line
	}
	return 0
}

// routeKey is what a server routes op's requests by: the method, the shape
// of the route and the query pairs of the template, in any order.
func routeKey(op *Operation) string {
	pairs := make([]string, len(op.PathQuery))
	for i, q := range op.PathQuery {
		pairs[i] = url.QueryEscape(q.Name) + "={}" // present, with any value
		if q.Fixed() {
			pairs[i] = url.QueryEscape(q.Name) + "=" + url.QueryEscape(q.Value)
		}
	}
	slices.Sort(pairs)
	return op.Method + " " + templateParam.ReplaceAllString(op.Route, "{}") + "?" + strings.Join(pairs, "&")
}
