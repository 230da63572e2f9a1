package messagestest

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAcceptsTheSDKsGoldenBodies posts every request body the SDK's golden
// tests pin (../testdata/golden) to its endpoint: the fake must accept all
// of them, and TestMain then checks them against the specs too.
func TestAcceptsTheSDKsGoldenBodies(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	auth := bearer(t, s)
	files, err := filepath.Glob(filepath.Join("..", "testdata", "golden", "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("found %d golden files, want the SDK's full set", len(files))
	}
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
			if err != nil {
				t.Fatal(err)
			}
			status, _, answer := call(t, s, method, path, auth, string(body))
			if status != http.StatusAccepted {
				t.Errorf("%s %s: %d %s", method, path, status, answer)
			}
		})
	}
}
