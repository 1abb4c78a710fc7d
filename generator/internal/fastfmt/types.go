package fastfmt

import (
	"bytes"
	"go/token"
)

// appendType appends the gofmt form of a type written the way jennifer
// writes one ("* string", "map[string] any", "[] pkg.T", "G[A,B]"), false
// if s is not a type of the forms it knows: names, qualified names,
// pointers, slices, arrays of a decimal length, maps and instantiations.
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
