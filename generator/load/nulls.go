package load

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// kin-openapi reports a null where an object belongs ("headers": {"X":
// null}) without a position: the value has no origin to carry one. The
// document's source has it: locateNulls finds the nulls in the containers
// where the message's kind of object lives and puts the problem at each.

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

// locateNulls gives each unlocated null-object problem of ds the line,
// column and pointer of the first null it is about, and the count of them.
func locateNulls(abs string, ds []Diagnostic) {
	var nulls []located
	read := false
	for i, d := range ds {
		m := nullObject.FindStringSubmatch(d.Message)
		if m == nil || d.Line > 0 {
			continue
		}
		if !read {
			read, nulls = true, nullsIn(abs)
		}
		holds := nullHolders[m[1]]
		if m[1] == "" {
			holds = func(at []string) bool { return len(at) == 2 && at[0] == "webhooks" && at[1] == m[2] }
		}
		var found []located
		for _, n := range nulls {
			if holds(n.at) {
				found = append(found, n)
			}
		}
		if len(found) > 0 {
			ds[i].Line, ds[i].Column, ds[i].Count = found[0].line, found[0].column, max(d.Count, len(found))
			ds[i].Pointer = pointerOf(found[0].at)
			if m[1] != "" {
				ds[i].Message += ": it is null"
			}
		}
	}
}

// pointerOf is the JSON pointer of the tokens at.
func pointerOf(at []string) string {
	var b strings.Builder
	for _, tok := range at {
		b.WriteString("/" + PointerEscape(tok))
	}
	return b.String()
}

// located is a null value of the source: where it is and its JSON pointer's
// tokens.
type located struct {
	at           []string
	line, column int
}

// nullsIn lists the null values of the document at abs, in source order.
func nullsIn(abs string) []located {
	src, err := os.ReadFile(abs)
	var root yaml.Node
	if err != nil || yaml.Unmarshal(src, &root) != nil {
		return nil
	}
	var out []located
	var walk func(n *yaml.Node, at []string)
	walk = func(n *yaml.Node, at []string) {
		switch n = unwrap(n); {
		case n == nil:
		case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
			out = append(out, located{slices.Clone(at), n.Line, n.Column})
		case n.Kind == yaml.MappingNode:
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
