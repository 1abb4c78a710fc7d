package rt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// This file is emitted only into packages with an operation whose request
// body is JSON.

// serverJSONScan is one pass over a request body before encoding/json decodes it. It
// checks what encoding/json would let through or pay dearly for: nesting beyond the
// depth limit (its decoder recurses), text that is not UTF-8 (it would be replaced with
// U+FFFD), and members whose names are equal or differ only in case (encoding/json
// matches names case-insensitively and the last one wins, while validation reads the
// exact names, so the value validated would not be the one decoded). With the shape of
// the destination it also refuses a name that only case-folds to a declared property.
type serverJSONScan struct {
	d        []byte
	i        int
	depth    int
	maxDepth int
	folded   []byte             // folded names of the members of the objects being read
	members  []serverJSONMember // the members of the objects being read, innermost last
}

// serverJSONMember is a member name read: where its folded form is in folded, and where
// its quoted form is in the body, for error messages.
type serverJSONMember struct {
	fold, foldEnd int
	raw, rawEnd   int
}

// serverJSONIndexAt is the member count from which an object's names are looked up in
// a map rather than compared one by one, so that large objects stay linear.
const serverJSONIndexAt = 16

// serverJSONSyntaxError is a body that is not JSON. Unlike validation errors it does not
// gain the path of where it was found: the offset says it better.
type serverJSONSyntaxError struct {
	msg    string
	offset int
}

func (e *serverJSONSyntaxError) Error() string {
	return fmt.Sprintf("malformed JSON at offset %d: %s", e.offset, e.msg)
}

