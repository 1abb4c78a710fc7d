// Command bpgen generates a Go SDK (client, server, errors, pagination) from
// an OpenAPI 3.0 or 3.1 document.
//
// Usage:
//
//	bpgen -spec FILE -out DIR -package NAME [-generate PARTS] [-check] [-strict] [-force] [-q] [-debug]
//
// -generate selects the parts: a comma-separated list of client, server and
// test (default client,server,test). The client part (types, errors,
// client, pagination) is always generated; server adds the Server
// interface and NewHandler; test adds the test subpackage NAMEtest in
// DIR/NAMEtest (Fake, NewTestClient), which needs server.
//
// A file in DIR that bpgen would overwrite but did not write (its first
// line is not bpgen's header) stops the run with exit code 3, unless
// -force is given.
//
// Exit codes: 0 success, 1 -check found differences, 2 usage error,
// 3 the spec is invalid or generation failed. When -check finds
// differences, it also says whether they break the package's callers.
//
//	bpgen diff -old SPEC|REV:path -new SPEC|REV:path -package NAME [-generate PARTS] [-json|-markdown] [-fail-on LEVEL]
//
// reports what generating from -new instead of -old breaks for callers:
// Go API changes, changes that break at run time, compatible additions and
// a semantic-version suggestion. Exit codes: 0 nothing breaks at the
// -fail-on level (incompatible, runtime (the default) or any), 1 something
// does, 2 usage error, 3 a side could not be generated.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/emit"
	"github.com/bpgen/bpgen/generator/load"
)

const (
	exitOK      = 0
	exitChanged = 1
	exitUsage   = 2
	exitFailed  = 3
)

func main() {
	generator.TuneGC()
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "diff" {
		return runDiff(ctx, args[1:], stdout, stderr)
	}
	cfg, opts, code := parseFlags(args, stdout, stderr)
	if code >= 0 {
		return code
	}
	if opts.timings {
		cfg.Timings = new(generator.Timings)
		defer printTimings(stderr, cfg.Timings)
	}
	res, err := generator.Run(ctx, cfg)
	if res != nil && !opts.quiet {
		for _, w := range res.Warnings {
			fmt.Fprintln(stderr, warning(w))
		}
	}
	if err != nil {
		return failed(stderr, err, res, opts.debug)
	}
	if cfg.Check {
		n := 0
		for _, c := range res.Changes {
			if !c.Inert { // a tombstone no build sees is not drift
				fmt.Fprintln(stdout, c)
				n++
			}
		}
		if n > 0 {
			fmt.Fprintf(stderr, "bpgen: %s is stale: %d file(s) would change\n", cfg.Out, n)
			for _, line := range checkVerdict(cfg, res) {
				fmt.Fprintln(stderr, "bpgen: "+line)
			}
			return exitChanged
		}
		return exitOK
	}
	if !opts.quiet {
		if line := detectedLine(res.Detected); line != "" {
			fmt.Fprintln(stderr, line)
		}
	}
	fmt.Fprintf(stdout, "bpgen: wrote %s: %s (%d changed), %s, %s, %s\n", cfg.Out, plural(res.Files, "file"), len(res.Changes),
		plural(res.Operations, "operation"), plural(res.Types, "type"), plural(len(res.Warnings), "warning"))
	if res.StarterWritten {
		fmt.Fprintf(stdout, "bpgen: wrote the starter implementation %s; it is yours now, bpgen never touches it again\n", cfg.Starter)
	}
	return exitOK
}

type cliOptions struct{ quiet, debug, timings bool }

// printTimings says where the run's time went. Emit's steps are summed over
// the files, which are rendered in parallel, so they can add up to more than
// emit's wall time; validation runs beside emit.
func printTimings(w io.Writer, t *generator.Timings) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }
	fmt.Fprintf(w, "bpgen: timings: load %s, model %s, emit %s (summed over files: build %s, render %s, gofmt %s; validation beside it %s), write %s\n",
		ms(t.Load), ms(t.Model), ms(t.Emit), ms(t.Emitted.Build()), ms(t.Emitted.Render()), ms(t.Emitted.Format()), ms(t.Validate), ms(t.Write))
}

