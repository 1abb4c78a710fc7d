package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

const pagerExt = "x-bpgen-pagination"

// paginationDecl is a pagination declaration: x-bpgen.pagination for the
// whole API, x-bpgen-pagination for one operation (see the README). Empty
// values are unset: the style's conventional names are then looked for.
type paginationDecl struct {
	Detect    *bool  `json:"detect"` // API level only
	Style     string `json:"style"`
	Param     string `json:"param"`
	Next      string `json:"next"`
	Items     string `json:"items"`
	Limit     string `json:"limit"`
	Total     string `json:"total"`
	HasMore   string `json:"hasMore"`
	ID        string `json:"id"`
	FirstPage *int64 `json:"firstPage"`
	// The names param and next had when only the cursor style existed.
	TokenParam string `json:"tokenParam"`
	TokenPath  string `json:"tokenPath"`
}

// styleKeys lists the keys that mean something for each style; any other
// key set beside a style is a mistake worth reporting.
var styleKeys = map[PagerStyle][]string{
	PageCursor: {"param", "next", "items", "hasMore"},
	PageAfter:  {"param", "id", "items", "hasMore"},
	PageOffset: {"param", "limit", "items", "total", "hasMore"},
	PageNumber: {"param", "limit", "items", "total", "hasMore", "firstPage"},
	PageLink:   {"items"},
}

