package messages

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/internal/spectest"
)

// specTargets names the endpoint whose request schema each wire version's
// send body is checked against.
var specTargets = map[APIVersion]spectest.Target{
	V1:   spectest.V1Send,
	V0_1: spectest.V01Send,
}

// specTarget returns the send endpoint of version, failing t for a version
// with no spec, so that a new version cannot go unchecked.
func specTarget(t *testing.T, version APIVersion) spectest.Target {
	t.Helper()
	target, ok := specTargets[version]
	require.True(t, ok, "no spec for API version %q", version)
	return target
}

// validateAgainstSpec and assertSpecRejects map a wire version to its
// endpoint; the loading and checking is internal/spectest's, shared with
// messagestest's tests.

// validateAgainstSpec checks a send body against its version's spec.
func validateAgainstSpec(t *testing.T, version APIVersion, body []byte) {
	t.Helper()
	spectest.Check(t, specTarget(t, version), body)
}

// assertSpecRejects proves the spec check can fail: each body must not
// validate against its version's spec.
func assertSpecRejects(t *testing.T, bad map[APIVersion][]string) {
	t.Helper()
	for version, bodies := range bad {
		spectest.Rejects(t, specTarget(t, version), bodies...)
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
