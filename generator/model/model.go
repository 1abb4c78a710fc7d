// Package model is bpgen's intermediate representation: everything an
// emitter needs to know about an API, with every Go name already decided.
// Emitters read this model and never the raw OpenAPI document.
package model

// API is one generated package.
type API struct {
	Package     string
	Title       string
	Description string

	Client     Client
	Types      []*Type      // named types, sorted by Go name
	Operations []*Operation // sorted by Go name
	Errors     *ErrorCatalog
	// Envelope is the declared (or default) envelope; without a catalogue it
	// names the message and status properties of error schemas.
	Envelope ErrorEnvelope
	// ErrorTables are the distinct lists of typed error responses of the
	// operations, without a catalogue; RouteErrors is the one a server uses
	// for requests that match no operation (nil when none is declared).
	ErrorTables []*ErrorTable
	RouteErrors *ErrorTable
	// Server is what a generated server validates; nil without operations.
	Server *ServerPlan
}

// Client holds the client-wide settings the spec declares.
type Client struct {
	BaseURL    string // servers[0].url; may be empty
	BaseURLEnv string
	TokenEnv   string
	Bearer     bool  // the spec declares bearer (or unknown http) auth
	Timeout    int64 // default per-request timeout in nanoseconds; 0 = none
	Headers    []*GlobalHeader
	APIKeys    []*APIKey // apiKey security schemes sent in a header
	QueryDots  bool      // deepObject query parameters are written with dots
	// IdempotencyHeader carries idempotency keys (DefaultIdempotencyHeader
	// unless the spec names another).
	IdempotencyHeader string
}

// APIKey is an apiKey security scheme the client sends in a header.
type APIKey struct {
	Header string // header name on the wire
	Option string // Go option function name
	Doc    string
}

// GlobalHeader is a header sent on every request when configured.
type GlobalHeader struct {
	Wire   string // header name on the wire
	Option string // Go option function name, e.g. WithBotID
	Env    string
	Doc    string
}

// TypeKind says what Go shape a named type has.
type TypeKind int

const (
	KindStruct  TypeKind = iota // struct with JSON fields
	KindEnum                    // defined scalar type with constants
	KindUnion                   // one pointer field per variant
	KindAlias                   // type X = Y (an output that is a component)
	KindDefined                 // type X Y (a named map, slice or scalar)
)

// Type is a named Go type.
type Type struct {
	Name string
	Doc  string
	// Use says what the type is, in a clause that follows its name ("is the
	// type of Pet.Tags.", "is the Pet schema."): godoc starts with it when
	// the description does not read as a sentence about the name.
	Use     string
	Kind    TypeKind
	Pointer string // JSON pointer of the schema it came from

	Fields          []*Field // KindStruct
	Additional      *TypeRef // KindStruct with additionalProperties beside properties
	AdditionalField string   // Go name of the map that holds them

	Enum  *Enum    // KindEnum
	Union *Union   // KindUnion
	Elem  *TypeRef // KindAlias, KindDefined: the aliased or underlying type
}

// Field is a struct field.
type Field struct {
	Name       string // Go name
	JSON       string // wire name
	Untagged   bool   // JSON cannot be a struct tag (see TagName): the struct's JSON methods carry it
	Doc        string
	Type       *TypeRef // the Go type as declared (Ptr / Nullable wrappers included)
	Required   bool
	Deprecated bool
	ReadOnly   bool // only in responses: requests need not (should not) send it
	Omit       OmitMode
	Default    any
	Params     *Param // non-nil when the field is a parameter, not a body field
	// Pointer is the JSON pointer of the field's schema (of the property,
	// or of the parameter's schema), for reports that name the spec.
	Pointer string
}

// OmitMode says when a field is left out of the JSON it encodes to.
type OmitMode string

const (
	OmitNever OmitMode = ""          // always written
	OmitEmpty OmitMode = "omitempty" // left out when nil (pointers)
	OmitZero  OmitMode = "omitzero"  // left out when the zero value
)

// RefKind is the shape of a type expression.
type RefKind int

