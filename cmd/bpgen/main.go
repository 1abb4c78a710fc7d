// Command bpgen generates a Go SDK (client, server, errors, pagination) from
// an OpenAPI 3.0 or 3.1 document.
//
// Usage:
//
//	bpgen -spec FILE -out DIR -package NAME [-check]
//
// Exit codes: 0 success, 1 -check found differences, 2 usage error,
// 3 the spec is invalid or generation failed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/bpgen/bpgen/generator"
)

const (
	exitOK      = 0
	exitChanged = 1
	exitUsage   = 2
	exitFailed  = 3
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("bpgen", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var cfg generator.Config
	fl.StringVar(&cfg.Spec, "spec", "", "OpenAPI 3.0 or 3.1 document (YAML or JSON)")
	fl.StringVar(&cfg.Out, "out", "", "output directory of the generated package")
	fl.StringVar(&cfg.Package, "package", "", "Go package name of the generated code")
	fl.BoolVar(&cfg.Check, "check", false, "write nothing; exit 1 and list the files that would change")
	quiet := fl.Bool("q", false, "do not print warnings")
	version := fl.Bool("version", false, "print the version and exit")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: bpgen -spec FILE -out DIR -package NAME [-check]\n\n")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *version {
		fmt.Fprintln(stdout, "bpgen", moduleVersion())
		return exitOK
	}
	if cfg.Spec == "" || cfg.Out == "" || cfg.Package == "" || fl.NArg() > 0 {
		fmt.Fprintln(stderr, "bpgen: -spec, -out and -package are required")
		fl.Usage()
		return exitUsage
	}
	res, err := generator.Run(ctx, cfg)
	if res != nil && !*quiet {
		for _, w := range res.Warnings {
			fmt.Fprintln(stderr, "bpgen: warning:", w)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "bpgen: %v\n", err)
		return exitFailed
	}
	if cfg.Check {
		for _, c := range res.Changes {
			fmt.Fprintln(stdout, c)
		}
		if len(res.Changes) > 0 {
			fmt.Fprintf(stderr, "bpgen: %s is stale: %d file(s) would change\n", cfg.Out, len(res.Changes))
			return exitChanged
		}
		return exitOK
	}
	fmt.Fprintf(stdout, "bpgen: wrote %s: %d files (%d changed), %d operations, %d types, %d warnings\n",
		cfg.Out, res.Files, len(res.Changes), res.Operations, res.Types, len(res.Warnings))
	return exitOK
}

// moduleVersion is the version of the bpgen module this binary was built
// from (set by go install / go run pkg@version).
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
