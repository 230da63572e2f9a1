package messages

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestCoreDependsOnlyOnJWT keeps the library's run-time dependencies to the
// standard library and golang-jwt: the Redis store lives in its own module
// (redisstore) so that users who do not need it do not carry it.
func TestCoreDependsOnlyOnJWT(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command on PATH to list dependencies with: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{if .Module}}{{.Module.Path}}{{end}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var mods []string
	for _, m := range strings.Fields(string(out)) {
		if !slices.Contains(mods, m) {
			mods = append(mods, m)
		}
	}
	slices.Sort(mods)
	if want := []string{"github.com/golang-jwt/jwt/v5", "github.com/gomessages/messages"}; !slices.Equal(mods, want) {
		t.Errorf("the library's modules are %q, want %q", mods, want)
	}
}
