package model

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// QueryPair is a query parameter that a path template names after its '?'
// or '#': with a fixed Value (?funcs=list), or with a template parameter
// for one (?lat={lat}), then named by Param.
type QueryPair struct{ Name, Value, Param string }

// Fixed reports whether the path fixes the pair's value.
func (q QueryPair) Fixed() bool { return q.Param == "" }

// splitRoute cuts a path template at the '?' or '#' that ends a URL path.
// What follows is read as the query pairs the operation's requests carry:
// "/services?funcs=list" and "/alerts?lat={lat}&lon={lon}" say so
// literally, and "/#Action=CreateQueue" is how descriptions converted from
// AWS's tell operations of one URL apart, by the Action the query carries.
// ok is false when the rest is not pairs (a joining tool's /health#2);
// route is then the URL path all the same.
func splitRoute(path string) (route string, pairs []QueryPair, ok bool) {
	i := strings.IndexAny(path, "?#")
	if i < 0 {
		return path, nil, true
	}
	route, rest := path[:i], path[i+1:]
	if route == "" {
		route = "/"
	}
	if rest == "" || strings.ContainsAny(rest, "?#") {
		return route, nil, false
	}
	for part := range strings.SplitSeq(rest, "&") {
		name, value, hasValue := strings.Cut(part, "=")
		if !hasValue && path[i] == '#' {
			return route, nil, false // a fragment that is no query
		}
		pair, ok := queryPair(name, value)
		if !ok {
			return route, nil, false
		}
		pairs = append(pairs, pair)
	}
	return route, pairs, true
}

// queryPair reads one name=value of a template's query: escaped text, or
// a value that is exactly one template parameter.
func queryPair(name, value string) (QueryPair, bool) {
	name, err := url.QueryUnescape(name)
	if name == "" || err != nil || strings.ContainsAny(name, "{}") {
		return QueryPair{}, false
	}
	if p, ok := strings.CutPrefix(value, "{"); ok && strings.HasSuffix(p, "}") && !strings.ContainsAny(p[:len(p)-1], "{}") && len(p) > 1 {
		return QueryPair{Name: name, Param: p[:len(p)-1]}, true
	}
	value, err = url.QueryUnescape(value)
	if err != nil || strings.ContainsAny(value, "{}") {
		return QueryPair{}, false
	}
	return QueryPair{Name: name, Value: value}, true
}

// queryTemplated returns the pair whose value is the template parameter
// name, if op's path has one.
func queryTemplated(op *Operation, name string) (QueryPair, bool) {
	i := slices.IndexFunc(op.PathQuery, func(q QueryPair) bool { return q.Param == name })
	if i < 0 {
		return QueryPair{}, false
	}
	return op.PathQuery[i], true
}

// routeOf sets op's Route and PathQuery from its path.
func routeOf(op *Operation) {
	op.Route, op.PathQuery, _ = splitRoute(op.Path)
}

// cutWithoutPairs says, when op's path holds a '?' or '#' that no query
// pairs follow, what the path loses: requests go to Route.
func cutWithoutPairs(op *Operation) (string, bool) {
	// Tools that join documents mark a second /health as /health#2. A '?'
	// or '#' that pairs follow always leaves some in PathQuery.
	i := strings.IndexAny(op.Path, "?#")
	if i < 0 || len(op.PathQuery) > 0 {
		return "", false
	}
	return fmt.Sprintf("path %q holds %q, which ends a URL path, and what follows is not query pairs (name=value&...): requests go to %s", op.Path, op.Path[i:i+1], op.Route), true
}

// withoutFixed leaves out the query parameters whose value the path fixes
// (a pair with a template parameter for its value fixes none):
// the client sends the path's value, the one the server routes by, and an
// input field could only contradict it. A parameter whose enum does not
// hold that value contradicts the path, which wins, with a warning.
func (b *builder) withoutFixed(params []locatedParam, pairs []QueryPair) []locatedParam {
	if len(pairs) == 0 {
		return params
	}
	return slices.DeleteFunc(params, func(lp locatedParam) bool {
		i := slices.IndexFunc(pairs, func(q QueryPair) bool { return q.Name == lp.param.Name && q.Fixed() })
		if lp.param.In != "query" || i < 0 {
			return false
		}
		if s := lp.param.Schema; s != nil && s.Value != nil && !admits(s.Value, pairs[i].Value) {
			b.warn(lp.pointer, "query parameter %q does not admit %q, the value the path fixes; the path's value is sent", lp.param.Name, pairs[i].Value)
		}
		return true
	})
}

// admits reports whether the enum of s, if it has one, holds the text v.
func admits(s *openapi3.Schema, v string) bool {
	return len(s.Enum) == 0 || slices.ContainsFunc(s.Enum, func(e any) bool { return fmt.Sprint(e) == v })
}
