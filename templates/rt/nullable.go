package rt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Nullable holds a JSON value that may be absent, explicitly null, or a value.
//
// Use it for fields where "not sent" and "sent as null" mean different things, such as a
// PATCH body in which null clears a field and absence leaves it unchanged. Tag such fields
// with `json:",omitzero"` so that an absent Nullable is left out of the encoded object.
// The zero value is absent.
type Nullable[T any] struct {
	value T
	set   bool
	null  bool
}

// NewNullable returns a Nullable that is present and holds v.
func NewNullable[T any](v T) Nullable[T] {
	return Nullable[T]{value: v, set: true}
}

// Null returns a Nullable that is present and explicitly null.
func Null[T any]() Nullable[T] {
	return Nullable[T]{set: true, null: true}
}

// Get returns the value and true when a non-null value is present, and the zero value
// and false when n is absent or null.
func (n Nullable[T]) Get() (T, bool) {
	if !n.set || n.null {
		var zero T
		return zero, false
	}
	return n.value, true
}

// IsNull reports whether n is present and explicitly null.
func (n Nullable[T]) IsNull() bool {
	return n.set && n.null
}

// IsSet reports whether n is present, either null or holding a value.
func (n Nullable[T]) IsSet() bool {
	return n.set
}

// IsZero reports whether n is absent. encoding/json calls it for fields tagged
// `json:",omitzero"`, which is how an absent Nullable is left out of the output.
func (n Nullable[T]) IsZero() bool {
	return !n.set
}

// MarshalJSON encodes the value, or null when n is null or absent. An absent field is
// only omitted when its struct tag has omitzero.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.set || n.null {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON records a JSON null as present and null, and any other JSON value as
// present with that value. A field missing from the input leaves n absent, because
// encoding/json does not call UnmarshalJSON for it.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), nullableNullLiteral) {
		*n = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*n = NewNullable(v)
	return nil
}

// String returns the value as fmt.Sprint formats it, "null" when n is null, and
// "<absent>" when n is absent.
func (n Nullable[T]) String() string {
	return nullableString(n.set, n.null, n.value)
}

// Format makes fmt print n as its value, with the verb and flags given (so
// %v, %+v, %s, %q and %.2f format the value itself), "null" when n is null
// and "<absent>" when n is absent, instead of the struct's fields. %#v prints
// the Go expression that makes n: NewNullable[T](value), Null[T]() or
// Nullable[T]{}.
func (n Nullable[T]) Format(f fmt.State, verb rune) {
	nullableFormat(f, verb, n, n.set, n.null, n.value)
}

// nullableString and nullableFormat take the value as an interface: compiled once,
// not once per type of value, as the generic methods above are.
func nullableString(set, null bool, value any) string {
	switch {
	case !set:
		return nullableAbsent
	case null:
		return "null"
	}
	return fmt.Sprint(value)
}

// nullableFormat formats n, a Nullable.
func nullableFormat(f fmt.State, verb rune, n any, set, null bool, value any) {
	if verb == 'v' && f.Flag('#') {
		typ := fmt.Sprintf("%T", n) // pkg.Nullable[T]
		switch {
		case !set:
			fmt.Fprintf(f, "%s{}", typ)
		case null:
			fmt.Fprintf(f, "%s()", strings.Replace(typ, "Nullable[", "Null[", 1))
		default:
			fmt.Fprintf(f, "%s(%#v)", strings.Replace(typ, "Nullable[", "NewNullable[", 1), value)
		}
		return
	}
	if !set || null {
		fmt.Fprintf(f, fmt.FormatString(f, 's'), nullableString(set, null, value))
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), value)
}

const nullableAbsent = "<absent>"

// nullableNullLiteral is compared against, never written to.
var nullableNullLiteral = []byte("null")

// Ptr returns a pointer to a copy of v. Use it to fill optional fields and parameters,
// which are pointers so that "not set" differs from the zero value:
//
//	params.Limit = Ptr(50)
func Ptr[T any](v T) *T {
	return &v
}
