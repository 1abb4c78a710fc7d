package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// extension is the root x-bpgen block; see the README for its meaning and
// defaults.
type extension struct {
	Client struct {
		BaseURLEnv string `json:"baseURLEnv"`
		TokenEnv   string `json:"tokenEnv"`
		Timeout    string `json:"timeout"`
		// IdempotencyHeader carries the keys of WithIdempotencyKey.
		IdempotencyHeader string `json:"idempotencyHeader"`
		Headers           []struct {
			Name        string `json:"name"`
			Env         string `json:"env"`
			Description string `json:"description"`
		} `json:"headers"`
	} `json:"client"`
	Query struct {
		ObjectNotation string `json:"objectNotation"`
	} `json:"query"`
	Pagination paginationDecl `json:"pagination"`
	Errors     *struct {
		Envelope *envelopeExt      `json:"envelope"`
		ID       *idFormatExt      `json:"id"`
		Unknown  string            `json:"unknown"`
		IDPrefix *string           `json:"idPrefix"`
		Roles    map[string]string `json:"roles"`
		Types    []struct {
			Type        string `json:"type"`
			Status      int    `json:"status"`
			Description string `json:"description"`
		} `json:"types"`
	} `json:"errors"`
}

// envelopeExt names the error envelope's schema and the properties carrying
// each part; each may list several names (the first is written, all are read).
type envelopeExt struct {
	Schema  string   `json:"schema"`
	ID      nameList `json:"id"`
	Status  nameList `json:"status"`
	Type    nameList `json:"type"`
	Message nameList `json:"message"`
	Details nameList `json:"details"`
}

// idFormatExt is the format of error ids (see ErrorIDFormat).
type idFormatExt struct {
	Prefix    string `json:"prefix"`
	Timestamp string `json:"timestamp"`
	Separator string `json:"separator"`
	Random    *int   `json:"random"`
	Upper     bool   `json:"upper"`
}

// nameList is one property name or a list of them.
type nameList []string

func (n *nameList) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*n = nameList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("want a property name or a list of them")
	}
	*n = many
	return nil
}

const extName = "x-bpgen"

// decodeExtension decodes an extension value (already parsed from YAML or
// JSON) into dst, rejecting unknown keys so that typos do not pass silently.
func decodeExtension(v any, dst any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(dst)
}

func (b *builder) readExtension() {
	if v, ok := b.doc.Extensions[extName]; ok {
		if err := decodeExtension(v, &b.ext); err != nil {
			b.fail("/"+extName, "invalid extension: %v", err)
		}
	}
	b.readPagination()
	switch b.ext.Query.ObjectNotation {
	case "", "brackets", "dots":
	default:
		b.fail("/"+extName+"/query/objectNotation", "must be \"brackets\" or \"dots\", not %q", b.ext.Query.ObjectNotation)
	}
}

func (b *builder) clientSettings() {
	c := &b.api.Client
	if len(b.doc.Servers) > 0 && b.doc.Servers[0] != nil {
		c.BaseURL = serverURL(b.doc.Servers[0])
		if v := undeclaredVariable.FindString(c.BaseURL); v != "" {
			b.warn("/servers/0/url", "the server URL's variable %s is not declared, so the client has no default base URL: callers set one with WithBaseURL", v)
			c.BaseURL = ""
		}
	}
	c.BaseURLEnv = b.ext.Client.BaseURLEnv
	c.TokenEnv = b.ext.Client.TokenEnv
	c.QueryDots = b.ext.Query.ObjectNotation == "dots"
	if t := b.ext.Client.Timeout; t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d < 0 {
			b.fail("/"+extName+"/client/timeout", "invalid duration %q", t)
		}
		c.Timeout = int64(d)
	}
	c.IdempotencyHeader = DefaultIdempotencyHeader
	if h := b.ext.Client.IdempotencyHeader; h != "" {
		if !headerToken(h) {
			b.fail("/"+extName+"/client/idempotencyHeader", "%q is not a header name", h)
		}
		c.IdempotencyHeader = h
	}
	b.securitySchemes(c)
	for i, h := range b.ext.Client.Headers {
		ptr := "/" + extName + "/client/headers/" + itoa(i)
		if h.Name == "" {
			b.fail(ptr+"/name", "header name is required")
			continue
		}
		c.Headers = append(c.Headers, &GlobalHeader{
			Wire:   h.Name,
			Option: b.scope.Claim("With" + b.names.Exported(headerBase(h.Name), "Header")),
			Env:    h.Env,
			Doc:    h.Description,
		})
	}
}

