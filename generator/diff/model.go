package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bpgen/bpgen/generator/model"
)

// specChange is a change found by comparing the two models: what Go's type
// checker cannot see (the wire contract), and the additions worth a line of
// their own.
type specChange struct {
	kind    Kind
	ident   string
	pointer string
	message string
	inOld   bool // located in the old spec: what was removed
	// members are the Go identifiers an added operation brings, whose own
	// "added" lines from the Go API comparison it stands for.
	members []string
}

// sidesOf turns spec changes into report entries, each naming its spec.
func sidesOf(cs []specChange, oldName, newName string) []Change {
	out := make([]Change, len(cs))
	for i, c := range cs {
		file := newName
		if c.inOld {
			file = oldName
		}
		out[i] = Change{Kind: c.kind, Source: "spec", Ident: c.ident, File: file, Pointer: c.pointer, Message: c.message}
	}
	return out
}

// modelDiff accumulates the changes between two models.
type modelDiff struct {
	old, new *model.API
	use      map[string]use // named type -> how either side uses it
	out      []specChange
}

func (d *modelDiff) add(kind Kind, ident, pointer, format string, args ...any) {
	d.out = append(d.out, specChange{kind: kind, ident: ident, pointer: pointer, message: fmt.Sprintf(format, args...)})
}

// compareModels lists the changes from old to new that the models show.
func compareModels(old, new *model.API) []specChange {
	d := &modelDiff{old: old, new: new, use: usage(old)}
	for name, u := range usage(new) {
		d.use[name] |= u
	}
	d.client(&old.Client, &new.Client)
	d.operations()
	d.types()
	d.catalog(old.Errors, new.Errors)
	return d.out
}

// byName indexes items by a key.
func byName[T any](items []T, key func(T) string) map[string]T {
	m := make(map[string]T, len(items))
	for _, it := range items {
		m[key(it)] = it
	}
	return m
}

func (d *modelDiff) operations() {
	olds := byName(d.old.Operations, func(o *model.Operation) string { return o.Name })
	for _, n := range d.new.Operations {
		o, ok := olds[n.Name]
		if !ok {
			d.addedOperation(n)
			continue
		}
		d.operation(o, n)
	}
}

// addedOperation is one compatible line for a new operation, standing for
// the Go identifiers it brings.
func (d *modelDiff) addedOperation(op *model.Operation) {
	members := []string{"(*Client)." + op.Name, "Server." + op.Name, "UnimplementedServer." + op.Name,
		"(*UnimplementedServer)." + op.Name, "Fake." + op.FakeFunc, "(*Fake)." + op.Name, "(*Fake)." + op.FakeCalls}
	if op.Pager != nil {
		members = append(members, "(*Client)."+op.Pager.Method)
	}
	for _, t := range d.new.Types {
		if t.Pointer == op.Pointer || strings.HasPrefix(t.Pointer, op.Pointer+"/") {
			members = append(members, t.Name)
		}
	}
	d.out = append(d.out, specChange{kind: Compatible, ident: "(*Client)." + op.Name, pointer: op.Pointer,
		message: fmt.Sprintf("operation added: %s %s", op.Method, op.Path), members: members})
}

func (d *modelDiff) operation(o, n *model.Operation) {
	id := "(*Client)." + n.Name
	if o.Method != n.Method || o.Path != n.Path {
		d.add(Runtime, id, n.Pointer, "now %s %s (was %s %s): servers of the old spec do not route it", n.Method, n.Path, o.Method, o.Path)
	}
	if !o.Secured && n.Secured {
		d.add(Runtime, id, n.Pointer, "now needs authentication")
	}
	if !o.Deprecated && n.Deprecated {
		d.add(Compatible, id, n.Pointer, "deprecated: callers should plan to move off it")
	}
	d.pager(id, o, n)
	d.body(id, o, n)
	if o.RawOutput != n.RawOutput || !slices.Equal(o.RawMedia, n.RawMedia) {
		d.add(Runtime, id, n.Pointer+"/responses", "success response media type changed from %s to %s", responseMedia(o), responseMedia(n))
	}
	d.params(id, o, n)
	d.errorResponses(id, o, n)
}

