package load

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
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
	ds := []Diagnostic{{File: file, Message: msg}}
	locateUnplaced(abs, ds)
	return ds
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

// yamlProblem is one problem the YAML decoder reports, at the line it names.
type yamlProblem struct {
	line int
	text string
}

// yamlProblems lists the problems of kin-openapi's decoding error msg, none
// when msg is not one.
func yamlProblems(msg string) []yamlProblem {
	_, yamlPart, ok := strings.Cut(msg, "yaml error: ")
	if !ok || !strings.Contains(msg, "failed to unmarshal data") {
		return nil
	}
	var out []yamlProblem
	for _, m := range yamlLine.FindAllStringSubmatch(yamlPart, -1) {
		line, _ := strconv.Atoi(m[1])
		out = append(out, yamlProblem{line, strings.TrimSpace(m[2])})
	}
	return out
}

// syntaxDiagnostics locates "failed to unmarshal data" errors by the lines
// the YAML decoder names (JSON is YAML, so a JSON document gets lines too).
func syntaxDiagnostics(file, msg string) []Diagnostic {
	var asJSON string
	if m := jsonErr.FindStringSubmatch(msg); m != nil {
		asJSON = " (as JSON: " + m[1] + ")"
	}
	var out []Diagnostic
	for _, p := range yamlProblems(msg) {
		line, what, col := p.line, p.text, 0
		if at := yamlPos.FindStringSubmatch(what); at != nil {
			line, _ = strconv.Atoi(at[1])
			col, _ = strconv.Atoi(at[2])
		}
		if strings.HasPrefix(what, "cannot construct") || strings.HasPrefix(what, "cannot unmarshal") {
			what = "the value has the wrong type: " + what + wholeMapRef(what)
		} else {
			what = "the document does not parse: " + what + asJSON
		}
		out = append(out, Diagnostic{File: file, Line: line, Column: col, Message: what})
	}
	return out
}

// wholeMapRef explains a decoding error at a key named $ref where a map of
// objects belongs (content, properties, responses...): some publishers $ref a
// whole map, which OpenAPI does not allow, and the decoder then reads "$ref"
// as the name of one entry.
func wholeMapRef(what string) string {
	if !strings.HasSuffix(what, "/$ref") {
		return ""
	}
	return "; this $ref stands for a whole map, which OpenAPI does not allow: a $ref replaces one object (a schema, a response, a media type...), so inline the map here or $ref each entry"
}

// refProblems match kin-openapi's messages about one $ref: the first group
// is the reference (or its fragment) as written, the second, when there is
// one, says more. Each comes with what the diagnostic says of the ref.
var refProblems = []struct {
	re      *regexp.Regexp
	problem string
}{
	{regexp.MustCompile(`failed to resolve "[^"]*" in fragment in URI: "([^"]+)"`), "points at nothing"},
	{regexp.MustCompile(`bad data in "([^"]+)" \((.*)\)`), "points at the wrong kind of object: "},
	{regexp.MustCompile(`error resolving reference "([^"]+)": (.*)`), "cannot be read: "},
	{regexp.MustCompile(`cannot parse reference: "([^"]+)": (.*)`), "is not a valid reference: "},
	{regexp.MustCompile(`remote document "([^"]+)": (.*)`), "cannot be read: "},
	{regexp.MustCompile(`expected fragment prefix '#/' in URI "([^"]+)"`), "is not a JSON pointer (#/...): anchors and $id references are not supported"},
	// A $ref that is an absolute path, read as a file: in a 3.1 document,
	// most often the $id of a schema, which kin-openapi does not resolve.
	{regexp.MustCompile(`^open (/[^:]+): (.*)`), "is read as a file path, as a $ref to a schema's $id is not resolved (use #/components/schemas/...): "},
}

// refDiagnostics reports the $refs in the document's own file that end with
// the reference kin-openapi names, at the first one's line and column.
// References in other files are not searched: the diagnostic then names the
// reference without a line.
func refDiagnostics(file, abs, msg string) []Diagnostic {
	var ref, problem string
	for _, p := range refProblems {
		if m := p.re.FindStringSubmatch(msg); m != nil {
			ref, problem = m[1], p.problem
			if len(m) > 2 {
				problem += m[2]
			}
			break
		}
	}
	if ref == "" {
		return nil
	}
	nowhere := []Diagnostic{{File: file, Message: fmt.Sprintf("a $ref ending in %q %s", ref, problem)}}
	src, err := os.ReadFile(abs)
	if err != nil {
		return nowhere
	}
	refs := refsMatching(src, ref)
	if len(refs) == 0 {
		return decodedRefDiagnostics(file, src, ref, problem, nowhere)
	}
	if why := comesBack(src, msg, ref); why != "" {
		problem = why
	}
	// One message for the target, at its first use, with the count.
	line, col := lineCol(src, refs[0][0])
	return []Diagnostic{{File: file, Line: line, Column: col, Count: len(refs),
		Message: fmt.Sprintf("$ref %q %s", src[refs[0][0]:refs[0][1]], problem)}}
}

