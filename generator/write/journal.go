package write

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

const (
	stagingDir  = ".bpgen-tmp" // bpgen's own: nothing else may live there
	journalName = "journal"
	journalTemp = "journal.tmp"
)

// testHook, when set, is called before every step that changes the disk.
// Tests make it panic to stop a run at that point the way kill -9 would: no
// code in this file defers any cleanup, so a panic skips all of it.
var testHook func(step string)

// noSync makes tests that simulate hundreds of kills in-process fast: a
// panic loses no page cache, so fsync only matters to real crashes.
var noSync bool

func step(name string) {
	if testHook != nil {
		testHook(name)
	}
}

// journal is what a committed run still has to do. Staged names are relative
// to the staging directory, targets and removals to the output directory.
type journal struct {
	Renames []rename `json:"renames"`
	Removes []string `json:"removes"`
}

type rename struct {
	Staged string `json:"staged"`
	Target string `json:"target"`
}

// readJournal returns the committed journal in dir, or nil if there is none.
// Its names are checked to be plain file names so that a damaged or forged
// journal cannot make bpgen rename or remove anything outside dir.
func readJournal(dir string) (*journal, error) {
	path := filepath.Join(dir, stagingDir, journalName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	j := new(journal)
	if err := json.Unmarshal(data, j); err != nil {
		return nil, fmt.Errorf("%s: unreadable bpgen journal: %v", path, err)
	}
	names := append([]string(nil), j.Removes...)
	for _, r := range j.Renames {
		names = append(names, r.Staged, r.Target)
	}
	for _, n := range names {
		if !plainName(n) {
			return nil, fmt.Errorf("%s: bpgen journal names %q, which is not a file in the directory", path, n)
		}
	}
	return j, nil
}

// plainName reports whether name is a file directly in the output
// directory or in a subdirectory of it (one level, as the test subpackage
// is), never in the staging directory.
func plainName(name string) bool {
	if !filepath.IsLocal(name) || strings.Contains(name, "\\") {
		return false
	}
	parts := strings.Split(filepath.ToSlash(name), "/")
	if len(parts) > 2 {
		return false
	}
	for _, p := range parts {
		if p == "" || p == "." || p == ".." || p == stagingDir {
			return false
		}
	}
	return true
}

// subdir is the subdirectory part of a journal name, "" for a file at the
// top of the output directory.
func subdir(name string) string {
	if d := filepath.Dir(name); d != "." {
		return d
	}
	return ""
}

// makeSubdirs creates the subdirectories the journal's targets go into. An
// existing one must be a real directory: a symbolic link there could make a
// rename write outside the output directory.
func makeSubdirs(dir string, j *journal) error {
	for _, r := range j.Renames {
		sub := subdir(r.Target)
		if sub == "" {
			continue
		}
		p := filepath.Join(dir, sub)
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			if err := os.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			return fmt.Errorf("%s exists and is not a directory", p)
		}
	}
	return nil
}

// recoverDir finishes a committed earlier run (its journal is there) or
// discards an uncommitted one (only staged files are there).
func recoverDir(dir string) error {
	ok, err := hasStaging(dir)
	if err != nil || !ok {
		return err
	}
	j, err := readJournal(dir)
	if err != nil {
		return err
	}
	if j != nil {
		return applyJournal(dir, j)
	}
	return discard(dir)
}

// hasStaging reports whether an earlier run left a staging directory. A
// file of that name is not bpgen's, so it is an error rather than removed.
func hasStaging(dir string) (bool, error) {
	staging := filepath.Join(dir, stagingDir)
	fi, err := os.Lstat(staging)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.IsDir() {
		return false, fmt.Errorf("%s exists and is not bpgen's staging directory", staging)
	}
	return true, nil
}

