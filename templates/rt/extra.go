package rt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// This file is emitted only into packages with an object type that keeps
// undeclared properties (additionalProperties beside properties).

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
	// Drop the closing brace only: obj parsed, so it ends with exactly one
	// that is its own (trimming every trailing brace would cut into a last
	// member that is an object).
	obj = bytes.TrimSpace(obj)
	buf.Write(obj[:len(obj)-1])
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
