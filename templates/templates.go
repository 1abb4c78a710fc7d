// Package templates holds the runtime Go source that bpgen emits next to generated code.
package templates

import "embed"

// FS holds the runtime support files (rt/*.go). The generator copies each non-test file
// into every generated SDK package, rewriting only the package clause.
//
//go:embed rt/*.go
var FS embed.FS