const (
	RefBuiltin  RefKind = iota // string, bool, int64, float64, any...
	RefTime                    // time.Time
	RefNamed                   // a Type of this package
	RefSlice                   // []Elem
	RefMap                     // map[string]Elem
	RefPtr                     // *Elem
	RefNullable                // Nullable[Elem]
)

// TypeRef is a Go type expression plus the schema constraints on its value.
type TypeRef struct {
	Kind  RefKind
	Name  string   // builtin or named type name
	Type  *Type    // RefNamed
	Elem  *TypeRef // Slice, Map, Ptr, Nullable
	Check *Constraints
}

// Constraints are the validation keywords that apply to a value.
type Constraints struct {
	MinLength, MaxLength *int64
	Minimum, Maximum     *float64
	ExclusiveMin         bool
	ExclusiveMax         bool
	MinItems, MaxItems   *int64
	MinProps, MaxProps   *int64 // minProperties, maxProperties of a map
	MultipleOf           *float64
	UniqueItems          bool
	ConstString          *string // const of a string (3.1), the one value allowed
	Pattern              string
	Format               string
	NoExtra              bool // additionalProperties: false
}

// Empty reports whether c checks nothing.
func (c *Constraints) Empty() bool {
	return c == nil || (c.MinLength == nil && c.MaxLength == nil && c.Minimum == nil &&
		c.Maximum == nil && c.MinItems == nil && c.MaxItems == nil && c.MinProps == nil &&
		c.MaxProps == nil && c.MultipleOf == nil && !c.UniqueItems && c.ConstString == nil && c.Pattern == "" &&
		c.Format == "" && !c.NoExtra)
}

// Enum is a closed set of scalar values.
type Enum struct {
	Base   Scalar // the Go builtin of the values
	Values []*EnumValue
}

// Scalar is a Go builtin type a value has: an enum's base, a variant's JSON
// kind's Go type.
type Scalar string

const (
	ScalarString  Scalar = "string"
	ScalarInt64   Scalar = "int64"
	ScalarFloat64 Scalar = "float64"
	ScalarBool    Scalar = "bool"
)

// EnumValue is one constant.
type EnumValue struct {
	Name  string // Go constant name
	Value any    // string, int64, float64 or bool
}

// Union is a oneOf/anyOf.
type Union struct {
	Discriminator string // property name, "" when absent
	Variants      []*Variant
	Null          bool // the schema admits null (a {type: null} alternative): no variant set is null
}

// Variant is one member of a union.
type Variant struct {
	Field  string   // Go field name in the union struct
	Type   *TypeRef // never a pointer; the union field is *Type
	JSON   JSONKind // the JSON kind the variant decodes from
	Values []string // discriminator values that select it; Values[0] is written on marshal
	Doc    string   // an inline variant's description
}

// JSONKind is the kind of a JSON value, as a union's variants are told apart.
type JSONKind string

const (
	JSONObject  JSONKind = "object"
	JSONArray   JSONKind = "array"
	JSONString  JSONKind = "string"
	JSONNumber  JSONKind = "number"
	JSONInteger JSONKind = "integer"
	JSONBoolean JSONKind = "boolean"
)

// Operation is one API call.
type Operation struct {
	Name       string // Go method name
	Method     string
	Path       string
	Doc        string
	Deprecated bool
	Pointer    string

	// Route is Path as a request's URL path has it: without the query
	// pairs a '?' or '#' of the template adds (see PathQuery).
	Route string
	// PathQuery holds the query pairs the template names after its '?' or
	// '#'. The client sends them and the server routes by them, so that
	// operations of one path and method (/#Action=A, /#Action=B) are told
	// apart: a fixed value must be the request's, and a pair whose value is
	// a template parameter (?lat={lat}) must be present. A declared query
	// parameter that a fixed pair names is not in Params; a template
	// parameter of a pair is a query parameter of Params, named by the pair.
	PathQuery []QueryPair
	Segments  []Segment // Route, split into literals and parameters
	Params    []*Param
	Body      *Body
	Input     *Type // struct: parameter fields (json:"-") then body fields
	Output    *Type
	Status    int              // success status code
	Errors    []*ErrorResponse // documented non-2xx responses, by status
	// ErrorTable holds Errors for the client and server runtime, shared with
	// the operations that declare the same ones; nil with a catalogue or
	// without error responses.
	ErrorTable *ErrorTable
	// RawOutput: the success response is not JSON; Output has ContentType
	// and Body fields holding it as received.
	RawOutput bool
	RawMedia  []string // the media types of a raw response, sorted
	// Statuses is set when the 2xx responses declare different JSON
	// bodies: Output is then a struct of a Status field and one field per
	// body, in this order, the success status's body first.
	Statuses []*StatusBody
	Pager    *Pager  // nil when not paginated
	Upload   *Upload // nil unless x-bpgen-upload declares one
	Secured  bool
	// ShadowedBy names the operation whose path has the same shape and the
	// same method, declared earlier, that a server routes such requests to;
	// "" for an operation that is served.
	ShadowedBy string

	// Names of the operation's members on the generated Fake: the func
	// field that answers it and the method that lists its calls.
	FakeFunc, FakeCalls string
}

