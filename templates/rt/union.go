package rt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
