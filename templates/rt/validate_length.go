package rt

import "unicode/utf8"

// This file is emitted only into packages with a string whose length the
// schema bounds.

// validateLength checks the length of s in characters against minLength and
// maxLength; a negative bound is none.
func validateLength(s string, minLength, maxLength int) error {
	switch n := utf8.RuneCountInString(s); {
	case minLength >= 0 && n < minLength:
		return validateErrorf("length %d is less than minLength %d", n, minLength)
	case maxLength >= 0 && n > maxLength:
		return validateErrorf("length %d exceeds maxLength %d", n, maxLength)
	}
	return nil
}
