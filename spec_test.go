package messages

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// specFiles names the OpenAPI file each wire version is checked against.
var specFiles = map[APIVersion]struct{ file, path string }{
	V1:   {"messages-v1.yml", "/messages"},
	V0_1: {"messages-v0.1.yml", "/"},
}

// specDir finds the API's spec files through MESSAGES_SPEC_DIR. Unset, the
// spec tests skip (they are not the project's to ship); set but wrong, they
// fail, so CI cannot pass without them.
func specDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("MESSAGES_SPEC_DIR")
	if dir == "" {
		t.Skip("MESSAGES_SPEC_DIR is not set: set it to the folder holding messages-v1.yml to validate bodies against the API's specs")
	}
	return dir
}

var specCache sync.Map // path -> *openapi3.T

func loadSpec(t *testing.T, name string) *openapi3.T {
	t.Helper()
	path := filepath.Join(specDir(t), name)
	if doc, ok := specCache.Load(path); ok {
		return doc.(*openapi3.T)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("MESSAGES_SPEC_DIR is set but the spec is missing: %v", err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	specCache.Store(path, doc)
	return doc
}

// requestSchema returns the JSON schema of a POST operation's body.
func requestSchema(t *testing.T, doc *openapi3.T, path string) *openapi3.Schema {
	t.Helper()
	item := doc.Paths.Find(path)
	if item == nil || item.Post == nil || item.Post.RequestBody == nil {
		t.Fatalf("spec has no POST %s with a request body", path)
	}
	mt := item.Post.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		t.Fatalf("POST %s has no application/json schema", path)
	}
	return mt.Schema.Value
}

// validateAgainstSpec checks a request body against its version's spec.
func validateAgainstSpec(t *testing.T, version APIVersion, body []byte) {
	t.Helper()
	sf := specFiles[version]
	schema := requestSchema(t, loadSpec(t, sf.file), sf.path)
	var value any
	if err := json.Unmarshal(body, &value); err != nil {
		t.Fatal(err)
	}
	if err := schema.VisitJSON(value, openapi3.MultiErrors()); err != nil {
		t.Errorf("body does not validate against %s:\n%v\nbody: %s", sf.file, err, body)
	}
}

func TestGoldenBodiesValidateAgainstSpec(t *testing.T) {
	t.Parallel()
	for _, gc := range goldenCases {
		t.Run(string(gc.version)+"/"+gc.name, func(t *testing.T) {
			validateAgainstSpec(t, gc.version, readTestdata(t, "golden", string(gc.version), gc.name+".json"))
		})
	}
}

// TestSpecCatchesDrift proves the spec check can fail: a body with a
// misspelt field or a wrong shape must not validate.
func TestSpecCatchesDrift(t *testing.T) {
	t.Parallel()
	assertSpecRejects(t, driftBodies())
}

// driftBodies are SMS and Viber bodies with a missing field or a wrong
// shape, which the spec of their version must reject.
func driftBodies() map[APIVersion][]string {
	return map[APIVersion][]string{
		V1: {
			`{"channel":"sms","message_type":"text","to":"447700900000","from":"447700900001"}`,
			`{"channel":"sms","message_type":"text","to":"447700900000","from":"447700900001","text":"hi","ttl":5}`,
			`{"channel":"viber_service","message_type":"video","to":"447700900000","from":"654321","video":{"url":"https://example.com/v.mp4"}}`,
		},
		V0_1: {
			`{"from":{"type":"sms","number":"447700900001"},"to":{"type":"sms","number":"447700900000"},"message":{"content":{"type":"text"}}}`,
			`{"from":"447700900001","to":"447700900000","message":{"content":{"type":"text","text":"hi"}}}`,
		},
	}
}

// assertSpecRejects proves the spec check can fail: each body must not
// validate against its version's spec.
func assertSpecRejects(t *testing.T, bad map[APIVersion][]string) {
	t.Helper()
	for version, bodies := range bad {
		sf := specFiles[version]
		schema := requestSchema(t, loadSpec(t, sf.file), sf.path)
		for _, body := range bodies {
			var value any
			if err := json.Unmarshal([]byte(body), &value); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
			if schema.VisitJSON(value) == nil {
				t.Errorf("%s: spec accepted a bad body: %s", version, body)
			}
		}
	}
}
