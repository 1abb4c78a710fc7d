package write

import (
	"bufio"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Three generations: old is on disk, new replaces it (update, create,
// remove, keep), third is what a later run wants.
var (
	oldGen   = []File{{"a.go", gen("// a v1")}, {"b.go", gen("// b v1")}, {"same.go", gen("// same")}, {"stale.go", gen("// stale")}, {"t/fake.go", gen("// fake v1")}, {"t/stale.go", gen("// t stale")}}
	newGen   = []File{{"a.go", gen("// a v2")}, {"b.go", gen("// b v2")}, {"same.go", gen("// same")}, {"d.go", gen("// d")}, {"t/fake.go", gen("// fake v2")}, {"t/new.go", gen("// t new")}}
	thirdGen = []File{{"a.go", gen("// a v3")}, {"same.go", gen("// same")}, {"e.go", gen("// e")}} // the test subdirectory goes

	// ownSubdirs is the subdirectory bpgen writes besides the top level,
	// as the test subpackage is.
	ownSubdirs = Options{Subdirs: []string{"t"}}
	gens       = map[string][]File{"old": oldGen, "new": newGen, "third": thirdGen}
)

// userFiles are files bpgen did not write, some with names close to its own.
var userFiles = map[string]string{
	"mine.go":        "package p // hand-written",
	"notes.txt":      string(gen("")),
	".u.go.tmp5":     "not bpgen's",
	".hidden":        "x",
	"sub/":           "",
	"sub/user.go":    "package sub",
	"sub/.bpgen-tmp": "a user's file",
}

// setup writes userFiles and oldGen without the code under test.
func setup(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range userFiles {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if name[len(name)-1] == '/' {
			continue
		}
		writeFile(t, path, []byte(content))
	}
	for _, f := range oldGen {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f.Name)), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, f.Name), f.Content)
	}
	return dir
}

