// Package rt is the runtime that bpgen copies into every generated package:
// the HTTP core of the client (retries, timeouts, redaction), query encoding,
// Nullable, the pager, the error base and the server's router, decoding and
// validation helpers. It lives here as ordinary Go so that it is compiled and
// tested on its own; bpgen emits each file (except this one and the tests)
// with the package clause rewritten, and only the files an API needs.
package rt
