// Package write puts generated files on disk so that every run sees exactly
// one complete generation, removes stale files that bpgen wrote earlier, and
// never touches files it did not write.
//
// Why a journal: the output directory is a Go package that may also hold the
// user's own files, so it cannot be built elsewhere and swapped in, and
// renaming the new files in one by one is not atomic: a process killed
// between two renames (kill -9, power loss, a CI timeout) would leave old and
// new files mixed, a package that may not even compile. So a run first stages
// every new content in the bpgen-owned directory .bpgen-tmp inside the output
// directory and syncs it, then commits by renaming a journal into that
// directory which lists every rename and removal still to do. That rename is
// the only commit point. Before it, the old generation is intact and
// .bpgen-tmp is garbage that the next run deletes (roll back). After it, all
// new contents are known to be complete on disk and each remaining step can
// be redone safely (rename if the staged file is still there, remove if the
// target is still there), so the next run finishes the interrupted one (roll
// forward) before doing its own work. Rolling forward needs no copy of the
// old files, which rolling back a half-applied run would.
//
// The leading dot keeps the go tool from looking into .bpgen-tmp, and a
// .gitignore inside it keeps "git add ." from committing a killed run's
// leftovers. Plan writes nothing (bpgen -check must not): it reads a
// committed journal and compares against the generation the next Apply will
// complete, so a check after a killed run reports what a real run would do.
package write

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"sort"
	"strings"
)

// File is one file to write, named relative to the output directory.
type File struct {
	Name    string
	Content []byte
}

// Change is a file that differs between disk and the new generation.
type Change struct {
	Name string
	Kind string // "create", "update" or "remove"
}

func (c Change) String() string { return c.Kind + " " + c.Name }

// Plan compares files with the directory: what would be created, updated,
// and which of bpgen's earlier files would be removed. header is the comment
// text that marks a file as bpgen's. The directory is seen as the next Apply
// will see it, after finishing a run that was interrupted after its commit.
func Plan(dir, header string, files []File) ([]Change, error) {
	v, err := newView(dir)
	if err != nil {
		return nil, err
	}
	var changes []Change
	want := map[string]bool{}
	for _, f := range files {
		want[f.Name] = true
		old, err := v.read(f.Name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			changes = append(changes, Change{f.Name, "create"})
		case err != nil:
			return nil, err
		case !bytes.Equal(old, f.Content):
			changes = append(changes, Change{f.Name, "update"})
		}
	}
	stale, err := ownFiles(v, header)
	if err != nil {
		return nil, err
	}
	for _, name := range stale {
		if !want[name] {
			changes = append(changes, Change{name, "remove"})
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Name < changes[j].Name })
	return changes, nil
}

// ownFiles lists the .go files in the view whose first line is bpgen's
// header, and the temporary files older bpgen versions left behind when they
// were killed, so that those get removed like any stale file.
func ownFiles(v *view, header string) ([]string, error) {
	names, err := v.names()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, name := range names {
		legacy := isLegacyTemp(name)
		if !legacy && !strings.HasSuffix(name, ".go") {
			continue
		}
		ok, err := hasHeader(v.path(name), header, legacy)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, name)
		}
	}
	return out, nil
}

// isLegacyTemp reports whether name has the form ".X.go.tmpN" that bpgen
// used for temporary files before it had a staging directory.
func isLegacyTemp(name string) bool {
	i := strings.LastIndex(name, ".go.tmp")
	if !strings.HasPrefix(name, ".") || i < 2 || i+len(".go.tmp") == len(name) {
		return false
	}
	return strings.Trim(name[i+len(".go.tmp"):], "0123456789") == ""
}

// hasHeader reports whether the file at path starts with bpgen's header. An
// empty file counts when emptyOK: an old bpgen killed right after creating
// its temporary file left it empty, and an empty file holds nothing to lose.
func hasHeader(path, header string, emptyOK bool) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && line == "" {
		fi, serr := f.Stat()
		return emptyOK && serr == nil && fi.Mode().IsRegular() && fi.Size() == 0, nil
	}
	return strings.TrimSpace(line) == "// "+header, nil
}

// Apply writes the planned changes. It first finishes or discards whatever an
// interrupted earlier run left, then stages and commits the new generation
// as described in the package comment. An ordinary failure before the commit
// (disk full, permissions, a directory where a file should go) leaves the
// previous output as it was and removes the staged files.
func Apply(dir string, files []File, changes []Change) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := recoverDir(dir); err != nil {
		return err
	}
	if len(changes) == 0 {
		return nil
	}
	j, err := stage(dir, files, changes)
	if err != nil {
		return err
	}
	if err := commit(dir, j); err != nil {
		return err
	}
	return applyJournal(dir, j)
}