// serverJSONPlain marks the bytes a string holds as they are: printable ASCII but for
// the quote and the backslash.
var serverJSONPlain = func() (t [256]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

// scan checks the whole body as one JSON value of the given shape.
func (c *serverJSONScan) scan(sh *serverJSONShape) error {
	if err := c.value(sh); err != nil {
		return err
	}
	if c.space(); c.i < len(c.d) {
		return c.syntax("invalid character after top-level value")
	}
	return nil
}

func (c *serverJSONScan) syntax(msg string) error {
	if c.i >= len(c.d) {
		msg = "unexpected end of JSON input"
	}
	return &serverJSONSyntaxError{msg: msg, offset: c.i}
}

// serverJSONIn places a validation error under seg; a syntax error stays as it is.
func serverJSONIn[K string | int](err error, seg K) error {
	if _, ok := err.(*validateError); ok {
		return validateIn(err, seg)
	}
	return err
}

func (c *serverJSONScan) space() {
	for c.i < len(c.d) {
		switch c.d[c.i] {
		case ' ', '\t', '\n', '\r':
			c.i++
		default:
			return
		}
	}
}

// next reports whether the next byte is b, consuming it if so.
func (c *serverJSONScan) next(b byte) bool {
	if c.i < len(c.d) && c.d[c.i] == b {
		c.i++
		return true
	}
	return false
}

func (c *serverJSONScan) value(sh *serverJSONShape) error {
	if c.space(); c.i >= len(c.d) {
		return c.syntax("")
	}
	switch b := c.d[c.i]; {
	case b == '{' || b == '[':
		if c.depth++; c.depth > c.maxDepth {
			return &serverJSONSyntaxError{msg: fmt.Sprintf("nesting deeper than %d levels", c.maxDepth), offset: c.i}
		}
		var err error
		if b == '{' {
			err = c.object(sh)
		} else {
			err = c.array(sh)
		}
		c.depth--
		return err
	case b == '"':
		_, err := c.str()
		return err
	case b == 't':
		return c.literal("true")
	case b == 'f':
		return c.literal("false")
	case b == 'n':
		return c.literal("null")
	case b == '-' || ('0' <= b && b <= '9'):
		return c.number()
	}
	return c.syntax("invalid character looking for beginning of value")
}

func (c *serverJSONScan) literal(lit string) error {
	if !bytes.HasPrefix(c.d[c.i:], []byte(lit)) {
		return c.syntax("invalid literal")
	}
	c.i += len(lit)
	return nil
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (c *serverJSONScan) number() error {
	c.next('-')
	if !c.next('0') && !c.digits() {
		return c.syntax("invalid number")
	}
	if c.next('.') && !c.digits() {
		return c.syntax("invalid number")
	}
	if c.next('e') || c.next('E') {
		if !c.next('+') {
			c.next('-')
		}
		if !c.digits() {
			return c.syntax("invalid number")
		}
	}
	return nil
}

// digits reads [0-9]+ and reports whether there was one.
func (c *serverJSONScan) digits() bool {
	start := c.i
	for c.i < len(c.d) && '0' <= c.d[c.i] && c.d[c.i] <= '9' {
		c.i++
	}
	return c.i > start
}

func (c *serverJSONScan) array(sh *serverJSONShape) error {
	c.i++
	elem := sh.items()
	if c.space(); c.next(']') {
		return nil
	}
	for n := 0; ; n++ {
		if err := c.value(elem); err != nil {
			return serverJSONIn(err, n)
		}
		if c.space(); c.next(']') {
			return nil
		}
		if !c.next(',') {
			return c.syntax("invalid character after array element")
		}
	}
}

func (c *serverJSONScan) object(sh *serverJSONShape) error {
	c.i++
	base, foldBase := len(c.members), len(c.folded)
	var index map[string]int // folded name -> member, once the object is large
	if c.space(); c.next('}') {
		return nil
	}
	for {
		name, err := c.name()
		if err != nil {
			return err
		}
		if err := c.unique(name, sh.exactNames(), base, &index); err != nil {
			return validateIn(err, string(name))
		}
		m := c.members[len(c.members)-1]
		child, err := sh.member(name, c.folded[m.fold:m.foldEnd])
		if err != nil {
			return validateIn(err, string(name))
		}
		if err := c.value(child); err != nil {
			return serverJSONIn(err, string(name))
		}
		if c.space(); c.next('}') {
			c.members, c.folded = c.members[:base], c.folded[:foldBase]
			return nil
		}
		if !c.next(',') {
			return c.syntax("invalid character after object member")
		}
	}
}

// name reads a member name and the colon after it, returning the name unescaped.
func (c *serverJSONScan) name() ([]byte, error) {
	if c.space(); c.i >= len(c.d) || c.d[c.i] != '"' {
		return nil, c.syntax("invalid character looking for beginning of object key string")
	}
	start := c.i
	escaped, err := c.str()
	if err != nil {
		return nil, err
	}
	name := c.d[start+1 : c.i-1]
	if escaped {
		name = serverJSONUnquote(c.d[start:c.i])
	}
	c.members = append(c.members, serverJSONMember{raw: start, rawEnd: c.i})
	if c.space(); !c.next(':') {
		return nil, c.syntax("invalid character after object key")
	}
	return name, nil
}

// serverJSONUnquote unescapes a string the scan has checked.
func serverJSONUnquote(quoted []byte) []byte {
	var s string
	_ = json.Unmarshal(quoted, &s)
	return []byte(s)
}

// unique folds the name of the member just read and fails when an earlier member of
// the object (those from base on) has the same folded name. With exact, for a map,
// whose keys encoding/json keeps as they are, names are compared unfolded.
func (c *serverJSONScan) unique(name []byte, exact bool, base int, index *map[string]int) error {
	m := &c.members[len(c.members)-1]
	m.fold = len(c.folded)
	if exact {
		c.folded = append(c.folded, name...)
	} else {
		c.folded = serverFoldName(c.folded, name)
	}
	m.foldEnd = len(c.folded)
	folded := c.folded[m.fold:m.foldEnd]
	last := len(c.members) - 1
	dup := -1
	switch {
	case last-base < serverJSONIndexAt:
		for k := base; k < last && dup < 0; k++ {
			if bytes.Equal(c.folded[c.members[k].fold:c.members[k].foldEnd], folded) {
				dup = k
			}
		}
	default:
		if *index == nil {
			*index = make(map[string]int, 2*serverJSONIndexAt)
			for k := base; k < last; k++ {
				(*index)[string(c.folded[c.members[k].fold:c.members[k].foldEnd])] = k
			}
		}
		if k, ok := (*index)[string(folded)]; ok {
			dup = k
		} else {
			(*index)[string(folded)] = last
		}
	}
	if dup >= 0 {
		first := serverJSONUnquote(c.d[c.members[dup].raw:c.members[dup].rawEnd])
		return validateErrorf("duplicate of property %q", first)
	}
	return nil
}

// str reads a string, checking its escapes and that it is UTF-8, and reports whether
// it has escapes.
func (c *serverJSONScan) str() (escaped bool, err error) {
	d := c.d
	for i := c.i + 1; i < len(d); {
		if serverJSONPlain[d[i]] {
			i++
			continue
		}
		switch b := d[i]; {
		case b == '"':
			c.i = i + 1
			return escaped, nil
		case b == '\\':
			n, err := c.escape(i)
			if err != nil {
				return false, err
			}
			escaped, i = true, i+n
		case b < 0x20:
			c.i = i
			return false, c.syntax("invalid control character in string literal")
		default:
			r, size := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && size == 1 {
				return false, validateErrorf("invalid UTF-8 at offset %d", i)
			}
			i += size
		}
	}
	c.i = len(d)
	return false, c.syntax("")
}

// escape checks the escape sequence at d[i] and returns its length. An escaped
// surrogate must be half of a pair: encoding/json would replace a lone one with U+FFFD.
func (c *serverJSONScan) escape(i int) (int, error) {
	d := c.d
	if i+1 >= len(d) {
		c.i = len(d)
		return 0, c.syntax("")
	}
	switch d[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, nil
	case 'u':
		r, ok := serverJSONHex(d[i+2:])
		switch {
		case !ok:
			c.i = i
			return 0, c.syntax("invalid \\u escape in string literal")
		case r < 0xD800 || r > 0xDFFF:
			return 6, nil
		}
		if lo, ok := serverJSONHex(d[min(i+8, len(d)):]); ok && r < 0xDC00 &&
			bytes.HasPrefix(d[i+6:], []byte(`\u`)) && lo >= 0xDC00 && lo <= 0xDFFF {
			return 12, nil
		}
		return 0, validateErrorf("invalid UTF-16 surrogate escape at offset %d", i)
	}
	c.i = i
	return 0, c.syntax("invalid escape in string literal")
}

// serverJSONHex parses the four hex digits that start b.
func serverJSONHex(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	v, ok := hexValue(string(b[:4]))
	return rune(v), ok
}

// serverFoldName appends the folded form of name to dst, the form encoding/json
// compares names in: ASCII upper case, and every other rune replaced by the smallest
// rune of its Unicode simple folding orbit (so K, k and the Kelvin sign K fold alike).
func serverFoldName(dst, name []byte) []byte {
	for i := 0; i < len(name); {
		if b := name[i]; b < utf8.RuneSelf {
			if 'a' <= b && b <= 'z' {
				b -= 'a' - 'A'
			}
			dst = append(dst, b)
			i++
			continue
		}
		r, n := utf8.DecodeRune(name[i:])
		dst = utf8.AppendRune(dst, serverFoldRune(r))
		i += n
	}
	return dst
}

// serverFoldRune returns the smallest rune of r's simple folding orbit.
func serverFoldRune(r rune) rune {
	smallest := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		smallest = min(smallest, f)
	}
	return smallest
}
