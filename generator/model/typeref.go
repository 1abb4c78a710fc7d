package model

// The type predicates of the model and the emitters, in one place. They look
// at the expression itself; Unwrapped first strips a Ptr or Nullable wrapper.

// Unwrapped is t without its Ptr or Nullable wrapper, if it has one.
func (t *TypeRef) Unwrapped() *TypeRef {
	if t.Kind == RefPtr || t.Kind == RefNullable {
		return t.Elem
	}
	return t
}

// IsBuiltin reports whether t is one of the Go builtins named.
func (t *TypeRef) IsBuiltin(names ...string) bool {
	if t.Kind != RefBuiltin {
		return false
	}
	for _, n := range names {
		if t.Name == n {
			return true
		}
	}
	return false
}

// IsAny reports whether t admits any JSON value, null included.
func (t *TypeRef) IsAny() bool { return t.IsBuiltin("any") }

// IsString reports whether t is the builtin string.
func (t *TypeRef) IsString() bool { return t.IsBuiltin("string") }

// IsInteger reports whether t is a builtin integer.
func (t *TypeRef) IsInteger() bool { return t.IsBuiltin("int", "int32", "int64") }

// IsNumber reports whether t is a builtin number, integer or not.
func (t *TypeRef) IsNumber() bool { return t.IsBuiltin("int", "int32", "int64", "float32", "float64") }

// IsStringLike reports whether t is written as a Go string: the builtin or an
// enum of strings.
func (t *TypeRef) IsStringLike() bool {
	return t.IsString() || (t.Kind == RefNamed && t.Type.Kind == KindEnum && t.Type.Enum.Base == ScalarString)
}