// StatusBody is one of the bodies of an operation whose 2xx responses
// declare different ones.
type StatusBody struct {
	Codes []int  // the statuses that declare it, lowest first
	Field *Field // the field of Output that holds it
}

// ErrorResponse is a non-success response an operation documents.
type ErrorResponse struct {
	Status string // "404", "4XX" or "default"
	Doc    string
	// Media is the response's JSON media type, "" when it has none. Type is
	// the type its schema decodes into; nil without a JSON schema, and in an
	// API with an error catalogue, whose envelope describes every error.
	Media string
	Type  *TypeRef
	// Message is the path of JSON names to the property that says what went
	// wrong (the envelope's declared message property, else the first of the
	// usual names the schema has); nil when there is none.
	Message []string
	// Fill says how a server writes its own errors (validation, routing) in
	// this schema; nil when it cannot (required properties it cannot set).
	Fill *ErrorFill
}

// ErrorTable is a list of error responses that one or more operations
// declare, emitted once under Name.
type ErrorTable struct {
	Name       string
	Cases      []*ErrorResponse
	Operations []string // the Go names of the operations that declare it
}

// ErrorFill names the top-level properties a server sets to write an error
// in a declared error schema.
type ErrorFill struct {
	Message string
	Status  string // an integer property that takes the status; "" for none
}

// Segment is a piece of a path template.
type Segment struct {
	Literal string
	Param   *Param
}

// Param is a path, query or header parameter.
type Param struct {
	Wire     string // name on the wire
	In       Location
	Field    *Field // the input field that carries it
	Style    Style
	Explode  bool
	Required bool
	File     bool // a file part of a multipart body, typed *MultipartFile
	// JSON: the parameter is described by a JSON media type (content:
	// application/json) instead of a schema, so its value travels as its
	// JSON text; style and explode do not apply.
	JSON bool
	// Siblings, for an exploded form object that keeps undeclared
	// properties, are the wire names of the other parameters in the same
	// place: their keys are not the object's.
	Siblings []string
}

// Location is where a parameter travels.
type Location string

const (
	InPath      Location = "path"
	InQuery     Location = "query"
	InHeader    Location = "header"
	InCookie    Location = "cookie"
	InForm      Location = "form"      // a field of a form-urlencoded body
	InMultipart Location = "multipart" // a part of a multipart body
)

// InValues reports whether a parameter at l travels in url.Values: in the
// query string, or as a field of a form-urlencoded or multipart body.
func (l Location) InValues() bool {
	return l == InQuery || l == InForm || l == InMultipart
}

// Style is how a parameter's value is serialized (OpenAPI's style).
type Style string

const (
	StyleSimple         Style = "simple"
	StyleLabel          Style = "label"
	StyleMatrix         Style = "matrix"
	StyleForm           Style = "form"
	StyleSpaceDelimited Style = "spaceDelimited"
	StylePipeDelimited  Style = "pipeDelimited"
	StyleDeepObject     Style = "deepObject"
)

