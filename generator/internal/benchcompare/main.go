// Command benchcompare measures bpgen against kin-openapi's load alone and
// against two other generators, ogen and oapi-codegen, at pinned versions, on
// spec/botpress.yaml and on the large synthetic document of the scale tests
// (generator/internal/synth, 800 paths and 2,000 schemas). `make
// bench-compare` runs it from the repository root:
//
//	go run ./generator/internal/benchcompare [-runs N] [-work DIR] [-docs botpress,synthetic]
//
// For each document and tool it prints the lines of Go generated, the
// generation time and the cold build time of the output, each as wall time
// and as CPU time (user and system, the process and everything it waited
// for; on a machine shared with other work the CPU time is the steadier
// figure), then the ratios of bpgen to each other row: bpgen/load is the
// generation's cost over kin-openapi's load alone. A tool that fails shows a
// short reason instead of a number, and the first lines of its output below
// the table.
//
// How it measures:
//   - The tools are built before anything is timed: bpgen with go build from
//     this module, ogen and oapi-codegen with `go install pkg@version` (each
//     in module mode with its own go.mod, so nothing of theirs enters
//     bpgen's go.mod).
//   - Generation is timed as a whole process (start to exit), writing files
//     included, best of -runs. The kin-openapi row is this program re-run
//     with -load: a process that only calls generator/load.Load (read,
//     resolve and validate), the baseline bpgen's own work adds to.
//   - Each output is written into a temporary module of its own, whose path
//     has a fresh random part on every run so that no earlier build of the
//     same code is in the build cache. ogen's and oapi-codegen's modules
//     require their runtime at a pinned version and are tidied with
//     GOFLAGS=-mod=mod.
//   - Cold build: first `go build` of every package in `go list -deps ./...`
//     except the output's own (the standard library and the generators'
//     runtime dependencies, so those come from the build cache), then a check
//     with go list that the output's packages are stale and the rest are not,
//     then the timed `go build ./...`: the compile of the output's own
//     packages alone.
//
// The parts compared are the same for each tool: a client and a server.
// bpgen runs with -generate client,server (no test subpackage); ogen with its
// default features (client, server, the Unimplemented stub and its
// OpenTelemetry instrumentation, which a user gets unless they configure
// otherwise); oapi-codegen with -generate types,client,std-http-server (the
// net/http ServeMux server of Go 1.22; the strict-server wrapper is not
// included).
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/bpgen/bpgen/generator/internal/synth"
	"github.com/bpgen/bpgen/generator/load"
)

// The pinned versions of the other generators and of the runtime modules
// their output imports.
const (
	ogenModule    = "github.com/ogen-go/ogen"
	ogenVersion   = "v1.24.0"
	oapiModule    = "github.com/oapi-codegen/oapi-codegen/v2"
	oapiVersion   = "v2.8.2"
	oapiRuntime   = "github.com/oapi-codegen/runtime"
	oapiRTVersion = "v1.9.0"
)

func main() {
	var (
		runs     = flag.Int("runs", 3, "generation runs per tool and document; the fastest is reported")
		work     = flag.String("work", "", "keep the temporary modules in this directory (default: a temporary directory, removed)")
		docs     = flag.String("docs", "botpress,synthetic", "documents to measure, comma-separated: botpress, synthetic")
		loadOnly = flag.String("load", "", "internal: only load and validate this document with generator/load, then exit")
	)
	flag.Parse()
	if *loadOnly != "" {
		if _, err := load.Load(context.Background(), *loadOnly); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if err := run(*work, *docs, max(*runs, 1)); err != nil {
		fmt.Fprintln(os.Stderr, "benchcompare:", err)
		os.Exit(1)
	}
}

// bench is one run's settings and the tools it measures.
type bench struct {
	root  string // the bpgen module
	work  string
	runs  int
	nonce string
	tools []*tool
	notes []string
}

// tool is a generator: how to run it into dir, and how to prepare the module
// around its output before the build.
type tool struct {
	name    string
	bin     string
	err     error // building the tool failed
	args    func(spec, out string) []string
	require string // a go.mod require line for the output's runtime, or ""
	lines   bool   // the output is code (the load baseline is not)
}

// result is one row of the table.
type result struct {
	doc, tool string
	lines     int
	gen       cost // the fastest of the runs
	build     cost
	genErr    error
	buildErr  error
	isCode    bool
}

func run(work, docs string, runs int) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if work == "" {
		work, err = os.MkdirTemp("", "benchcompare-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(work)
	} else if work, err = filepath.Abs(work); err != nil {
		return err
	}
	nonce := make([]byte, 4)
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	b := &bench{root: root, work: work, runs: runs, nonce: hex.EncodeToString(nonce)}
	if err := b.buildTools(); err != nil {
		return err
	}
	var rows []result
	for _, doc := range strings.Split(docs, ",") {
		spec, err := b.document(strings.TrimSpace(doc))
		if err != nil {
			return err
		}
		for _, t := range b.tools {
			r := b.measure(doc, spec, t)
			progress("%s %s: %s", doc, t.name, r.summary())
			rows = append(rows, r)
		}
	}
	b.print(os.Stdout, rows)
	return nil
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchcompare: "+format+"\n", args...)
}

// moduleRoot is the directory of the bpgen module the program runs in.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	data, err := os.ReadFile(gomod)
	if err != nil || !bytes.HasPrefix(data, []byte("module github.com/bpgen/bpgen\n")) {
		return "", errors.New("run from the bpgen module (make bench-compare)")
	}
	return filepath.Dir(gomod), nil
}

