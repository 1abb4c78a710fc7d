// Package load reads an OpenAPI 3.0 or 3.1 document (or a Swagger 2.0 one,
// as its conversion to 3.0), resolves its references (including
// relative-file ones) and validates it. Problems that make the
// document unusable are errors; problems that should not block generation
// (a bad example, a default that does not match its schema, an unknown
// format) are returned as warnings, because real published specs are full of
// them.
package load

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// Document is a decoded spec, and once Validate has accepted it, a valid one.
type Document struct {
	Path     string
	T        *openapi3.T
	Warnings []Diagnostic

	abs       string       // Path made absolute, as the loader saw it
	repaired  []Diagnostic // what decode repaired, whose places validation should not report again
	converted []byte       // for a Swagger 2.0 document, the text of its OpenAPI 3.0 conversion, which stands for it
}

// Diagnostic is a problem found in the document, with where it is: a line
// and column when the loader knows them, else a JSON pointer.
type Diagnostic struct {
	File    string // as the user named it (relative files beside it)
	Line    int    // 1-based; 0 when unknown
	Column  int
	Pointer string // JSON pointer, may be empty
	Message string
	Count   int // how many places reported the same problem; 0 or 1 means one

	leaf string // the innermost error's text, for Tidy
	// holder is, for a repair, the line of the key whose value it rewrote:
	// validation reports a problem of that object (a response left without
	// a description) there.
	holder int
	// inferred is set when the place was found from what the message names
	// (see contextLocation), not given by the loader: it may lie inside
	// what a repair inlined, without being about the repair.
	inferred bool
}

// String formats d the way compilers do, so editors and CI annotate it:
// file:line:col: message, or file#/json/pointer: message.
func (d Diagnostic) String() string {
	var loc string
	switch {
	case d.Line > 0 && d.Column > 0:
		loc = fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Column)
	case d.Line > 0:
		loc = fmt.Sprintf("%s:%d", d.File, d.Line)
	case d.Pointer != "":
		loc = d.File + "#" + d.Pointer
	default:
		loc = d.File
	}
	msg := loc + ": " + oneLine(d.Message)
	if d.Count > 1 {
		msg += fmt.Sprintf(" (reported %d times)", d.Count)
	}
	return msg
}

// oneLine joins the lines of a message (YAML decoders quote the offending
// source over several): a diagnostic is one line, so that each line of the
// output names its file.
func oneLine(msg string) string {
	if !strings.ContainsAny(msg, "\r\n") {
		return msg
	}
	return strings.Join(strings.Fields(msg), " ")
}

// Error is a failed load: every blocking problem found, each with a location.
type Error struct {
	Problems []Diagnostic
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Tidy sorts diagnostics by place and merges those that report the same
// problem at the same place (one bad schema referenced eight times is one
// diagnostic with a count), keeping the first message of each.
func Tidy(ds []Diagnostic) []Diagnostic {
	sorted := slices.Clone(ds)
	slices.SortStableFunc(sorted, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Pointer, b.Pointer), cmp.Compare(a.Message, b.Message))
	})
	var out []Diagnostic
	for _, d := range sorted {
		if n := len(out); n > 0 && samePlace(out[n-1], d) && out[n-1].problem() == d.problem() {
			out[n-1].Count = max(out[n-1].Count, 1) + max(d.Count, 1)
			continue
		}
		out = append(out, d)
	}
	return out
}

func samePlace(a, b Diagnostic) bool {
	return a.File == b.File && a.Line == b.Line && a.Column == b.Column && a.Pointer == b.Pointer
}

// problem is what Tidy compares: the innermost error's text when the
// diagnostic came from a chain, because the same problem reached through
// different references carries different prefixes ("invalid path /a:
// invalid operation GET: ...").
func (d Diagnostic) problem() string {
	if d.leaf != "" {
		return d.leaf
	}
	return d.Message
}

// Load reads and validates the document at path: Decode, then Validate.
func Load(ctx context.Context, path string) (*Document, error) {
	doc, err := Decode(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, err
	}
	return doc, nil
}

