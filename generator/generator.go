// Package generator wires bpgen's stages: load and validate the spec, build
// the model, emit Go files, write them.
package generator

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/bpgen/bpgen/generator/emit"
	"github.com/bpgen/bpgen/generator/load"
	"github.com/bpgen/bpgen/generator/model"
	"github.com/bpgen/bpgen/generator/write"
	"github.com/bpgen/bpgen/templates"
)

// Config is one generation.
type Config struct {
	Spec    string // path of the OpenAPI document
	Out     string // output directory
	Package string // Go package name
	Check   bool   // report what would change, write nothing
	Strict  bool   // warnings are errors: nothing is written when there are any
	// NoDetect turns off the pagination detection rule (as
	// x-bpgen.pagination.detect: false does).
	NoDetect bool
	// Starter, when set, is a Go file that receives a starter implementation
	// of the Server, of type StarterType (default Service), unless it exists.
	Starter, StarterType string
}

// Result says what a generation did (or, with Check, would do).
type Result struct {
	Files      int
	Operations int
	Types      int
	Warnings   []load.Diagnostic
	Changes    []write.Change
	// Detected counts the pagers the detection rule found, by style.
	Detected map[string]int
	// StarterWritten reports that Config.Starter was created.
	StarterWritten bool
}

// Generate runs load, model and emit, and returns the files in memory. A
// panic anywhere below (a library meeting a document it did not expect) is
// turned into an error naming the spec, so bad input never crashes bpgen.
func Generate(ctx context.Context, cfg Config) (files []emit.File, api *model.API, warnings []load.Diagnostic, err error) {
	defer func() {
		if r := recover(); r != nil {
			files, api = nil, nil
			err = fmt.Errorf("%s: internal error while generating (please report): %v", cfg.Spec, r)
		}
	}()
	return generate(ctx, cfg)
}

func generate(ctx context.Context, cfg Config) ([]emit.File, *model.API, []load.Diagnostic, error) {
	if !token.IsIdentifier(cfg.Package) || strings.ToLower(cfg.Package) != cfg.Package {
		return nil, nil, nil, fmt.Errorf("package %q is not a valid lower-case Go package name", cfg.Package)
	}
	go runtimeNames() // parsed on another core while the spec loads, the first time
	doc, err := load.Load(ctx, cfg.Spec)
	if err != nil {
		return nil, nil, nil, err
	}
	rtNames, err := runtimeNames()
	if err != nil {
		return nil, nil, nil, err
	}
	reserved := append(append([]string{}, emit.FixedNames...), rtNames...)
	api, warnings, err := model.Build(doc, model.Options{Package: cfg.Package, Reserved: reserved, NoDetect: cfg.NoDetect})
	warnings = load.Tidy(append(doc.Warnings, warnings...))
	if err != nil {
		return nil, nil, warnings, err
	}
	if cfg.Strict && len(warnings) > 0 {
		return nil, nil, nil, &load.Error{Problems: warnings}
	}
	files, err := emit.Files(api, templates.FS)
	if err != nil {
		return nil, nil, warnings, fmt.Errorf("%s: %w", cfg.Spec, err)
	}
	return files, api, warnings, nil
}

// Run generates and writes (or, with cfg.Check, only compares).
func Run(ctx context.Context, cfg Config) (*Result, error) {
	files, api, warnings, err := Generate(ctx, cfg)
	res := &Result{Warnings: warnings}
	if err != nil {
		return res, err
	}
	res.Files, res.Operations, res.Types = len(files), len(api.Operations), len(api.Types)
	res.Detected = detectedPagers(api)
	wf := make([]write.File, len(files))
	for i, f := range files {
		wf[i] = write.File{Name: f.Name, Content: f.Content}
	}
	res.Changes, err = write.Plan(cfg.Out, emit.Header, wf)
	if err != nil || cfg.Check {
		return res, err
	}
	if err := write.Apply(cfg.Out, wf, res.Changes); err != nil {
		return res, err
	}
	if cfg.Starter != "" {
		res.StarterWritten, err = writeStarter(ctx, cfg, api)
	}
	return res, err
}

func detectedPagers(api *model.API) map[string]int {
	n := map[string]int{}
	for _, op := range api.Operations {
		if op.Pager != nil && op.Pager.Detected {
			n[string(op.Pager.Style)]++
		}
	}
	return n
}

// runtimeNames is RuntimeNames of the embedded runtime, which never changes:
// parsed once per process, not once per generation.
var runtimeNames = sync.OnceValues(func() ([]string, error) { return RuntimeNames(templates.FS) })

// RuntimeNames lists the exported top-level names the runtime declares, so
// the model never gives a schema one of them.
func RuntimeNames(runtime fs.FS) ([]string, error) {
	paths, err := fs.Glob(runtime, "rt/*.go")
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var names []string
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		src, err := fs.ReadFile(runtime, p)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("runtime %s: %w", p, err)
		}
		names = append(names, TopLevelNames(f)...)
	}
	sort.Strings(names)
	return names, nil
}

// TopLevelNames lists the names f declares at package level (methods aside).
func TopLevelNames(f *ast.File) []string {
	var names []string
	for _, d := range f.Decls {
		names = append(names, declNames(d)...)
	}
	return names
}

func declNames(d ast.Decl) []string {
	var out []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			out = append(out, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				out = append(out, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					out = append(out, n.Name)
				}
			}
		}
	}
	return out
}
