package model

import (
	"slices"
	"testing"
)

func TestSplitRoute(t *testing.T) {
	for _, c := range []struct {
		path, route string
		pairs       []QueryPair
		ok          bool
	}{
		{"/things/{id}", "/things/{id}", nil, true},
		{"/#Action=CreateQueue", "/", []QueryPair{{"Action", "CreateQueue"}}, true},
		{"/{a}/{q}#Action=Send&Version=2", "/{a}/{q}", []QueryPair{{"Action", "Send"}, {"Version", "2"}}, true},
		{"/services?funcs=get%20one", "/services", []QueryPair{{"funcs", "get one"}}, true},
		{"/services?verbose", "/services", []QueryPair{{"verbose", ""}}, true},
		{"/health#2", "/health", nil, false},
		{"/health#", "/health", nil, false},
		{"/health?", "/health", nil, false},
		{"/s?a={x}", "/s", nil, false},
		{"/s?a=%zz", "/s", nil, false},
		{"/s?=v", "/s", nil, false},
		{"/s#a=1?b=2", "/s", nil, false},
		{"?a=1", "/", []QueryPair{{"a", "1"}}, true},
	} {
		route, pairs, ok := splitRoute(c.path)
		if route != c.route || !slices.Equal(pairs, c.pairs) || ok != c.ok {
			t.Errorf("splitRoute(%q) = %q, %v, %v; want %q, %v, %v", c.path, route, pairs, ok, c.route, c.pairs, c.ok)
		}
	}
}
