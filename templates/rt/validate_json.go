package rt

import (
	"bytes"
	"encoding/json"
)

// This file is emitted only into packages whose validation reads the JSON a value was
// decoded from: to tell a missing property from a zero one, to find undeclared ones.

// validateIter walks the members of a JSON object, or the items of a JSON array,
// without decoding them. It expects JSON that encoding/json has already accepted, and
// stops, without panicking, at anything else.
//
//	for it := validateJSON(raw); it.next(); {
//		use(it.key, it.value)
//	}
type validateIter struct {
	data  []byte // nil once done
	pos   int
	array bool
	key   []byte // the member's name, unescaped; nil for array items
	value []byte // the member's or item's JSON; nil once done
}

// validateJSON starts walking raw, which yields nothing unless it is an object or an
// array.
func validateJSON(raw []byte) validateIter {
	i := validateSpace(raw, 0)
	if i >= len(raw) || (raw[i] != '{' && raw[i] != '[') {
		return validateIter{}
	}
	return validateIter{data: raw, pos: i + 1, array: raw[i] == '['}
}

// next moves to the next member or item and reports whether there is one.
func (it *validateIter) next() bool {
	it.key, it.value = nil, nil
	d := it.data
	i := validateSpace(d, it.pos)
	if i < len(d) && d[i] == ',' {
		i = validateSpace(d, i+1)
	}
	if i >= len(d) || d[i] == '}' || d[i] == ']' {
		it.data = nil
		return false
	}
	if !it.array {
		end := validateSkip(d, i)
		if d[i] != '"' || end < 0 {
			it.data = nil
			return false
		}
		it.key = validateKey(d[i:end])
		i = validateSpace(d, end)
		if i >= len(d) || d[i] != ':' {
			it.data = nil
			return false
		}
		i = validateSpace(d, i+1)
	}
	end := validateSkip(d, i)
	if end < 0 {
		it.data, it.key = nil, nil
		return false
	}
	it.value, it.pos = d[i:end], end
	return true
}

// validateKey unescapes a quoted member name; most need nothing but the quotes removed.
func validateKey(quoted []byte) []byte {
	if bytes.IndexByte(quoted, '\\') < 0 {
		return quoted[1 : len(quoted)-1]
	}
	var s string
	if json.Unmarshal(quoted, &s) != nil {
		return quoted[1 : len(quoted)-1]
	}
	return []byte(s)
}

// validateSpace returns the index of the first non-space byte of d at or after i.
func validateSpace(d []byte, i int) int {
	for i < len(d) && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r') {
		i++
	}
	return i
}

// validateSkip returns the index just after the JSON value starting at d[i], or -1.
func validateSkip(d []byte, i int) int {
	if i >= len(d) {
		return -1
	}
	switch d[i] {
	case '"':
		for j := i + 1; j < len(d); j++ {
			switch d[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return -1
	case '{', '[':
		depth := 0
		for j := i; j < len(d); j++ {
			switch d[j] {
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			case '"':
				end := validateSkip(d, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			}
		}
		return -1
	}
	j := i
scalar:
	for ; j < len(d); j++ {
		switch d[j] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			break scalar
		}
	}
	if j == i {
		return -1
	}
	return j
}
