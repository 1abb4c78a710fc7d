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
