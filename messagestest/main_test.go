package messagestest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
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

// specTarget names the spec file, path and method of an endpoint.
type specTarget struct {
	file, path, method string
	workflow           bool // a Dispatch request, checked step by step
}

func targetOf(r Request) (specTarget, bool) {
	switch {
	case r.Method == http.MethodPatch && r.Version == "v1":
		return specTarget{"messages-v1.yml", "/messages/{message_uuid}", http.MethodPatch, false}, true
	case r.Version == "v1":
		return specTarget{"messages-v1.yml", "/messages", http.MethodPost, false}, true
	case r.Version == "v0.1" && r.Kind == "dispatch":
		return specTarget{"dispatch-v0.1.yml", "/", http.MethodPost, true}, true
	case r.Version == "v0.1":
		return specTarget{"messages-v0.1.yml", "/", http.MethodPost, false}, true
	case r.Version == "beta" && r.Kind == "dispatch":
		return specTarget{"developer-preview-workflows.yml", "/workflows", http.MethodPost, true}, true
	case r.Version == "beta":
		return specTarget{"developer-preview-messages.yml", "/messages", http.MethodPost, false}, true
	}
	return specTarget{}, false
}

var specDocs sync.Map // path -> *openapi3.T

func loadSpecFile(dir, name string) (*openapi3.T, error) {
	path := filepath.Join(dir, name)
	if doc, ok := specDocs.Load(path); ok {
		return doc.(*openapi3.T), nil
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("MESSAGES_SPEC_DIR is set but the spec is missing: %w", err)
	}
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", path, err)
	}
	specDocs.Store(path, doc)
	return doc, nil
}

// validateBody checks one accepted request body against its spec.
func validateBody(dir string, r Request) error {
	target, ok := targetOf(r)
	if !ok {
		return fmt.Errorf("no spec for %s %s", r.Method, r.Path)
	}
	doc, err := loadSpecFile(dir, target.file)
	if err != nil {
		return err
	}
	item := doc.Paths.Find(target.path)
	if item == nil || item.GetOperation(target.method) == nil || item.GetOperation(target.method).RequestBody == nil {
		return fmt.Errorf("%s has no %s %s with a body", target.file, target.method, target.path)
	}
	schema := item.GetOperation(target.method).RequestBody.Value.Content.Get("application/json").Schema.Value
	var value any
	if err := json.Unmarshal(r.Body, &value); err != nil {
		return err
	}
	if target.method == http.MethodPatch {
		// The update body is oneOf a WhatsApp and an RCS schema that both
		// take {"status": "read"}, so a body passes when any of them does.
		var errs []error
		for _, alt := range schema.OneOf {
			err := alt.Value.VisitJSON(value, openapi3.MultiErrors())
			if err == nil {
				return nil
			}
			errs = append(errs, err)
		}
		return fmt.Errorf("%s %s against %s: %w\nbody: %s", r.Method, r.Path, target.file, errors.Join(errs...), r.Body)
	}
	if !target.workflow {
		if err := schema.VisitJSON(value, openapi3.MultiErrors()); err != nil {
			return fmt.Errorf("%s %s against %s: %w\nbody: %s", r.Method, r.Path, target.file, err, r.Body)
		}
		return nil
	}
	// The Dispatch specs type each step as oneOf two schemas that every step
	// matches (neither forbids extra properties), so each step is checked
	// against the one the spec's text assigns it.
	items, _ := value.(map[string]any)["workflow"].([]any)
	for i, step := range items {
		name := "sendWithFailoverMessage"
		if i == len(items)-1 {
			name = "sendMessage"
		}
		if err := doc.Components.Schemas[name].Value.VisitJSON(step, openapi3.MultiErrors()); err != nil {
			return fmt.Errorf("%s workflow[%d] against %s %s: %w\nbody: %s", r.Path, i, target.file, name, err, r.Body)
		}
	}
	return nil
}

func validateAccepted() error {
	dir := os.Getenv("MESSAGES_SPEC_DIR")
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
