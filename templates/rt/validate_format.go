package rt

import (
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// This file is emitted only into packages with a string property that has a format
// the handler checks.

// validateFormat checks s against a string format of the API description. The checks
// are lenient, catching values that are plainly something else; formats it does not
// know pass.
func validateFormat(format, s string) error {
	ok := true
	switch format {
	case "email":
		local, domain, found := strings.Cut(s, "@")
		ok = found && local != "" && domain != "" && !strings.ContainsAny(s, " \t\r\n") && !strings.Contains(domain, "@")
	case "uuid":
		ok = validateUUID(s)
	case "uri":
		u, err := url.Parse(s)
		ok = err == nil && u.Scheme != ""
	case "uri-reference":
		_, err := url.Parse(s)
		ok = err == nil
	case "date":
		_, err := time.Parse(time.DateOnly, s)
		ok = err == nil
	case "date-time":
		_, err := time.Parse(time.RFC3339Nano, s)
		ok = err == nil
	case "ipv4", "ipv6":
		a, err := netip.ParseAddr(s)
		ok = err == nil && a.Is4() == (format == "ipv4")
	}
	if !ok {
		return validateErrorf("%q is not a valid %s", s, format)
	}
	return nil
}

// validateUUID reports whether s is 8-4-4-4-12 hexadecimal digits.
func validateUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