// Decode reads the document at path and resolves its references, repairing
// what has one reading (see decode), but does not validate it: Validate
// does, and until it has, the document may be invalid in any way.
func Decode(ctx context.Context, path string) (*Document, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, &Error{Problems: []Diagnostic{{File: path, Message: err.Error()}}}
	}
	converted, err := swagger2Source(ctx, path, abs)
	if err != nil {
		return nil, err
	}
	t, repaired, err := decode(ctx, path, abs, converted)
	if err != nil {
		ds := loadDiagnostics(path, abs, err)
		if converted != nil {
			ds = convertedPlaces(ds, converted)
		}
		return nil, &Error{Problems: Tidy(ds)}
	}
	doc := &Document{Path: path, T: t, abs: abs, repaired: repaired, converted: converted}
	doc.Warnings = Tidy(doc.Places(repaired))
	if doc.converted != nil {
		doc.Warnings = append([]Diagnostic{{File: path, Message: swagger2Note}}, doc.Warnings...)
	}
	return doc, nil
}

// Validate checks a decoded document. Problems that block generation are
// returned as an *Error; the others are added to d.Warnings. It changes
// d.T while it runs (component references are detached so that each
// component is validated once, not at every use) and restores it before it
// returns: nothing else may read d.T meanwhile.
func (d *Document) Validate(ctx context.Context) error {
	err := d.validate(ctx)
	d.Warnings = d.Places(d.Warnings)
	var lerr *Error
	if errors.As(err, &lerr) {
		lerr.Problems = d.Places(lerr.Problems)
	}
	return err
}

func (d *Document) validate(ctx context.Context) error {
	restore := detachComponentRefs(d.T)
	defer restore()
	// Validate once in the common case: the strict pass checks everything
	// the blocking one does and more, so a document it accepts has no
	// problems at all. Only when it finds some does the blocking pass tell
	// errors from warnings (a strict check that fails can hide a blocking
	// problem below it: kin-openapi stops at a schema's first error).
	strictErr := d.T.Validate(ctx, strictOptions()...)
	if strictErr == nil {
		return nil
	}
	if err := d.T.Validate(ctx, blockingOptions()...); err != nil {
		return classify(ctx, d, err)
	}
	d.Warnings = Tidy(append(d.Warnings, slices.DeleteFunc(diagnostics(d.Path, d.abs, d.T, strictErr), func(x Diagnostic) bool {
		return modelSaysIt(x) || repairedAt(x, d.repaired) || d.validIn31(x)
	})...))
	return nil
}

// validIn31 reports whether x is kin-openapi's complaint about a field that
// OpenAPI 3.1 added and it does not model (components.pathItems, whose
// references it resolves all the same), in a 3.1 document.
func (d *Document) validIn31(x Diagnostic) bool {
	return strings.HasPrefix(d.T.OpenAPI, "3.1") && strings.Contains(x.Message, "invalid components: extra sibling fields: [pathItems]")
}

// repairedAt reports whether d is about an element that a repair rewrote:
// the repair's warning already says what happened there (a dropped
// parameter reference leaves a parameter without a name).
func repairedAt(d Diagnostic, repaired []Diagnostic) bool {
	if d.inferred {
		return false
	}
	return slices.ContainsFunc(repaired, func(r Diagnostic) bool {
		return r.File == d.File && d.Line > 0 && (r.Line == d.Line || r.holder == d.Line)
	})
}

// decode reads the document at abs (or src, when it is given: the text that
// stands for the file) and resolves its references, repairing
// in its own file the mistakes published documents make that have one
// reading (see repair): a scalar where kin-openapi wants a string is read as
// its text, a $ref to a missing schema, response or parameter is dropped, a
// field of the wrong kind is ignored. Each repair is made in place, lines
// unchanged, the document decoded again, and repaired says what was done
// where.
func decode(ctx context.Context, path, abs string, src []byte) (t *openapi3.T, repaired []Diagnostic, err error) {
	key := filepath.Clean(abs)
	patched := map[string][]byte{}
	if src != nil {
		patched[key] = src // the document is read as this text, not the file's
	}
	var before error
	for range maxRepairs {
		if t, err = newLoader(ctx, patched).LoadFromFile(abs); err == nil {
			return t, repaired, nil
		}
		if before != nil && strings.Contains(err.Error(), repairMark) {
			return nil, nil, before // the repair did not take: report the problem as written
		}
		before = err
		src, ok := patched[key]
		if !ok {
			var rerr error
			if src, rerr = os.ReadFile(abs); rerr != nil {
				return nil, nil, err
			}
		}
		fixed, notes := repair(path, abs, src, err.Error())
		if len(notes) == 0 {
			return nil, nil, err
		}
		patched[key], repaired = fixed, append(repaired, notes...)
	}
	return nil, nil, err
}

