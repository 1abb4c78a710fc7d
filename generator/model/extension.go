package model

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/bpgen/bpgen/generator/naming"
)

// extension is the root x-bpgen block; see the README for its meaning and
// defaults.
type extension struct {
	Client struct {
		BaseURLEnv string `json:"baseURLEnv"`
		TokenEnv   string `json:"tokenEnv"`
		Timeout    string `json:"timeout"`
		Headers    []struct {
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
	b.securitySchemes(c)
	for i, h := range b.ext.Client.Headers {
		ptr := "/" + extName + "/client/headers/" + itoa(i)
		if h.Name == "" {
			b.fail(ptr+"/name", "header name is required")
			continue
		}
		base := strings.TrimPrefix(strings.ToLower(h.Name), "x-")
		c.Headers = append(c.Headers, &GlobalHeader{
			Wire:   h.Name,
			Option: b.scope.Claim("With" + naming.Exported(base, "Header")),
			Env:    h.Env,
			Doc:    h.Description,
		})
	}
}

func (b *builder) errorCatalog() {
	e := b.ext.Errors
	if e == nil {
		return
	}
	cat := &ErrorCatalog{IDPrefix: DefaultErrorIDPrefix, Roles: map[string]*ErrorType{}}
	if e.IDPrefix != nil {
		cat.IDPrefix = *e.IDPrefix
	}
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
		base := naming.Exported(t.Type, "Unnamed")
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
	roles := make([]string, 0, len(e.Roles))
	for r := range e.Roles {
		roles = append(roles, r)
	}
	sort.Strings(roles)
	for _, role := range roles {
		ptr := "/" + extName + "/errors/roles/" + role
		if !knownRole(role) {
			b.fail(ptr, "unknown role %q (known: %s)", role, strings.Join(Roles, ", "))
			continue
		}
		if cat.Roles[role] = byWire[e.Roles[role]]; cat.Roles[role] == nil {
			b.fail(ptr, "error type %q is not in types", e.Roles[role])
		}
	}
	b.api.Errors = cat
}

func knownRole(r string) bool {
	for _, k := range Roles {
		if k == r {
			return true
		}
	}
	return false
}

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
				Option: b.scope.Claim("With" + naming.Exported(name, "APIKey")),
				Doc:    v.Description,
			})
		default:
			b.warn("/components/securitySchemes/"+pointerEscape(name),
				"security scheme %q (%s) gets no client option; set its credentials with WithHeader or a middleware", name, v.Type)
		}
	}
}
