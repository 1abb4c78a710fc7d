// Package generator wires bpgen's stages: load and validate the spec, build
// the model, emit Go files, write them.
package generator

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

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
	// Parts selects what is generated; nil means emit.AllParts, except that
	// the test subpackage is then left out, with a warning, when the import
	// path cannot be found.
	Parts *emit.Parts
	// ImportPath is the generated package's import path, which its test
	// subpackage imports. Empty means: found from the go.mod above Out
	// (or, when Out is empty too, the package name, for in-memory use).
	ImportPath string
	// Force lets bpgen overwrite files in Out that do not carry its header.
	Force bool
	// Tombstones replaces stale files by build-ignored tombstones that the
	// next run removes (see write.Options), for runs under go generate.
	Tombstones bool
	// Timings, when set, receives where the time went.
	Timings *Timings
}

// Timings says where a generation's time went, stage by stage.
type Timings struct {
	Load, Model, Emit, Write time.Duration // wall time of each stage
	// Validate is the wall time of validation, which runs beside emit.
	Validate time.Duration
	// Emitted splits emit into its steps, each summed over the files,
	// which render in parallel.
	Emitted emit.Stats
}

// parts is cfg.Parts or the default.
func (cfg Config) parts() emit.Parts {
	if cfg.Parts == nil {
		return emit.AllParts
	}
	return *cfg.Parts
}

// importPath is the generated package's import path: cfg.ImportPath, else
// the module path of the go.mod above cfg.Out joined with Out's directory
// within that module.
func (cfg Config) importPath() (string, error) {
	if cfg.ImportPath != "" {
		return cfg.ImportPath, nil
	}
	if cfg.Out == "" {
		return cfg.Package, nil
	}
	abs, err := filepath.Abs(cfg.Out)
	if err != nil {
		return "", err
	}
	for dir := abs; ; dir = filepath.Dir(dir) {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			mod := modulePath(data)
			if mod == "" {
				return "", fmt.Errorf("%s: no module line", filepath.Join(dir, "go.mod"))
			}
			rel, err := filepath.Rel(dir, abs)
			if err != nil {
				return "", err
			}
			if rel == "." {
				return mod, nil
			}
			return path.Join(mod, filepath.ToSlash(rel)), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("no go.mod in %s or above it: the test subpackage needs the import path of the generated package (pass -import-path, or -generate client,server)", cfg.Out)
		}
	}
}

// modulePath reads the module line of a go.mod file.
func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			rest, _, _ = strings.Cut(rest, "//")
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
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
	// Generated holds the files generated, in memory, and ImportPath the
	// package's import path ("" when it cannot be found), so that -check can
	// compare them with the files on disk.
	Generated  []emit.File
	ImportPath string
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
	if cfg.Timings == nil {
		cfg.Timings = new(Timings) // kept, unread: one code path
	}
	start := time.Now()
	doc, err := load.Decode(ctx, cfg.Spec)
	if err != nil {
		return nil, nil, nil, err
	}
	cfg.Timings.Load, start = time.Since(start), time.Now()
	rtNames, err := runtimeNames()
	if err != nil {
		return nil, nil, nil, err
	}
	reserved := append(append([]string{}, emit.FixedNames...), rtNames...)
	api, modelWarnings, err := buildModel(doc, model.Options{Package: cfg.Package, Reserved: reserved, NoDetect: cfg.NoDetect})
	modelWarnings = doc.Places(modelWarnings)
	var lerr *load.Error
	if errors.As(err, &lerr) {
		lerr.Problems = doc.Places(lerr.Problems)
	}
	if err != nil {
		// The model met the document before validation did: a located
		// problem of the document comes first, as it would have stopped
		// the model anyway.
		if verr := validate(ctx, doc, cfg.Timings); verr != nil {
			return nil, nil, nil, verr
		}
		return nil, nil, load.Tidy(append(doc.Warnings, modelWarnings...)), err
	}
	cfg.Timings.Model = time.Since(start)
	// Emitters read only the model, so the document is validated while they
	// run, on the core they leave free.
	validated := make(chan error, 1)
	go func() { validated <- validate(ctx, doc, cfg.Timings) }()
	files, emitWarning, err := emitFiles(cfg, api)
	if verr := <-validated; verr != nil {
		return nil, nil, nil, verr
	}
	warnings := load.Tidy(append(doc.Warnings, modelWarnings...))
	if cfg.Strict && len(warnings) > 0 {
		return nil, nil, nil, &load.Error{Problems: warnings}
	}
	if emitWarning != nil {
		warnings = append(warnings, *emitWarning)
	}
	if err != nil {
		return nil, nil, warnings, err
	}
	return files, api, warnings, nil
}

