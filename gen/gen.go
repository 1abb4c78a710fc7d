// Package gen holds the SDKs bpgen generates from spec/. Every file below it
// except this one is generated; run `go generate ./...` from the module root
// to regenerate them.
package gen

//go:generate go run ../cmd/bpgen -q -spec ../spec/botpress.yaml -out botpress -package botpress