// maxRepairs bounds the decodes of one document: kin-openapi reports one
// unresolved reference at a time.
const maxRepairs = 20

// newLoader is kin-openapi's loader as bpgen uses it: local files only,
// source positions recorded, and files read from patched when it has them.
func newLoader(ctx context.Context, patched map[string][]byte) *openapi3.Loader {
	l := openapi3.NewLoader()
	l.IsExternalRefsAllowed = true
	l.IncludeOrigin = true
	l.Context = ctx
	l.ReadFromURIFunc = openapi3.URIMapCache(func(l *openapi3.Loader, u *url.URL) ([]byte, error) {
		if b, ok := patched[filepath.Clean(filepath.FromSlash(u.Path))]; ok && u.Scheme == "" && u.Host == "" {
			return b, nil
		}
		return readLocalFile(l, u)
	})
	return l
}

// readLocalFile reads the files a document refers to, and refuses URLs: a
// document is untrusted input, and generating from one must not make
// requests on the user's network (or depend on what a server answers today).
func readLocalFile(l *openapi3.Loader, u *url.URL) ([]byte, error) {
	if (u.Scheme != "" && u.Scheme != "file") || u.Host != "" {
		return nil, fmt.Errorf("remote document %q: bpgen reads only local files, it does not fetch documents: download it and $ref the copy by a relative path", u.String())
	}
	return openapi3.ReadFromFile(l, u)
}

// blockingOptions validate what generation depends on.
func blockingOptions() []openapi3.ValidationOption {
	return []openapi3.ValidationOption{
		openapi3.EnableMultiError(),
		openapi3.DisableExamplesValidation(),
		openapi3.DisableSchemaDefaultsValidation(),
		openapi3.DisableSchemaFormatValidation(),
		openapi3.DisableSchemaPatternValidation(),
	}
}

// strictOptions also validate examples, defaults, formats and patterns, whose
// problems are only ever warnings.
func strictOptions() []openapi3.ValidationOption {
	return []openapi3.ValidationOption{
		openapi3.EnableMultiError(),
		openapi3.EnableExamplesValidation(),
		openapi3.EnableSchemaDefaultsValidation(),
		openapi3.EnableSchemaFormatValidation(),
		openapi3.EnableSchemaPatternValidation(),
	}
}

// classify sorts the problems of the blocking pass into errors and warnings.
func classify(ctx context.Context, doc *Document, err error) error {
	path, abs, t := doc.Path, doc.abs, doc.T
	var problems []Diagnostic
	ds := diagnostics(path, abs, t, err)
	for _, skipped := range skippedPaths(err) {
		// kin-openapi does not look inside the second of two same-shape
		// paths; the model will, so it must be valid too.
		if perr := openapi3.NewPaths(openapi3.WithPath(skipped, t.Paths.Value(skipped))).Validate(ctx, blockingOptions()...); perr != nil {
			ds = append(ds, diagnostics(path, abs, t, perr)...)
		}
	}
	for _, d := range ds {
		if modelSaysIt(d) || repairedAt(d, doc.repaired) || doc.validIn31(d) {
			continue
		}
		if soft(d.Message) {
			doc.Warnings = append(doc.Warnings, d)
		} else {
			problems = append(problems, d)
		}
	}
	if len(problems) > 0 {
		return &Error{Problems: Tidy(problems)}
	}
	doc.Warnings = Tidy(doc.Warnings)
	return nil // the strict pass's other findings would only repeat these
}

// unresolvedRef is kin-openapi's message for a schema reference left without
// a value, which a cycle of references leaves.
var unresolvedRef = regexp.MustCompile(`found unresolved ref: "(#/[^"]*)"`)

