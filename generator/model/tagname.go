package model

import (
	"strings"
	"unicode"
)

// TagName reports whether a property name can be written in a json struct
// tag and be read back by encoding/json as that name. encoding/json silently
// uses the Go field name instead of a name it rejects (a quote, a backslash,
// an emoji, an empty name), a comma starts the tag's options, and a tag of
// "-" drops the field; "-," would name it "-" but staticcheck rejects it.
// A field whose name fails is tagged json:"-" and carried by its struct's
// MarshalJSON and UnmarshalJSON instead.
func TagName(name string) bool {
	if name == "" || name == "-" {
		return false
	}
	for _, r := range name {
		// The punctuation encoding/json allows (isValidTag); a comma is not
		// among it.
		if !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", r) && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// Untagged lists the JSON members of struct t whose names a struct tag
// cannot hold (see TagName), in field order; parameters are not members.
func (t *Type) Untagged() []*Field {
	var out []*Field
	for _, fd := range t.Fields {
		if fd.Untagged && fd.Params == nil {
			out = append(out, fd)
		}
	}
	return out
}
