package fastfmt

import (
	"bytes"
	"go/token"
)

// appendType appends the gofmt form of a type written the way jennifer
// writes one ("* string", "map[string] any", "[] pkg.T", "G[A,B]"), false
// if s is not a type of the forms it knows: names, qualified names,
// pointers, slices, arrays of a decimal length, maps, instantiations and
// func types.
func appendType(dst, s []byte) ([]byte, bool) {
	p := typeParser{src: s, out: dst}
	if !p.typ() || p.next() != nil {
		return dst, false
	}
	return p.out, true
}

type typeParser struct {
	src []byte
	tok []byte // the token peeked at, nil at the end
	out []byte
}

// next returns the next token without consuming it, nil at the end.
// Tokens are compared as string(t) == "x", which does not allocate.
func (p *typeParser) next() []byte {
	if p.tok != nil {
		return p.tok
	}
	p.src = bytes.TrimLeft(p.src, " ")
	if len(p.src) == 0 {
		return nil
	}
	n := 1
	if isIdentByte(p.src[0]) {
		for n < len(p.src) && isIdentByte(p.src[n]) {
			n++
		}
	}
	p.tok, p.src = p.src[:n], p.src[n:]
	return p.tok
}

// take consumes the next token and appends it to the output.
func (p *typeParser) take() []byte {
	t := p.next()
	p.out = append(p.out, t...)
	p.tok = nil
	return t
}

func (p *typeParser) typ() bool {
	switch t := p.take(); {
	case string(t) == "*":
		return p.typ()
	case string(t) == "[":
		if n := p.next(); string(n) != "]" {
			if !allDigits(n) || (len(n) > 1 && n[0] == '0') {
				return false
			}
			p.take()
		}
		return string(p.take()) == "]" && p.typ()
	case string(t) == "map":
		return string(p.take()) == "[" && p.typ() && string(p.take()) == "]" && p.typ()
	case string(t) == "func":
		return p.signature()
	case isName(t):
		if string(p.next()) == "." {
			p.take()
			if !isName(p.take()) {
				return false
			}
		}
		if string(p.next()) == "[" {
			return p.typeArgs()
		}
		return true
	}
	return false
}

// typeArgs reads "[A, B]" after a generic type's name.
func (p *typeParser) typeArgs() bool {
	p.take()
	for {
		if !p.typ() {
			return false
		}
		switch string(p.take()) {
		case "]":
			return true
		case ",":
			p.out = append(p.out, ' ')
		default:
			return false
		}
	}
}

// signature reads "(params) results" after func: gofmt writes no blank
// after func, ", " between parameters and one blank before the results.
func (p *typeParser) signature() bool {
	if string(p.take()) != "(" {
		return false
	}
	if _, _, ok := p.params(false); !ok {
		return false
	}
	switch n := p.next(); {
	case string(n) == "(":
		p.out = append(p.out, ' ')
		start := len(p.out)
		p.take()
		if string(p.next()) == ")" {
			return false // gofmt drops "()"
		}
		count, named, ok := p.params(true)
		if ok && count == 1 && !named { // gofmt drops the parentheses of one unnamed result
			p.out = append(p.out[:start], p.out[start+1:len(p.out)-1]...)
		}
		return ok
	case startsType(n):
		p.out = append(p.out, ' ')
		return p.typ()
	}
	return true // no results
}

// params reads parameters up to and including ")": each a type, or a name
// and a type, the last type maybe variadic. Go wants all named or none (in
// "a, b int" the bare a is a name), which go/parser checks, so this does.
// It says how many parameters it read and whether they have names; results
// may not be variadic.
func (p *typeParser) params(results bool) (n int, named, ok bool) {
	if string(p.next()) == ")" {
		p.take()
		return 0, false, true
	}
	lastNamed, bareTypes := false, false
	sharing := 0 // bare names just before: in "a, b ...int" they would share the type
	for {
		n++
		lastNamed = isName(p.next()) && p.namesParam()
		switch {
		case lastNamed:
			named = true
			p.take()
			p.out = append(p.out, ' ')
		case !isName(p.next()) || !p.bare():
			bareTypes = true // a type that cannot be a name
		default:
			sharing++
		}
		variadic := string(p.next()) == "."
		if variadic && (results || lastNamed && sharing > 0 || !p.ellipsis()) || !p.typ() {
			return n, named, false // only the last parameter may be variadic, and no result
		}
		if lastNamed {
			sharing = 0
		}
		switch string(p.take()) {
		case ")":
			return n, named, !named || lastNamed && !bareTypes
		case ",":
			if variadic {
				return n, named, false // only the last parameter may be
			}
			p.out = append(p.out, ' ')
		default:
			return n, named, false
		}
	}
}

// bare reports whether the name peeked at is all of its parameter.
func (p *typeParser) bare() bool {
	_, n := p.after()
	return string(n) == "," || string(n) == ")"
}

// after returns a copy of p past the token peeked at, for peeking further
// (take is never called on it: it shares p's output), and its next token.
func (p typeParser) after() (typeParser, []byte) {
	p.tok = nil
	return p, p.next()
}

// namesParam reports whether the name peeked at names a parameter, that is,
// a type follows it: "in *T", "s []T", "opts ...T" but not "pkg.T", "G[T]"
// or a bare "T,". An index of a generic type is a type, never "]" or a length.
func (p *typeParser) namesParam() bool {
	q, n := p.after()
	switch {
	case string(n) == "[":
		_, after := q.after()
		return string(after) == "]" || allDigits(after)
	case string(n) == ".":
		_, dot := q.after()
		return string(dot) == "." // "..." after a name
	default:
		return startsType(n)
	}
}

// ellipsis takes the three dots of a variadic parameter.
func (p *typeParser) ellipsis() bool {
	for range 3 {
		if string(p.take()) != "." {
			return false
		}
	}
	return true
}

// startsType reports whether a type can begin with token t.
func startsType(t []byte) bool {
	return isName(t) || string(t) == "*" || string(t) == "[" || string(t) == "map" || string(t) == "func"
}

// isName reports whether t is an identifier (ASCII: the types bpgen writes
// name Go identifiers it made ASCII).
func isName(t []byte) bool {
	return len(t) > 0 && !isDigit(t[0]) && isIdentByte(t[0]) && !keywords[string(t)]
}

// keywords are Go's, for lookups by a []byte that do not allocate.
var keywords = func() map[string]bool {
	m := map[string]bool{}
	for t := token.ILLEGAL; t <= token.TILDE; t++ {
		if t.IsKeyword() {
			m[t.String()] = true
		}
	}
	return m
}()

func isIdentByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