// snapshot is every file and directory under dir, with file contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out[rel+"/"] = ""
			return nil
		}
		data, err := os.ReadFile(path)
		out[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// expected is the whole directory holding user files and exactly files.
func expected(files []File) map[string]string {
	out := map[string]string{}
	for name, content := range userFiles {
		out[name] = content
	}
	for _, f := range files {
		out[f.Name] = string(f.Content)
		if d := filepath.Dir(f.Name); d != "." {
			out[d+"/"] = ""
		}
	}
	return out
}

func run(dir string, files []File) error {
	changes, err := Plan(dir, header, files, ownSubdirs)
	if err != nil {
		return err
	}
	return Apply(dir, files, changes)
}

// fastSync turns fsync off for the test: see noSync.
func fastSync(t *testing.T) {
	noSync = true
	t.Cleanup(func() { noSync = false })
}

type killed struct{}

// killedAt runs f, stopping it like kill -9 just before its nth disk step
// (from 0): the panic unwinds without running any cleanup code. It returns
// the number of steps taken and whether f was stopped.
func killedAt(n int, f func() error) (steps int, stopped bool, err error) {
	testHook = func(string) {
		if steps == n {
			panic(killed{})
		}
		steps++
	}
	defer func() {
		testHook = nil
		if r := recover(); r != nil {
			if _, ok := r.(killed); !ok {
				panic(r)
			}
			stopped = true
		}
	}()
	err = f()
	return steps, false, err
}

// observed checks that the next run sees exactly one complete generation,
// and that looking (Plan, as bpgen -check does) changes nothing on disk.
func observed(t *testing.T, dir string) string {
	t.Helper()
	before := snapshot(t, dir)
	var seen []string
	for name, files := range gens {
		changes, err := Plan(dir, header, files, ownSubdirs)
		if err != nil {
			t.Fatalf("Plan %s: %v", name, err)
		}
		if len(changes) == 0 {
			seen = append(seen, name)
		}
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Fatalf("Plan changed the directory (-before +after):\n%s", diff)
	}
	if len(seen) != 1 {
		t.Fatalf("next run sees %d complete generations %v, want exactly one; directory: %v", len(seen), seen, before)
	}
	return seen[0]
}

func checkDir(t *testing.T, dir string, files []File) {
	t.Helper()
	if diff := cmp.Diff(expected(files), snapshot(t, dir)); diff != "" {
		t.Fatalf("directory (-want +got):\n%s", diff)
	}
}

// TestKillAtEveryStep stops the old-to-new Apply before each of its disk
// steps in turn (mid-write, between renames, between removals, during
// cleanup) and checks that the next run sees either the whole old or the
// whole new generation, that recovery leaves exactly that one on disk, and
// that a next run of any generation leaves exactly its files.
func TestKillAtEveryStep(t *testing.T) {
	fastSync(t)
	total, _, err := killedAt(-1, func() error { return run(setup(t), newGen) })
	if err != nil {
		t.Fatal(err)
	}
	outcomes := map[string]int{}
	for n := 0; n <= total; n++ {
		for _, next := range []string{"", "old", "new", "third"} {
			dir := setup(t)
			if _, stopped, err := killedAt(n, func() error { return run(dir, newGen) }); err != nil || stopped == (n == total) {
				t.Fatalf("kill at %d/%d: stopped %v, err %v", n, total, stopped, err)
			}
			seen := observed(t, dir)
			if next == "" { // recovery alone must restore exactly what was seen
				outcomes[seen]++
				if err := recoverDir(dir); err != nil {
					t.Fatal(err)
				}
				checkDir(t, dir, gens[seen])
				continue
			}
			if err := run(dir, gens[next]); err != nil {
				t.Fatalf("kill at %d, next run %s: %v", n, next, err)
			}
			checkDir(t, dir, gens[next])
		}
	}
	if outcomes["old"] == 0 || outcomes["new"] == 0 {
		t.Errorf("outcomes %v: the kill points should cover both sides of the commit", outcomes)
	}
}

// TestKillTwice also kills the next run while it finishes or discards the
// killed one, at each of those steps (the steps after are the ones
// TestKillAtEveryStep covers), then checks a third run.
func TestKillTwice(t *testing.T) {
	fastSync(t)
	total, _, _ := killedAt(-1, func() error { return run(setup(t), newGen) })
	killedDir := func(n int) string {
		dir := setup(t)
		killedAt(n, func() error { return run(dir, newGen) })
		return dir
	}
	for n := 0; n < total; n++ {
		dir := killedDir(n)
		recovery, _, err := killedAt(-1, func() error { return recoverDir(dir) })
		if err != nil {
			t.Fatal(err)
		}
		for m := 0; m <= recovery; m++ {
			dir := killedDir(n)
			if _, _, err := killedAt(m, func() error { return run(dir, thirdGen) }); err != nil {
				t.Fatalf("kill at %d then %d: %v", n, m, err)
			}
			observed(t, dir)
			if err := run(dir, thirdGen); err != nil {
				t.Fatalf("kill at %d then %d, third run: %v", n, m, err)
			}
			checkDir(t, dir, thirdGen)
		}
	}
}

const childEnv = "BPGEN_WRITE_KILL_DIR"

// TestKill9 kills a real process writing a generation with SIGKILL at a few
// seeded instants, then checks the directory the way TestKillAtEveryStep does.
func TestKill9(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	total, _, _ := killedAt(-1, func() error { return run(setup(t), newGen) })
	budget := time.Duration(total) * time.Millisecond
	outcomes := map[string]int{}
	for i := 0; i < 8; i++ {
		dir := setup(t)
		after := time.Duration(rng.Int64N(int64(budget + budget/4)))
		killChild(t, dir, after)
		outcomes[observed(t, dir)]++
		if err := run(dir, thirdGen); err != nil {
			t.Fatal(err)
		}
		checkDir(t, dir, thirdGen)
	}
	t.Logf("outcomes: %v", outcomes)
}

// killChild starts this test binary as a slowed writer of newGen into dir and
// kills it after the given time once it has started writing.
func killChild(t *testing.T, dir string, after time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKill9Child$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() && sc.Text() != "ready" {
	}
	time.Sleep(after)
	cmd.Process.Kill() // SIGKILL on Unix; fails harmlessly if it already exited
	go func() {
		for sc.Scan() {
		}
	}()
	cmd.Wait()
}

// TestKill9Child is the writer TestKill9 kills; it does nothing on its own.
func TestKill9Child(t *testing.T) {
	dir := os.Getenv(childEnv)
	if dir == "" {
		t.Skip("run by TestKill9")
	}
	testHook = func(string) { time.Sleep(time.Millisecond) }
	fmt.Println("ready")
	if err := run(dir, newGen); err != nil {
		t.Fatal(err)
	}
}
