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
	f, code := parseDiffFlags(args, stdout, stderr)
	if code >= 0 {
		return code
	}
	rep, err := diff.Run(ctx, f.opts)
	if err != nil {
		return failed(stderr, err, nil, false)
	}
	if err := render(rep, stdout, f.asJSON, f.asMarkdown); err != nil {
		fmt.Fprintf(stderr, "bpgen diff: %v\n", err)
		return exitFailed
	}
	if breaks, _ := rep.Breaks(f.failOn); breaks {
		return exitChanged
	}
	return exitOK
}

type diffFlags struct {
	opts               diff.Options
	asJSON, asMarkdown bool
	failOn             string
}

// parseDiffFlags reads bpgen diff's command line; code is -1 when the
// comparison should run, else the exit status.
func parseDiffFlags(args []string, stdout, stderr io.Writer) (f diffFlags, code int) {
	fl := flag.NewFlagSet("bpgen diff", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&f.opts.Old, "old", "", "the old spec: a file, or REV:path read from git (REV:./path from the working directory)")
	fl.StringVar(&f.opts.New, "new", "", "the new spec: a file, or REV:path")
	finish := generationFlags(fl, &f.opts.Config)
	fl.BoolVar(&f.asJSON, "json", false, "write the report as JSON")
	fl.BoolVar(&f.asMarkdown, "markdown", false, "write the report as Markdown (a pull-request comment)")
	fl.StringVar(&f.failOn, "fail-on", "runtime", "exit 1 on: incompatible (Go API), runtime (that or run-time breaks) or any change")
	usage := func(w io.Writer) {
		fmt.Fprintf(w, "usage: bpgen diff -old SPEC|REV:path -new SPEC|REV:path -package NAME [-generate PARTS] [-json|-markdown] [-fail-on LEVEL]\n\n")
		fl.SetOutput(w)
		fl.PrintDefaults()
	}
	fl.Usage = func() {}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return f, exitOK
		}
		usage(stderr)
		return f, exitUsage
	}
	if msg := diffUsageProblem(fl, f); msg != "" {
		fmt.Fprintf(stderr, "bpgen diff: %s\n", msg)
		usage(stderr)
		return f, exitUsage
	}
	if err := finish(); err != nil {
		fmt.Fprintf(stderr, "bpgen diff: %v\n", err)
		return f, exitUsage
	}
	return f, -1
}

// diffUsageProblem says what is wrong with the command line, or "".
func diffUsageProblem(fl *flag.FlagSet, f diffFlags) string {
	switch {
	case fl.NArg() > 0:
		return fmt.Sprintf("unexpected argument %q: flags come as -name value", fl.Arg(0))
	case f.opts.Old == "" || f.opts.New == "" || f.opts.Config.Package == "":
		return "-old, -new and -package are required"
	case f.asJSON && f.asMarkdown:
		return "-json and -markdown exclude each other"
	}
	if _, err := (&diff.Report{}).Breaks(f.failOn); err != nil {
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
