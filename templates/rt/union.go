package rt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// This file is emitted only into packages that declare a oneOf/anyOf type.

// jsonKindOf names the kind of the JSON value in b: object, array, string,
// number, boolean or null ("" when b is empty).
func jsonKindOf(b []byte) string {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return ""
	}
	switch b[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// jsonKindMatches reports whether a value of JSON kind got can decode into a
// variant declared as want ("" matches anything).
func jsonKindMatches(want, got string) bool {
	return want == "" || want == got || (want == "integer" && got == "number")
}

// jsonDiscriminator reads the string property prop of the JSON object b.
func jsonDiscriminator(b []byte, prop string) (string, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return "", err
	}
	raw, ok := obj[prop]
	if !ok {
		return "", fmt.Errorf("discriminator %q is missing", prop)
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", fmt.Errorf("discriminator %q: %w", prop, err)
	}
	return v, nil
}

// jsonStrict decodes b into v, failing on properties v does not declare. A
// union tries its variants with it first, so the most specific one wins.
func jsonStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after JSON value")
	}
	return nil
}

// unionVariant returns the name of the only field of union that is set, given
// the union's field names and, in the same order, whether each is set. When
// none or several are set it returns "" and the error MarshalJSON reports.
func unionVariant(union string, fields []string, set ...bool) (string, error) {
	one := -1
	for i, ok := range set {
		if ok {
			if one >= 0 {
				var found []string
				for j, ok := range set {
					if ok {
						found = append(found, fields[j])
					}
				}
				return "", fmt.Errorf("%s: more than one variant is set (%s); set exactly one", union, strings.Join(found, ", "))
			}
			one = i
		}
	}
	if one < 0 {
		return "", fmt.Errorf("%s: no variant is set (set one of %s)", union, strings.Join(fields, ", "))
	}
	return fields[one], nil
}

// unionDiscriminated encodes the variant v of a union (where names it, as
// "Pet.Cat") as a JSON object whose property prop is one of values: an
// absent, null or empty prop is set to values[0], written as the first
// member; a value among values is kept; any other value is an error, since
// it would name another variant than the one set.
func unionDiscriminated(where string, v any, prop string, values ...string) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	start, end, err := jsonMemberValue(b, prop)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	tag, _ := json.Marshal(values[0])
	if start < 0 {
		var out bytes.Buffer
		out.Grow(len(b) + len(prop) + len(tag) + 4)
		out.WriteByte('{')
		name, _ := json.Marshal(prop)
		out.Write(name)
		out.WriteByte(':')
		out.Write(tag)
		if rest := bytes.TrimLeft(b[1:], " \t\r\n"); len(rest) > 0 && rest[0] != '}' {
			out.WriteByte(',')
		}
		out.Write(b[1:])
		return out.Bytes(), nil
	}
	raw := b[start:end]
	if string(raw) != "null" {
		var got string
		if err := json.Unmarshal(raw, &got); err != nil {
			return nil, fmt.Errorf("%s: discriminator %q is %s, not a string", where, prop, raw)
		}
		if got != "" {
			if slices.Contains(values, got) {
				return b, nil
			}
			return nil, fmt.Errorf("%s: discriminator %q is %q, but the variant set is selected by %q", where, prop, got, values[0])
		}
	}
	out := make([]byte, 0, len(b)+len(tag))
	out = append(out, b[:start]...)
	out = append(out, tag...)
	return append(out, b[end:]...), nil
}

// jsonMemberValue finds the value of the top-level property prop in the JSON
// object b: its start and end offsets, or -1, -1 when b has no such property.
func jsonMemberValue(b []byte, prop string) (start, end int, err error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return -1, -1, fmt.Errorf("variant is not encoded as a JSON object: %.40s", b)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return -1, -1, err
		}
		off := int(dec.InputOffset())
		for off < len(b) && (b[off] == ':' || b[off] == ' ' || b[off] == '\t' || b[off] == '\r' || b[off] == '\n') {
			off++
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return -1, -1, err
		}
		if key == prop {
			return off, int(dec.InputOffset()), nil
		}
	}
	return -1, -1, nil
}