// DefaultIdempotencyHeader carries idempotency keys unless
// x-bpgen.client.idempotencyHeader names another header.
const DefaultIdempotencyHeader = "Idempotency-Key"

// headerToken reports whether s is a valid header name (an RFC 9110 token).
func headerToken(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("!#$%&'*+-.^_`|~", r):
		default:
			return false
		}
	}
	return s != ""
}

func (b *builder) errorCatalog() {
	e := b.ext.Errors
	if e == nil {
		return
	}
	b.api.Envelope = b.envelope(e.Envelope)
	if len(e.Types) == 0 {
		// An envelope without a catalogue only says where error schemas carry
		// their message and status.
		return
	}
	cat := &ErrorCatalog{Envelope: b.api.Envelope, IDFormat: b.idFormat(e.ID, e.IDPrefix), Roles: map[string]*ErrorType{}}
	byWire := map[string]*ErrorType{}
	for i, t := range e.Types {
		ptr := "/" + extName + "/errors/types/" + itoa(i)
		switch {
		case t.Type == "":
			b.fail(ptr+"/type", "error type is required")
			continue
		case byWire[t.Type] != nil:
			b.fail(ptr+"/type", "duplicate error type %q", t.Type)
			continue
		case t.Status < 400 || t.Status > 599:
			b.fail(ptr+"/status", "status %d of %q is not an HTTP error status", t.Status, t.Type)
			continue
		}
		base := b.names.Exported(t.Type, "Unnamed")
		name := strings.TrimSuffix(base, "Error") + "Error"
		et := &ErrorType{
			Wire:        t.Type,
			Name:        b.scope.Claim(name),
			Sentinel:    b.scope.Claim("Err" + strings.TrimSuffix(base, "Error")),
			Status:      t.Status,
			Description: t.Description,
		}
		et.Constructor = b.scope.Claim("New" + et.Name)
		byWire[t.Type] = et
		cat.Types = append(cat.Types, et)
	}
	if e.Unknown != "" {
		if cat.Unknown = byWire[e.Unknown]; cat.Unknown == nil {
			b.fail("/"+extName+"/errors/unknown", "unknown error type %q is not in types", e.Unknown)
		}
	}
	b.errorRoles(cat, e.Roles, byWire)
	b.api.Errors = cat
}

func (b *builder) errorRoles(cat *ErrorCatalog, roles map[string]string, byWire map[string]*ErrorType) {
	for _, role := range sortedKeys(roles) {
		ptr := "/" + extName + "/errors/roles/" + role
		if !knownRole(role) {
			b.fail(ptr, "unknown role %q (known: %s)", role, strings.Join(Roles, ", "))
			continue
		}
		if cat.Roles[role] = byWire[roles[role]]; cat.Roles[role] == nil {
			b.fail(ptr, "error type %q is not in types", roles[role])
		}
	}
}