// decodedRefDiagnostics locates a reference that the source writes with
// escapes ("\u0000"), which kin-openapi's message quotes decoded: the YAML
// tree has the decoded values. It returns nowhere when none matches.
func decodedRefDiagnostics(file string, src []byte, ref, problem string, nowhere []Diagnostic) []Diagnostic {
	want, err := strconv.Unquote(`"` + ref + `"`)
	var root yaml.Node
	if err != nil || yaml.Unmarshal(src, &root) != nil {
		return nowhere
	}
	var at []*yaml.Node
	refsIn(&root, nil, nil, func(_ []string, _, _, v *yaml.Node) {
		if strings.HasSuffix(v.Value, want) || strings.HasPrefix(v.Value, want) {
			at = append(at, v)
		}
	})
	if len(at) == 0 {
		return nowhere
	}
	col := at[0].Column
	if at[0].Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		col++ // the value starts after its quote, as refDiagnostics says
	}
	return []Diagnostic{{File: file, Line: at[0].Line, Column: col, Count: len(at),
		Message: fmt.Sprintf("$ref %s %s", strconv.Quote(at[0].Value), problem)}}
}

// throughRef is kin-openapi's outer message when it fails inside the
// document another $ref led it to.
var throughRef = regexp.MustCompile(`error resolving reference "([^"#]+#[^"]*)": failed to resolve`)

// comesBack explains a local reference (#/...) that kin-openapi could not
// resolve although src, the document that holds it, has its target: kin-
// openapi reached it through a $ref into another file and looked for it
// there. It returns "" when that is not what happened.
func comesBack(src []byte, msg, ref string) string {
	m := throughRef.FindStringSubmatch(msg)
	if m == nil || !strings.HasPrefix(ref, "#/") {
		return ""
	}
	var root yaml.Node
	if yaml.Unmarshal(src, &root) != nil || nodeAt(&root, strings.TrimPrefix(ref, "#")) == nil {
		return ""
	}
	other, _, _ := strings.Cut(m[1], "#")
	return fmt.Sprintf("is not resolved, although this file has its target: kin-openapi reached it through %q and looked for it in %s. "+
		"A chain of references that leaves this file and comes back into it is not supported; "+
		"generate from a document that refers to both files, or keep the schemas that refer to each other in one file", m[1], other)
}

// refValue matches a $ref key and its value in YAML or JSON: double-quoted,
// single-quoted or plain.
var refValue = regexp.MustCompile(`"?\$ref"?\s*:\s*(?:"([^"]*)"|'([^']*)'|([^"'\s,}]+))`)

// refsMatching returns where the $ref values in src that end with ref (a
// fragment kin-openapi names alone) or start with it (a document's URL
// without the fragment) start and end.
func refsMatching(src []byte, ref string) [][2]int {
	var out [][2]int
	for _, loc := range refValue.FindAllSubmatchIndex(src, -1) {
		if v, at := refMatchValue(src, loc); bytes.HasSuffix(v, []byte(ref)) || bytes.HasPrefix(v, []byte(ref)) {
			out = append(out, [2]int{at, at + len(v)})
		}
	}
	return out
}

// lineCol is the 1-based line and column (in bytes) of offset at in src.
func lineCol(src []byte, at int) (line, col int) {
	line = 1 + bytes.Count(src[:at], []byte("\n"))
	return line, at - bytes.LastIndexByte(src[:at], '\n')
}

// notString is the YAML decoder's message for a number or boolean where the
// document's structure wants a string.
var notString = regexp.MustCompile(`^cannot unmarshal !!(?:int|float|bool) into string field "([^"]+)"`)

