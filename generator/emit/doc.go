package emit

import (
	"strings"
	"unicode"
)

// docComment makes the godoc of a declared name from a spec description. It
// rewrites the description only when the rewrite is certain to be English,
// a description that starts with a third-person verb: "Returns the bot."
// becomes "GetBot returns the bot.". Any other is kept as written after a
// clause that always reads right, use ("calls GET /bots.", "is the Pet schema
// of the API."): "CreatePet calls POST /pets. Create a pet.", never "CreatePet
// is the create a pet."; "A pet." may be a noun phrase, but "The event was
// canceled." is not.
func docComment(name, doc, use string) string {
	doc = strings.TrimSpace(doc)
	if use == "" {
		use = "is generated from the API description."
	}
	if doc == "" {
		return name + " " + use
	}
	if strings.HasPrefix(doc, name+" ") {
		return doc
	}
	first, _, _ := strings.Cut(doc, " ")
	word := strings.Trim(first, ".,;:")
	switch {
	case modelClauses[word] || docVerbs[upperFirst(word)] && unicode.IsLower([]rune(word)[0]):
		return name + " " + doc // "is the type of...", "returns the bot"
	case docVerbs[word]:
		return name + " " + lowerFirst(doc)
	}
	return name + " " + use + " " + doc
}

// modelClauses start the descriptions the model writes itself ("is the
// successful response of X.", "holds the parameters of X.").
var modelClauses = map[string]bool{"is": true, "holds": true}

func upperFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
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

func lowerFirst(s string) string {
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}
