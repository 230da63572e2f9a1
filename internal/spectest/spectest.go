// Package spectest checks request bodies against the Messages API's own
// OpenAPI files, for the tests of the root package and of messagestest.
//
// The spec files are not part of the module: tests find them through the
// MESSAGES_SPEC_DIR environment variable. Unset, a test that needs them
// skips and says why; set to a folder without them, it fails, so CI cannot
// pass without the check.
package spectest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// EnvDir names the environment variable that points at the spec folder.
const EnvDir = "MESSAGES_SPEC_DIR"

// Target names the spec file, path and method whose request body a
// request must match.
type Target struct {
	File, Path, Method string
	// Workflow marks a Dispatch (or Developer Preview Workflows) request,
	// checked step by step: see Validate.
	Workflow bool
}

// The endpoints the SDK calls, each with the spec that describes it.
var (
	V1Send        = Target{"messages-v1.yml", "/messages", http.MethodPost, false}
	V1Update      = Target{"messages-v1.yml", "/messages/{message_uuid}", http.MethodPatch, false}
	V01Send       = Target{"messages-v0.1.yml", "/", http.MethodPost, false}
	V01Dispatch   = Target{"dispatch-v0.1.yml", "/", http.MethodPost, true}
	BetaMessages  = Target{"developer-preview-messages.yml", "/messages", http.MethodPost, false}
	BetaWorkflows = Target{"developer-preview-workflows.yml", "/workflows", http.MethodPost, true}
)

// Dir returns the spec folder, or skips t when MESSAGES_SPEC_DIR is unset.
func Dir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(EnvDir)
	if dir == "" {
		t.Skip(EnvDir + " is not set: set it to the folder holding messages-v1.yml to validate bodies against the API's specs")
	}
	return dir
}

var docs sync.Map // path -> *openapi3.T

// LoadFile loads (once per process) the named spec file from dir.
func LoadFile(dir, name string) (*openapi3.T, error) {
	path := filepath.Join(dir, name)
	if doc, ok := docs.Load(path); ok {
		return doc.(*openapi3.T), nil
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s is set but the spec is missing: %w", EnvDir, err)
	}
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", path, err)
	}
	docs.Store(path, doc)
	return doc, nil
}

// Load loads the named spec file from Dir(t), failing t if it cannot.
func Load(t testing.TB, name string) *openapi3.T {
	t.Helper()
	doc, err := LoadFile(Dir(t), name)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// RequestSchema returns the JSON schema of target's request body.
func RequestSchema(doc *openapi3.T, target Target) (*openapi3.Schema, error) {
	item := doc.Paths.Find(target.Path)
	if item == nil {
		return nil, fmt.Errorf("%s has no path %s", target.File, target.Path)
	}
	op := item.GetOperation(target.Method)
	if op == nil || op.RequestBody == nil {
		return nil, fmt.Errorf("%s has no %s %s with a body", target.File, target.Method, target.Path)
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil, fmt.Errorf("%s %s in %s has no application/json schema", target.Method, target.Path, target.File)
	}
	return mt.Schema.Value, nil
}

// Validate checks body against target's request schema in the specs of
// dir, working around two flaws of the specs (see the spec folder's
// README):
//   - the v1 PATCH body is a oneOf of a WhatsApp and an RCS branch that both
//     take {"status":"read"}, so a body passes when any branch takes it;
//   - the Dispatch specs type each step as a oneOf of two schemas that every
//     step matches, so each step is checked against the schema the spec's
//     text assigns it: sendWithFailoverMessage with a failover for all but
//     the last, sendMessage without one for the last.
func Validate(dir string, target Target, body []byte) error {
	doc, err := LoadFile(dir, target.File)
	if err != nil {
		return err
	}
	schema, err := RequestSchema(doc, target)
	if err != nil {
		return err
	}
	var value any
	if err := json.Unmarshal(body, &value); err != nil {
		return fmt.Errorf("body is not JSON: %w", err)
	}
	switch {
	case target.Workflow:
		return validateWorkflow(doc, target, schema, value)
	case target.Method == http.MethodPatch && len(schema.OneOf) > 0:
		var errs []error
		for _, alt := range schema.OneOf {
			err := alt.Value.VisitJSON(value, openapi3.MultiErrors())
			if err == nil {
				return nil
			}
			errs = append(errs, err)
		}
		return fmt.Errorf("against %s %s of %s: %w", target.Method, target.Path, target.File, errors.Join(errs...))
	}
	if err := schema.VisitJSON(value, openapi3.MultiErrors()); err != nil {
		return fmt.Errorf("against %s %s of %s: %w", target.Method, target.Path, target.File, err)
	}
	return nil
}

func validateWorkflow(doc *openapi3.T, target Target, schema *openapi3.Schema, value any) error {
	obj, _ := value.(map[string]any)
	if tmpl, ok := schema.Properties["template"]; ok {
		if err := tmpl.Value.VisitJSON(obj["template"]); err != nil {
			return fmt.Errorf("template against %s: %w", target.File, err)
		}
	}
	items, ok := obj["workflow"].([]any)
	if !ok || len(items) < 2 {
		return fmt.Errorf("workflow must be an array of two or more steps")
	}
	withFailover := doc.Components.Schemas["sendWithFailoverMessage"]
	last := doc.Components.Schemas["sendMessage"]
	if withFailover == nil || last == nil {
		return fmt.Errorf("%s has no sendWithFailoverMessage and sendMessage schemas", target.File)
	}
	var errs []error
	for i, item := range items {
		step, _ := item.(map[string]any)
		_, has := step["failover"]
		s := withFailover.Value
		if i == len(items)-1 {
			s = last.Value
			if has {
				errs = append(errs, fmt.Errorf("workflow[%d]: the last step has a failover", i))
			}
		} else if !has {
			errs = append(errs, fmt.Errorf("workflow[%d]: no failover", i))
		}
		if err := s.VisitJSON(item, openapi3.MultiErrors()); err != nil {
			errs = append(errs, fmt.Errorf("workflow[%d] against %s: %w", i, target.File, err))
		}
	}
	return errors.Join(errs...)
}

// Check validates body for t, reporting the body when it does not match.
func Check(t testing.TB, target Target, body []byte) {
	t.Helper()
	if err := Validate(Dir(t), target, body); err != nil {
		t.Errorf("%v\nbody: %s", err, body)
	}
}

// Rejects fails t for each body that target's spec accepts: it proves a
// spec check can fail.
func Rejects(t testing.TB, target Target, bodies ...string) {
	t.Helper()
	dir := Dir(t)
	for _, body := range bodies {
		if Validate(dir, target, []byte(body)) == nil {
			t.Errorf("%s accepted a bad body: %s", target.File, body)
		}
	}
}
