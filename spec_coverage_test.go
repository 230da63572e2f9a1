package messages

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/internal/spectest"
)

// specBranch is one shape the spec's send request takes: one leaf of the
// nested oneOf of its body (one channel and message type).
type specBranch struct {
	name   string
	schema *openapi3.Schema
}

// requestBranches lists the leaves of a request body's nested oneOf. A send
// branch is named by the schema its allOf is built on: the Outbound* schema
// on v1 (beside the Failover array every v1 branch takes), the message
// schema on v0.1 (beside the channel options they share); a PATCH branch by
// its title.
func requestBranches(t *testing.T, target spectest.Target) []specBranch {
	t.Helper()
	schema, err := spectest.RequestSchema(spectest.Load(t, target.File), target)
	require.NoError(t, err)
	var out []specBranch
	var walk func(s *openapi3.SchemaRef)
	walk = func(s *openapi3.SchemaRef) {
		if len(s.Value.OneOf) > 0 {
			for _, alt := range s.Value.OneOf {
				walk(alt)
			}
			return
		}
		out = append(out, specBranch{branchName(s), s.Value})
	}
	require.NotEmpty(t, schema.OneOf, "%s: the %s %s body is no longer a oneOf", target.File, target.Method, target.Path)
	for _, alt := range schema.OneOf {
		walk(alt)
	}
	return out
}

// branchName names a branch by the first schema of its allOf that is
// neither shared plumbing (channel options, the failover array, the MMS
// common part) nor inline.
func branchName(s *openapi3.SchemaRef) string {
	if s.Ref != "" {
		return refName(s.Ref)
	}
	for _, part := range s.Value.AllOf {
		name := refName(part.Ref)
		if name == "" || name == "Failover" || name == "mmsMessage" || strings.HasPrefix(name, "channelOptions") {
			continue
		}
		return name
	}
	if s.Value.Title != "" {
		return s.Value.Title // the PATCH body's branches: WhatsApp, RCS
	}
	return "(unnamed)"
}

func refName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

// goldenBodies reads the golden bodies of a version that are requests to
// target: for a send, every body but the Dispatch and PATCH ones, each
// failover step of a v1 workflow also as a body of its own; for an update,
// the PATCH bodies.
func goldenBodies(t *testing.T, version APIVersion, target spectest.Target) map[string]any {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "golden", string(version), "*.json"))
	require.NoError(t, err)
	out := map[string]any{}
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		isUpdate := strings.HasPrefix(name, "update-")
		if strings.HasPrefix(name, "dispatch-") || isUpdate != (target == spectest.V1Update) {
			continue
		}
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		var body map[string]any
		require.NoError(t, json.Unmarshal(b, &body), path)
		out[name] = body
		steps, _ := body["failover"].([]any)
		for i, step := range steps {
			out[fmt.Sprintf("%s.failover[%d]", name, i)] = step
		}
	}
	return out
}

// TestSpecCoverage asserts that every branch of the send request and of the
// PATCH body that the SDK can build has a golden body that validates
// against that branch, and prints the table (go test -v). It also names any
// branch the spec has gained or lost since testdata/spec/*.branches was
// written (go test -update rewrites them), so a new spec file says what is
// new.
func TestSpecCoverage(t *testing.T) {
	tests := []struct {
		version APIVersion
		target  spectest.Target
		// notBuilt lists branches the SDK does not build on this version,
		// each with the reason; every other branch must be covered.
		notBuilt map[string]string
	}{
		{V1, spectest.V1Send, nil},
		{V1, spectest.V1Update, nil},
		{V0_1, spectest.V01Send, map[string]string{
			"templateMessageViber_outbound": "a Viber template needs an arrangement with Viber; v1, the live API, has no such branch, so the SDK's Viber content has no template",
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.version)+" "+tt.target.Method, func(t *testing.T) {
			branches := requestBranches(t, tt.target)
			checkBranchList(t, tt.target.File, tt.target.Method, branches)
			bodies := goldenBodies(t, tt.version, tt.target)
			names := make([]string, 0, len(bodies))
			for name := range bodies {
				names = append(names, name)
			}
			sort.Strings(names)

			var table strings.Builder
			covered := 0
			for _, br := range branches {
				var by []string
				for _, name := range names {
					if br.schema.VisitJSON(bodies[name]) == nil {
						by = append(by, name)
					}
				}
				reason, excused := tt.notBuilt[br.name]
				switch {
				case len(by) > 0:
					covered++
					assert.False(t, excused, "%s is covered by %v but listed as not built", br.name, by)
					fmt.Fprintf(&table, "  %-34s %d  %s\n", br.name, len(by), strings.Join(by[:min(3, len(by))], ", "))
				case excused:
					fmt.Fprintf(&table, "  %-34s -  not built: %s\n", br.name, reason)
				default:
					fmt.Fprintf(&table, "  %-34s 0  NOT COVERED\n", br.name)
					t.Errorf("%s: no golden body validates against %s", tt.target.File, br.name)
				}
			}
			builds := len(branches) - len(tt.notBuilt)
			t.Logf("%s: %d of %d branches the SDK builds have a golden body (%.0f%%); %d of %d in all\n%s",
				tt.target.File, covered, builds, 100*float64(covered)/float64(builds), covered, len(branches), table.String())
		})
	}
}

// checkBranchList compares the spec's branches with the list kept in
// testdata/spec, naming what is new and what is gone.
func checkBranchList(t *testing.T, file, method string, branches []specBranch) {
	t.Helper()
	var got []string
	for _, br := range branches {
		got = append(got, br.name)
	}
	path := filepath.Join("testdata", "spec", strings.TrimSuffix(file, ".yml")+"-"+strings.ToLower(method)+".branches")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(strings.Join(got, "\n")+"\n"), 0o644))
		return
	}
	b, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to record the branches")
	known := strings.Fields(string(b))
	var added, gone []string
	for _, name := range got {
		if !slices.Contains(known, name) {
			added = append(added, name)
		}
	}
	for _, name := range known {
		if !slices.Contains(got, name) {
			gone = append(gone, name)
		}
	}
	assert.Empty(t, added, "%s has new %s branches: build them, add golden cases, then go test -update", file, method)
	assert.Empty(t, gone, "%s no longer has these %s branches", file, method)
}
