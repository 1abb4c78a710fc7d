package rt

// This file is emitted only into packages with a required property whose presence
// only the JSON tells, and with validateMembers, which calls it.

// validatePresent checks the raw JSON of a required, non-nullable property.
func validatePresent(raw []byte) error {
	switch {
	case raw == nil:
		return validateErrorf("is required")
	case string(raw) == "null":
		return validateErrorf("must not be null")
	}
	return nil
}
