package rt

import "encoding/json"

// serverParamJSON decodes into dst the text of a query or header parameter
// that its operation describes by a JSON media type instead of a schema. The
// text is bounded by the server's limits on URLs and headers, and
// encoding/json bounds its nesting.
func serverParamJSON(text string, dst any) error {
	if err := json.Unmarshal([]byte(text), dst); err != nil {
		return validateErrorf("is not the JSON of its schema: %v", err)
	}
	return nil
}
