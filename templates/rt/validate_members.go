package rt

// This file is emitted only into packages with a struct whose validation keeps
// the JSON of some of its members and has no undeclared properties to check.

// validateMembers keeps in vals[i] the JSON of raw's member names[i] (the last
// one, if the name repeats). Then, when raw is JSON at all (not a value read
// from a query string, where presence cannot be told), it reports the first
// of the first strict+loose names that is missing; the strict ones, which
// come first, may not be null either. One loop over a short list, not a
// switch per struct: this is most of the code of a generated validate method.
func validateMembers(raw []byte, vals [][]byte, strict, loose int, names ...string) error {
	for it := validateJSON(raw); it.next(); {
		for i, name := range names {
			if string(it.key) == name {
				vals[i] = it.value
				break
			}
		}
	}
	if raw == nil {
		return nil
	}
	for i, name := range names[:strict] {
		if err := validatePresent(vals[i]); err != nil {
			return validateIn(err, name)
		}
	}
	for i, name := range names[strict : strict+loose] {
		if vals[strict+i] == nil {
			return validateIn(validateErrorf("is required"), name)
		}
	}
	return nil
}
