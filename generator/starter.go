package generator

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bpgen/bpgen/generator/emit"
	"github.com/bpgen/bpgen/generator/model"
)

// DefaultStarterType names the type of a starter implementation unless
// Config.StarterType does.
const DefaultStarterType = "Service"

// writeStarter writes the starter implementation of the Server into
// cfg.Starter unless that file exists: it is the team's from then on. It
// reports whether it wrote the file.
func writeStarter(cfg Config, api *model.API) (bool, error) {
	if _, err := os.Stat(cfg.Starter); err == nil {
		return false, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	if len(api.Operations) == 0 {
		return false, fmt.Errorf("-starter %s: the API has no operations to implement", cfg.Starter)
	}
	pkg, importPath, err := starterPackage(cfg)
	if err != nil {
		return false, fmt.Errorf("-starter %s: %w", cfg.Starter, err)
	}
	typ := cfg.StarterType
	if typ == "" {
		typ = DefaultStarterType
	}
	if !token.IsIdentifier(typ) || !token.IsExported(typ) {
		return false, fmt.Errorf("-starter-type %q is not an exported Go identifier", typ)
	}
	src, err := emit.Starter(api, pkg, importPath, typ)
	if err != nil {
		return false, err
	}
	return true, createNew(cfg.Starter, src)
}

// starterPackage finds the package the starter file belongs to and the
// import path it refers to the generated package by ("" when it is that
// package).
func starterPackage(cfg Config) (pkg, importPath string, err error) {
	dir, err := filepath.Abs(filepath.Dir(cfg.Starter))
	if err != nil {
		return "", "", err
	}
	out, err := filepath.Abs(cfg.Out)
	if err != nil {
		return "", "", err
	}
	if dir == out {
		return cfg.Package, "", nil
	}
	if pkg, err = packageOfDir(dir); err != nil {
		return "", "", err
	}
	if importPath, err = cfg.importPath(); err != nil {
		return "", "", err
	}
	return pkg, importPath, nil
}

// packageOfDir is the package name of the Go files in dir, or its base name
// for a directory without any.
func packageOfDir(dir string) (string, error) {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.PackageClauseOnly)
		if err != nil {
			return "", err
		}
		return f.Name.Name, nil
	}
	name := strings.ToLower(filepath.Base(dir))
	if !token.IsIdentifier(name) {
		return "", fmt.Errorf("the directory name %q is not a Go package name; create the package first", name)
	}
	return name, nil
}

// createNew writes a new file whole or not at all, never replacing one that
// appeared meanwhile: the content goes to a temporary file in the same
// directory, which is then linked to name (failing if name exists).
func createNew(name string, content []byte) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".bpgen-starter-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Link(tmp.Name(), name)
}