func responseMedia(op *model.Operation) string {
	if !op.RawOutput {
		return "JSON"
	}
	return strings.Join(op.RawMedia, ", ")
}

func (d *modelDiff) pager(id string, o, n *model.Operation) {
	switch {
	case o.Pager == nil && n.Pager != nil:
		d.add(Compatible, "(*Client)."+n.Pager.Method, n.Pointer, "%s is paginated now (%s style)", n.Name, n.Pager.Style)
	case o.Pager != nil && n.Pager == nil:
		d.add(Runtime, id, n.Pointer, "no longer paginated: callers get the first page only")
	case o.Pager != nil && o.Pager.Style != n.Pager.Style:
		d.add(Runtime, "(*Client)."+n.Pager.Method, n.Pointer, "pagination changed from %s to %s style", o.Pager.Style, n.Pager.Style)
	}
}

func (d *modelDiff) body(id string, o, n *model.Operation) {
	ptr := n.Pointer + "/requestBody"
	if n.Body != nil && n.Body.Required && (o.Body == nil || !o.Body.Required) {
		d.add(Runtime, id, ptr, "request body became required")
	}
	if o.Body == nil || n.Body == nil {
		return
	}
	newMedia := bodyMedia(n.Body)
	for _, m := range bodyMedia(o.Body) {
		if !slices.Contains(newMedia, m) {
			d.add(Runtime, id, ptr+"/content", "request media type %s removed (now %s)", m, strings.Join(newMedia, ", "))
		}
	}
}

// bodyMedia lists the media types a body is sent as: the model lists them
// for raw and form bodies; a JSON body is application/json.
func bodyMedia(b *model.Body) []string {
	if len(b.Media) > 0 {
		return b.Media
	}
	return []string{"application/json"}
}

// errorResponses compares the typed error responses of an operation in an
// API without a catalogue (with one, the catalogue says them all).
func (d *modelDiff) errorResponses(id string, o, n *model.Operation) {
	if d.new.Errors != nil {
		return
	}
	news := byName(n.Errors, func(e *model.ErrorResponse) string { return e.Status })
	for _, e := range o.Errors {
		if _, ok := news[e.Status]; !ok {
			d.out = append(d.out, specChange{kind: Runtime, ident: id, pointer: o.Pointer + "/responses/" + e.Status, inOld: true,
				message: fmt.Sprintf("error response %s removed: it is no longer returned as its typed error", e.Status)})
		}
	}
}

// paramKey is how a parameter is known on the wire.
func paramKey(p *model.Param) string { return string(p.In) + " " + p.Wire }

func (d *modelDiff) params(id string, o, n *model.Operation) {
	olds := byName(o.Params, paramKey)
	oldByField := byName(o.Params, func(p *model.Param) string { return p.Field.Name })
	for _, np := range n.Params {
		ptr := strings.TrimSuffix(np.Field.Pointer, "/schema")
		fid := n.Input.Name + "." + np.Field.Name
		op, ok := olds[paramKey(np)]
		if !ok && bodyField(o.Input, np) {
			continue // a body field that a form now carries: the media type change says it
		}
		if !ok {
			if was, renamed := oldByField[np.Field.Name]; renamed && olds[paramKey(was)] != nil && !hasParam(n.Params, paramKey(was)) {
				d.add(Runtime, fid, ptr, "now sent as %s parameter %q (was %s parameter %q)", np.In, np.Wire, was.In, was.Wire)
			} else if np.Required {
				d.add(Runtime, fid, ptr, "new required %s parameter %q: callers that do not set it fail", np.In, np.Wire)
			}
			continue
		}
		if !op.Required && np.Required {
			d.add(Runtime, fid, ptr, "%s parameter %q became required", np.In, np.Wire)
		}
		if op.JSON != np.JSON {
			now := "as JSON text"
			if !np.JSON {
				now = "in its style, no longer as JSON text"
			}
			d.add(Runtime, fid, ptr, "%s parameter %q is sent %s", np.In, np.Wire, now)
		} else if !np.JSON && (op.Style != np.Style || op.Explode != np.Explode) {
			d.add(Runtime, fid, ptr, "%s parameter %q is serialized differently (style %s, explode %v; was %s, %v)", np.In, np.Wire, np.Style, np.Explode, op.Style, op.Explode)
		}
		if !op.Field.Deprecated && np.Field.Deprecated {
			d.add(Compatible, fid, ptr, "%s parameter %q deprecated", np.In, np.Wire)
		}
		d.ref(fid, ptr, op.Field.Type, np.Field.Type, useRequest)
	}
}

