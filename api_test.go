package messages

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gomessages/messages/internal/apicheck"
	"github.com/stretchr/testify/require"
)

// TestExportedAPI holds every module's exported API to its file under api/
// (one line per name with its signature), so a change to the public
// surface shows as a line in review. After a deliberate change, rewrite the
// files with:
//
//	go test -run TestExportedAPI . -update
func TestExportedAPI(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command on PATH to list packages with: %v", err)
	}
	for _, dir := range moduleDirs(t) {
		name := apiFileName(dir)
		t.Run(name, func(t *testing.T) {
			got, err := apicheck.Module(goTool, dir)
			require.NoError(t, err)
			path := filepath.Join("api", name+".txt")
			if len(got) == 0 {
				require.NoFileExists(t, path, "module %s has no public API", dir)
				return
			}
			if *update {
				require.NoError(t, os.MkdirAll("api", 0o755))
				require.NoError(t, os.WriteFile(path, []byte(strings.Join(got, "\n")+"\n"), 0o644))
				return
			}
			want, err := apicheck.ReadFile(path)
			require.NoError(t, err, "run: go test -run TestExportedAPI . -update")
			if diff := apicheck.Diff(want, got); len(diff) > 0 {
				t.Fatalf("the exported API of %s differs from %s:\n%s\n"+
					"if the change is meant, record it (and say why in CHANGELOG.md):\n"+
					"\tgo test -run TestExportedAPI . -update", dir, path, strings.Join(diff, "\n"))
			}
		})
	}
}

// moduleDirs finds every module in the repository: the root and each
// directory below it that holds a go.mod.
func moduleDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() && d.Name() == "go.mod" {
			dirs = append(dirs, filepath.Dir(path))
		}
		return nil
	})
	require.NoError(t, err)
	return dirs
}

// apiFileName names a module's API file: "messages" for the root, the
// directory path with dashes for the others ("redisstore").
func apiFileName(dir string) string {
	if dir == "." {
		return "messages"
	}
	return strings.ReplaceAll(filepath.ToSlash(dir), "/", "-")
}
