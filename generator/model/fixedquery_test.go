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
		{"/#Action=CreateQueue", "/", []QueryPair{{Name: "Action", Value: "CreateQueue"}}, true},
		{"/{a}/{q}#Action=Send&Version=2", "/{a}/{q}", []QueryPair{{Name: "Action", Value: "Send"}, {Name: "Version", Value: "2"}}, true},
		{"/services?funcs=get%20one", "/services", []QueryPair{{Name: "funcs", Value: "get one"}}, true},
		{"/services?verbose", "/services", []QueryPair{{Name: "verbose", Value: ""}}, true},
		{"/health#2", "/health", nil, false},
		{"/health#", "/health", nil, false},
		{"/health?", "/health", nil, false},
		{"/s?a={x}", "/s", []QueryPair{{Name: "a", Param: "x"}}, true},
		{"/s?a=%zz", "/s", nil, false},
		{"/s?=v", "/s", nil, false},
		{"/s#a=1?b=2", "/s", nil, false},
		{"?a=1", "/", []QueryPair{{Name: "a", Value: "1"}}, true},
		{"/alerts?lat={lat}&lon={lon}&v=2", "/alerts", []QueryPair{{Name: "lat", Param: "lat"}, {Name: "lon", Param: "lon"}, {Name: "v", Value: "2"}}, true},
		{"/a?q={term}", "/a", []QueryPair{{Name: "q", Param: "term"}}, true},
		{"/a?q=x{term}", "/a", nil, false},
		{"/a?q={}", "/a", nil, false},
		{"/a?{q}=1", "/a", nil, false},
		{"/send/#env/v1/partners/{id}", "/send/", nil, false},
	} {
		route, pairs, ok := splitRoute(c.path)
		if route != c.route || !slices.Equal(pairs, c.pairs) || ok != c.ok {
			t.Errorf("splitRoute(%q) = %q, %v, %v; want %q, %v, %v", c.path, route, pairs, ok, c.route, c.pairs, c.ok)
		}
	}
}
