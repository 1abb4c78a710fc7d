package diff

import (
	"strings"

	"github.com/bpgen/bpgen/generator/model"
)

// locateGo turns Go API changes into report entries located in the spec: a
// removal in the old one, the rest in the new one. The "added" lines of
// what an added operation brings are left out: its own line stands for
// them, and so does a spec line about the same identifier.
func locateGo(cs []GoChange, old, nw *side, spec []specChange) []Change {
	covered := map[string]bool{}
	for _, s := range spec {
		covered[s.ident] = true // a new required field: its spec line says more
		for _, m := range s.members {
			covered[m] = true
		}
	}
	oldIdx, newIdx := index(old.api), index(nw.api)
	var out []Change
	for _, c := range cs {
		if c.Compatible && c.Message == "added" && covered[strings.TrimPrefix(c.Ident, "type ")] {
			continue
		}
		kind, file, idx := Incompatible, nw.name, newIdx
		if c.Compatible {
			kind = Compatible
		}
		if c.Message == "removed" {
			file, idx = old.name, oldIdx
		}
		out = append(out, Change{Kind: kind, Source: "go", Ident: c.QualifiedIdent(), File: file, Pointer: idx.find(c.Ident), Message: goMessage(c)})
	}
	return out
}

// goMessage is apidiff's message, said in full where its one word is
// puzzling: an incompatible addition is a method added to an interface.
func goMessage(c GoChange) string {
	if !c.Compatible && c.Message == "added" {
		return "added to the interface: implementations written against the old SDK lack it"
	}
	return c.Message
}

// pointerIndex maps Go identifiers to the JSON pointers they come from.
type pointerIndex map[string]string

func (idx pointerIndex) find(ident string) string {
	ident = strings.TrimPrefix(ident, "type ")
	for {
		if p, ok := idx[ident]; ok {
			return p
		}
		if p, ok := idx[unqualified(ident)]; ok {
			return p
		}
		i := strings.LastIndexByte(ident, '.')
		if i < 0 {
			return ""
		}
		ident = ident[:i] // a field's struct, a method's type
	}
}

// unqualified drops a method's receiver: (*Client).Create -> Create.
func unqualified(ident string) string {
	if strings.HasPrefix(ident, "(") {
		if i := strings.Index(ident, ")."); i >= 0 {
			return ident[i+2:]
		}
	}
	return ident
}

// index lists the identifiers of api with their pointers: types, fields,
// enum constants, operations (their methods on Client, Server and the
// Fake) and error types.
func index(api *model.API) pointerIndex {
	idx := pointerIndex{}
	for _, t := range api.Types {
		idx[t.Name] = t.Pointer
		for _, f := range t.Fields {
			idx[t.Name+"."+f.Name] = fieldPointer(t, f)
		}
		if t.Enum != nil {
			for _, v := range t.Enum.Values {
				idx[v.Name] = t.Pointer + "/enum"
			}
		}
	}
	for _, op := range api.Operations {
		for _, name := range []string{op.Name, op.FakeFunc, op.FakeCalls, "Fake." + op.FakeFunc,
			"Server." + op.Name, "UnimplementedServer." + op.Name, "(*Fake)." + op.Name} {
			idx[name] = op.Pointer
		}
		if op.Pager != nil {
			idx[op.Pager.Method] = op.Pointer
		}
	}
	if api.Errors != nil {
		for _, t := range api.Errors.Types {
			for _, name := range []string{t.Name, t.Sentinel, t.Constructor} {
				idx[name] = "/x-bpgen/errors/types"
			}
		}
	}
	return idx
}