// quoteScalars quotes, in src, each scalar that msg says should be a string,
// on its line and in place, so that line numbers stay true. It returns the
// patched source and one warning per scalar; none when a line does not read
// as expected.
func quoteScalars(file string, src []byte, msg string) ([]byte, []Diagnostic) {
	lines := bytes.SplitAfter(src, []byte("\n"))
	var notes []Diagnostic
	for _, p := range yamlProblems(msg) {
		m := notString.FindStringSubmatch(p.text)
		if m == nil {
			continue
		}
		// The decoder names the line where the enclosing mapping starts:
		// the field is on it or below.
		field := regexp.MustCompile(`(^|[\s{,])(["']?` + regexp.QuoteMeta(m[1]) + `["']?\s*:\s*)([-+.\w]+)\s*([,}#]|$)`)
		n, loc := findLine(lines, field, lineRange(p.line, len(lines)))
		if loc == nil {
			return nil, nil
		}
		value := string(lines[n-1][loc[6]:loc[7]])
		lines[n-1] = slices.Concat(lines[n-1][:loc[6]], []byte(strconv.Quote(value)), lines[n-1][loc[7]:])
		notes = append(notes, Diagnostic{File: file, Line: n, Column: loc[6] + 1,
			Message: fmt.Sprintf("%s is %s, not a string: it is read as %q", m[1], value, value)})
	}
	return bytes.Join(lines, nil), notes
}

// repair returns src with the problem msg reports mended, and what was done;
// no diagnostics when it cannot mend it.
func repair(file, abs string, src []byte, msg string) ([]byte, []Diagnostic) {
	if fixed, notes := quoteScalars(file, src, msg); len(notes) > 0 {
		return fixed, notes
	}
	if fixed, notes := dropDanglingRefs(file, src, msg); len(notes) > 0 {
		return fixed, notes
	}
	if fixed, notes := dropWrongKindRefs(file, src, msg); len(notes) > 0 {
		return fixed, notes
	}
	if fixed, notes := inlineMapRefs(file, abs, src, msg); len(notes) > 0 {
		return fixed, notes
	}
	return ignoreWrongTypes(file, src, msg)
}

// wrongType is the decoder's message for a value of the wrong kind, with the
// JSON pointer of the field it was given for.
var wrongType = regexp.MustCompile(`^cannot (?:construct|unmarshal) (\S+) .*? in (/\S*/)([^/\s]+)$`)

// ignoreWrongTypes renames, in src, each field whose value has the wrong kind
// (a boolean for a schema's required list, a $ref where a map of media types
// belongs) to x-invalid-<name>: an extension, kept for the reader and read
// by nothing, so that the rest of the document generates.
func ignoreWrongTypes(file string, src []byte, msg string) ([]byte, []Diagnostic) {
	problems := yamlProblems(msg)
	if len(problems) == 0 {
		return nil, nil
	}
	lines := bytes.SplitAfter(src, []byte("\n"))
	var notes []Diagnostic
	for _, p := range problems {
		w := wrongType.FindStringSubmatch(p.text)
		if w == nil {
			return nil, nil
		}
		name := PointerUnescape(w[3])
		if strings.HasPrefix(name, "x-") {
			return nil, nil // an entry of a map (content, responses): renaming does not take it out
		}
		key := regexp.MustCompile(`(?:^|[\s{,])(["']?` + regexp.QuoteMeta(name) + `["']?)\s*:`)
		// The decoder names the line where the value starts: a scalar's key
		// is on it, a block mapping's or list's on the line before.
		n, loc := findLine(lines, key, []int{p.line, p.line - 1})
		if loc == nil {
			return nil, nil
		}
		k := lines[n-1][loc[2]:loc[3]]
		renamed := bytes.Replace(k, []byte(name), []byte(repairMark+name), 1)
		lines[n-1] = slices.Concat(lines[n-1][:loc[2]], renamed, lines[n-1][loc[3]:])
		notes = append(notes, Diagnostic{File: file, Line: n, Column: loc[2] + 1,
			Message: fmt.Sprintf("%s is %s, not what #%s%s holds: it is ignored", name, yamlKind(w[1]), w[2], w[3])})
	}
	return bytes.Join(lines, nil), notes
}

// findLine returns the first of the 1-based line numbers candidates whose
// line re matches, and the match; no match, a nil loc.
func findLine(lines [][]byte, re *regexp.Regexp, candidates []int) (n int, loc []int) {
	for _, c := range candidates {
		if c >= 1 && c <= len(lines) {
			if loc = re.FindSubmatchIndex(bytes.TrimRight(lines[c-1], "\r\n")); loc != nil {
				return c, loc
			}
		}
	}
	return 0, nil
}

// lineRange lists the line numbers from..to.
func lineRange(from, to int) []int {
	var out []int
	for n := from; n <= to; n++ {
		out = append(out, n)
	}
	return out
}

