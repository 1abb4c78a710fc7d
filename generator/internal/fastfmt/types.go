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
	if !p.typ() || p.next() != "" {
		return dst, false
	}
	return p.out, true
}

type typeParser struct {
	src []byte
	tok []byte // the token peeked at, nil at the end
	out []byte
}

// next returns the next token without consuming it, "" at the end.
func (p *typeParser) next() string {
	if p.tok != nil {
		return string(p.tok) // does not allocate: compared or appended only
	}
	p.src = bytes.TrimLeft(p.src, " ")
	if len(p.src) == 0 {
		return ""
	}
	n := 1
	if isIdentByte(p.src[0]) {
		for n < len(p.src) && isIdentByte(p.src[n]) {
			n++
		}
	}
	p.tok, p.src = p.src[:n], p.src[n:]
	return string(p.tok)
}

// take consumes the next token and appends it to the output.
func (p *typeParser) take() string {
	t := p.next()
	p.out = append(p.out, p.tok...)
	p.tok = nil
	return t
}

func (p *typeParser) typ() bool {
	switch t := p.take(); {
	case t == "*":
		return p.typ()
	case t == "[":
		if n := p.next(); n != "]" {
			if !allDigits(p.tok) || (len(n) > 1 && n[0] == '0') {
				return false
			}
			p.take()
		}
		return p.take() == "]" && p.typ()
	case t == "map":
		return p.take() == "[" && p.typ() && p.take() == "]" && p.typ()
	case isName(t):
		if p.next() == "." {
			p.take()
			if !isName(p.take()) {
				return false
			}
		}
		if p.next() == "[" {
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
		switch p.take() {
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
func isName(t string) bool {
	return t != "" && !isDigit(t[0]) && isIdentByte(t[0]) && !token.Lookup(t).IsKeyword()
}

func isIdentByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