// Body is a request body.
type Body struct {
	Required bool
	Inline   bool   // the schema's properties are fields of the input struct
	Field    *Field // !Inline: the single input field holding the whole body
	// Component: an Inline body that is a component struct; the input's body
	// fields are copies of its fields, in order (renamed when a parameter
	// has the name).
	Component *Type
	// Raw: the body is not JSON (a file, form data the caller encodes). The
	// input then has Field ([]byte) and ContentType (string) fields, and
	// Media lists the media types the operation accepts, sorted.
	Raw         bool
	Media       []string
	ContentType *Field
	// Form: the body is a form (Media[0] says which) whose fields are input
	// fields, each described by a Param with In "form" or "multipart"
	// (encoded and decoded as query parameters of the form style are; file
	// parts of a multipart body are *MultipartFile).
	Form bool
	// Check holds the body schema's own keywords; servers read NoExtra
	// (additionalProperties: false) from it for an inline body. May be nil.
	Check *Constraints
}

// PagerStyle says how a paginated operation asks for its next page (see the
// README's pagination section).
type PagerStyle string

const (
	// PageCursor: the response carries the next page's token, sent back in a
	// query parameter.
	PageCursor PagerStyle = "cursor"
	// PageAfter: the last item's id is sent back in a query parameter
	// (Stripe's starting_after).
	PageAfter PagerStyle = "after"
	// PageOffset: an offset query parameter advances by the page's length.
	PageOffset PagerStyle = "offset"
	// PageNumber: a page-number query parameter advances by one.
	PageNumber PagerStyle = "page"
	// PageLink: the next page is a GET of the response's Link rel="next" URL.
	PageLink PagerStyle = "link"
)

// PagerStyles lists the styles in the order detection tries them.
var PagerStyles = []PagerStyle{PageLink, PageCursor, PageAfter, PageOffset, PageNumber}

// Pager describes a paginated list operation.
type Pager struct {
	Method   string // Go method name returning the pager
	Style    PagerStyle
	Detected bool // found by the detection rule, not declared

	// TokenField is the input field carrying the token, id, offset or page
	// number (nil for PageLink).
	TokenField *Field
	TokenPath  []*Field // PageCursor: output fields leading to the next token
	// Items is the output field holding the items; nil when the output is
	// itself the list.
	Items     *Field
	Item      *TypeRef // item type
	ItemID    []*Field // PageAfter: item fields leading to the id sent back
	HasMore   []*Field // output fields leading to a bool, false on the last page; may be nil
	Total     []*Field // PageOffset, PageNumber: output fields leading to the item count; may be nil
	Limit     *Field   // PageOffset, PageNumber: the page-size input field; may be nil
	FirstPage int64    // PageNumber: the number of the first page
}

// DefaultErrorIDRandom is how many random hexadecimal digits an error id has
// when the spec does not say (documented in the README with x-bpgen.errors).
const DefaultErrorIDRandom = 16

// ErrorCatalog is the API's list of error types.
type ErrorCatalog struct {
	Envelope ErrorEnvelope
	IDFormat ErrorIDFormat
	Unknown  *ErrorType // may be nil
	Types    []*ErrorType
	Roles    map[string]*ErrorType // invalidPayload, notFound, ...
}

// Roles are the names the server uses to pick catalogue errors.
var Roles = []string{
	"invalidPayload", "invalidQuery", "notFound", "methodNotAllowed", "notImplemented",
	"unauthorized", "payloadTooLarge", "unsupportedMediaType", "internal",
}

// ErrorEnvelope names the error envelope's properties. Each list holds the
// name a server writes, then other names a client also reads, in order.
type ErrorEnvelope struct {
	ID, Status, Type, Message, Details []string
}

// ErrorIDFormat is the format of the ids of errors a server creates: Prefix,
// the UTC time in the Go layout Time (none when ""), Separator, then Random
// hexadecimal digits, upper-case when Upper.
type ErrorIDFormat struct {
	Prefix, Time, Separator string
	Random                  int
	Upper                   bool
}

// ErrorType is one entry of the catalogue.
type ErrorType struct {
	Wire        string // value of the envelope's "type"
	Name        string // Go struct name, e.g. ResourceNotFoundError
	Sentinel    string // Go sentinel name, e.g. ErrResourceNotFound
	Constructor string // e.g. NewResourceNotFoundError
	Status      int
	Description string
}
