package model

// breakValueCycles makes recursive types representable. Go cannot hold a
// struct inside itself by value (a required property of its own type, or a
// nullable one, whose Nullable[T] holds T), so the field that closes a cycle
// of by-value containment becomes a pointer. Optional fields, slices and maps
// are pointers or headers already and never close such a cycle. Types are
// walked in name order so the same spec always gets the same pointers.
func breakValueCycles(types []*Type) {
	const (
		unseen = iota
		open
		done
	)
	state := map[*Type]int{}
	var visit func(t *Type)
	visit = func(t *Type) {
		state[t] = open
		for _, f := range t.Fields {
			ref, next := byValue(f.Type)
			if next == nil {
				continue
			}
			switch state[next] {
			case open:
				*ref = TypeRef{Kind: RefPtr, Elem: cloneRef(ref)}
			case unseen:
				visit(next)
			}
		}
		state[t] = done
	}
	for _, t := range types {
		if state[t] == unseen && t.Kind == KindStruct {
			visit(t)
		}
	}
}

// byValue follows r through the wrappers that hold their element by value
// (Nullable) to a struct type, and returns the reference to that type (the
// one to turn into a pointer) and the type; nil when r holds no struct by
// value.
func byValue(r *TypeRef) (*TypeRef, *Type) {
	for r != nil {
		switch r.Kind {
		case RefNullable:
			r = r.Elem
		case RefNamed:
			switch {
			case r.Type == nil:
				return nil, nil
			case r.Type.Kind == KindStruct:
				return r, r.Type
			case r.Type.Kind == KindAlias || r.Type.Kind == KindDefined:
				r = r.Type.Elem
			default:
				return nil, nil
			}
		default:
			return nil, nil
		}
	}
	return nil, nil
}

func cloneRef(r *TypeRef) *TypeRef {
	c := *r
	return &c
}

// maxValueWords bounds what a field holds by value, in machine words: one
// that would hold more holds a pointer. Structs that include others by
// value multiply (Hasura's boolean expressions include each other's through
// Nullable, and one was 764 MB), and a type that large cannot be linked into
// a program; no hand-written struct copies kilobytes on every assignment.
const maxValueWords = 1024

// boundValueSizes makes a field a pointer where it would hold a struct of
// more than maxValueWords words by value, so no type grows beyond its
// fields' count times that. It runs after breakValueCycles (by-value
// containment is then acyclic), over types in name order, so the same spec
// always gets the same pointers.
func boundValueSizes(types []*Type) {
	words := map[*Type]int{}
	var size func(t *Type) int
	size = func(t *Type) int {
		if n, ok := words[t]; ok {
			return n
		}
		n := 1 // the extra properties map, a union's discriminant...
		for _, f := range t.Fields {
			ref, next := byValue(f.Type)
			if next == nil {
				n += 3 // a scalar, a pointer or a header: at most three words
				continue
			}
			if s := size(next); s > maxValueWords {
				*ref = TypeRef{Kind: RefPtr, Elem: cloneRef(ref)}
				n++
			} else {
				n += s + 1 // a Nullable's flag
			}
		}
		words[t] = n
		return n
	}
	for _, t := range types {
		if t.Kind == KindStruct {
			size(t)
		}
	}
}
