package rt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

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

// jsonMergeObject adds the entries of extra to the JSON object obj. Declared
// properties win over extra entries of the same name.
func jsonMergeObject[V any](obj []byte, extra map[string]V) ([]byte, error) {
	if len(extra) == 0 {
		return obj, nil
	}
	var declared map[string]json.RawMessage
	if err := json.Unmarshal(obj, &declared); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if _, ok := declared[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.Write(bytes.TrimRight(bytes.TrimSpace(obj), "}"))
	for _, k := range keys {
		v, err := json.Marshal(extra[k])
		if err != nil {
			return nil, err
		}
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// jsonExtraFields returns the properties of the JSON object b that are not
// among known, decoded as V; nil when there are none.
func jsonExtraFields[V any](b []byte, known ...string) (map[string]V, error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	for _, k := range known {
		delete(all, k)
	}
	if len(all) == 0 {
		return nil, nil
	}
	out := make(map[string]V, len(all))
	for k, raw := range all {
		var v V
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("property %q: %w", k, err)
		}
		out[k] = v
	}
	return out, nil
}