// yamlKinds name YAML tags in words ("!!map" is "a mapping").
var yamlKinds = map[string]string{"!!map": "a mapping", "!!seq": "a list", "!!str": "a string", "!!int": "an integer",
	"!!float": "a number", "!!bool": "a boolean", "!!null": "null"}

func yamlKind(tag string) string {
	if w, ok := yamlKinds[tag]; ok {
		return w
	}
	return tag
}

// danglingKinds are the components whose dangling $refs can be dropped: what
// is left, an object with an extension only, is a free-form schema, an empty
// response, or a parameter the model leaves out (UnresolvedRefKey marks it).
// A request body or header without its fields would still be read as one.
var danglingKinds = []string{"#/components/schemas/", "#/components/responses/", "#/components/parameters/"}

// dropDanglingRefs renames, in src, the key of each local $ref to a missing
// schema, response or parameter (x-unresolved-ref: "#/components/schemas/X"),
// keeping the reference as an extension for the reader and every line where
// it was. kin-openapi reports one missing target at a time; once it has
// reported one, every local reference is checked against the document, so
// that a document with many is decoded twice, not once per target.
func dropDanglingRefs(file string, src []byte, msg string) ([]byte, []Diagnostic) {
	m := refProblems[0].re.FindStringSubmatch(msg)
	if m == nil || !droppable(m[1]) {
		return nil, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, nil
	}
	holders := holderLines(&root)
	var notes []Diagnostic
	var keys []int
	for _, loc := range refValue.FindAllSubmatchIndex(src, -1) {
		value, at := refMatchValue(src, loc)
		target := string(value)
		if target != m[1] && (!droppable(target) || resolves(&root, target)) {
			continue
		}
		line, col := lineCol(src, at)
		notes = append(notes, Diagnostic{File: file, Line: line, Column: col, holder: holders[line],
			Message: fmt.Sprintf("$ref %q points at nothing; it is dropped: %s", target, droppedAs(target))})
		keys = append(keys, bytes.Index(src[loc[0]:loc[1]], []byte("$ref"))+loc[0])
	}
	return renameRefKeys(src, keys), notes
}

// renameRefKeys returns src with the $ref at each offset of keys (in
// increasing order) renamed to UnresolvedRefKey, copying src once.
func renameRefKeys(src []byte, keys []int) []byte {
	out := make([]byte, 0, len(src)+len(keys)*(len(UnresolvedRefKey)-len("$ref")))
	last := 0
	for _, k := range keys {
		out = append(append(out, src[last:k]...), UnresolvedRefKey...)
		last = k + len("$ref")
	}
	return append(out, src[last:]...)
}

func droppable(ref string) bool {
	return slices.ContainsFunc(danglingKinds, func(k string) bool { return strings.HasPrefix(ref, k) })
}

// resolves reports whether the local reference ref ("#/a/b") names a value
// in the document's YAML node tree.
func resolves(root *yaml.Node, ref string) bool {
	return nodeAt(root, strings.TrimPrefix(ref, "#")) != nil
}

// entry is the value of key in the mapping n, nil when there is none. Keys
// compare as written, so 200: is "200".
func entry(n *yaml.Node, key string) *yaml.Node {
	if n = unwrap(n); n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// unwrap is the node n stands for, through a document node and aliases.
func unwrap(n *yaml.Node) *yaml.Node {
	for n != nil && (n.Kind == yaml.DocumentNode || n.Kind == yaml.AliasNode) {
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		} else if len(n.Content) > 0 {
			n = n.Content[0]
		} else {
			return nil
		}
	}
	return n
}

// UnresolvedRefKey replaces $ref in a dropped reference: an extension, which
// every object may have; the model leaves out a parameter that has it.
const UnresolvedRefKey = "x-unresolved-ref"

// repairMark starts the names ignoreWrongTypes gives the fields it renames;
// a decoder error that names one means the renaming did not take.
const repairMark = "x-invalid-"

func droppedAs(target string) string {
	switch {
	case strings.HasPrefix(target, "#/components/responses/"):
		return "the response has no body"
	case strings.HasPrefix(target, "#/components/parameters/"):
		return "the operation has no such parameter"
	}
	return "the value is free-form"
}

// refMatchValue returns the value of one refValue match and its offset.
func refMatchValue(src []byte, loc []int) ([]byte, int) {
	for g := 2; g+1 < len(loc); g += 2 {
		if loc[g] >= 0 {
			return src[loc[g]:loc[g+1]], loc[g]
		}
	}
	return nil, -1
}
