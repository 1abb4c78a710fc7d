package emit

import (
	"strings"
	"unicode"
)

// docComment turns a spec description into a godoc sentence that starts
// with the declared name, as Go convention asks, and reads as if written by
// hand: "Returns the bot." becomes "GetBot returns the bot.", "Kind of
// activity." becomes "ActivityCategory is the kind of activity.".
func docComment(name, doc string) string {
	doc = strings.TrimSpace(doc)
	if doc == "" {
		return name + " is generated from the API description."
	}
	if strings.HasPrefix(doc, name+" ") {
		return doc
	}
	first, rest, _ := strings.Cut(doc, " ")
	if rest != "" {
		rest = " " + rest
	}
	word := strings.Trim(first, ".,;:")
	switch {
	case unicode.IsLower([]rune(doc)[0]):
		return name + " " + doc
	case word == "A" || word == "An" || word == "The":
		return name + " is " + lowerFirst(first) + rest
	case !isTitleWord(word):
		return name + ": " + doc // an acronym, a name, a symbol: keep as written
	case docVerbs[word]:
		return name + " " + lowerFirst(first) + rest
	case docQuantifiers[word]:
		return name + " is " + lowerFirst(first) + rest
	case isPlural(word):
		return name + " holds the " + lowerFirst(first) + rest
	}
	return name + " is the " + lowerFirst(first) + rest
}

// docVerbs are the third-person verbs API descriptions start with.
var docVerbs = map[string]bool{}

func init() {
	for _, v := range strings.Fields(`Adds Applies Calls Cancels Changes Checks Configures Copies
		Counts Creates Deletes Describes Duplicates Emits Fetches Finds Gets Gives Holds Identifies
		Indicates Inserts Lists Lets Marks Moves Opens Patches Posts Reads Receives Registers
		Removes Renames Replaces Represents Retrieves Returns Runs Searches Sends Sets Starts Stops
		Stores Triggers Updates Upserts Uploads Validates Writes`) {
		docVerbs[v] = true
	}
}

var docQuantifiers = map[string]bool{"One": true, "Each": true, "Any": true, "Some": true, "No": true, "All": true}

// isTitleWord reports whether w is a capitalised ordinary word (Kind), not
// an acronym (URL), a mixed-case name (iOS, GitHub) or a symbol.
func isTitleWord(w string) bool {
	r := []rune(w)
	if len(r) < 2 || !unicode.IsUpper(r[0]) {
		return false
	}
	for _, c := range r[1:] {
		if !unicode.IsLower(c) && c != '-' {
			return false
		}
	}
	return true
}

// isPlural guesses an English plural: ends in s, but not in the singular
// endings -ss, -us, -is.
func isPlural(w string) bool {
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is")
}

func lowerFirst(s string) string {
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}
