// Package naming turns names found in an OpenAPI document into Go identifiers.
//
// Every Go name bpgen emits is decided here, so that the rules (word splitting,
// initialisms, escaping, collisions) live in one place and the emitters never
// invent a name of their own.
package naming

import (
	"go/token"
	"strconv"
	"strings"
	"unicode"

	"github.com/iancoleman/strcase"
)

// initialisms are written in upper case, as Go code review asks
// (userId -> UserID, iconUrl -> IconURL).
var initialisms = map[string]string{
	"acl": "ACL", "api": "API", "ascii": "ASCII", "cpu": "CPU", "css": "CSS", "dns": "DNS",
	"eof": "EOF", "guid": "GUID", "html": "HTML", "http": "HTTP", "https": "HTTPS", "id": "ID",
	"ip": "IP", "json": "JSON", "jwt": "JWT", "qps": "QPS", "ram": "RAM", "rpc": "RPC",
	"sla": "SLA", "smtp": "SMTP", "sql": "SQL", "ssh": "SSH", "tcp": "TCP", "tls": "TLS",
	"ttl": "TTL", "udp": "UDP", "ui": "UI", "uid": "UID", "uuid": "UUID", "uri": "URI",
	"url": "URL", "utf8": "UTF8", "vm": "VM", "xml": "XML", "xsrf": "XSRF", "xss": "XSS",
	// Plurals keep the initialism and a lower-case s (participantIds -> ParticipantIDs).
	"ids": "IDs", "urls": "URLs", "uris": "URIs", "apis": "APIs", "uuids": "UUIDs",
}

// Words splits s into lower-case words. Any rune that is not a letter or a
// digit separates words, and strcase finds the boundaries inside camelCase,
// PascalCase and ACRONYMCase runs.
func Words(s string) []string {
	var words []string
	chunks := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, c := range chunks {
		for _, w := range strings.Split(strcase.ToSnake(c), "_") {
			if w != "" {
				words = append(words, strings.ToLower(w))
			}
		}
	}
	return joinDigits(words)
}

// joinDigits glues a digit-only word to its neighbour, so that "utf8",
// "v2" or "2fa" are not split into "Utf 8", "V 2" or "2 Fa".
func joinDigits(words []string) []string {
	out := words[:0]
	for _, w := range words {
		if len(out) > 0 && (isDigits(w) || isDigits(out[len(out)-1])) {
			out[len(out)-1] += w
			continue
		}
		out = append(out, w)
	}
	return out
}

func isDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// Exported returns the exported Go identifier for s: PascalCase with
// initialisms. A name that would start with a digit gets an "X" prefix, and a
// name with no letters or digits at all becomes fallback.
func Exported(s, fallback string) string {
	var b strings.Builder
	for _, w := range Words(s) {
		if up, ok := initialisms[w]; ok {
			b.WriteString(up)
			continue
		}
		r := []rune(w)
		b.WriteString(strings.ToUpper(string(r[0])) + string(r[1:]))
	}
	name := b.String()
	if name == "" {
		return fallback
	}
	if unicode.IsDigit([]rune(name)[0]) {
		return "X" + name
	}
	return name
}

// Memo remembers what Exported and Singular returned, for one generation: a document
// names the same properties again and again (every object has its id, name
// and createdAt), and Exported is the model's most repeated computation. The
// zero Memo is ready to use; it is not safe for concurrent use.
type Memo struct {
	exported map[[2]string]string
	singular map[string]singular
}

type singular struct {
	name string
	ok   bool
}

// Singular is Singular(s), computed once per argument.
func (m *Memo) Singular(s string) (string, bool) {
	if r, ok := m.singular[s]; ok {
		return r.name, r.ok
	}
	if m.singular == nil {
		m.singular = map[string]singular{}
	}
	name, ok := Singular(s)
	m.singular[s] = singular{name, ok}
	return name, ok
}

// Exported is Exported(s, fallback), computed once per argument pair.
func (m *Memo) Exported(s, fallback string) string {
	key := [2]string{s, fallback}
	if name, ok := m.exported[key]; ok {
		return name
	}
	if m.exported == nil {
		m.exported = map[[2]string]string{}
	}
	name := Exported(s, fallback)
	m.exported[key] = name
	return name
}

