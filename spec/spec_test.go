// Package spec_test checks the hand-written OpenAPI description of the Botpress
// Cloud API (botpress.yaml) for validity and against the API facts file.
package spec_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

const (
	specFile  = "botpress.yaml"
	factsFile = "../../shared/botpress/api-facts.md"
	wantOps   = 96
)

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	doc, err := loader.LoadFromFile(specFile)
	if err != nil {
		t.Fatalf("loading %s: %v", specFile, err)
	}
	return doc
}

func TestSpecValidates(t *testing.T) {
	doc := loadSpec(t)
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi version = %q, want 3.1.x", doc.OpenAPI)
	}
	err := doc.Validate(context.Background(),
		openapi3.IsOpenAPI31OrLater(),
		openapi3.EnableSchemaDefaultsValidation(),
		openapi3.EnableSchemaPatternValidation(),
		openapi3.EnableMultiError(),
	)
	if err != nil {
		t.Fatalf("spec does not validate:\n%v", err)
	}
}

// ---- facts parsing ----------------------------------------------------------

type factParam struct {
	in       string
	required bool
}

type fields struct {
	names    []string
	required []string
}

type factOp struct {
	id, method, path, status string
	params                   map[string]factParam
	hasBody                  bool
	body                     fields
	response                 fields
}

type factError struct {
	typ         string
	status      int
	description string
}

var (
	headingRe = regexp.MustCompile(`^#### (\w+): ([A-Z]+) (\S+) -> (\d{3})$`)
	paramRe   = regexp.MustCompile(`^(path|query|header) ([\w-]+)(\*?):`)
	fieldRe   = regexp.MustCompile(`^  ([\w$-]+)(\*?):`)
	errRowRe  = regexp.MustCompile(`^\| (\w+) \| (\d{3}) \| (.*) \|$`)
)

func readFacts(t *testing.T) ([]factOp, []factError) {
	t.Helper()
	data, err := os.ReadFile(filepath.FromSlash(factsFile))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("facts file missing: %v", err)
		}
		t.Skipf("facts file not available: %v", err)
	}
	var (
		ops     []factOp
		errs    []factError
		section string
		cur     *factOp
		inFence bool
		mode    string
	)
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			section = strings.TrimPrefix(line, "## ")
			continue
		}
		switch section {
		case "Error catalogue":
			if m := errRowRe.FindStringSubmatch(line); m != nil {
				status, _ := strconv.Atoi(m[2])
				errs = append(errs, factError{typ: m[1], status: status, description: m[3]})
			}
			continue
		case "Operations":
		default:
			continue
		}
		if m := headingRe.FindStringSubmatch(line); m != nil {
			ops = append(ops, factOp{id: m[1], method: m[2], path: m[3], status: m[4], params: map[string]factParam{}})
			cur = &ops[len(ops)-1]
			continue
		}
		if line == "```" {
			inFence = !inFence
			mode = ""
			continue
		}
		if !inFence || cur == nil {
			continue
		}
		switch {
		case line == "body:":
			mode = "body"
			cur.hasBody = true
		case line == "response:":
			mode = "response"
		case mode == "":
			if m := paramRe.FindStringSubmatch(line); m != nil {
				cur.params[m[2]] = factParam{in: m[1], required: m[3] == "*"}
			}
		default:
			m := fieldRe.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			f := &cur.body
			if mode == "response" {
				f = &cur.response
			}
			f.names = append(f.names, m[1])
			if m[2] == "*" {
				f.required = append(f.required, m[1])
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading facts: %v", err)
	}
	return ops, errs
}

// ---- comparison helpers -----------------------------------------------------

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func sameSet(a, b []string) bool {
	return strings.Join(sorted(a), ",") == strings.Join(sorted(b), ",")
}

func schemaFields(s *openapi3.SchemaRef) fields {
	var f fields
	if s == nil || s.Value == nil {
		return f
	}
	for name := range s.Value.Properties {
		f.names = append(f.names, name)
	}
	f.required = append(f.required, s.Value.Required...)
	return f
}

func jsonSchema(c openapi3.Content) *openapi3.SchemaRef {
	mt := c.Get("application/json")
	if mt == nil {
		return nil
	}
	return mt.Schema
}

