package diff

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/emit"
	"github.com/bpgen/bpgen/generator/load"
	"github.com/bpgen/bpgen/generator/model"
)

// side is one generated version.
type side struct {
	name    string // as the user named it: a file or REV:path
	files   []emit.File
	api     *model.API
	cleanup func()
}

// generateSide reads spec (a file, or REV:path from git) and generates it in
// memory with cfg's flags. Problems name spec as the user wrote it.
func generateSide(ctx context.Context, spec string, cfg generator.Config) (*side, error) {
	file, rename, cleanup, err := materialize(ctx, spec)
	if err != nil {
		return nil, err
	}
	cfg.Spec, cfg.Out, cfg.Check = file, "", false
	files, api, _, err := generator.Generate(ctx, cfg)
	if err != nil {
		cleanup()
		return nil, renameFiles(err, rename)
	}
	return &side{name: spec, files: files, api: api, cleanup: cleanup}, nil
}

// materialize returns a file holding spec: spec itself when it is a file,
// else, for REV:path, a copy of the revision's spec files (YAML and JSON,
// laid out as in the repository, so relative references resolve) in a
// temporary directory that cleanup removes. rename turns the copy's paths
// in messages back into REV:path.
func materialize(ctx context.Context, spec string) (file string, rename *strings.Replacer, cleanup func(), err error) {
	rev, rel, ok := strings.Cut(spec, ":")
	if _, statErr := os.Stat(spec); statErr == nil || !ok || len(rev) < 2 || rel == "" {
		return spec, strings.NewReplacer(), func() {}, nil // a file (a drive letter is not a revision)
	}
	full, err := repoPath(ctx, rel)
	if err != nil {
		return "", nil, nil, fmt.Errorf("%s: %w", spec, err)
	}
	tmp, err := os.MkdirTemp("", "bpgen-diff-")
	if err != nil {
		return "", nil, nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	if err := extract(ctx, rev, tmp); err != nil {
		cleanup()
		return "", nil, nil, fmt.Errorf("%s: %w", spec, err)
	}
	file = filepath.Join(tmp, filepath.FromSlash(full))
	if _, err := os.Stat(file); err != nil {
		cleanup()
		return "", nil, nil, fmt.Errorf("%s: no file %s at revision %s", spec, full, rev)
	}
	return file, strings.NewReplacer(tmp+string(filepath.Separator), rev+":"), cleanup, nil
}

// repoPath is rel as git reads REV:rel: from the top of the repository,
// unless it starts with ./ or ../ (from the working directory).
func repoPath(ctx context.Context, rel string) (string, error) {
	full := path.Clean(rel)
	if strings.HasPrefix(rel, "./") || strings.HasPrefix(rel, "../") {
		prefix, err := git(ctx, "rev-parse", "--show-prefix")
		if err != nil {
			return "", err
		}
		full = path.Join(strings.TrimSpace(string(prefix)), rel)
	}
	// Checked for both forms: a/../../x cleans to ../x as surely as ../x does,
	// and would name a file beside the directory the revision is extracted to.
	if full == ".." || strings.HasPrefix(full, "../") || path.IsAbs(full) {
		return "", fmt.Errorf("%s is outside the repository", rel)
	}
	return full, nil
}

// extract writes the YAML and JSON files of revision rev into dir.
func extract(ctx context.Context, rev, dir string) error {
	names, err := specFiles(ctx, rev)
	if err != nil {
		return err
	}
	out, err := git(ctx, append([]string{"archive", "--format=tar", rev, "--"}, names...)...)
	if err != nil {
		return err
	}
	tr := tar.NewReader(bytes.NewReader(out))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading git archive: %w", err)
		}
		if h.Typeflag != tar.TypeReg || !filepath.IsLocal(h.Name) {
			continue // directories are made below; links and odd names are not followed
		}
		if err := writeEntry(dir, h.Name, tr); err != nil {
			return err
		}
	}
}

// specFiles lists the YAML and JSON files of revision rev, from the top of
// the repository (git archive refuses a pattern that matches nothing).
func specFiles(ctx context.Context, rev string) ([]string, error) {
	out, err := git(ctx, "ls-tree", "-r", "--full-tree", "--name-only", "-z", rev)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, name := range strings.Split(string(out), "\x00") {
		switch path.Ext(name) {
		case ".yaml", ".yml", ".json":
			names = append(names, ":(top,literal)"+name)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("revision %s has no YAML or JSON file", rev)
	}
	return names, nil
}

func writeEntry(dir, name string, r io.Reader) error {
	dst := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

// git runs a git command in the working directory and returns its output;
// its error carries what git said.
func git(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("git %s: %s", args[0], msg)
		}
		return nil, fmt.Errorf("git %s: %w", args[0], err)
	}
	return out, nil
}

// renameFiles makes a generation error of a temporary copy name the spec
// files as the user would (REV:path).
func renameFiles(err error, rename *strings.Replacer) error {
	var le *load.Error
	if errors.As(err, &le) {
		out := &load.Error{Problems: make([]load.Diagnostic, len(le.Problems))}
		for i, p := range le.Problems {
			p.File, p.Message = rename.Replace(p.File), rename.Replace(p.Message)
			out.Problems[i] = p
		}
		return out
	}
	if msg := rename.Replace(err.Error()); msg != err.Error() {
		return errors.New(msg)
	}
	return err
}