// Unexported returns the unexported identifier for s (lowerCamelCase, an
// initialism at the start written in lower case), escaped with a trailing
// underscore when it is a Go keyword or predeclared identifier.
func Unexported(s, fallback string) string {
	exp := Exported(s, fallback)
	words := Words(s)
	var name string
	if len(words) > 0 {
		if up, ok := initialisms[words[0]]; ok && strings.HasPrefix(exp, up) {
			name = strings.ToLower(up) + exp[len(up):]
		}
	}
	if name == "" {
		r := []rune(exp)
		name = strings.ToLower(string(r[0])) + string(r[1:])
	}
	if token.IsKeyword(name) || predeclared[name] {
		name += "_"
	}
	return name
}

var predeclared = map[string]bool{
	"any": true, "append": true, "bool": true, "byte": true, "cap": true, "clear": true,
	"close": true, "comparable": true, "complex": true, "complex64": true, "complex128": true,
	"copy": true, "delete": true, "error": true, "false": true, "float32": true, "float64": true,
	"imag": true, "int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"iota": true, "len": true, "make": true, "max": true, "min": true, "new": true, "nil": true,
	"panic": true, "print": true, "println": true, "real": true, "recover": true, "rune": true,
	"string": true, "true": true, "uint": true, "uint8": true, "uint16": true, "uint32": true,
	"uint64": true, "uintptr": true,
}

// Scope hands out unique names within one Go namespace (a package's top
// level, or the fields of one struct). Reserve claims names first; Claim
// returns the wanted name, or the first free "Name2", "Name3"... after it.
// Because callers claim in a sorted, spec-derived order and derived names
// carry their full origin (ParentField), a name only changes when a real
// collision appears, not when unrelated operations are added.
type Scope struct {
	used map[string]bool
}

// NewScope returns a scope with the given names already taken.
func NewScope(reserved ...string) *Scope {
	s := &Scope{used: make(map[string]bool)}
	s.Reserve(reserved...)
	return s
}

// Reserve marks names as taken.
func (s *Scope) Reserve(names ...string) {
	for _, n := range names {
		s.used[n] = true
	}
}

// Taken reports whether name is already in use.
func (s *Scope) Taken(name string) bool { return s.used[name] }

// Claim takes want, or want with the smallest numeric suffix that is free.
func (s *Scope) Claim(want string) string {
	name := want
	for i := 2; s.used[name]; i++ {
		name = want + strconv.Itoa(i)
	}
	s.used[name] = true
	return name
}

// Singular returns s with its last word made singular, for naming one element
// of a collection after the property that holds it (records: record,
// accessPolicies: access policy, participantIds: participant id). It reports
// false when the last word does not read as an English plural (data, status,
// media), and callers then keep a name that does not depend on English.
func Singular(s string) (string, bool) {
	words := Words(s)
	if len(words) == 0 {
		return "", false
	}
	one, ok := singularWord(words[len(words)-1])
	if !ok {
		return "", false
	}
	words[len(words)-1] = one
	return strings.Join(words, "_"), true
}

// singularWord is the singular of one lower-case word by the regular English
// rules, with the irregular plurals APIs use; false when w is not a plural.
func singularWord(w string) (string, bool) {
	if one, ok := irregularPlurals[w]; ok {
		return one, true
	}
	if len(w) < 3 || uncountable[w] {
		return "", false
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y", true // policies, entries
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zzes"):
		return w[:len(w)-2], true // addresses, matches, boxes
	case strings.HasSuffix(w, "tuses"), strings.HasSuffix(w, "suses"):
		return w[:len(w)-2], true // statuses, censuses
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return "", false // access, status, analysis
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1], true // records, ids, medias
	}
	return "", false
}

var irregularPlurals = map[string]string{
	"children": "child", "people": "person", "men": "man", "women": "woman",
	"indices": "index", "vertices": "vertex", "matrices": "matrix", "analyses": "analysis",
	"criteria": "criterion", "caches": "cache", "niches": "niche", "aliases": "alias",
	"leaves": "leaf", "lives": "life", "wives": "wife", "knives": "knife", "halves": "half",
	"movies": "movie", "cookies": "cookie", "zombies": "zombie", "selfies": "selfie",
}

// uncountable are words ending in s that are not plurals.
var uncountable = map[string]bool{
	"news": true, "series": true, "species": true, "always": true, "perhaps": true,
	"its": true, "has": true, "was": true, "does": true, "yes": true, "less": true, "us": true,
	"canvas": true, "atlas": true, "gas": true, "lens": true, "chaos": true, "ethos": true,
	"bias": true, "alias": true, "plus": true, "minus": true, "bonus": true, "thus": true,
}
