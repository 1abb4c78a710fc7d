package load

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// kin-openapi reports some problems without a position: a null where an
// object belongs ("headers": {"X": null}) has no origin to carry one, and
// its loader's own checks name no place. The document's source has them:
// locateUnplaced finds the values a message is about and puts the problem
// at the first, with the count.

// nullObject matches kin-openapi's messages about such a null: the kind of
// object, or the webhook's name.
var nullObject = regexp.MustCompile(`invalid (header|parameter|requestBody|response|securityScheme): value MUST be an object$|webhook "([^"]*)" is nil$`)

// nullHolders says, for each kind, whether the JSON pointer tokens of a value
// are a place of that kind: in its components' map, or where an operation
// holds one.
var nullHolders = map[string]func(at []string) bool{
	"header":         func(at []string) bool { return parent(at) == "headers" },
	"parameter":      func(at []string) bool { return parent(at) == "parameters" },
	"requestBody":    func(at []string) bool { return last(at) == "requestBody" || parent(at) == "requestBodies" },
	"response":       func(at []string) bool { return parent(at) == "responses" },
	"securityScheme": func(at []string) bool { return parent(at) == "securitySchemes" },
}

func parent(at []string) string { return last(at[:max(len(at)-1, 0)]) }

func last(at []string) string {
	if len(at) == 0 {
		return ""
	}
	return at[len(at)-1]
}

// locateUnplaced gives each unlocated problem of ds that it recognises the
// line, column and pointer of the first value it is about, and their count.
func locateUnplaced(abs string, ds []Diagnostic) {
	var values []located
	read := false
	for i, d := range ds {
		holds, what := unplaced(d.Message)
		if holds == nil || d.Line > 0 {
			continue
		}
		if !read {
			read, values = true, valuesIn(abs)
		}
		var found []located
		for _, v := range values {
			if holds(v) {
				found = append(found, v)
			}
		}
		if len(found) > 0 {
			ds[i].Line, ds[i].Column, ds[i].Count = found[0].line, found[0].column, max(d.Count, len(found))
			ds[i].Pointer = pointerOf(found[0].at)
			ds[i].Message += what
		}
	}
}

// unplaced says which values msg is about, and what to add to it; nil for
// a message it does not know.
func unplaced(msg string) (holds func(located) bool, what string) {
	if strings.HasSuffix(msg, bothSchemaAndContent) {
		return func(v located) bool { return v.both && parent(v.at) == "parameters" }, ""
	}
	m := nullObject.FindStringSubmatch(msg)
	switch {
	case m == nil:
		return nil, ""
	case m[1] == "":
		return func(v located) bool { return v.null && len(v.at) == 2 && v.at[0] == "webhooks" && v.at[1] == m[2] }, ""
	}
	at := nullHolders[m[1]]
	return func(v located) bool { return v.null && at(v.at) }, ": it is null"
}

// bothSchemaAndContent is kin-openapi's loader's message for a parameter
// with both.
const bothSchemaAndContent = "cannot contain both schema and content in a parameter"

// pointerOf is the JSON pointer of the tokens at.
func pointerOf(at []string) string {
	var b strings.Builder
	for _, tok := range at {
		b.WriteString("/" + PointerEscape(tok))
	}
	return b.String()
}

// located is a value of the source that a message may be about: a null, or
// an object with both a schema and a content; where it is and its JSON
// pointer's tokens.
type located struct {
	at           []string
	line, column int
	null, both   bool
}

// valuesIn lists the values of the document at abs that located describes,
// in source order.
func valuesIn(abs string) []located {
	src, err := os.ReadFile(abs)
	var root yaml.Node
	if err != nil || yaml.Unmarshal(src, &root) != nil {
		return nil
	}
	var out []located
	var walk func(n *yaml.Node, at []string)
	walk = func(n *yaml.Node, at []string) {
		switch {
		case n.Kind == yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, at)
			}
		case n.Kind == yaml.AliasNode:
			// Not followed: what an alias stands for is walked where its
			// anchor is, and following aliases can multiply the walk.
		case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
			out = append(out, located{at: slices.Clone(at), line: n.Line, column: n.Column, null: true})
		case n.Kind == yaml.MappingNode:
			if entry(n, "schema") != nil && entry(n, "content") != nil {
				out = append(out, located{at: slices.Clone(at), line: n.Line, column: n.Column, both: true})
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], append(at, n.Content[i].Value))
			}
		case n.Kind == yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, append(at, strconv.Itoa(i)))
			}
		}
	}
	walk(&root, nil)
	return out
}
