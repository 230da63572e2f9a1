package messagestest

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAcceptsTheSDKsGoldenBodies posts every request body the SDK's golden
// tests pin (../testdata/golden) to its endpoint: the fake must accept all
// of them, and TestMain then checks them against the specs too.
func TestAcceptsTheSDKsGoldenBodies(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	auth := bearer(t, s)
	files, err := filepath.Glob(filepath.Join("..", "testdata", "golden", "*", "*.json"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 20, "golden files found: want the SDK's full set")
	for _, f := range files {
		version := filepath.Base(filepath.Dir(f))
		name := filepath.Base(f)
		method, path := http.MethodPost, "/"+version+"/messages"
		switch {
		case strings.HasPrefix(name, "dispatch-"):
			path = "/" + version + "/dispatch"
		case strings.HasPrefix(name, "update-"):
			method, path = http.MethodPatch, "/"+version+"/messages/"+MessageUUID
		}
		t.Run(version+"/"+name, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(f)
			require.NoError(t, err)
			status, _, answer := call(t, s, method, path, auth, string(body))
			assert.Equal(t, http.StatusAccepted, status, "%s %s: %s", method, path, answer)
		})
	}
}
