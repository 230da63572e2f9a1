package messages

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	require.NoError(t, err, "go list")
	var mods []string
	for _, m := range strings.Fields(string(out)) {
		if !slices.Contains(mods, m) {
			mods = append(mods, m)
		}
	}
	slices.Sort(mods)
	assert.Equal(t, []string{"github.com/golang-jwt/jwt/v5", "github.com/gomessages/messages"}, mods, "the library's modules")
}
