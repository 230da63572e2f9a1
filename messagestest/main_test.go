package messagestest

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/gomessages/messages/internal/spectest"
)

// Every server the tests start is tracked; once they have all run,
// TestMain checks each body the fake accepted against the API's OpenAPI
// files, so the fake can never accept what the spec refuses unnoticed.
var tracked struct {
	sync.Mutex
	servers []*Server
}

func track(s *Server) *Server {
	tracked.Lock()
	defer tracked.Unlock()
	tracked.servers = append(tracked.servers, s)
	return s
}

// newTestServer starts a tracked server that the test closes.
func newTestServer(t testing.TB, opts ...ServerOption) *Server {
	t.Helper()
	s := track(NewServer(opts...))
	t.Cleanup(s.Close)
	return s
}

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if err := validateAccepted(); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: accepted bodies against the specs:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// targetOf names the endpoint whose spec an accepted request must match.
func targetOf(r Request) (spectest.Target, bool) {
	switch {
	case r.Method == http.MethodPatch && r.Version == "v1":
		return spectest.V1Update, true
	case r.Version == "v1":
		return spectest.V1Send, true
	case r.Version == "v0.1" && r.Kind == "dispatch":
		return spectest.V01Dispatch, true
	case r.Version == "v0.1":
		return spectest.V01Send, true
	case r.Version == "beta" && r.Kind == "dispatch":
		return spectest.BetaWorkflows, true
	case r.Version == "beta":
		return spectest.BetaMessages, true
	}
	return spectest.Target{}, false
}

// validateBody checks one accepted request body against its spec.
func validateBody(dir string, r Request) error {
	target, ok := targetOf(r)
	if !ok {
		return fmt.Errorf("no spec for %s %s", r.Method, r.Path)
	}
	if err := spectest.Validate(dir, target, r.Body); err != nil {
		return fmt.Errorf("%s %s: %w\nbody: %s", r.Method, r.Path, err, r.Body)
	}
	return nil
}

func validateAccepted() error {
	dir := os.Getenv(spectest.EnvDir)
	tracked.Lock()
	defer tracked.Unlock()
	if dir == "" {
		fmt.Println("messagestest: MESSAGES_SPEC_DIR is not set: accepted bodies were not checked against the API's specs")
		return nil
	}
	var errs []error
	n := 0
	for _, s := range tracked.servers {
		for _, r := range s.Requests() {
			if r.Status != http.StatusAccepted {
				continue
			}
			n++
			if err := validateBody(dir, r); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if n == 0 && len(tracked.servers) > 0 && !strings.Contains(strings.Join(os.Args, " "), "-test.run") {
		errs = append(errs, errors.New("no accepted bodies were recorded"))
	}
	return errors.Join(errs...)
}
