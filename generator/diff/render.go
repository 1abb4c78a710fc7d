package diff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// section is one of the report's groups.
type section struct {
	kind    Kind
	heading string
}

// sections are the report's groups, in order, with their headings.
var sections = []section{
	{Incompatible, "Incompatible Go API changes (callers stop compiling)"},
	{Runtime, "Changes that break at run time (callers compile, requests or responses fail)"},
	{Compatible, "Compatible changes"},
}

// summary is the report's one-line verdict.
func (r *Report) summary() string {
	if r.Identical && len(r.Changes) == 0 {
		return "no changes: both specs generate the same files; suggested version bump: none"
	}
	return fmt.Sprintf("%d incompatible, %d breaking at run time, %d compatible; suggested version bump: %s",
		r.Count(Incompatible), r.Count(Runtime), r.Count(Compatible), r.Semver)
}

// Text writes r for a terminal.
func (r *Report) Text(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "bpgen diff: package %s, %s -> %s\n", r.Package, r.Old, r.New)
	fmt.Fprintf(&b, "%s\n", r.summary())
	switch {
	case len(r.Changes) == 0 && !r.Identical:
		b.WriteString("\nThe generated files differ, but not the API nor the wire (documentation, say).\n")
	case len(r.Changes) > 0 && r.Identical:
		b.WriteString("\nThe generated files are the same; the API's contract is not.\n")
	}
	r.sections(func(heading string, cs []Change) {
		fmt.Fprintf(&b, "\n%s:\n", heading)
		for _, c := range cs {
			fmt.Fprintf(&b, "  %s: %s\n      %s\n", orDash(c.Ident), c.Message, c.Location())
		}
	})
	_, err := io.WriteString(w, b.String())
	return err
}

// Markdown writes r for a pull-request comment: a table per section.
func (r *Report) Markdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### bpgen diff: `%s`\n\n`%s` → `%s`: **%s**\n", r.Package, r.Old, r.New, r.summary())
	r.sections(func(heading string, cs []Change) {
		fmt.Fprintf(&b, "\n#### %s\n\n| Go identifier | Change | Spec location |\n|---|---|---|\n", heading)
		for _, c := range cs {
			fmt.Fprintf(&b, "| %s | %s | `%s` |\n", mdCode(c.Ident), mdCell(c.Message), mdCell(c.Location()))
		}
	})
	_, err := io.WriteString(w, b.String())
	return err
}

// JSON writes r as one indented JSON object, changes always a list.
func (r *Report) JSON(w io.Writer) error {
	out := *r
	if out.Changes == nil {
		out.Changes = []Change{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// sections calls f for each section that has changes, in order.
func (r *Report) sections(f func(heading string, cs []Change)) {
	for _, s := range sections {
		var cs []Change
		for _, c := range r.Changes {
			if c.Kind == s.kind {
				cs = append(cs, c)
			}
		}
		if len(cs) > 0 {
			f(s.heading, cs)
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func mdCode(s string) string {
	if s == "" {
		return "-"
	}
	return "`" + mdCell(s) + "`"
}

// mdCell keeps a table cell one cell: pipes escaped, lines joined.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}
