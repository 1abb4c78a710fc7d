package load

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// kin-openapi reports a document that does not decode, or a $ref it cannot
// resolve, as one error string without a location that tools can read.
// loadDiagnostics turns those strings into located diagnostics: the line of
// each YAML or JSON syntax problem, and every place the unresolved reference
// is written. An error it does not recognise stays one diagnostic naming the
// file.
func loadDiagnostics(file, abs string, err error) []Diagnostic {
	msg := err.Error()
	if ds := syntaxDiagnostics(file, msg); len(ds) > 0 {
		return ds
	}
	if ds := refDiagnostics(file, abs, msg); len(ds) > 0 {
		return ds
	}
	return []Diagnostic{{File: file, Message: msg}}
}

var (
	// "line 25: cannot construct !!map into string in /tags/0/description",
	// as yaml's decoder lists them, separated by "; ".
	yamlLine = regexp.MustCompile(`line (\d+): (.*?)(?:; |$)`)
	// A more precise position inside such a message ("... at L4.C17: ...").
	yamlPos = regexp.MustCompile(`at L(\d+)\.C(\d+)`)
	// The JSON decoder's own message, which kin-openapi puts before the YAML one.
	jsonErr = regexp.MustCompile(`json error: (.*?), yaml error:`)
)

// syntaxDiagnostics locates "failed to unmarshal data" errors by the lines
// the YAML decoder names (JSON is YAML, so a JSON document gets lines too).
func syntaxDiagnostics(file, msg string) []Diagnostic {
	_, yamlPart, ok := strings.Cut(msg, "yaml error: ")
	if !ok || !strings.Contains(msg, "failed to unmarshal data") {
		return nil
	}
	var asJSON string
	if m := jsonErr.FindStringSubmatch(msg); m != nil {
		asJSON = " (as JSON: " + m[1] + ")"
	}
	var out []Diagnostic
	for _, m := range yamlLine.FindAllStringSubmatch(yamlPart, -1) {
		line, _ := strconv.Atoi(m[1])
		what, col := strings.TrimSpace(m[2]), 0
		if at := yamlPos.FindStringSubmatch(what); at != nil {
			line, _ = strconv.Atoi(at[1])
			col, _ = strconv.Atoi(at[2])
		}
		if strings.HasPrefix(what, "cannot construct") || strings.HasPrefix(what, "cannot unmarshal") {
			what = "the value has the wrong type: " + what
		} else {
			what = "the document does not parse: " + what + asJSON
		}
		out = append(out, Diagnostic{File: file, Line: line, Column: col, Message: what})
	}
	return out
}

var (
	// kin-openapi's message for a $ref whose target is missing,
	unresolved = regexp.MustCompile(`failed to resolve "[^"]*" in fragment in URI: "([^"]+)"`)
	// and for one whose target is the wrong kind of object.
	wrongTarget = regexp.MustCompile(`bad data in "([^"]+)" \((.*)\)`)
)

// refDiagnostics reports the $refs in the document's own file that end with
// the fragment kin-openapi could not resolve, at the first one's line and
// column. References in other files are not searched: the diagnostic then
// names the fragment without a line.
func refDiagnostics(file, abs, msg string) []Diagnostic {
	problem := "points at nothing"
	m := unresolved.FindStringSubmatch(msg)
	if m == nil {
		if m = wrongTarget.FindStringSubmatch(msg); m == nil {
			return nil
		}
		problem = "points at the wrong kind of object: " + m[2]
	}
	fragment := m[1]
	nowhere := []Diagnostic{{File: file, Message: fmt.Sprintf("a $ref ending in %q %s", fragment, problem)}}
	src, err := os.ReadFile(abs)
	if err != nil {
		return nowhere
	}
	refs := refsEndingWith(src, fragment)
	if len(refs) == 0 {
		return nowhere
	}
	// One message for the target, at its first use, with the count.
	line, col := lineCol(src, refs[0][0])
	return []Diagnostic{{File: file, Line: line, Column: col, Count: len(refs),
		Message: fmt.Sprintf("$ref %q %s", src[refs[0][0]:refs[0][1]], problem)}}
}

// refValue matches a $ref key and its value in YAML or JSON, quoted or not.
var refValue = regexp.MustCompile(`"?\$ref"?\s*:\s*["']?([^"'\s,}]+)`)

// refsEndingWith returns where the $ref values in src that end with fragment
// start and end.
func refsEndingWith(src []byte, fragment string) [][2]int {
	var out [][2]int
	for _, loc := range refValue.FindAllSubmatchIndex(src, -1) {
		if bytes.HasSuffix(src[loc[2]:loc[3]], []byte(fragment)) {
			out = append(out, [2]int{loc[2], loc[3]})
		}
	}
	return out
}

// lineCol is the 1-based line and column (in bytes) of offset at in src.
func lineCol(src []byte, at int) (line, col int) {
	line = 1 + bytes.Count(src[:at], []byte("\n"))
	return line, at - bytes.LastIndexByte(src[:at], '\n')
}