type specOp struct {
	method, path string
	op           *openapi3.Operation
}

func TestSpecMatchesFacts(t *testing.T) {
	facts, factErrs := readFacts(t)
	doc := loadSpec(t)

	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if len(facts) != wantOps {
		bad("facts file lists %d operations, want %d", len(facts), wantOps)
	}

	spec := map[string]specOp{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "" {
				bad("%s %s has no operationId", method, path)
				continue
			}
			if prev, dup := spec[op.OperationID]; dup {
				bad("operationId %s used twice (%s %s and %s %s)", op.OperationID, prev.method, prev.path, method, path)
			}
			spec[op.OperationID] = specOp{method: method, path: path, op: op}
		}
	}
	if len(spec) != wantOps {
		bad("spec has %d operations, want %d", len(spec), wantOps)
	}

	factIDs := map[string]bool{}
	for _, f := range facts {
		factIDs[f.id] = true
		if _, ok := spec[f.id]; !ok {
			bad("missing operation %s (%s %s)", f.id, f.method, f.path)
		}
	}
	for id, s := range spec {
		if !factIDs[id] {
			bad("extra operation %s (%s %s) not in the facts", id, s.method, s.path)
		}
	}

	for _, f := range facts {
		s, ok := spec[f.id]
		if !ok {
			continue
		}
		op := s.op
		if s.method != f.method {
			bad("%s: method %s, want %s", f.id, s.method, f.method)
		}
		if s.path != f.path {
			bad("%s: path %s, want %s", f.id, s.path, f.path)
		}

		// Parameters.
		got := map[string]factParam{}
		for _, pr := range op.Parameters {
			if pr.Value == nil {
				bad("%s: unresolved parameter %s", f.id, pr.Ref)
				continue
			}
			got[pr.Value.Name] = factParam{in: pr.Value.In, required: pr.Value.Required}
		}
		for name, want := range f.params {
			g, ok := got[name]
			switch {
			case !ok:
				bad("%s: missing %s parameter %s", f.id, want.in, name)
			case g != want:
				bad("%s: parameter %s is (in=%s required=%v), want (in=%s required=%v)", f.id, name, g.in, g.required, want.in, want.required)
			}
		}
		for name, g := range got {
			if _, ok := f.params[name]; !ok {
				bad("%s: extra %s parameter %s", f.id, g.in, name)
			}
		}

		// Request body.
		switch {
		case f.hasBody && (op.RequestBody == nil || op.RequestBody.Value == nil):
			bad("%s: missing request body", f.id)
		case !f.hasBody && op.RequestBody != nil:
			bad("%s: unexpected request body", f.id)
		case f.hasBody:
			rb := op.RequestBody.Value
			if wantReq := len(f.body.required) > 0; rb.Required != wantReq {
				bad("%s: requestBody.required = %v, want %v", f.id, rb.Required, wantReq)
			}
			bs := jsonSchema(rb.Content)
			if bs == nil {
				bad("%s: request body has no application/json schema", f.id)
				break
			}
			g := schemaFields(bs)
			if !sameSet(g.names, f.body.names) {
				bad("%s: body fields %v, want %v", f.id, sorted(g.names), sorted(f.body.names))
			}
			if !sameSet(g.required, f.body.required) {
				bad("%s: body required %v, want %v", f.id, sorted(g.required), sorted(f.body.required))
			}
		}

		// Responses.
		if op.Responses == nil {
			bad("%s: no responses", f.id)
			continue
		}
		for code := range op.Responses.Map() {
			if code != f.status && code != "default" {
				bad("%s: unexpected response %s (want only %s and default)", f.id, code, f.status)
			}
		}
		if d := op.Responses.Default(); d == nil || d.Ref != "#/components/responses/Error" {
			bad("%s: default response must reference #/components/responses/Error", f.id)
		}
		r := op.Responses.Value(f.status)
		if r == nil || r.Value == nil {
			bad("%s: missing %s response", f.id, f.status)
			continue
		}
		rs := jsonSchema(r.Value.Content)
		if rs == nil || rs.Value == nil {
			bad("%s: %s response has no application/json schema", f.id, f.status)
			continue
		}
		g := schemaFields(rs)
		if !sameSet(g.names, f.response.names) {
			bad("%s: response fields %v, want %v", f.id, sorted(g.names), sorted(f.response.names))
		}
		if !sameSet(g.required, f.response.required) {
			bad("%s: response required %v, want %v", f.id, sorted(g.required), sorted(f.response.required))
		}
	}

	problems = append(problems, checkErrorCatalogue(doc, factErrs)...)

	if len(problems) > 0 {
		sort.Strings(problems)
		t.Errorf("spec does not match %s (%d problems):\n  %s", factsFile, len(problems), strings.Join(problems, "\n  "))
	}
}