// explainRefCycles rewrites kin-openapi's "found unresolved ref" where the
// reference starts a cycle of objects that are only references to one
// another (A: {$ref: B}, B: {$ref: A}): nothing in it is defined, and the
// message says so, with the cycle.
func explainRefCycles(abs string, ds []Diagnostic) {
	var root *yaml.Node
	for i, d := range ds {
		m := unresolvedRef.FindStringSubmatchIndex(d.Message)
		if m == nil {
			continue
		}
		if root == nil {
			src, err := os.ReadFile(abs)
			root = new(yaml.Node)
			if err != nil || yaml.Unmarshal(src, root) != nil {
				return
			}
		}
		ref := d.Message[m[2]:m[3]]
		if cycle := refCycle(root, ref); cycle != nil {
			ds[i].Message = d.Message[:m[0]] + fmt.Sprintf("$ref %q leads into a cycle of references (%s): each object in it is only a $ref to the next, so none is defined", ref, strings.Join(cycle, " -> ")) + d.Message[m[1]:]
		}
	}
}

// refCycle follows ref through objects that hold nothing but a local $ref
// and returns the references of the cycle it runs into, the first one
// repeated at the end; nil when the chain ends at a definition.
func refCycle(root *yaml.Node, ref string) []string {
	var chain []string
	for {
		if i := slices.Index(chain, ref); i >= 0 {
			return append(chain[i:], ref)
		}
		chain = append(chain, ref)
		n := nodeAt(root, strings.TrimPrefix(ref, "#"))
		if n == nil || n.Kind != yaml.MappingNode || len(n.Content) != 2 || n.Content[0].Value != "$ref" {
			return nil
		}
		if ref = n.Content[1].Value; !strings.HasPrefix(ref, "#/") {
			return nil
		}
	}
}

// skippedPaths lists the paths whose operations validation skipped because
// an earlier path had the same shape.
func skippedPaths(err error) []string {
	var out []string
	for _, e := range leafErrors(err) {
		var conflict *openapi3.ConflictingPathsError
		if errors.As(e, &conflict) {
			out = append(out, conflict.Path1)
		}
	}
	return out
}

// leafErrors flattens kin-openapi's nested multi-errors.
func leafErrors(err error) []error {
	var multi openapi3.MultiError
	if !errors.As(err, &multi) {
		return []error{err}
	}
	outer, prefix := contextOf(err)
	var out []error
	for _, m := range multi {
		for _, leaf := range leafErrors(m) {
			if len(outer) > 0 {
				leaf = &inContext{prefix: prefix, outer: outer, err: leaf}
			}
			out = append(out, leaf)
		}
	}
	return out
}

// contextOf returns the errors that wrap the first list of errors in err's
// chain (invalid paths: invalid path /a: invalid operation POST: ...), and
// the text they put before it; none when the list is err itself, or when
// their text is not a plain prefix of the list's.
func contextOf(err error) (outer []error, prefix string) {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if multi, ok := e.(openapi3.MultiError); ok {
			if len(outer) == 0 {
				return nil, "" // the list itself: no context, and no text to build
			}
			prefix, found := strings.CutSuffix(err.Error(), multi.Error())
			if !found {
				return nil, ""
			}
			return outer, prefix
		}
		outer = append(outer, e)
	}
	return nil, ""
}

// inContext is a leaf of a list of errors with the context the list had:
// its message starts with the wrappers' text, and errors.As finds the
// wrappers (the path, operation or component the list is about) before
// the leaf's own chain.
type inContext struct {
	prefix string
	outer  []error // outermost first
	err    error
}

func (e *inContext) Error() string { return e.prefix + e.err.Error() }
func (e *inContext) Unwrap() error { return e.err }

func (e *inContext) As(target any) bool {
	t := reflect.ValueOf(target).Elem()
	for _, w := range e.outer {
		if reflect.TypeOf(w).AssignableTo(t.Type()) {
			t.Set(reflect.ValueOf(w))
			return true
		}
	}
	return false
}

