package model

import (
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bpgen/bpgen/generator/load"
	"github.com/bpgen/bpgen/generator/naming"
)

// Options configures Build.
type Options struct {
	Package string
	// Reserved are top-level names already used in the generated package:
	// the runtime's (generator.RuntimeNames) and the emitters' fixed ones
	// (emit.FixedNames).
	Reserved []string
	// NoDetect turns the pagination detection rule off, as
	// x-bpgen.pagination.detect: false does.
	NoDetect bool
}

// builder turns one loaded document into an API.
type builder struct {
	doc   *openapi3.T
	file  string
	api   *API
	scope *naming.Scope // package top level
	names naming.Memo   // Exported, once per name

	components map[*openapi3.Schema]*Type
	inline     map[*openapi3.Schema]*Type // inline named types already built
	elems      map[string]string          // hint of a collection field -> what its elements are named
	filled     map[*Type]bool             // components whose type is filled
	schemaOf   map[*Type]*openapi3.Schema // component type -> its schema
	external   map[string]*Type           // schema defined in another file, by where it is written
	depth      int                        // nesting of unnamed schemas
	ext        extension
	opts       Options
	detect     bool // the pagination detection rule is on
	problems   []load.Diagnostic
	warnings   []load.Diagnostic
}

// Build builds the model of doc. Problems the builder cannot represent are
// returned together as a *load.Error; softer ones as warnings.
func Build(doc *load.Document, opts Options) (*API, []load.Diagnostic, error) {
	b := &builder{
		doc:        doc.T,
		file:       doc.Path,
		api:        &API{Package: opts.Package},
		opts:       opts,
		scope:      naming.NewScope(opts.Reserved...),
		components: map[*openapi3.Schema]*Type{},
		inline:     map[*openapi3.Schema]*Type{},
		elems:      map[string]string{},
		filled:     map[*Type]bool{},
		schemaOf:   map[*Type]*openapi3.Schema{},
		external:   map[string]*Type{},
	}
	b.info()
	b.readExtension()
	b.errorCatalog()
	b.clientSettings()
	b.componentTypes()
	b.operations()
	if len(b.problems) > 0 {
		return nil, b.warnings, &load.Error{Problems: load.Tidy(b.problems)}
	}
	sort.Slice(b.api.Types, func(i, j int) bool { return b.api.Types[i].Name < b.api.Types[j].Name })
	breakValueCycles(b.api.Types)
	boundValueSizes(b.api.Types)
	sort.Slice(b.api.Operations, func(i, j int) bool { return b.api.Operations[i].Name < b.api.Operations[j].Name })
	b.errorTables()
	if len(b.api.Operations) > 0 {
		b.api.Server = planServer(b.api)
	}
	describeInline(b.api)
	return b.api, b.warnings, nil
}

func (b *builder) fail(pointer, format string, args ...any) {
	b.problems = append(b.problems, load.Diagnostic{File: b.file, Pointer: pointer, Message: fmt.Sprintf(format, args...)})
}

func (b *builder) warn(pointer, format string, args ...any) {
	b.warnings = append(b.warnings, load.Diagnostic{File: b.file, Pointer: pointer, Message: fmt.Sprintf(format, args...)})
}

func (b *builder) info() {
	if b.doc.Info != nil {
		b.api.Title = b.doc.Info.Title
		b.api.Description = b.doc.Info.Description
	}
}

// componentTypes gives every component schema its named type. Names are
// claimed for all components first (sorted), so a component's name never
// depends on the order in which operations reach it.
func (b *builder) componentTypes() {
	if b.doc.Components == nil {
		return
	}
	names := sortedKeys(b.doc.Components.Schemas)
	for _, name := range names {
		ref := b.doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		ptr := "/components/schemas/" + pointerEscape(name)
		t := &Type{Name: b.scope.Claim(b.names.Exported(name, "Schema")), Pointer: ptr, Use: "is the " + name + " schema of the API."}
		b.components[ref.Value] = t
		b.schemaOf[t] = ref.Value
	}
	for _, name := range names {
		ref := b.doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		b.fillComponent(b.components[ref.Value], ref.Value)
	}
}

// fillComponent fills a component's type once. It may run early, when
// another schema extends the component with allOf, so that the inline types
// the component declares are named after it, whichever is filled first.
func (b *builder) fillComponent(t *Type, v *openapi3.Schema) {
	if b.filled[t] {
		return
	}
	b.filled[t] = true
	b.fillNamed(t, v)
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// JSON pointer tokens are escaped as the loader escapes them.
var (
	pointerEscape   = load.PointerEscape
	pointerUnescape = load.PointerUnescape
)