// buildModel is model.Build on a document not validated yet, which may be
// invalid in ways the model does not expect: a panic is returned as an
// error, for the caller to report after the validation errors that explain it.
func buildModel(doc *load.Document, opts model.Options) (api *model.API, warnings []load.Diagnostic, err error) {
	defer func() {
		if r := recover(); r != nil {
			api, err = nil, fmt.Errorf("%s: internal error while generating (please report): %v", doc.Path, r)
		}
	}()
	return model.Build(doc, opts)
}

// validate runs doc.Validate, timed, with a panic (kin-openapi meeting a
// document it did not expect, on a goroutine that Generate cannot recover)
// returned as an error.
func validate(ctx context.Context, doc *load.Document, t *Timings) (err error) {
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: internal error while validating (please report): %v", doc.Path, r)
		}
		t.Validate = time.Since(start)
	}()
	return doc.Validate(ctx)
}

// emitFiles renders the package. The test subpackage needs the module's
// import path: when it is not asked for by name and the path cannot be
// found, the rest is generated, with a warning that says why it is not.
func emitFiles(cfg Config, api *model.API) ([]emit.File, *load.Diagnostic, error) {
	start := time.Now()
	opts := emit.Options{Parts: cfg.parts(), Stats: &cfg.Timings.Emitted}
	var warning *load.Diagnostic
	if opts.Parts.Test && len(api.Operations) > 0 {
		var err error
		if opts.ImportPath, err = cfg.importPath(); err != nil && cfg.Parts != nil {
			return nil, nil, err
		} else if err != nil {
			opts.Parts.Test = false
			warning = &load.Diagnostic{File: cfg.Out, Message: strings.TrimPrefix(err.Error(), cfg.Out+": ") + "; the test subpackage is not generated"}
		}
	}
	files, err := emit.Files(api, templates.FS, opts)
	if err != nil {
		return nil, warning, fmt.Errorf("%s: %w", cfg.Spec, err)
	}
	cfg.Timings.Emit = time.Since(start)
	return files, warning, nil
}

// Run generates and writes (or, with cfg.Check, only compares).
func Run(ctx context.Context, cfg Config) (*Result, error) {
	// Found once, by walking up to the go.mod above Out, for the test
	// subpackage, the starter and -check; when it cannot be found, the
	// stages that need it report why.
	if p, err := cfg.importPath(); err == nil {
		cfg.ImportPath = p
	}
	files, api, warnings, err := Generate(ctx, cfg)
	res := &Result{Warnings: warnings, ImportPath: cfg.ImportPath}
	if err != nil {
		return res, err
	}
	res.Files, res.Operations, res.Types = len(files), len(api.Operations), len(api.Types)
	res.Generated = files
	res.Detected = detectedPagers(api)
	wf := make([]write.File, len(files))
	for i, f := range files {
		wf[i] = write.File{Name: f.Name, Content: f.Content}
	}
	if cfg.Timings != nil {
		defer func(start time.Time) { cfg.Timings.Write = time.Since(start) }(time.Now())
	}
	own := []string{emit.TestPackage(cfg.Package)} // stale test helpers go even when -generate leaves them out
	res.Changes, err = write.Plan(cfg.Out, emit.Header, wf, write.Options{Subdirs: own, Force: cfg.Force, Tombstones: cfg.Tombstones})
	if err != nil || cfg.Check {
		return res, err
	}
	if err := write.Apply(cfg.Out, wf, res.Changes); err != nil {
		return res, err
	}
	if cfg.Starter != "" {
		res.StarterWritten, err = writeStarter(cfg, api)
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