// stage checks the targets, then writes and syncs every new content in a
// fresh staging directory. Nothing in dir itself changes yet.
func stage(dir string, files []File, changes []Change) (*journal, error) {
	content := map[string][]byte{}
	for _, f := range files {
		content[f.Name] = f.Content
	}
	j := new(journal)
	for _, c := range changes {
		target := filepath.Join(dir, c.Name)
		if !plainName(c.Name) {
			return nil, fmt.Errorf("%s: not a file name in %s", c.Name, dir)
		}
		if sub := subdir(c.Name); sub != "" {
			if fi, err := os.Lstat(filepath.Join(dir, sub)); err == nil && !fi.IsDir() {
				return nil, fmt.Errorf("%s exists and is not a directory", filepath.Join(dir, sub))
			}
		}
		if c.Kind == "remove" && c.Content == nil {
			j.Removes = append(j.Removes, c.Name)
			continue
		}
		if c.Kind == "remove" {
			content[c.Name] = c.Content // a tombstone, renamed in like new content
		}
		if fi, err := os.Lstat(target); err == nil && !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("%s exists and is not a regular file", target)
		}
		j.Renames = append(j.Renames, rename{strconv.Itoa(len(j.Renames)), c.Name})
	}
	if err := writeStaging(dir, j, content); err != nil {
		discard(dir) // best effort: the next run discards it anyway
		return nil, err
	}
	return j, nil
}

func writeStaging(dir string, j *journal, content map[string][]byte) error {
	staging := filepath.Join(dir, stagingDir)
	step("mkdir staging")
	if err := os.Mkdir(staging, 0o755); err != nil {
		return err
	}
	paths := []string{filepath.Join(staging, ".gitignore")}
	if err := writeNew(paths[0], []byte("*\n")); err != nil {
		return err
	}
	for _, r := range j.Renames {
		step("stage " + r.Target)
		paths = append(paths, filepath.Join(staging, r.Staged))
		if err := writeNew(paths[len(paths)-1], content[r.Target]); err != nil {
			return err
		}
	}
	// Without the entry for staging in dir, a crash could lose the journal
	// after some renames were already durable; without staging's entries or
	// the files' data, the journal would refer to files that are not there.
	// All of it must be durable before the commit, in no particular order.
	return syncAll(paths, []string{dir, staging})
}

// commit makes the run's outcome "new generation": the journal appears under
// its final name, complete, only once everything it refers to is on disk.
func commit(dir string, j *journal) error {
	staging := filepath.Join(dir, stagingDir)
	data, err := json.Marshal(j)
	if err != nil {
		return err
	}
	tmp := filepath.Join(staging, journalTemp)
	err = writeSynced(tmp, data)
	if err == nil {
		step("commit")
		err = os.Rename(tmp, filepath.Join(staging, journalName))
	}
	if err == nil {
		err = syncDir(staging)
	}
	if err != nil {
		discard(dir) // nothing applied yet: rolling back is still correct
	}
	return err
}