func checkErrorCatalogue(doc *openapi3.T, want []factError) []string {
	var problems []string
	if len(want) != 26 {
		problems = append(problems, fmt.Sprintf("facts error table has %d rows, want 26", len(want)))
	}
	root, _ := doc.Extensions["x-bpgen"].(map[string]any)
	errorsExt, _ := root["errors"].(map[string]any)
	types, _ := errorsExt["types"].([]any)
	if types == nil {
		return append(problems, "x-bpgen.errors.types is missing")
	}
	var got []factError
	for i, raw := range types {
		m, ok := raw.(map[string]any)
		if !ok {
			problems = append(problems, fmt.Sprintf("x-bpgen.errors.types[%d] is not an object", i))
			continue
		}
		typ, _ := m["type"].(string)
		desc, _ := m["description"].(string)
		var status int
		switch v := m["status"].(type) {
		case float64:
			status = int(v)
		case int:
			status = v
		case int64:
			status = int(v)
		case uint64:
			status = int(v)
		}
		got = append(got, factError{typ: typ, status: status, description: desc})
	}
	if len(got) != len(want) {
		problems = append(problems, fmt.Sprintf("x-bpgen.errors.types has %d entries, want %d", len(got), len(want)))
	}
	for i := 0; i < len(got) && i < len(want); i++ {
		if got[i] != want[i] {
			problems = append(problems, fmt.Sprintf("x-bpgen.errors.types[%d] = %+v, want %+v", i, got[i], want[i]))
		}
	}
	return problems
}

// TestSpecDescriptions checks that every operation, parameter, component
// schema and property carries a description.
func TestSpecDescriptions(t *testing.T) {
	doc := loadSpec(t)
	var problems []string
	var walk func(where string, s *openapi3.SchemaRef)
	walk = func(where string, s *openapi3.SchemaRef) {
		if s == nil || s.Ref != "" || s.Value == nil {
			return
		}
		v := s.Value
		for name, p := range v.Properties {
			pw := where + "." + name
			if p.Ref != "" {
				if p.Value == nil || desc(p) == "" {
					problems = append(problems, pw+": no description")
				}
				continue
			}
			if p.Value.Description == "" {
				problems = append(problems, pw+": no description")
			}
			walk(pw, p)
		}
		if v.Items != nil {
			walk(where+"[]", v.Items)
		}
		if ap := v.AdditionalProperties.Schema; ap != nil {
			walk(where+"{}", ap)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			if op.Description == "" {
				problems = append(problems, where+": operation has no description")
			}
			for _, p := range op.Parameters {
				if p.Value != nil && p.Value.Description == "" {
					problems = append(problems, where+": parameter "+p.Value.Name+" has no description")
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				walk(where+" body", jsonSchema(op.RequestBody.Value.Content))
			}
			for code, r := range op.Responses.Map() {
				if r.Value != nil {
					walk(where+" "+code, jsonSchema(r.Value.Content))
				}
			}
		}
	}
	for name, s := range doc.Components.Schemas {
		if s.Value == nil || s.Value.Description == "" {
			problems = append(problems, "component "+name+": no description")
		}
		walk("components."+name, s)
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		t.Errorf("%d missing descriptions:\n  %s", len(problems), strings.Join(problems, "\n  "))
	}
}

// desc returns the description written next to a $ref, falling back to the
// referenced schema's own description.
func desc(s *openapi3.SchemaRef) string {
	if d, ok := s.Extensions["description"].(string); ok && d != "" {
		return d
	}
	if s.Value != nil {
		return s.Value.Description
	}
	return ""
}
