package emit

// The runtime's identifiers and files that emitters refer to, declared once.
// Generated code calls into the runtime files it is emitted with, so each
// name here must exist in templates/rt: TestRuntimeNames checks them, and
// that no emitter spells one as a plain string.

// Identifiers declared in templates/rt (or, for its *_stub.go files, by the
// emitters).
const (
	rtClientUploadBody     = "clientUploadBody"
	rtUploadError          = "UploadError"
	rtAPIError             = "APIError"
	rtAPIKeyAuthenticator  = "APIKeyAuthenticator"
	rtBearerAuthenticator  = "BearerAuthenticator"
	rtCallOption           = "callOption"
	rtCatalogServerErrors  = "catalogServerErrors"
	rtClientCore           = "clientCore"
	rtClientPathEscape     = "clientPathEscape"
	rtClientPathStyle      = "clientPathStyle"
	rtClientRawBody        = "clientRawBody"
	rtClientRequest        = "clientRequest"
	rtDefaultRetryPolicy   = "DefaultRetryPolicy"
	rtErrorAs              = "errorAs"
	rtErrorCases           = "errorCases"
	rtErrorEnvelope        = "errorEnvelope"
	rtErrorEnvelopeShape   = "errorEnvelopeShape"
	rtErrorFill            = "errorFill"
	rtErrorIDFormat        = "errorIDFormat"
	rtErrorIDShape         = "errorIDShape"
	rtErrorInfo            = "ErrorInfo"
	rtErrorStatuses        = "errorStatuses"
	rtHandlerOption        = "HandlerOption"
	rtJsonAlways           = "jsonAlways"
	rtJsonAppendMembers    = "jsonAppendMembers"
	rtJsonDecodeMembers    = "jsonDecodeMembers"
	rtJsonDiscriminator    = "jsonDiscriminator"
	rtJsonExtraFields      = "jsonExtraFields"
	rtJsonInto             = "jsonInto"
	rtJsonKindMatches      = "jsonKindMatches"
	rtJsonKindOf           = "jsonKindOf"
	rtJsonMergeObject      = "jsonMergeObject"
	rtJsonOmitEmpty        = "jsonOmitEmpty"
	rtJsonOmitZero         = "jsonOmitZero"
	rtJsonStrict           = "jsonStrict"
	rtLinkPage             = "linkPage"
	rtMiddleware           = "Middleware"
	rtNewClientMultipart   = "newClientMultipart"
	rtNewErrorInfo         = "newErrorInfo"
	rtNewNumberedPager     = "newNumberedPager"
	rtNewPager             = "NewPager"
	rtNewServerHandler     = "newServerHandler"
	rtNewStatusError       = "newStatusError"
	rtNoRetry              = "NoRetry"
	rtNullable             = "Nullable"
	rtPager                = "Pager"
	rtPagerNumber          = "pagerNumber"
	rtParseErrorEnvelope   = "parseErrorEnvelope"
	rtPtr                  = "Ptr"
	rtQueryAdd             = "queryAdd"
	rtQueryStyle           = "queryStyle"
	rtResponseServerErrors = "responseServerErrors"
	rtRequestOption        = "RequestOption"
	rtRetryPolicy          = "RetryPolicy"
	rtServerCookie         = "serverCookie"
	rtServerExchange       = "serverExchange"
	rtServerOps            = "serverOps"
	rtServerFormField      = "serverFormField"
	rtServerMultipartFile  = "serverMultipartFile"
	rtServerNotImplemented = "serverNotImplemented"
	rtServerParseParam     = "serverParseParam"
	rtServerParamJSON      = "serverParamJSON"
	rtServerPathStyle      = "serverPathStyle"
	rtServerQuery          = "serverQuery"
	rtServerReply          = "serverReply"
	rtServerRoles          = "serverRoles"
	rtServerRoute          = "serverRoute"
	rtStatusError          = "StatusError"
	rtUnionDiscriminated   = "unionDiscriminated"
	rtUnionVariant         = "unionVariant"
	rtValidateErrorf       = "validateErrorf"
	rtValidateFormat       = "validateFormat"
	rtValidateIn           = "validateIn"
	rtValidateJSON         = "validateJSON"
	rtValidatePresent      = "validatePresent"
	rtValidateMembers      = "validateMembers"
	rtValidateLength       = "validateLength"
)

