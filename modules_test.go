package messages_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
)

const coreModule = "github.com/gomessages/messages"

// TestModulesRequireThisVersion keeps the repository's modules fetchable
// once tagged: every go.mod that requires the core requires the version
// messages.Version names, through no replace (a replace would break `go
// install ...@version` and hide a wrong requirement), and go.work uses
// every module, mapping that version of the core to this directory, so that
// local builds and `go test ./...` from the root use the working tree.
func TestModulesRequireThisVersion(t *testing.T) {
	t.Parallel()
	want := "v" + messages.Version
	dirs := []string{"."}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
			return filepath.SkipDir // the go command ignores these too
		}
		if d.IsDir() || name != "go.mod" || path == "go.mod" {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		dirs = append(dirs, "./"+dir)
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		for _, d := range modDirectives(string(src)) {
			switch {
			case d[0] == "module":
				assert.Equal(t, []string{"module", coreModule + "/" + dir}, d, "%s: module path", path)
			case d[0] == "require" && len(d) >= 3 && d[1] == coreModule:
				assert.Equal(t, want, d[2], "%s requires the core at another version than messages.Version", path)
			case d[0] == "replace" && len(d) >= 2 && d[1] == coreModule:
				t.Errorf("%s replaces the core (%s): go.work maps it to the working tree instead", path, strings.Join(d[1:], " "))
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, len(dirs), 1, "no satellite module found: is redisstore/go.mod gone?")

	src, err := os.ReadFile("go.work")
	require.NoError(t, err, "go.work at the repository's root lists every module")
	var uses []string
	replaced := false
	for _, d := range modDirectives(string(src)) {
		switch {
		case d[0] == "use" && len(d) == 2:
			uses = append(uses, d[1])
		case d[0] == "replace" && len(d) >= 2 && d[1] == coreModule:
			replaced = true
			assert.Equal(t, []string{"replace", coreModule, want, "=>", "./"}, d, "go.work maps the version satellites require to the working tree")
		}
	}
	slices.Sort(dirs)
	slices.Sort(uses)
	assert.Equal(t, dirs, uses, "go.work uses every module in the repository, and only those")
	assert.True(t, replaced, "go.work replaces %s %s with ./: without it the workspace fetches that version", coreModule, want)
}

// modDirectives splits a go.mod or go.work file into directives, each its
// verb and fields, with blocks ("require ( ... )") opened into one
// directive a line and comments dropped.
func modDirectives(src string) [][]string {
	var out [][]string
	block := ""
	for _, line := range strings.Split(src, "\n") {
		line, _, _ = strings.Cut(line, "//")
		f := strings.Fields(line)
		for i := range f {
			f[i] = strings.Trim(f[i], `"`)
		}
		switch {
		case len(f) == 0:
		case block != "" && f[0] == ")":
			block = ""
		case block != "":
			out = append(out, append([]string{block}, f...))
		case len(f) == 2 && f[1] == "(":
			block = f[0]
		default:
			out = append(out, f)
		}
	}
	return out
}
