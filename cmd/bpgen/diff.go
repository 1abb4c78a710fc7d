package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/diff"
	"github.com/bpgen/bpgen/generator/emit"
)

// runDiff is bpgen diff: what regenerating from -new instead of -old breaks
// for callers of the generated SDK. Exit 0 when nothing breaks at the
// -fail-on level, 1 when something does, 2 usage, 3 failure.
func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var opts diff.Options
	fl := flag.NewFlagSet("bpgen diff", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&opts.Old, "old", "", "the old spec: a file, or REV:path read from git (REV:./path from the working directory)")
	fl.StringVar(&opts.New, "new", "", "the new spec: a file, or REV:path")
	finish := generationFlags(fl, &opts.Config)
	asJSON := fl.Bool("json", false, "write the report as JSON")
	asMarkdown := fl.Bool("markdown", false, "write the report as Markdown (a pull-request comment)")
	failOn := fl.String("fail-on", "runtime", "exit 1 on: incompatible (Go API), runtime (that or run-time breaks) or any change")
	usage := func(w io.Writer) {
		fmt.Fprintf(w, "usage: bpgen diff -old SPEC|REV:path -new SPEC|REV:path -package NAME [-generate PARTS] [-json|-markdown] [-fail-on LEVEL]\n\n")
		fl.SetOutput(w)
		fl.PrintDefaults()
	}
	fl.Usage = func() {}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return exitOK
		}
		usage(stderr)
		return exitUsage
	}
	if msg := diffUsageProblem(fl, opts, *asJSON && *asMarkdown, *failOn); msg != "" {
		fmt.Fprintf(stderr, "bpgen diff: %s\n", msg)
		usage(stderr)
		return exitUsage
	}
	if err := finish(); err != nil {
		fmt.Fprintf(stderr, "bpgen diff: %v\n", err)
		return exitUsage
	}
	rep, err := diff.Run(ctx, opts)
	if err != nil {
		return failed(stderr, err, nil, false)
	}
	if err := render(rep, stdout, *asJSON, *asMarkdown); err != nil {
		fmt.Fprintf(stderr, "bpgen diff: %v\n", err)
		return exitFailed
	}
	if breaks, _ := rep.Breaks(*failOn); breaks {
		return exitChanged
	}
	return exitOK
}

// diffUsageProblem says what is wrong with the command line, or "".
func diffUsageProblem(fl *flag.FlagSet, opts diff.Options, bothFormats bool, failOn string) string {
	switch {
	case fl.NArg() > 0:
		return fmt.Sprintf("unexpected argument %q: flags come as -name value", fl.Arg(0))
	case opts.Old == "" || opts.New == "" || opts.Config.Package == "":
		return "-old, -new and -package are required"
	case bothFormats:
		return "-json and -markdown exclude each other"
	}
	if _, err := (&diff.Report{}).Breaks(failOn); err != nil {
		return "-fail-on: " + err.Error()
	}
	return ""
}

func render(rep *diff.Report, w io.Writer, asJSON, asMarkdown bool) error {
	switch {
	case asJSON:
		return rep.JSON(w)
	case asMarkdown:
		return rep.Markdown(w)
	}
	return rep.Text(w)
}

// checkVerdict says, for -check, whether regenerating breaks the callers of
// the package on disk, by Go's rules: the old spec is not at hand, so
// run-time breaks are bpgen diff's to tell.
func checkVerdict(cfg generator.Config, res *generator.Result) []string {
	old, err := diff.OnDisk(cfg.Out, emit.TestPackage(cfg.Package))
	if err == nil && len(old) == 0 {
		return nil // nothing generated yet: no callers to break
	}
	var changes []diff.GoChange
	if err == nil {
		changes, err = diff.GoAPI(old, res.Generated, res.ImportPath)
	}
	if err != nil {
		return []string{fmt.Sprintf("cannot tell whether the change breaks callers: %v", err)}
	}
	return diff.Verdict(changes)
}
