// Package apicheck lists a module's exported API, one line per name with
// its signature, in the spirit of the Go distribution's api/ files. The root
// package's TestExportedAPI compares that list with the files under api/,
// so a change to the public surface is a visible line in a review.
package apicheck

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// goPackage is what `go list` says of one package.
type goPackage struct {
	ImportPath string
	Dir        string
	Name       string
	GoFiles    []string
	Export     string
}

// Module lists the exported API of every public package of the module in
// dir: packages under internal/ or examples/ and commands (package main)
// are left out. Each line reads "pkg PATH, KIND DECL", sorted.
func Module(goTool, dir string) ([]string, error) {
	pkgs, err := listPackages(goTool, dir, "./...")
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, p := range pkgs {
		if !isPublic(p) {
			continue
		}
		pkgLines, err := packageAPI(goTool, p)
		if err != nil {
			return nil, err
		}
		lines = append(lines, pkgLines...)
	}
	slices.Sort(lines)
	return lines, nil
}

func isPublic(p goPackage) bool {
	if p.Name == "main" {
		return false
	}
	for _, part := range strings.Split(p.ImportPath, "/") {
		if part == "internal" || part == "examples" || part == "testdata" {
			return false
		}
	}
	return true
}

// listPackages runs `go list -json` with the arguments in dir.
func listPackages(goTool, dir string, args ...string) ([]goPackage, error) {
	cmd := exec.Command(goTool, append([]string{"list", "-json=ImportPath,Dir,Name,GoFiles,Export"}, args...)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("apicheck: go list in %s: %v: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	var pkgs []goPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p goPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("apicheck: go list output: %w", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// packageAPI type-checks one package from its source, importing its
// dependencies from the export data `go list -export` builds.
func packageAPI(goTool string, p goPackage) ([]string, error) {
	deps, err := listPackages(goTool, p.Dir, "-export", "-deps", ".")
	if err != nil {
		return nil, err
	}
	exports := map[string]string{}
	for _, d := range deps {
		exports[d.ImportPath] = d.Export
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range p.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("apicheck: %w", err)
		}
		files = append(files, f)
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok || file == "" {
			return nil, fmt.Errorf("apicheck: no export data for %s", path)
		}
		return os.Open(file)
	})
	conf := types.Config{Importer: imp}
	pkg, err := conf.Check(p.ImportPath, fset, files, nil)
	if err != nil {
		return nil, fmt.Errorf("apicheck: type-check %s: %w", p.ImportPath, err)
	}
	return describe(pkg), nil
}

// describe gives one line per exported name of pkg, and one per exported
// field and method of its exported types.
func describe(pkg *types.Package) []string {
	qualify := func(other *types.Package) string {
		if other == pkg {
			return ""
		}
		return other.Name()
	}
	prefix := "pkg " + pkg.Path() + ", "
	var lines []string
	add := func(format string, args ...any) {
		lines = append(lines, prefix+fmt.Sprintf(format, args...))
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch obj := obj.(type) {
		case *types.Const:
			add("const %s %s = %s", name, types.TypeString(obj.Type(), qualify), obj.Val().ExactString())
		case *types.Var:
			add("var %s %s", name, types.TypeString(obj.Type(), qualify))
		case *types.Func:
			add("func %s%s", name, signature(obj.Type().(*types.Signature), qualify))
		case *types.TypeName:
			describeType(obj, qualify, add)
		}
	}
	return lines
}

func describeType(obj *types.TypeName, qualify types.Qualifier, add func(string, ...any)) {
	name := obj.Name()
	if obj.IsAlias() {
		add("type %s = %s", name, types.TypeString(obj.Type(), qualify))
		return
	}
	switch u := obj.Type().Underlying().(type) {
	case *types.Struct:
		add("type %s struct", name)
		for i := range u.NumFields() {
			f := u.Field(i)
			switch {
			case f.Embedded():
				add("type %s struct, embedded %s", name, types.TypeString(f.Type(), qualify))
			case f.Exported():
				add("type %s struct, %s %s", name, f.Name(), types.TypeString(f.Type(), qualify))
			}
		}
	case *types.Interface:
		var methods []string
		sealed := false
		for i := range u.NumMethods() {
			m := u.Method(i)
			if !m.Exported() {
				sealed = true
				continue
			}
			methods = append(methods, m.Name())
			add("type %s interface, %s%s", name, m.Name(), signature(m.Type().(*types.Signature), qualify))
		}
		if sealed {
			methods = append(methods, "unexported methods")
		}
		add("type %s interface { %s }", name, strings.Join(methods, ", "))
	default:
		add("type %s %s", name, types.TypeString(u, qualify))
	}
	named, ok := obj.Type().(*types.Named)
	if !ok {
		return
	}
	for i := range named.NumMethods() {
		m := named.Method(i)
		if !m.Exported() {
			continue
		}
		sig := m.Type().(*types.Signature)
		recv := name
		if _, isPtr := sig.Recv().Type().(*types.Pointer); isPtr {
			recv = "*" + name
		}
		add("method (%s) %s%s", recv, m.Name(), signature(sig, qualify))
	}
}

// signature prints a function's parameter and result types without their
// names, so renaming a parameter is not an API change.
func signature(sig *types.Signature, qualify types.Qualifier) string {
	var b strings.Builder
	b.WriteString("(")
	params := sig.Params()
	for i := range params.Len() {
		if i > 0 {
			b.WriteString(", ")
		}
		t := params.At(i).Type()
		if sig.Variadic() && i == params.Len()-1 {
			b.WriteString("..." + types.TypeString(t.(*types.Slice).Elem(), qualify))
			continue
		}
		b.WriteString(types.TypeString(t, qualify))
	}
	b.WriteString(")")
	results := sig.Results()
	switch results.Len() {
	case 0:
	case 1:
		b.WriteString(" " + types.TypeString(results.At(0).Type(), qualify))
	default:
		b.WriteString(" (")
		for i := range results.Len() {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(types.TypeString(results.At(i).Type(), qualify))
		}
		b.WriteString(")")
	}
	return b.String()
}

// ReadFile reads an API file: one line per name, blank lines and lines
// starting with # left out.
func ReadFile(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lines = append(lines, line)
	}
	return lines, sc.Err()
}

// Diff names what was added to and removed from want to make got, one
// "+ line" or "- line" each.
func Diff(want, got []string) []string {
	var out []string
	for _, l := range got {
		if !slices.Contains(want, l) {
			out = append(out, "+ "+l)
		}
	}
	for _, l := range want {
		if !slices.Contains(got, l) {
			out = append(out, "- "+l)
		}
	}
	return out
}
