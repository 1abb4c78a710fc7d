// Package diff tells what regenerating an SDK from a new version of its spec
// breaks for the code that calls it: the Go API changes of the generated
// packages (by Go's compatibility rules, from golang.org/x/exp/apidiff), the
// changes that still compile but break at run time (from the two models),
// the compatible additions, and the semantic-version bump they call for.
package diff

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/emit"
)

// Kind classifies a change by what it does to existing callers.
type Kind string

const (
	// Incompatible changes make code written against the old SDK stop
	// compiling (or, rarely, change its meaning), by Go's rules.
	Incompatible Kind = "incompatible"
	// Runtime changes still compile but make requests or responses that
	// worked fail: a field that became required, a tighter constraint, a
	// response enum value a strict switch does not know.
	Runtime Kind = "runtime"
	// Compatible changes break nothing: additions, loosened constraints.
	Compatible Kind = "compatible"
)

// kindOrder sorts entries as the report's sections come: what breaks first.
func kindOrder(k Kind) int {
	return slices.IndexFunc(sections, func(s section) bool { return s.kind == k })
}

// Change is one entry of a report.
type Change struct {
	Kind Kind `json:"kind"`
	// Source says what found it: "go" (the generated Go API) or "spec" (the
	// two models).
	Source string `json:"source"`
	// Ident is the Go identifier concerned, as apidiff names it
	// (CreateInput.Name, (*Client).Create); may be empty.
	Ident string `json:"ident,omitempty"`
	// File and Pointer locate it in the spec: the new one, or the old one
	// for what was removed. Pointer may be empty when no schema says it.
	File    string `json:"file"`
	Pointer string `json:"pointer,omitempty"`
	Message string `json:"message"`
}

// Location is File#Pointer, or File alone.
func (c Change) Location() string {
	if c.Pointer == "" {
		return c.File
	}
	return c.File + "#" + c.Pointer
}

// Report is the outcome of a comparison.
type Report struct {
	Old     string   `json:"old"`
	New     string   `json:"new"`
	Package string   `json:"package"`
	Semver  string   `json:"semver"` // major, minor, patch or none
	Changes []Change `json:"changes"`
	// Identical: both sides generate the same files (the specs may still
	// differ in what the API accepts: see Changes).
	Identical bool `json:"identical"`
}

// Count is how many changes are of kind k.
func (r *Report) Count(k Kind) int {
	n := 0
	for _, c := range r.Changes {
		if c.Kind == k {
			n++
		}
	}
	return n
}

// Options is one comparison: two specs, generated alike.
type Options struct {
	// Old and New are spec files, or REV:path read from the git repository
	// of the working directory.
	Old, New string
	// Config holds the generation flags shared by both sides; its Spec, Out
	// and Check are ignored.
	Config generator.Config
}

// Run generates both sides in memory and compares them. A panic in the
// comparison (a library meeting code it did not expect) is an error naming
// the two specs, never a crash.
func Run(ctx context.Context, opts Options) (rep *Report, err error) {
	defer func() {
		if r := recover(); r != nil {
			rep, err = nil, fmt.Errorf("%s -> %s: internal error while comparing (please report): %v", opts.Old, opts.New, r)
		}
	}()
	return compare(ctx, opts)
}

func compare(ctx context.Context, opts Options) (*Report, error) {
	old, err := generateSide(ctx, opts.Old, opts.Config)
	if err != nil {
		return nil, err
	}
	defer old.cleanup()
	nw, err := generateSide(ctx, opts.New, opts.Config)
	if err != nil {
		return nil, err
	}
	defer nw.cleanup()
	r := &Report{Old: opts.Old, New: opts.New, Package: opts.Config.Package, Identical: sameFiles(old.files, nw.files)}
	// The models are compared even when the files are the same: a tighter
	// maxLength changes no client, only what the API accepts.
	spec := compareModels(old.api, nw.api)
	var goChanges []GoChange
	if !r.Identical {
		if goChanges, err = GoAPI(old.files, nw.files, importPath(opts.Config)); err != nil {
			return nil, err
		}
	}
	r.Changes = append(locateGo(goChanges, old, nw, spec), sidesOf(spec, old.name, nw.name)...)
	sortChanges(r.Changes)
	r.Semver = semver(r)
	return r, nil
}

// importPath is the generated package's import path in memory: the one the
// test subpackage imports.
func importPath(cfg generator.Config) string {
	return cmp.Or(cfg.ImportPath, cfg.Package)
}

func sameFiles(a, b []emit.File) bool {
	return slices.EqualFunc(a, b, func(x, y emit.File) bool {
		return x.Name == y.Name && string(x.Content) == string(y.Content)
	})
}

// semver suggests the bump: major when something breaks (at compile or at
// run time: either way a caller that upgrades can fail), minor for
// additions, patch when only the generated text changed (docs, say), none
// when nothing did.
func semver(r *Report) string {
	switch {
	case r.Count(Incompatible) > 0 || r.Count(Runtime) > 0:
		return "major"
	case r.Count(Compatible) > 0:
		return "minor"
	case !r.Identical:
		return "patch"
	}
	return "none"
}

func sortChanges(cs []Change) {
	slices.SortStableFunc(cs, func(a, b Change) int {
		return cmp.Or(cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)), cmp.Compare(a.Source, b.Source),
			cmp.Compare(a.Ident, b.Ident), cmp.Compare(a.Pointer, b.Pointer), cmp.Compare(a.Message, b.Message))
	})
}

// Breaks reports whether r has a change that -fail-on level counts:
// "incompatible" (Go API only), "runtime" (that or run-time breaks) or "any".
func (r *Report) Breaks(level string) (bool, error) {
	switch level {
	case "incompatible":
		return r.Count(Incompatible) > 0, nil
	case "runtime":
		return r.Count(Incompatible)+r.Count(Runtime) > 0, nil
	case "any":
		return !r.Identical || len(r.Changes) > 0, nil
	}
	return false, fmt.Errorf("unknown level %q (want incompatible, runtime or any)", level)
}