// document returns the path of the named document, writing the synthetic one
// into the work directory.
func (b *bench) document(name string) (string, error) {
	switch name {
	case "botpress":
		return filepath.Join(b.root, "spec", "botpress.yaml"), nil
	case "synthetic":
		data, err := synth.JSON(800, 2000)
		if err != nil {
			return "", err
		}
		path := filepath.Join(b.work, "synthetic.json")
		return path, os.WriteFile(path, data, 0o644)
	}
	return "", fmt.Errorf("unknown document %q (want botpress or synthetic)", name)
}

// buildTools builds every tool into work/bin before anything is timed.
func (b *bench) buildTools() error {
	bin := filepath.Join(b.work, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	b.tools = []*tool{
		{name: "kin-openapi load", bin: self, args: func(spec, _ string) []string { return []string{"-load", spec} }},
		{name: "bpgen", bin: filepath.Join(bin, "bpgen"), lines: true, args: func(spec, out string) []string {
			return []string{"-q", "-spec", spec, "-out", out, "-package", "api", "-generate", "client,server"}
		}},
		{name: "ogen " + ogenVersion, bin: filepath.Join(bin, "ogen"), lines: true,
			require: ogenModule + " " + ogenVersion, args: func(spec, out string) []string {
				return []string{"-target", out, "-package", "api", "-clean", spec}
			}},
		{name: "oapi-codegen " + oapiVersion, bin: filepath.Join(bin, "oapi-codegen"), lines: true,
			require: oapiRuntime + " " + oapiRTVersion, args: func(spec, out string) []string {
				return []string{"-generate", "types,client,std-http-server", "-package", "api", "-o", filepath.Join(out, "api.gen.go"), spec}
			}},
	}
	progress("building bpgen, ogen %s and oapi-codegen %s", ogenVersion, oapiVersion)
	build := []struct {
		t    *tool
		args []string
		dir  string
	}{
		{b.tools[1], []string{"build", "-o", b.tools[1].bin, "./cmd/bpgen"}, b.root},
		{b.tools[2], []string{"install", ogenModule + "/cmd/ogen@" + ogenVersion}, b.work},
		{b.tools[3], []string{"install", oapiModule + "/cmd/oapi-codegen@" + oapiVersion}, b.work},
	}
	for _, s := range build {
		cmd := exec.Command("go", s.args...)
		cmd.Dir = s.dir
		cmd.Env = append(os.Environ(), "GOBIN="+bin, "GOFLAGS=-buildvcs=false", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			s.t.err = b.failure("building "+s.t.name, err, out)
		}
	}
	return nil
}

// measure generates spec with t into a fresh module and builds the output.
func (b *bench) measure(doc, spec string, t *tool) result {
	r := result{doc: doc, tool: t.name, isCode: t.lines}
	if t.err != nil {
		r.genErr = t.err
		return r
	}
	slug := strings.Fields(t.name)[0]
	mod := filepath.Join(b.work, doc, slug)
	out := filepath.Join(mod, "api")
	for i := range b.runs {
		if err := os.RemoveAll(mod); err != nil {
			r.genErr = err
			return r
		}
		if err := os.MkdirAll(out, 0o755); err != nil {
			r.genErr = err
			return r
		}
		if err := b.writeGoMod(mod, slug, t.require); err != nil {
			r.genErr = err
			return r
		}
		cmd := exec.Command(t.bin, t.args(spec, out)...)
		cmd.Dir = mod
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, &buf
		c, err := timed(cmd)
		if err != nil {
			r.genErr = b.failure(t.name+" on "+doc, err, buf.Bytes())
			return r
		}
		if i == 0 || c.wall < r.gen.wall {
			r.gen = c
		}
	}
	if !t.lines {
		return r
	}
	if r.lines, r.genErr = countLines(out); r.genErr != nil {
		return r
	}
	r.build, r.buildErr = b.coldBuild(mod, t)
	return r
}

// writeGoMod writes the output module's go.mod. Its path has the run's nonce
// in it, so the output's packages have import paths the build cache has not
// seen.
func (b *bench) writeGoMod(mod, slug, require string) error {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	if i := strings.LastIndex(goVersion, "."); strings.Count(goVersion, ".") == 2 {
		goVersion = goVersion[:i]
	}
	text := fmt.Sprintf("module benchcompare.test/%s%s\n\ngo %s\n", slug, b.nonce, goVersion)
	if require != "" {
		text += "\nrequire " + require + "\n"
	}
	return os.WriteFile(filepath.Join(mod, "go.mod"), []byte(text), 0o644)
}

// coldBuild tidies the module, builds every dependency of the output, checks
// that only the output's own packages are left to compile and times their
// build.
func (b *bench) coldBuild(mod string, t *tool) (cost, error) {
	command := func(args ...string) *exec.Cmd {
		cmd := exec.Command("go", args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod -buildvcs=false", "GOWORK=off")
		return cmd
	}
	gocmd := func(args ...string) ([]byte, error) {
		out, err := command(args...).CombinedOutput()
		if err != nil {
			return out, b.failure(t.name+": go "+strings.Join(args, " "), err, out)
		}
		return out, nil
	}
	if t.require != "" {
		if _, err := gocmd("mod", "tidy"); err != nil {
			return cost{}, err
		}
	}
	own, err := gocmd("list", "./...")
	if err != nil {
		return cost{}, err
	}
	all, err := gocmd("list", "-deps", "./...")
	if err != nil {
		return cost{}, err
	}
	mine := map[string]bool{}
	for _, p := range strings.Fields(string(own)) {
		mine[p] = true
	}
	var deps []string
	for _, p := range strings.Fields(string(all)) {
		if !mine[p] {
			deps = append(deps, p)
		}
	}
	if _, err := gocmd(append([]string{"build"}, deps...)...); err != nil {
		return cost{}, err
	}
	stale, err := gocmd("list", "-deps", "-f", "{{.ImportPath}} {{.Stale}}", "./...")
	if err != nil {
		return cost{}, err
	}
	for _, line := range strings.Split(strings.TrimSpace(string(stale)), "\n") {
		p, s, _ := strings.Cut(line, " ")
		if mine[p] != (s == "true") {
			b.notes = append(b.notes, fmt.Sprintf("%s: %s has stale=%s before the timed build", t.name, p, s))
		}
	}
	cmd := command("build", "./...")
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	c, err := timed(cmd)
	if err != nil {
		return cost{}, b.failure(t.name+": go build ./...", err, buf.Bytes())
	}
	return c, nil
}

// cost is the wall time of a process and the CPU time (user and system) of
// it and of every process it waited for: the compiler's, for go build. On a
// machine shared with other work the CPU time is the steadier of the two.
type cost struct{ wall, cpu time.Duration }

func timed(cmd *exec.Cmd) (cost, error) {
	start := time.Now()
	err := cmd.Run()
	c := cost{wall: time.Since(start)}
	if cmd.ProcessState != nil {
		c.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	return c, err
}

// failure is a short error for the table; the first lines of the tool's
// output go into the notes printed under it.
func (b *bench) failure(what string, err error, out []byte) error {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	reason := err.Error()
	for _, l := range lines {
		// go build heads its errors with "# package"; the first error is the reason.
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			reason = l
			break
		}
	}
	if len(lines) > 6 {
		lines = append(lines[:6], "...")
	}
	for i, l := range lines {
		lines[i] = shorten(l, 200) // some tools quote the whole one-line document
	}
	b.notes = append(b.notes, what+": "+err.Error()+"\n    "+strings.Join(lines, "\n    "))
	return fmt.Errorf("FAILED: %s", shorten(reason, 72))
}

// shorten cuts the middle out of s to make it at most n bytes long: the end
// of an error message says what went wrong, its start where.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	head := (n - 3) / 2
	return s[:head] + "..." + s[len(s)-(n-3-head):]
}

// countLines counts the lines of the .go files under dir.
func countLines(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".go" {
			return err
		}
		data, err := os.ReadFile(path)
		n += bytes.Count(data, []byte("\n"))
		return err
	})
	return n, err
}