// Runtime files, for the emitters that choose which ones a package needs.
const (
	rtFileDoc                  = "rt/doc.go"
	rtFileErrorsCatalog        = "rt/errors_catalog.go"
	rtFileErrorsCatalogServer  = "rt/errors_catalog_server.go"
	rtFileErrorsResponse       = "rt/errors_response.go"
	rtFileErrorsResponseServer = "rt/errors_response_server.go"
	rtFileExtra                = "rt/extra.go"
	rtFileMultipart            = "rt/multipart.go"
	rtFileMultipartServer      = "rt/multipart_server.go"
	rtFilePagerLink            = "rt/pager_link.go"
	rtFilePagerNumbered        = "rt/pager_numbered.go"
	rtFilePathStyle            = "rt/path_style.go"
	rtFileQuery                = "rt/query.go"
	rtFileQueryEncode          = "rt/query_encode.go"
	rtFileUpload               = "rt/upload.go"
	rtFileServer               = "rt/server.go"
	rtFileServerBody           = "rt/server_body.go"
	rtFileServerCookie         = "rt/server_cookie.go"
	rtFileServerForm           = "rt/server_form.go"
	rtFileServerJson           = "rt/server_json.go"
	rtFileServerJsonScan       = "rt/server_json_scan.go"
	rtFileServerJsonShape      = "rt/server_json_shape.go"
	rtFileServerParam          = "rt/server_param.go"
	rtFileServerParamJSON      = "rt/server_param_json.go"
	rtFileServerQuery          = "rt/server_query.go"
	rtFileServerQueryDecode    = "rt/server_query_decode.go"
	rtFileServerRaw            = "rt/server_raw.go"
	rtFileTypeCache            = "rt/type_cache.go"
	rtFileUnion                = "rt/union.go"
	rtFileValidateFormat       = "rt/validate_format.go"
	rtFileValidateJson         = "rt/validate_json.go"
	rtFileValidatePresent      = "rt/validate_present.go"
	rtFileValidateMembers      = "rt/validate_members.go"
	rtFileValidateLength       = "rt/validate_length.go"
	rtFileWirename             = "rt/wirename.go"
)

// Methods that generated outputs implement for interfaces of the runtime:
// methodClientRaw* of clientRawOutput, methodServerRaw* of serverRawOutput,
// methodClientStatus* of clientStatusOutput, methodServerStatus* of
// serverStatusOutput. A misspelled one would compile and never be called.
const (
	methodClientRawSet       = "setRawOutput"
	methodServerRawOutput    = "rawOutput"
	methodClientStatusBody   = "bodyFor"
	methodServerStatusAnswer = "statusBody"
)

// Fields and methods of runtime types that generated code sets or calls:
// fieldCore* of clientCore, fieldRequest* of clientRequest, fieldRoute* of
// serverRoute, fieldStyle* of queryStyle, fieldCall* of callOption (the
// method of RequestOption).
const (
	fieldCallApply             = "applyCall"
	fieldCoreBaseURL           = "baseURL"
	fieldCoreDecodeError       = "decodeError"
	fieldCoreDescribe          = "describe"
	fieldCoreDo                = "do"
	fieldCoreFormat            = "format"
	fieldCoreHTTPClient        = "httpClient"
	fieldCoreHeader            = "header"
	fieldCoreIdempotencyHeader = "idempotencyHeader"
	fieldCoreIdempotencyKey    = "idempotencyKey"
	fieldCoreInit              = "init"
	fieldCoreLogValue          = "logValue"
	fieldCoreLogger            = "logger"
	fieldCoreMaxResponse       = "maxResponse"
	fieldCoreMiddleware        = "middleware"
	fieldCoreRetry             = "retry"
	fieldCoreSecret            = "secret"
	fieldCoreTimeout           = "timeout"
	fieldCoreToken             = "token"
	fieldCoreUpload            = "upload"
	fieldCoreUserAgent         = "userAgent"
	fieldRequestBody           = "body"
	fieldRequestErrors         = "errors"
	fieldRequestHeader         = "header"
	fieldRequestMethod         = "method"
	fieldRequestPath           = "path"
	fieldRequestQuery          = "query"
	fieldRouteErrors           = "errors"
	fieldRouteMethod           = "method"
	fieldRouteName             = "name"
	fieldRoutePath             = "path"
	fieldRouteQuery            = "query"
	fieldRouteQueryNames       = "queryNames"
	fieldRouteSecured          = "secured"
	fieldRouteServe            = "serve"
	fieldStyleDots             = "dots"
	fieldStyleExplode          = "explode"
	fieldStyleOthers           = "others"
	fieldStyleStyle            = "style"
)

// FixedNames are the top-level names the emitters generate in every main
// package whatever the spec (the runtime's own are found by
// generator.RuntimeNames); the model reserves both, so that no schema or
// operation takes them. The server's names are reserved even when -generate
// leaves the server out, so that no name depends on the parts generated.
// The test subpackage's Fake, NewFake, FakeCall, TestingT and NewTestClient
// are not here: they live in a package of their own, next to no spec name.
var FixedNames = []string{
	"Client", "NewClient", "Option", "WithBaseURL", "WithToken", "WithHTTPClient",
	"WithTimeout", "WithRetryPolicy", "WithUserAgent", "WithMiddleware", "WithLogger",
	"WithHeader", "WithMaxResponseBytes", "Server", "UnimplementedServer", "NewHandler",
	"WithIdempotencyKey",
}
