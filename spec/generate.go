// Package spec holds the OpenAPI description of the Botpress Cloud API that
// gen/botpress is generated from. Run `go generate ./...` at the module root
// after editing botpress.yaml.
//
// The go:generate line lives here rather than in gen/botpress because bpgen
// may remove stale files from its output, and the go command does not like a
// package losing files while it is generating that same package.
package spec

//go:generate go run ../cmd/bpgen -q -spec botpress.yaml -out ../gen/botpress -package botpress