func (r result) summary() string {
	if r.genErr != nil {
		return r.genErr.Error()
	}
	s := fmt.Sprintf("generated in %s (cpu %s)", seconds(r.gen.wall), seconds(r.gen.cpu))
	if r.isCode {
		s += fmt.Sprintf(", %d lines, ", r.lines)
		if r.buildErr != nil {
			s += "build " + r.buildErr.Error()
		} else {
			s += fmt.Sprintf("cold build %s (cpu %s)", seconds(r.build.wall), seconds(r.build.cpu))
		}
	}
	return s
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

// header names the table's columns; the first two are text, aligned left.
var header = []string{"document", "tool", "lines", "generate", "gen cpu", "cold build", "build cpu"}

// print writes the table: one row per document and tool, then the ratios of
// bpgen to the load baseline and to each other generator, then the notes.
func (b *bench) print(w io.Writer, rows []result) {
	table := [][]string{header}
	for i, r := range rows {
		doc := r.doc
		if i > 0 && rows[i-1].doc == r.doc {
			doc = ""
		}
		table = append(table, r.cells(doc))
		if i == len(rows)-1 || rows[i+1].doc != r.doc {
			table = append(table, ratios(rows, r.doc)...)
		}
	}
	writeTable(w, table)
	for _, n := range b.notes {
		fmt.Fprintln(w, "note:", n)
	}
}

func (r result) cells(doc string) []string {
	row := []string{doc, r.tool, "-", "-", "-", "-", "-"}
	switch {
	case r.genErr != nil:
		row[3] = r.genErr.Error()
		row = row[:4]
	case !r.isCode:
		row[3], row[4] = seconds(r.gen.wall), seconds(r.gen.cpu)
	default:
		row[2], row[3], row[4] = fmt.Sprint(r.lines), seconds(r.gen.wall), seconds(r.gen.cpu)
		if r.buildErr != nil {
			row[5] = r.buildErr.Error()
			row = row[:6]
		} else {
			row[5], row[6] = seconds(r.build.wall), seconds(r.build.cpu)
		}
	}
	return row
}

// ratios are bpgen's row of doc divided by each other row of doc.
func ratios(rows []result, doc string) [][]string {
	var bp *result
	for i := range rows {
		if rows[i].doc == doc && rows[i].tool == "bpgen" {
			bp = &rows[i]
		}
	}
	if bp == nil {
		return nil
	}
	var out [][]string
	for _, r := range rows {
		if r.doc != doc || r.tool == "bpgen" {
			continue
		}
		row := []string{"", "bpgen/" + strings.Fields(r.tool)[0], "-", "n/a", "n/a", "-", "-"}
		if !r.isCode {
			row[1] = "bpgen/load"
		}
		if bp.genErr == nil && r.genErr == nil {
			row[3], row[4] = ratio(bp.gen.wall, r.gen.wall), ratio(bp.gen.cpu, r.gen.cpu)
		}
		if r.isCode {
			row[2], row[5], row[6] = "n/a", "n/a", "n/a"
			if bp.genErr == nil && r.genErr == nil {
				row[2] = fmt.Sprintf("%.2fx", float64(bp.lines)/float64(r.lines))
				if bp.buildErr == nil && r.buildErr == nil {
					row[5], row[6] = ratio(bp.build.wall, r.build.wall), ratio(bp.build.cpu, r.build.cpu)
				}
			}
		}
		out = append(out, row)
	}
	return out
}

func ratio(a, b time.Duration) string { return fmt.Sprintf("%.2fx", float64(a)/float64(b)) }

// writeTable aligns the cells: text columns left, numbers right. A row may
// be shorter than the header; its last cell (a failure) then runs on.
func writeTable(w io.Writer, table [][]string) {
	width := make([]int, len(header))
	for _, row := range table {
		for i, c := range row {
			if i < len(row)-1 || len(row) == len(header) {
				width[i] = max(width[i], len(c))
			}
		}
	}
	for _, row := range table {
		var line strings.Builder
		for i, c := range row {
			switch {
			case i == len(row)-1 && len(row) < len(header):
				line.WriteString(c)
			case i < 2:
				fmt.Fprintf(&line, "%-*s  ", width[i], c)
			default:
				fmt.Fprintf(&line, "%*s  ", width[i], c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(line.String(), " "))
	}
}