// applyJournal does (or redoes) the committed steps, then drops the journal.
// A staged file that is missing was renamed by an earlier attempt, since all
// of them were on disk when the journal was committed.
func applyJournal(dir string, j *journal) error {
	staging := filepath.Join(dir, stagingDir)
	if err := makeSubdirs(dir, j); err != nil {
		return err
	}
	touched := map[string]bool{}
	for _, r := range j.Renames {
		touched[subdir(r.Target)] = true
		step("rename " + r.Target)
		err := os.Rename(filepath.Join(staging, r.Staged), filepath.Join(dir, r.Target))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	for _, name := range j.Removes {
		touched[subdir(name)] = true
		step("remove " + name)
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	// The renames and removals must be durable before the journal that
	// would redo them goes away.
	for _, sub := range slices.Sorted(maps.Keys(touched)) { // sorted: the same steps in the same order every run
		if sub == "" {
			continue
		}
		err := syncDir(filepath.Join(dir, sub))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		os.Remove(filepath.Join(dir, sub)) // only succeeds once bpgen removed its last file there
	}
	if err := syncDir(dir); err != nil {
		return err
	}
	return discard(dir)
}

// discard deletes the staging directory. The journal goes first, and
// durably: a journal whose staged files were deleted would make the next run
// take them for already renamed and skip them.
func discard(dir string) error {
	staging := filepath.Join(dir, stagingDir)
	step("drop journal")
	if err := os.Remove(filepath.Join(staging, journalName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := syncDir(staging); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	step("remove staging")
	if err := os.RemoveAll(staging); err != nil {
		return err
	}
	return syncDir(dir)
}

// writeSynced writes a new file with mode 0644 and syncs it.
func writeSynced(path string, data []byte) error {
	if err := writeNew(path, data); err != nil {
		return err
	}
	return syncFile(path)
}

// writeNew writes a new file with mode 0644, not synced. It stops halfway
// through for the test hook, to simulate a kill in mid-write.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	half := len(data) / 2
	_, werr := f.Write(data[:half])
	if werr == nil {
		step("mid-write " + filepath.Base(path))
		_, werr = f.Write(data[half:])
	}
	if err := errors.Join(werr, f.Close()); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// The umask may have narrowed the mode given to OpenFile.
	return os.Chmod(path, 0o644)
}

// syncFile makes the data of the file at path durable. fsync applies to the
// file, not to the descriptor that wrote it, so a new one will do.
func syncFile(path string) error {
	if noSync {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		return fmt.Errorf("syncing %s: %w", path, err)
	}
	return nil
}

// syncAll syncs files and directories concurrently: each fsync waits for the
// disk, and a filesystem that journals commits concurrent ones together, so
// a package of forty files costs about one wait instead of forty.
func syncAll(files, dirs []string) error {
	jobs := make(chan func() error, len(files)+len(dirs))
	for _, f := range files {
		jobs <- func() error { return syncFile(f) }
	}
	for _, d := range dirs {
		jobs <- func() error { return syncDir(d) }
	}
	close(jobs)
	errs := make(chan error, cap(jobs))
	var wg sync.WaitGroup
	for range min(cap(jobs), maxSyncs) {
		wg.Go(func() {
			for job := range jobs {
				errs <- job()
			}
		})
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

// maxSyncs bounds the fsyncs in flight, and so the threads blocked in them.
const maxSyncs = 16

// syncDir makes the creations, renames and removals in dir durable. Windows
// cannot sync a directory and NTFS journals its metadata itself, so it is
// skipped there; some Unix filesystems reject fsync on directories (EINVAL,
// ENOTSUP), and there is nothing stronger to do on them either.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" || noSync {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	d.Close()
	if err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return nil
}

// view is the output directory as the next Apply will find it once it has
// finished a committed earlier run: pending renames already done, pending
// removals already gone. It lets Plan (and so bpgen -check) answer without
// writing anything.
type view struct {
	dir     string
	pending map[string]string // target name -> staged path not yet renamed
	removed map[string]bool
}

func newView(dir string) (*view, error) {
	v := &view{dir: dir, pending: map[string]string{}, removed: map[string]bool{}}
	ok, err := hasStaging(dir)
	if err != nil || !ok {
		return v, err
	}
	j, err := readJournal(dir)
	if err != nil || j == nil {
		return v, err
	}
	for _, r := range j.Renames {
		staged := filepath.Join(dir, stagingDir, r.Staged)
		if _, err := os.Lstat(staged); err == nil {
			v.pending[r.Target] = staged
		}
	}
	for _, name := range j.Removes {
		v.removed[name] = true
	}
	return v, nil
}

// path is where the content of name is to be read.
func (v *view) path(name string) string {
	if staged, ok := v.pending[name]; ok {
		return staged
	}
	return filepath.Join(v.dir, name)
}

func (v *view) read(name string) ([]byte, error) {
	if v.removed[name] {
		return nil, &fs.PathError{Op: "open", Path: filepath.Join(v.dir, name), Err: fs.ErrNotExist}
	}
	return os.ReadFile(v.path(name))
}

// names lists the files directly in the directory's subdirectory sub ("" for
// the directory itself), named relative to the directory, in name order.
func (v *view) names(sub string) ([]string, error) {
	if sub != "" {
		// Only a real directory is bpgen's: never clean through a link.
		if fi, err := os.Lstat(filepath.Join(v.dir, sub)); err == nil && !fi.IsDir() {
			return nil, nil
		}
	}
	entries, err := os.ReadDir(filepath.Join(v.dir, sub))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, e := range entries {
		name := filepath.Join(sub, e.Name())
		if !e.IsDir() && !v.removed[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	for name := range v.pending {
		if subdir(name) == sub && !seen[name] {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, nil
}