// envelope applies the documented defaults to the declared envelope and
// checks the names against its schema when one is named.
func (b *builder) envelope(x *envelopeExt) ErrorEnvelope {
	if x == nil {
		x = &envelopeExt{}
	}
	env := ErrorEnvelope{
		ID: orNames(x.ID, "id"), Status: orNames(x.Status, "status"), Type: orNames(x.Type, "type"),
		Message: orNames(x.Message, "message"), Details: orNames(x.Details, "details"),
	}
	if x.Schema == "" {
		return env
	}
	ptr := "/" + extName + "/errors/envelope/schema"
	const prefix = "#/components/schemas/"
	name := strings.TrimPrefix(x.Schema, prefix)
	var schema *openapi3.SchemaRef
	if b.doc.Components != nil {
		schema = b.doc.Components.Schemas[name]
	}
	if schema == nil || schema.Value == nil {
		b.fail(ptr, "no component schema %q", x.Schema)
		return env
	}
	for _, part := range []struct {
		role  string
		names []string
	}{{"id", env.ID}, {"status", env.Status}, {"type", env.Type}, {"message", env.Message}, {"details", env.Details}} {
		if len(part.names) > 0 && schema.Value.Properties[part.names[0]] == nil {
			b.warn(ptr, "the envelope's %s property %q is not a property of %s", part.role, part.names[0], name)
		}
	}
	return env
}

func orNames(n nameList, def string) []string {
	if n == nil {
		return []string{def}
	}
	return n
}

// idFormat applies the documented defaults to the declared id format.
func (b *builder) idFormat(x *idFormatExt, prefix *string) ErrorIDFormat {
	f := ErrorIDFormat{Random: DefaultErrorIDRandom}
	if prefix != nil {
		f.Prefix = *prefix
	}
	if x == nil {
		return f
	}
	ptr := "/" + extName + "/errors/id"
	if x.Prefix != "" {
		f.Prefix = x.Prefix
	}
	f.Time, f.Separator, f.Upper = x.Timestamp, x.Separator, x.Upper
	if x.Random != nil {
		f.Random = *x.Random
	}
	if f.Random < 0 || f.Random > 64 {
		b.fail(ptr+"/random", "random must be between 0 and 64 hexadecimal digits, not %d", f.Random)
		f.Random = DefaultErrorIDRandom
	}
	if f.Time != "" && !strings.ContainsAny(f.Time, "0123456789") {
		b.fail(ptr+"/timestamp", "%q is not a Go time layout (such as 20060102150405)", f.Time)
	}
	return f
}

func knownRole(r string) bool {
	for _, k := range Roles {
		if k == r {
			return true
		}
	}
	return false
}

// undeclaredVariable is a {variable} left in a server URL after serverURL.
var undeclaredVariable = regexp.MustCompile(`\{[^{}]*\}`)

// serverURL is the server's URL with each {variable} replaced by its
// default, so the client has a usable default base URL.
func serverURL(srv *openapi3.Server) string {
	u := srv.URL
	for _, name := range sortedKeys(srv.Variables) {
		if v := srv.Variables[name]; v != nil {
			u = strings.ReplaceAll(u, "{"+name+"}", v.Default)
		}
	}
	return u
}

// securitySchemes reads the schemes the client can fill in: bearer tokens,
// and API keys sent in a header (each gets an option). Other kinds are left
// to WithHeader or middleware, with a warning.
func (b *builder) securitySchemes(c *Client) {
	if b.doc.Components == nil {
		return
	}
	for _, name := range sortedKeys(b.doc.Components.SecuritySchemes) {
		s := b.doc.Components.SecuritySchemes[name]
		if s == nil || s.Value == nil {
			continue
		}
		v := s.Value
		switch {
		case v.Type == "http" && strings.EqualFold(v.Scheme, "bearer"):
			c.Bearer = true
		case v.Type == "apiKey" && v.In == "header":
			c.APIKeys = append(c.APIKeys, &APIKey{
				Header: v.Name,
				Option: b.scope.Claim("With" + b.names.Exported(name, "APIKey")),
				Doc:    v.Description,
			})
		default:
			b.warn("/components/securitySchemes/"+pointerEscape(name),
				"security scheme %q (%s) gets no client option; set its credentials with WithHeader or a middleware", name, v.Type)
		}
	}
}