// parseFlags reads the command line; code is -1 when generation should run,
// else the exit status.
func parseFlags(args []string, stdout, stderr io.Writer) (cfg generator.Config, opts cliOptions, code int) {
	fl := flag.NewFlagSet("bpgen", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&cfg.Spec, "spec", "", "OpenAPI 3.0 or 3.1 document (YAML or JSON)")
	fl.StringVar(&cfg.Out, "out", "", "output directory of the generated package")
	finish := generationFlags(fl, &cfg)
	fl.BoolVar(&cfg.Check, "check", false, "write nothing; exit 1 and list the files that would change, saying whether the change breaks callers")
	fl.BoolVar(&cfg.Force, "force", false, "overwrite files in -out that bpgen did not write (without it, exit 3 naming them)")
	fl.BoolVar(&opts.quiet, "q", false, "do not print warnings or detected pagers")
	fl.BoolVar(&opts.timings, "timings", false, "print where the time went, stage by stage, to stderr")
	fl.BoolVar(&opts.debug, "debug", false, "on an internal error, also print the generated source that failed")
	fl.StringVar(&cfg.Starter, "starter", "", "write a starter implementation of Server into this Go `file`, only if it does not exist")
	fl.StringVar(&cfg.StarterType, "starter-type", generator.DefaultStarterType, "the type name of the starter implementation")
	version := fl.Bool("version", false, "print the version and exit")
	usage := func(w io.Writer) {
		fmt.Fprintf(w, "usage: bpgen -spec FILE -out DIR -package NAME [-generate PARTS] [-check] [-strict] [-force] [-q]\n       bpgen diff -old SPEC -new SPEC -package NAME (bpgen diff -h for its flags)\n\n")
		fl.SetOutput(w)
		fl.PrintDefaults()
	}
	fl.Usage = func() {} // printed below, where it belongs
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout) // asked for: help is the output, not a complaint
			return cfg, opts, exitOK
		}
		usage(stderr)
		return cfg, opts, exitUsage
	}
	switch {
	case *version:
		fmt.Fprintln(stdout, "bpgen", moduleVersion())
		return cfg, opts, exitOK
	case fl.NArg() > 0:
		fmt.Fprintf(stderr, "bpgen: unexpected argument %q: flags come as -name value\n", fl.Arg(0))
		usage(stderr)
		return cfg, opts, exitUsage
	case cfg.Spec == "" || cfg.Out == "" || cfg.Package == "":
		var missing []string
		for _, f := range []struct{ name, v string }{{"-spec", cfg.Spec}, {"-out", cfg.Out}, {"-package", cfg.Package}} {
			if f.v == "" {
				missing = append(missing, f.name)
			}
		}
		fmt.Fprintf(stderr, "bpgen: -spec, -out and -package are required (missing %s)\n", strings.Join(missing, ", "))
		usage(stderr)
		return cfg, opts, exitUsage
	}
	if err := finish(); err != nil {
		fmt.Fprintf(stderr, "bpgen: %v\n", err)
		return cfg, opts, exitUsage
	}
	// Under go generate (which sets GOFILE), a stale file is replaced by a
	// build-ignored tombstone rather than removed: the go command listed the
	// packages' files before running the generators, and fails on a listed
	// file that has disappeared when it reaches that package.
	cfg.Tombstones = os.Getenv("GOFILE") != ""
	return cfg, opts, -1
}

// generationFlags declares the flags that say what is generated, which
// bpgen diff shares; finish, after parsing, checks them and sets cfg.
func generationFlags(fl *flag.FlagSet, cfg *generator.Config) (finish func() error) {
	fl.StringVar(&cfg.Package, "package", "", "Go package name of the generated code")
	fl.BoolVar(&cfg.Strict, "strict", false, "treat warnings as errors: write nothing and exit 3 when there are any")
	generate := fl.String("generate", "client,server,test", "parts to generate, comma-separated: client (always), server, test (the NAMEtest subpackage; needs server)")
	fl.StringVar(&cfg.ImportPath, "import-path", "", "import path of the -out package, which the test subpackage imports (default: from the go.mod above -out)")
	detect := fl.Bool("detect-pagers", true, "detect the pagination of operations that declare none (as x-bpgen.pagination.detect)")
	return func() error {
		cfg.NoDetect = !*detect
		if !token.IsIdentifier(cfg.Package) || strings.ToLower(cfg.Package) != cfg.Package {
			return fmt.Errorf("-package %q is not a valid lower-case Go package name", cfg.Package)
		}
		parts, err := parseParts(*generate)
		if err != nil {
			return fmt.Errorf("-generate: %v", err)
		}
		fl.Visit(func(f *flag.Flag) {
			if f.Name == "generate" {
				cfg.Parts = &parts // asked for by name: a test part that cannot be generated is an error
			}
		})
		return nil
	}
}

// parseParts reads -generate's list.
func parseParts(list string) (emit.Parts, error) {
	var p emit.Parts
	for _, part := range strings.Split(list, ",") {
		switch strings.TrimSpace(part) {
		case "client":
		case "server":
			p.Server = true
		case "test":
			p.Test = true
		default:
			return p, fmt.Errorf("unknown part %q (want client, server or test, comma-separated)", part)
		}
	}
	if p.Test && !p.Server {
		return p, errors.New("test needs server: the Fake is a Server and NewTestClient serves it")
	}
	return p, nil
}

// warning formats w like a compiler warning: file:line:col: warning: message.
func warning(w load.Diagnostic) string {
	loc, msg, _ := strings.Cut(w.String(), ": ")
	return loc + ": warning: " + msg
}

// failed reports a failed generation: each located problem on its own line,
// then the counts.
func failed(stderr io.Writer, err error, res *generator.Result, debug bool) int {
	errs := 1
	var le *load.Error
	var ie *emit.InternalError
	switch {
	case errors.As(err, &le):
		for _, p := range le.Problems {
			fmt.Fprintln(stderr, p)
		}
		errs = len(le.Problems)
	case errors.As(err, &ie) && debug:
		fmt.Fprintf(stderr, "bpgen: %v\n%s\n", err, ie.Source)
	default:
		fmt.Fprintf(stderr, "bpgen: %v\n", err)
	}
	warns := 0
	if res != nil {
		warns = len(res.Warnings)
	}
	fmt.Fprintf(stderr, "bpgen: %s, %s\n", plural(errs, "error"), plural(warns, "warning"))
	return exitFailed
}

// detectedLine reports the pagers the detection rule found, e.g.
// "bpgen: 3 pagers detected (2 cursor, 1 link)", or "" when it found none.
func detectedLine(byStyle map[string]int) string {
	total := 0
	var parts []string
	for _, style := range []string{"cursor", "after", "offset", "page", "link"} {
		if n := byStyle[style]; n > 0 {
			total += n
			parts = append(parts, fmt.Sprintf("%d %s", n, style))
		}
	}
	if total == 0 {
		return ""
	}
	return fmt.Sprintf("bpgen: %s detected (%s); -detect-pagers=false or x-bpgen.pagination.detect: false turns detection off",
		plural(total, "pager"), strings.Join(parts, ", "))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// moduleVersion is the version of the bpgen module this binary was built
// from (set by go install / go run pkg@version).
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
