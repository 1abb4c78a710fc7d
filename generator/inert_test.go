package generator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/emit"
)

// breakers are texts that end a comment, a string or a line in Go source, or
// that the Go scanner refuses, alone or as part of an attempt to inject code.
var breakers = []string{
	"*/", "/*", "//", "`", `"`, `\`, "'", "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029",
	"\x00", "\x7f", "\x1b[31m", "\ufeff", "\u202e", "\u2066", "\t", "\v\f", "%s%v%d",
	"\n}\nfunc init() { os.Exit(42) }\n//",
	"*/\nfunc init() { panic(`boom`) }\n/*",
	"`+os.Args[0]+`", "\"+os.Args[0]+\"", "\\\"; os.Exit(42); \"",
	"\n//go:generate rm -rf /\n", "\n//line evil.go:1\n", "\n// +build ignore\n",
}

// TestSpecTextStaysInert generates from a spec whose every text field (titles,
// descriptions, summaries, names, enum values, defaults, examples, server
// URLs, extension values: client headers and the idempotency header, error
// types, roles, envelope names and id format, upload names and headers)
// carries a breaker, and checks that the Go syntax
// tree, comments aside, is the one a spec with neutral text gives: spec text
// added no declaration, statement or import. Every comment must be a //
// comment.
func TestSpecTextStaysInert(t *testing.T) {
	cases := append([]string{}, breakers...)
	cases = append(cases, strings.Join(breakers, ""))
	for i, b := range cases {
		t.Run(fmt.Sprintf("breaker%d", i), func(t *testing.T) {
			got := generateShape(t, b)
			want := generateShape(t, neutral(b))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("breaker %q changed the generated code's structure (-neutral +breaker):\n%s", b, diff)
			}
		})
	}
}

// TestExtensionTextReachesCodeAsLiterals checks that the extension values
// that end up in generated code as they are (upload header names and values,
// the idempotency header, the error envelope's property names, the error id's
// timestamp layout and separator) are there as Go string literals: the shape
// test above proves they add no code, this that they were not dropped.
func TestExtensionTextReachesCodeAsLiterals(t *testing.T) {
	for i, b := range append(append([]string{}, breakers...), strings.Join(breakers, "")) {
		spec := writeInertSpec(t, t.TempDir(), b)
		files, _, _, err := generator.Generate(context.Background(), generator.Config{Spec: spec, Package: "api"})
		if err != nil {
			t.Fatalf("breaker%d: %v", i, err)
		}
		var all strings.Builder
		for _, f := range files {
			all.Write(f.Content)
		}
		for _, v := range literalExtensionValues(b) {
			if lit := fmt.Sprintf("%#v", v); !strings.Contains(all.String(), lit) {
				t.Errorf("breaker%d: the extension value %s is not in the generated code", i, lit)
			}
		}
	}
}

// literalExtensionValues are the extension values of writeInertSpec(b) that
// generated code carries as string literals.
func literalExtensionValues(b string) []string {
	return []string{"x-up" + b, "v" + b, idempotencyHeader(b), "msg" + b, "kind" + b, "20060102" + b, b}
}

// idempotencyHeader is a header name carrying what b has of a header token,
// as x-bpgen.client.idempotencyHeader must be one.
func idempotencyHeader(b string) string {
	return "Idem-" + strings.Map(func(r rune) rune {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return r
		}
		return -1
	}, b)
}

// TestSpecTextStaysInertCompiles builds and vets the package generated from
// every breaker at once.
func TestSpecTextStaysInertCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a package")
	}
	dir := t.TempDir()
	spec := writeInertSpec(t, dir, strings.Join(breakers, ""))
	out := filepath.Join(dir, "mod", "api")
	if _, err := generator.Run(context.Background(), generator.Config{Spec: spec, Out: out, Package: "api", ImportPath: "inert.test/api"}); err != nil {
		t.Fatal(err)
	}
	buildAndVet(t, filepath.Join(dir, "mod"))
}

// neutral replaces every rune of b that is not a letter or a digit by one that
// plays the same part in naming (a word separator) and in JSON struct tags
// (allowed in a tag name or not), so that both specs give the same shape.
func neutral(b string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return r
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", r):
			return '#'
		}
		return '\''
	}, b)
}

// generateShape generates from the spec carrying b and returns, per file, a
// dump of its syntax tree without comments, identifiers or literal values.
func generateShape(t *testing.T, b string) map[string]string {
	t.Helper()
	spec := writeInertSpec(t, t.TempDir(), b)
	files, _, _, err := generator.Generate(context.Background(), generator.Config{Spec: spec, Package: "api"})
	if err != nil {
		t.Fatalf("breaker %q: %v", b, err)
	}
	shapes := map[string]string{}
	for _, f := range files {
		if strings.HasPrefix(f.Name, "runtime_") {
			continue
		}
		checkComments(t, f)
		shapes[f.Name] = shape(t, f)
	}
	return shapes
}

// checkComments fails on a comment that is not a // line.
func checkComments(t *testing.T, f emit.File) {
	t.Helper()
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile(f.Name, -1, len(f.Content))
	s.Init(file, f.Content, func(pos token.Position, msg string) { t.Errorf("%s: %s", pos, msg) }, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return
		}
		if tok == token.COMMENT && !strings.HasPrefix(lit, "//") {
			t.Errorf("%s: block comment %.40q", fset.Position(pos), lit)
		}
	}
}

// shape dumps the node types of f's syntax tree, keeping import paths (an
// injected import must show) but not names or literal values, which follow
// the spec's text by design.
func shape(t *testing.T, f emit.File) string {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, f.Name, f.Content, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("%s does not parse: %v", f.Name, err)
	}
	var b strings.Builder
	depth := 0
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil {
			depth--
			return false
		}
		switch n := n.(type) {
		case *ast.CommentGroup, *ast.Comment:
			return false
		case *ast.ImportSpec:
			fmt.Fprintf(&b, "%*simport %s\n", depth, "", n.Path.Value)
		case *ast.BasicLit:
			fmt.Fprintf(&b, "%*s%s\n", depth, "", n.Kind)
		default:
			fmt.Fprintf(&b, "%*s%s\n", depth, "", reflect.TypeOf(n).Elem().Name())
		}
		depth++
		return true
	})
	return b.String()
}

// writeInertSpec writes a JSON spec (JSON carries any text) with b in every
// text field, and returns its path.
func writeInertSpec(t *testing.T, dir, b string) string {
	t.Helper()
	text := "Some" + b + "text."
	enum := []any{"plain", "v" + b}
	item := map[string]any{
		"type": "object", "title": text, "description": text, "required": []any{"id"},
		"example": map[string]any{"id": text},
		"properties": map[string]any{
			"id":              map[string]any{"type": "string", "description": text, "default": text, "example": text},
			"p" + b + "q":     map[string]any{"type": "string", "description": text, "enum": enum, "default": "plain"},
			"code":            map[string]any{"type": "string", "pattern": "^" + regexp.QuoteMeta(b) + "$", "description": text},
			"const":           map[string]any{"type": "string", "const": "c" + b, "description": text},
			"count":           map[string]any{"type": "integer", "description": text, "default": 3, "example": 4},
			"nested" + b + "": map[string]any{"type": "object", "description": text, "properties": map[string]any{"n" + b: map[string]any{"type": "integer", "description": text}}},
		},
	}
	spec := map[string]any{
		"openapi": "3.1.0",
		"info":    map[string]any{"title": "Title" + b, "summary": text, "description": text, "version": "1" + b},
		"servers": []any{map[string]any{"url": "https://api.example.com/v1" + strings.NewReplacer("{", "", "}", "").Replace(b), "description": text}},
		"tags":    []any{map[string]any{"name": "tag" + b, "description": text}},
		"paths": map[string]any{
			"/items/{id}": map[string]any{
				"summary": text, "description": text,
				"get": map[string]any{
					"operationId": "get" + b + "Item", "summary": text, "description": text, "tags": []any{"tag" + b},
					"parameters": []any{
						map[string]any{"name": "id", "in": "path", "required": true, "description": text, "schema": map[string]any{"type": "string", "description": text, "example": text}},
						map[string]any{"name": "filter" + b, "in": "query", "description": text, "example": "plain", "schema": map[string]any{"type": "string", "enum": enum, "default": "plain"}},
						map[string]any{"name": "x-h" + b, "in": "header", "description": text, "schema": map[string]any{"type": "string", "description": text}},
					},
					"responses": map[string]any{
						"200":     map[string]any{"description": text, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Item"}}}},
						"default": map[string]any{"description": text, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}},
					},
				},
			},
			"/uploads": map[string]any{
				"put": map[string]any{
					"operationId": "putUpload", "description": text,
					"x-bpgen-upload": map[string]any{
						"name": "send" + b, "url": "file.uploadUrl", "size": "size" + b, "contentType": "type" + b,
						"headers": []any{map[string]any{"name": "x-up" + b, "value": "v" + b, "when": "public" + b}},
					},
					"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
						"type": "object", "description": text, "required": []any{"key"},
						"properties": map[string]any{
							"key": map[string]any{"type": "string"}, "size" + b: map[string]any{"type": "integer"},
							"type" + b: map[string]any{"type": "string"}, "public" + b: map[string]any{"type": "boolean"},
						},
					}}}},
					"responses": map[string]any{"200": map[string]any{"description": text, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
						"type": "object", "properties": map[string]any{"file": map[string]any{"type": "object", "properties": map[string]any{"uploadUrl": map[string]any{"type": "string"}}}},
					}}}}},
				},
			},
			"/items": map[string]any{
				"post": map[string]any{
					"operationId": "create" + b, "summary": text, "description": text, "deprecated": true,
					"requestBody": map[string]any{"description": text, "required": true, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Item"}}}},
					"responses":   map[string]any{"201": map[string]any{"description": text, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Item"}}}}},
				},
			},
		},
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": text}},
			"schemas": map[string]any{
				"Item":  item,
				"Error": map[string]any{"type": "object", "description": text, "properties": map[string]any{"type": map[string]any{"type": "string"}, "message": map[string]any{"type": "string", "description": text}}},
				"Kind":  map[string]any{"type": "string", "description": text, "enum": enum},
			},
		},
		"security": []any{map[string]any{"bearer": []any{}}},
		"x-bpgen": map[string]any{
			"client": map[string]any{
				"baseURLEnv": "URL" + b, "tokenEnv": "TOKEN" + b, "idempotencyHeader": idempotencyHeader(b),
				"headers": []any{map[string]any{"name": "x-id" + b, "env": "ID" + b, "description": text}},
			},
			"errors": map[string]any{
				"unknown": "Unknown", "idPrefix": "e" + b + "_",
				"envelope": map[string]any{
					"schema": "#/components/schemas/Error", "type": []any{"type", "kind" + b}, "message": "msg" + b,
					"id": "id" + b, "status": []any{"status" + b, "code"}, "details": "details" + b,
				},
				"id":    map[string]any{"timestamp": "20060102" + b, "separator": b, "random": 4, "upper": true},
				"roles": map[string]any{"invalidPayload": "Bad" + b},
				"types": []any{
					map[string]any{"type": "Unknown", "status": 500, "description": text},
					map[string]any{"type": "Bad" + b, "status": 400, "description": text},
				},
			},
		},
	}
	data, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "spec.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// buildAndVet vets (which builds) the module at dir, whose packages need only
// the standard library.
func buildAndVet(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module inert.test\n\ngo 1.25\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generated package does not build or vet:\n%s", out)
	}
}
