package rt

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// linkPage fetches one page of a listing paginated by Link headers (RFC 8288): the
// first by calling first (the operation, with the caller's input), the others by a GET
// of the URL the previous page linked to as rel="next". It returns that URL for the
// page after ("" on the last page), resolved against the URL that answered.
//
// The next URL comes from the server: it is sent the client's credentials only when
// it is on the base URL's origin (scheme, host and port), as redirects are. opts are
// the caller's per-call options, applied to every page (first passes them itself).
func linkPage[O any](ctx context.Context, c *clientCore, next string, first func(context.Context) (*O, error), opts ...RequestOption) (*O, string, error) {
	sink := &clientResponseSink{}
	ctx = context.WithValue(ctx, clientSinkKey{}, sink)
	out := new(O)
	var err error
	switch {
	case next == "":
		out, err = first(ctx)
	case !linkFollowable(next):
		// The URL came from a server, which may echo a credential into it.
		err = c.redactor.redactTransport(fmt.Errorf("pagination stopped: the next page's link %q is not an http or https URL", next))
	default:
		err = c.do(ctx, &clientRequest{method: http.MethodGet, url: next}, out, opts...)
	}
	if err != nil {
		return nil, "", err
	}
	return out, linkResolve(sink.url, linkNext(sink.header.Values("Link"))), nil
}

// linkFollowable reports whether a next page URL is one the client may request.
func linkFollowable(next string) bool {
	u, err := url.Parse(next)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// linkResolve makes a link target absolute, against the URL of the response that
// carried it; "" stays "" (the last page), and so does a target that is no URL.
func linkResolve(base *url.URL, target string) string {
	if target == "" {
		return ""
	}
	ref, err := url.Parse(target)
	if err != nil || base == nil {
		return target // refused by linkPage when followed, after this page's items
	}
	return base.ResolveReference(ref).String()
}

const (
	// linkMaxBytes bounds how much of the Link header values is parsed; GitHub's are a
	// few hundred bytes.
	linkMaxBytes = 64 << 10
	// linkMaxLinks bounds how many links are looked at.
	linkMaxLinks = 256
)

// linkNext returns the target of the first link whose relation types include "next"
// among Link header values, "" when there is none. It parses RFC 8288 link-values in
// one bounded pass: several links per value and several values, parameters in any
// order with quoted strings (escapes, commas and semicolons inside), commas inside
// <...>. A malformed link-value is skipped up to the next comma outside quotes and
// brackets; a link with an anchor parameter is about another resource and ignored.
func linkNext(values []string) string {
	budget, links := linkMaxBytes, 0
	for _, v := range values {
		if len(v) > budget {
			return ""
		}
		budget -= len(v)
		for s := v; s != "" && links < linkMaxLinks; links++ {
			var l linkValue
			var ok bool
			if l, s, ok = parseLinkValue(s); ok && !l.anchored && linkHasRel(l.rel, "next") {
				return l.target
			}
		}
	}
	return ""
}

// linkValue is one parsed link: its target and the parameters that matter.
type linkValue struct {
	target   string
	rel      string // the first rel parameter, as RFC 8288 says
	anchored bool
}

// parseLinkValue parses the link-value at the start of s (after any whitespace and
// commas) and returns it with the rest of s. Every call consumes input, so a caller's
// loop ends.
func parseLinkValue(s string) (l linkValue, rest string, ok bool) {
	s = strings.TrimLeft(s, " \t,")
	if !strings.HasPrefix(s, "<") {
		return l, linkSkip(s), false
	}
	end := strings.IndexByte(s, '>')
	if end < 0 {
		return l, "", false
	}
	l.target, s = s[1:end], s[end+1:]
	relSeen := false
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" || s[0] == ',' {
			return l, s, true
		}
		if s[0] != ';' {
			return linkValue{}, linkSkip(s), false
		}
		var name, value string
		name, value, s = linkParam(s[1:])
		switch {
		case strings.EqualFold(name, "rel") && !relSeen:
			l.rel, relSeen = value, true
		case strings.EqualFold(name, "anchor"):
			l.anchored = true
		}
	}
}

// linkParam parses `name [= token / quoted-string]` at the start of s.
func linkParam(s string) (name, value, rest string) {
	s = strings.TrimLeft(s, " \t")
	i := strings.IndexAny(s, "=;, \t")
	if i < 0 {
		return s, "", ""
	}
	name, s = s[:i], strings.TrimLeft(s[i:], " \t")
	if !strings.HasPrefix(s, "=") {
		return name, "", s
	}
	s = strings.TrimLeft(s[1:], " \t")
	if strings.HasPrefix(s, `"`) {
		value, rest = linkQuoted(s[1:])
		return name, value, rest
	}
	i = strings.IndexAny(s, ";, \t")
	if i < 0 {
		return name, s, ""
	}
	return name, s[:i], s[i:]
}

// linkQuoted reads a quoted-string whose opening quote is already consumed,
// unescaping backslash pairs; an unterminated one runs to the end.
func linkQuoted(s string) (value, rest string) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return b.String(), s[i+1:]
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), ""
}

// linkSkip returns s from the first comma outside <...> and quoted strings: where the
// next link-value starts after a malformed one.
func linkSkip(s string) string {
	inQuote, inTarget := false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inQuote && c == '\\':
			i++
		case c == '"' && !inTarget:
			inQuote = !inQuote
		case c == '<' && !inQuote:
			inTarget = true
		case c == '>' && !inQuote:
			inTarget = false
		case c == ',' && !inQuote && !inTarget:
			return s[i:]
		}
	}
	return ""
}

// linkHasRel reports whether a rel value (space-separated relation types,
// case-insensitive) includes want.
func linkHasRel(rel, want string) bool {
	for _, r := range strings.Fields(rel) {
		if strings.EqualFold(r, want) {
			return true
		}
	}
	return false
}