// bodyField reports whether a form parameter was a body field of the old
// input.
func bodyField(in *model.Type, p *model.Param) bool {
	if p.In != model.InForm && p.In != model.InMultipart {
		return false
	}
	return slices.ContainsFunc(model.BodyFields(in), func(f *model.Field) bool { return f.JSON == p.Wire })
}

func hasParam(ps []*model.Param, key string) bool {
	return slices.ContainsFunc(ps, func(p *model.Param) bool { return paramKey(p) == key })
}

func (d *modelDiff) client(o, n *model.Client) {
	if o.BaseURL != n.BaseURL {
		d.add(Runtime, "NewClient", "/servers/0/url", "default base URL changed from %q to %q", o.BaseURL, n.BaseURL)
	}
	if o.Bearer != n.Bearer {
		d.add(Runtime, "WithToken", "/components/securitySchemes", "bearer authentication %s", map[bool]string{true: "added", false: "removed"}[n.Bearer])
	}
	oldKeys := byName(o.APIKeys, func(k *model.APIKey) string { return k.Header })
	for _, k := range n.APIKeys {
		if oldKeys[k.Header] == nil {
			d.add(Runtime, k.Option, "/components/securitySchemes", "new API key header %s: servers may reject calls without it", k.Header)
		}
	}
	oldHeaders := byName(o.Headers, func(h *model.GlobalHeader) string { return h.Option })
	for _, h := range n.Headers {
		if was := oldHeaders[h.Option]; was != nil && was.Wire != h.Wire {
			d.add(Runtime, h.Option, "", "sends header %s (was %s)", h.Wire, was.Wire)
		}
	}
	if o.IdempotencyHeader != n.IdempotencyHeader {
		d.add(Runtime, "WithIdempotencyKey", "/x-bpgen/client", "idempotency header changed from %s to %s", o.IdempotencyHeader, n.IdempotencyHeader)
	}
}

// catalog compares the error types of the two catalogues.
func (d *modelDiff) catalog(o, n *model.ErrorCatalog) {
	const ptr = "/x-bpgen/errors/types"
	if o == nil || n == nil {
		return
	}
	news := byName(n.Types, func(t *model.ErrorType) string { return t.Wire })
	olds := byName(o.Types, func(t *model.ErrorType) string { return t.Wire })
	for _, t := range o.Types {
		nt := news[t.Wire]
		switch {
		case nt == nil:
			d.out = append(d.out, specChange{kind: Runtime, ident: t.Name, pointer: ptr, inOld: true,
				message: fmt.Sprintf("error type %s removed: such errors arrive as the unknown error type", t.Wire)})
		case nt.Status != t.Status:
			d.add(Runtime, nt.Name, ptr, "error type %s now has status %d (was %d)", t.Wire, nt.Status, t.Status)
		}
	}
	for _, t := range n.Types {
		if olds[t.Wire] == nil {
			d.add(Compatible, t.Name, ptr, "error type %s added (status %d)", t.Wire, t.Status)
		}
	}
}
