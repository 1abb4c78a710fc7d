package rt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// This file is emitted only into packages with a property whose name a json
// struct tag cannot hold (a comma, a quote, a backslash, an emoji, "-", an
// empty name): encoding/json would use the Go field name on the wire instead.
// Such a field is tagged json:"-", and its struct's MarshalJSON and
// UnmarshalJSON write and read it under its real name with these helpers.

// jsonMember is one property encoded by hand; raw is nil when it is omitted.
type jsonMember struct {
	name string
	raw  []byte
	err  error
}

// jsonAlways encodes a property that is always written, as an untagged
// option-less field would be.
func jsonAlways[T any](name string, v T) jsonMember {
	raw, err := json.Marshal(v)
	return jsonMember{name: name, raw: raw, err: err}
}

// jsonOmitEmpty encodes a property written like a field tagged omitempty.
// encoding/json applies the rule itself, to a struct holding only the value,
// so hand-written members and tagged fields can never disagree.
func jsonOmitEmpty[T any](name string, v T) jsonMember {
	return jsonBoxed(name, struct {
		V T `json:"v,omitempty"`
	}{v})
}

// jsonOmitZero encodes a property written like a field tagged omitzero.
func jsonOmitZero[T any](name string, v T) jsonMember {
	return jsonBoxed(name, struct {
		V T `json:"v,omitzero"`
	}{v})
}

// jsonBoxed encodes box, a struct with one field named "v", and keeps that
// field's value: encoding/json writes it as {"v":value}, or {} when omitted.
func jsonBoxed(name string, box any) jsonMember {
	b, err := json.Marshal(box)
	if err != nil {
		return jsonMember{name: name, err: err}
	}
	const open = `{"v":`
	if !bytes.HasPrefix(b, []byte(open)) {
		return jsonMember{name: name}
	}
	return jsonMember{name: name, raw: b[len(open) : len(b)-1]}
}

// jsonAppendMembers adds members to the end of the JSON object obj, leaving
// out the omitted ones.
func jsonAppendMembers(obj []byte, members ...jsonMember) ([]byte, error) {
	obj = bytes.TrimSpace(obj)
	if len(obj) < 2 || obj[0] != '{' || obj[len(obj)-1] != '}' {
		return nil, errors.New("not a JSON object")
	}
	var buf bytes.Buffer
	empty := len(bytes.TrimSpace(obj[1:len(obj)-1])) == 0
	if empty {
		buf.WriteByte('{')
	} else {
		buf.Write(obj[:len(obj)-1])
	}
	for _, m := range members {
		if m.err != nil {
			return nil, fmt.Errorf("property %q: %w", m.name, m.err)
		}
		if m.raw == nil {
			continue
		}
		if !empty {
			buf.WriteByte(',')
		}
		empty = false
		name, _ := json.Marshal(m.name) // a string always encodes
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(m.raw)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// jsonTarget is where a property decoded by hand goes.
type jsonTarget struct {
	name string
	dst  any
}

// jsonInto names the destination of one property for jsonDecodeMembers.
func jsonInto(name string, dst any) jsonTarget {
	return jsonTarget{name: name, dst: dst}
}

// jsonDecodeMembers decodes the properties of the JSON object obj that
// targets name, matched exactly (encoding/json also accepts other cases of a
// tagged name; these names are not tags). A property that is absent leaves
// its destination alone, as encoding/json does.
func jsonDecodeMembers(obj []byte, targets ...jsonTarget) error {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(obj, &all); err != nil {
		return err
	}
	for _, t := range targets {
		raw, ok := all[t.name]
		if !ok {
			continue
		}
		if err := json.Unmarshal(raw, t.dst); err != nil {
			return jsonMemberError(t.name, err)
		}
	}
	return nil
}

// jsonMemberError places err under the property name. A type error keeps
// its type, with the name prefixed to its field path, so that callers (the
// server among them) still name the offending field as encoding/json does.
func jsonMemberError(name string, err error) error {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		e := *typ
		e.Field = name
		if typ.Field != "" {
			e.Field += "." + typ.Field
		}
		return &e
	}
	return fmt.Errorf("property %q: %w", name, err)
}
