package model

import (
	"regexp"
	"slices"
	"strings"
)

// templateParam matches a path template's parameters.
var templateParam = regexp.MustCompile(`\{[^}/]*\}`)

// shadowed marks the operations a server can never reach: the same method on
// a path of the same shape (/keys/{id} beside /keys/{digest}) as another.
// The one declared first in the document wins, in document order when the
// loader recorded it, else in path order; the others are still generated
// for the client, which reaches the winner's handler with the same request.
func (b *builder) shadowed(raws []*rawOp, built map[*rawOp]*Operation) {
	order := slices.Clone(raws)
	slices.SortStableFunc(order, func(x, y *rawOp) int { return declaredLine(x) - declaredLine(y) })
	winner := map[string]*rawOp{}
	for _, r := range order {
		key := strings.ToUpper(r.method) + " " + templateParam.ReplaceAllString(r.path, "{}")
		w, taken := winner[key]
		if !taken {
			winner[key] = r
			continue
		}
		op, first := built[r], built[w]
		op.ShadowedBy = first.Name
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