// set lists the keys d gives a value, by their JSON names.
func (d *paginationDecl) set() []string {
	var keys []string
	for k, v := range map[string]bool{
		"param": d.Param != "", "next": d.Next != "", "items": d.Items != "", "limit": d.Limit != "",
		"total": d.Total != "", "hasMore": d.HasMore != "", "id": d.ID != "", "firstPage": d.FirstPage != nil,
	} {
		if v {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// normalize folds the old key names into the new ones, implies the cursor
// style from a token parameter or path, and checks the keys fit the style.
// It returns the offending key and why, or "" when d is sound.
func (d *paginationDecl) normalize() (key, msg string) {
	for _, alias := range []struct {
		old, name string
		from, to  *string
	}{{"tokenParam", "param", &d.TokenParam, &d.Param}, {"tokenPath", "next", &d.TokenPath, &d.Next}} {
		if *alias.from == "" {
			continue
		}
		if *alias.to != "" && *alias.to != *alias.from {
			return alias.old, fmt.Sprintf("%s is the older name of %s: give one of them", alias.old, alias.name)
		}
		*alias.to, *alias.from = *alias.from, ""
	}
	if d.Style == "" && (d.Param != "" || d.Next != "") {
		d.Style = string(PageCursor)
	}
	if d.Style == "" {
		return "", ""
	}
	allowed, ok := styleKeys[PagerStyle(d.Style)]
	if !ok {
		return "style", fmt.Sprintf("unknown style %q (known: cursor, after, offset, page, link)", d.Style)
	}
	for _, k := range d.set() {
		if !slices.Contains(allowed, k) {
			return k, fmt.Sprintf("%s does not apply to style %s (it takes %s)", k, d.Style, strings.Join(allowed, ", "))
		}
	}
	return "", ""
}

// merge lays an operation's declaration over the API's. An operation that
// names another style starts afresh: the API's names belong to its style.
func merge(api, op paginationDecl) paginationDecl {
	if op.Style != "" && op.Style != api.Style {
		return op
	}
	m := api
	m.Detect = nil
	for _, f := range []struct{ dst, src *string }{
		{&m.Style, &op.Style}, {&m.Param, &op.Param}, {&m.Next, &op.Next}, {&m.Items, &op.Items},
		{&m.Limit, &op.Limit}, {&m.Total, &op.Total}, {&m.HasMore, &op.HasMore}, {&m.ID, &op.ID},
	} {
		if *f.src != "" {
			*f.dst = *f.src
		}
	}
	if op.FirstPage != nil {
		m.FirstPage = op.FirstPage
	}
	return m
}

// readPagination checks the API's declaration (the root x-bpgen.pagination).
func (b *builder) readPagination() {
	d := &b.ext.Pagination
	if key, msg := d.normalize(); msg != "" {
		b.fail("/"+extName+"/pagination/"+key, "%s", msg)
	} else if key := styleless(*d); key != "" {
		b.fail("/"+extName+"/pagination/"+key, "%s needs a style (cursor, after, offset, page or link)", key)
	}
	b.detect = !b.opts.NoDetect && (d.Detect == nil || *d.Detect)
}

// pager decides how op is paginated: as its declaration says (the API's with
// the operation's over it), else by the detection rule, else not at all.
// A declaration on the operation that does not fit is an error; the API's
// only applies to the operations it fits.
func (b *builder) pager(op *Operation, x *openapi3.Operation) *Pager {
	ptr := op.Pointer + "/" + pagerExt
	if len(op.Statuses) > 0 {
		// Which body holds the items depends on the status of each page.
		if v, ok := x.Extensions[pagerExt]; ok && v != false {
			b.warn(ptr, "the 2xx responses declare different bodies, so the operation is not paginated")
		}
		return nil
	}
	var own paginationDecl
	if v, ok := x.Extensions[pagerExt]; ok {
		if off, isBool := v.(bool); isBool {
			if !off {
				return nil
			}
		} else if err := decodeExtension(v, &own); err != nil {
			b.fail(ptr, "invalid extension: %v", err)
			return nil
		}
		if own.Detect != nil {
			b.fail(ptr+"/detect", "detect is set for the whole API, in x-bpgen.pagination")
			return nil
		}
		if key, msg := own.normalize(); msg != "" {
			b.fail(ptr+"/"+key, "%s", msg)
			return nil
		}
	}
	d := merge(b.ext.Pagination, own)
	if key := styleless(d); key != "" {
		b.fail(ptr+"/"+key, "%s needs a style (cursor, after, offset, page or link)", key)
		return nil
	}
	if d.Style != "" {
		p, key, msg := b.match(op, x, PagerStyle(d.Style), d, false)
		if p != nil {
			return p
		}
		if own.Style != "" || len(own.set()) > 0 {
			b.fail(b.declPointer(ptr, own, key), "%s", msg)
			return nil
		}
	}
	if own.Items != "" && listOf(op, own.Items) == nil {
		b.fail(ptr+"/items", "no array field %q in the response", own.Items)
		return nil
	}
	if !b.detect {
		return nil
	}
	return b.detectPager(op, x, d.Items)
}

// styleless names a key of d, other than items, that means nothing without
// a style; "" when there is none or d has a style.
func styleless(d paginationDecl) string {
	if d.Style != "" {
		return ""
	}
	for _, k := range d.set() {
		if k != "items" {
			return k
		}
	}
	return ""
}

// declPointer locates a problem at the operation's key when it set it, else
// at its extension (the key came from the API's declaration).
func (b *builder) declPointer(ptr string, own paginationDecl, key string) string {
	if key != "" && slices.Contains(own.set(), key) {
		return ptr + "/" + key
	}
	if key == "style" && own.Style != "" {
		return ptr + "/style"
	}
	return ptr
}

// detectPager applies the detection rule: a declared Link header wins, else
// exactly one of the other styles must fit with its conventional names.
func (b *builder) detectPager(op *Operation, x *openapi3.Operation, items string) *Pager {
	d := paginationDecl{Items: items}
	var found []*Pager
	for _, style := range PagerStyles {
		if p, _, _ := b.match(op, x, style, d, true); p != nil {
			if style == PageLink {
				return p
			}
			found = append(found, p)
		}
	}
	if len(found) != 1 {
		return nil // none, or ambiguous: a guess could page wrongly
	}
	return found[0]
}

// match builds op's pager in the given style from d, looking up the
// conventional names of what d leaves unset. strict (detection) also
// requires what a declaration may leave out: a page-size parameter for
// offsets and page numbers, a Link header for links. On failure it returns
// the declaration key at fault and why.
func (b *builder) match(op *Operation, x *openapi3.Operation, style PagerStyle, d paginationDecl, strict bool) (*Pager, string, string) {
	if op.Method != "GET" {
		return nil, "", "pagination needs a GET operation"
	}
	list := listOf(op, d.Items)
	if list == nil {
		if d.Items != "" {
			return nil, "items", fmt.Sprintf("no array field %q in the response", d.Items)
		}
		return nil, "items", "the response is neither an array nor an object with exactly one array property (name it with items)"
	}
	p := &Pager{Style: style, Detected: strict, Items: list.field, Item: list.item}
	var key, msg string
	switch style {
	case PageLink:
		if strict && !declaresLink(x) {
			return nil, "", "the response declares no Link header"
		}
		return p, "", ""
	case PageCursor:
		key, msg = b.matchCursor(op, p, d)
	case PageAfter:
		key, msg = b.matchAfter(op, p, d)
	case PageOffset, PageNumber:
		key, msg = b.matchNumbered(op, p, d, strict)
	}
	if msg != "" {
		return nil, key, msg
	}
	// hasMore applies to every style but links, whose header says it all.
	if out := structOf(op.Output); out != nil {
		p.HasMore = optionalPath(out, d.HasMore, hasMoreNames, isBool)
	}
	if d.HasMore != "" && p.HasMore == nil {
		return nil, "hasMore", fmt.Sprintf("no boolean field at %q in the response", d.HasMore)
	}
	return p, "", ""
}

func (b *builder) matchCursor(op *Operation, p *Pager, d paginationDecl) (string, string) {
	out := structOf(op.Output)
	if out == nil {
		return "next", "the response is not an object, so it cannot carry a next token"
	}
	var msg string
	if p.TokenField, msg = queryParam(op, d.Param, cursorParams, isString, "string"); msg != "" {
		return "param", msg
	}
	if p.TokenPath, msg = responsePath(out, d.Next, nextNames, isString, "string"); msg != "" {
		return "next", msg
	}
	return "", ""
}

func (b *builder) matchAfter(op *Operation, p *Pager, d paginationDecl) (string, string) {
	var msg string
	if p.TokenField, msg = queryParam(op, d.Param, afterParams, isString, "string"); msg != "" {
		return "param", msg
	}
	item := itemStruct(p.Item)
	if item == nil {
		return "id", "the items are not objects, so they have no id to send back"
	}
	id := d.ID
	if id == "" {
		id = "id"
	}
	if p.ItemID = fieldPath(item, id, isString); p.ItemID == nil {
		return "id", fmt.Sprintf("the items have no string field at %q", id)
	}
	return "", ""
}

// matchNumbered matches offsets and page numbers, which differ only in
// their parameter's names and in how it advances.
func (b *builder) matchNumbered(op *Operation, p *Pager, d paginationDecl, strict bool) (string, string) {
	names := offsetParams
	if p.Style == PageNumber {
		names = pageParams
	}
	var msg string
	if p.TokenField, msg = queryParam(op, d.Param, names, isInteger, "integer"); msg != "" {
		return "param", msg
	}
	if p.Limit, msg = queryParam(op, d.Limit, limitParams, isInteger, "integer"); msg != "" && (strict || d.Limit != "") {
		return "limit", msg
	}
	if out := structOf(op.Output); out != nil {
		p.Total = optionalPath(out, d.Total, totalNames, isInteger)
	}
	if d.Total != "" && p.Total == nil {
		return "total", fmt.Sprintf("no integer field at %q in the response", d.Total)
	}
	p.FirstPage = firstPage(p.TokenField, d.FirstPage)
	return "", ""
}

// firstPage is the number of the first page: declared, else the
// parameter's default or minimum, else 1.
func firstPage(f *Field, declared *int64) int64 {
	if declared != nil {
		return *declared
	}
	switch v := f.Default.(type) {
	case float64:
		return int64(v)
	case int64:
		return v
	case int:
		return int64(v)
	}
	for t := f.Type; t != nil; t = t.Elem {
		if t.Check != nil && t.Check.Minimum != nil {
			return int64(*t.Check.Minimum)
		}
	}
	return 1
}

func declaresLink(x *openapi3.Operation) bool {
	if x.Responses == nil {
		return false
	}
	_, resp := successResponse(x.Responses)
	if resp == nil {
		return false
	}
	for name := range resp.Headers {
		if strings.EqualFold(name, "Link") {
			return true
		}
	}
	return false
}