// softProblems match validation messages about parts of a document that
// generation does not use (examples, the info block) or does not depend on
// (formats, defaults), and mistakes the model degrades gracefully: published
// specs often get these wrong, other generators accept them, and refusing
// them would refuse those specs for no gain. Each degrade is documented in
// the README. A problem the model also warns about, in words that say what
// the generated code does instead, is marked modelSays: the loader's message
// would only repeat it. The first match decides.
var softProblems = []struct {
	text      string
	modelSays bool
}{
	{text: "example"}, {text: "invalid info"}, {text: "'format'"}, {text: "default"},
	// Two templated paths of the same shape (/keys/{id} beside /keys/{digest}):
	// the server routes them deterministically and the model warns which wins.
	{text: "conflicting paths"},
	// A requirement naming no declared scheme secures the operation with
	// nothing the client can configure; the scheme is ignored.
	{text: "refers to undefined security scheme"},
	// OpenAPI 3.0's items-less array: its items are free-form.
	{text: "schema 'items' must be non-null"},
	// 3.0-style boolean exclusiveMinimum/exclusiveMaximum in a 3.1 document:
	// the model reads both forms.
	{text: "a boolean exclusiveMinimum is for OpenAPI <3.1"}, {text: "a boolean exclusiveMaximum is for OpenAPI <3.1"},
	// 3.1 keywords in a 3.0 document (const), read as 3.1 means them.
	{text: "is for OpenAPI >=3.1"},
	// A response without its (required) description: nothing generated needs it.
	{text: "a short description of the response is required"},
	// A path template parameter the operation does not declare (the model
	// makes it a required string), or a path parameter the template does not
	// hold (the model leaves it out): the model says which.
	{text: "must define exactly all path parameters", modelSays: true},
	// YAML's unquoted null in a type list (type: [string, null]) loads as "",
	// which the model reads as null; a type JSON Schema does not have (int)
	// the model degrades to a free-form value, with a warning.
	{text: `unsupported 'type' value ""`}, {text: `unsupported 'type' value "`, modelSays: true},
	// A 3.1 document of components only (paths are optional since 3.1; 3.0
	// documents of shared schemas omit them too): the types are generated.
	{text: "invalid paths: must be an object"},
	// An operation without responses: it returns no value.
	{text: "value of responses must be an object", modelSays: true},
	{text: "the responses object MUST contain at least one response code", modelSays: true},
	// A server URL with a {variable} it does not declare: the model warns and
	// leaves the base URL to the caller. A declared variable it does not use
	// changes nothing.
	{text: "server has undeclared variables", modelSays: true}, {text: "server has unused variable"},
	// A path parameter not marked required: a path parameter always is.
	{text: "must be required"},
	// Tags, OAuth flows and links: nothing generated depends on them.
	{text: "more than one tag has name"}, {text: "security scheme 'flow' is invalid"},
	{text: "operationRef on link"}, {text: "and operationRef"},
	// A component name outside OpenAPI's charset (Sort_exp!, as documents
	// derived from GraphQL have): the model names Go types by its own rules.
	{text: "is not supported by OpenAPIv3 standard"},
	// A field of a later OpenAPI version (3.2's itemSchema, query) in an
	// earlier document: the model does not use it.
	{text: "is for OpenAPI >=3.2"},
	// A parameter declared twice in one list: the model keeps the first.
	{text: "parameter has name", modelSays: true},
	// A parameter with neither schema nor content: the model makes it a string.
	{text: "parameter must contain exactly one of content and schema", modelSays: true},
	// A style the parameter's location does not define: the model encodes the
	// location's default style.
	{text: "serialization method with style=", modelSays: true},
	// Two operations with one operationId: the model names the second as it
	// names any two operations whose Go names collide.
	{text: "have the same operation id", modelSays: true},
	// Keywords kin-openapi does not know beside known ones (a 3.1 schema may
	// carry any annotation; typos such as max_items): the model ignores them.
	{text: "extra sibling fields"},
	// A property listed twice in required: once is what it means.
	{text: "in required"},
	// A security scheme with a field its type does not use (an apiKey scheme
	// with flows): the model reads only the fields of the scheme's type.
	{text: "security scheme of type"},
	// A parameter without a name: the model leaves it out, with a warning.
	{text: "parameter name can't be blank", modelSays: true},
	// External documentation without its URL: nothing generated uses it.
	{text: "invalid external docs: url is required"},
	// A server whose url is empty: the client has no default base URL and
	// takes one from WithBaseURL, as for a document without servers.
	{text: "value of url must be a non-empty string"},
}

