// Package write puts generated files on disk: atomically, removing stale
// files that bpgen wrote earlier and never touching files it did not write.
package write

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
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
// text that marks a file as bpgen's.
func Plan(dir, header string, files []File) ([]Change, error) {
	var changes []Change
	want := map[string]bool{}
	for _, f := range files {
		want[f.Name] = true
		old, err := os.ReadFile(filepath.Join(dir, f.Name))
		switch {
		case os.IsNotExist(err):
			changes = append(changes, Change{f.Name, "create"})
		case err != nil:
			return nil, err
		case !bytes.Equal(old, f.Content):
			changes = append(changes, Change{f.Name, "update"})
		}
	}
	stale, err := ownFiles(dir, header)
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

// ownFiles lists the .go files in dir whose first line is bpgen's header.
func ownFiles(dir, header string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		ok, err := hasHeader(filepath.Join(dir, e.Name()), header)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

func hasHeader(path, header string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && line == "" {
		return false, nil
	}
	return strings.TrimSpace(line) == "// "+header, nil
}

// Apply writes the planned changes. Every new content is first written to a
// temporary file in dir and synced; only when all of them are ready are they
// renamed into place, so a failure (disk full, permissions) leaves the
// previous output as it was.
func Apply(dir string, files []File, changes []Change) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	content := map[string][]byte{}
	for _, f := range files {
		content[f.Name] = f.Content
	}
	var temps []string
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	var renames [][2]string
	for _, c := range changes {
		if c.Kind == "remove" {
			continue
		}
		if fi, err := os.Lstat(filepath.Join(dir, c.Name)); err == nil && !fi.Mode().IsRegular() {
			cleanup()
			return fmt.Errorf("%s exists and is not a regular file", filepath.Join(dir, c.Name))
		}
		tmp, err := writeTemp(dir, c.Name, content[c.Name])
		if err != nil {
			cleanup()
			return err
		}
		temps = append(temps, tmp)
		renames = append(renames, [2]string{tmp, filepath.Join(dir, c.Name)})
	}
	for _, r := range renames {
		if err := os.Rename(r[0], r[1]); err != nil {
			cleanup()
			return err
		}
	}
	for _, c := range changes {
		if c.Kind == "remove" {
			if err := os.Remove(filepath.Join(dir, c.Name)); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
	}
	return nil
}

func writeTemp(dir, name string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, "."+name+".tmp*")
	if err != nil {
		return "", err
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	for _, err := range []error{werr, serr, cerr} {
		if err != nil {
			os.Remove(f.Name())
			return "", fmt.Errorf("writing %s: %w", name, err)
		}
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