// softness says whether msg is a soft problem, and whether the model says it.
func softness(msg string) (soft, modelSays bool) {
	for _, p := range softProblems {
		if strings.Contains(msg, p.text) {
			return true, p.modelSays
		}
	}
	return false, false
}

func soft(msg string) bool {
	s, _ := softness(msg)
	return s
}

func modelSaysIt(d Diagnostic) bool {
	_, m := softness(d.Message)
	return m
}

// diagnostics flattens kin-openapi's (multi-)error into diagnostics. file
// is the spec as the user named it, abs its absolute path: kin-openapi
// reports absolute paths, which are turned back into the user's.
func diagnostics(file, abs string, t *openapi3.T, err error) []Diagnostic {
	var out []Diagnostic
	for _, e := range leafErrors(err) {
		d := Diagnostic{File: file, Message: e.Error(), leaf: innermost(e).Error()}
		loc := deepestLocation(e)
		if loc == nil {
			loc = contextLocation(t, e)
			d.inferred = loc != nil
		}
		if loc != nil {
			if loc.File != "" {
				d.File = userPath(file, abs, loc.File)
			}
			d.Line, d.Column = loc.Line, loc.Column
		}
		out = append(out, d)
	}
	explainRefCycles(abs, out)
	locateUnplaced(abs, out)
	return out
}

func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// userPath names file (absolute, as the loader saw it) the way the user
// named the spec: the spec itself as given, others relative to it.
func userPath(given, abs, file string) string {
	if file == abs {
		return given
	}
	if rel, err := filepath.Rel(filepath.Dir(abs), file); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.Join(filepath.Dir(given), rel)
	}
	return file
}

// deepestLocation finds the source position of the innermost error in the
// chain that knows one. kin-openapi records it in an Origin field on many
// of its error types; reflection reads it without listing them all.
func deepestLocation(err error) *openapi3.Location {
	var found *openapi3.Location
	chain := []error{}
	for c, ok := err.(*inContext); ok; c, ok = err.(*inContext) {
		chain = append(chain, c.outer...) // the context, then the leaf, deepest last
		err = c.err
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		chain = append(chain, e)
	}
	for _, e := range chain {
		v := reflect.ValueOf(e)
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				break
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			continue
		}
		f := v.FieldByName("Origin")
		if !f.IsValid() || f.Type() != reflect.TypeFor[*openapi3.Origin]() || f.IsNil() {
			continue
		}
		if o := f.Interface().(*openapi3.Origin); o.Key != nil && o.Key.Line > 0 {
			found = o.Key
		}
	}
	return found
}

// swagger2 matches the version field of a Swagger 2.0 document, in YAML or JSON.
var swagger2 = regexp.MustCompile(`(?m)(^|[{,])\s*"?swagger"?\s*:\s*["']?2`)

// openapiField matches the version field of an OpenAPI 3 document.
var openapiField = regexp.MustCompile(`(?m)(^|[{,])\s*"?openapi"?\s*:`)

// swagger2Source returns, for a Swagger 2.0 document, the OpenAPI 3.0 text
// that stands for it, and nil for any other document.
func swagger2Source(ctx context.Context, path, abs string) ([]byte, error) {
	f, err := os.Open(abs)
	if err != nil {
		return nil, &Error{Problems: []Diagnostic{{File: path, Message: err.Error()}}}
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if openapiField.Match(head) {
		return nil, nil
	}
	src, err := os.ReadFile(abs)
	if err != nil {
		return nil, &Error{Problems: []Diagnostic{{File: path, Message: err.Error()}}}
	}
	// JSON written with sorted keys puts the version after info and
	// definitions: then the whole file decides.
	if !swagger2.Match(head) && (!swagger2.Match(src) || openapiField.Match(src)) {
		return nil, nil
	}
	if src, err = fromSwagger2(ctx, abs, src); err != nil {
		return nil, &Error{Problems: []Diagnostic{{File: path, Message: err.Error()}}}
	}
	return src, nil
}
