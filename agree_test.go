package messages_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// knownDisagreements lists every golden body and validation case on which
// the SDK's validator and messagestest's give different verdicts, keyed
// "golden/<version>/<file>" or "<version>/<case name>", with the reason the
// two differ on purpose. Most are Go values the wire has no place for: the
// SDK refuses them rather than drop them (limits.go), so the body it would
// have sent lacks them and the fake, which sees only the body, takes it.
// Anything else the two disagree on is a bug in one of them: fix it, or
// list it here with its reason.
var knownDisagreements = map[string]string{
	// Go values the wire has no place for: the SDK refuses each rather than
	// drop it (limits.go), so the body it would have sent lacks it.
	"v1/sms sender id takes any characters": "a TTL of 1.5s: the wire carries whole seconds and the SDK will not round (limits.go)",
	"v1/mms video viber fields":             "Viber's video fields (thumb_url, duration, file_size) have no place in an MMS video",
	"v1/mms file name":                      "an MMS file has no name field",
	"v0.1/mms v0.1 vcard caption":           "the v0.1 vcard has no caption",
	"v1/viber file caption":                 "v1 OutboundViberFile's file has url and name only; on the wire an extra caption is a property the spec does not forbid, so the fake takes it as the spec's schema does",
	"v1/messenger media":                    "a Messenger image has no caption",
	"v0.1/whatsapp v0.1 file name":          "the v0.1 WhatsApp file has no name",
	"v1/rcs media extras":                   "an RCS file has no caption or name, and carries no suggestions",
	"v1/rcs image caption":                  "an RCS image has no caption",
	"v1/rcs video extras":                   "an RCS video has no caption and none of Viber's video fields",
	"v1/rcs too many suggestions":           "twelve nil suggestions: a nil RCSSuggestion has no JSON form, so the body carries none",
	"v1/rcs carousel card orientation":      "a carousel card has no orientation of its own: the wire's rcs.card_orientation is the message's, and a carousel is always VERTICAL",
	// SDK rules on a free-form wire object.
	"v1/whatsapp location": "a WhatsApp Location travels as a custom message, whose object v1 leaves free (additionalProperties), so the fake checks none of it; the SDK holds its own Location to WGS84 degrees, WhatsApp's name-with-address rule and no URL (limits.go)",
}

// TestValidatorsAgree runs every golden request body and every case of the
// SDK's validation tables through both validators, the SDK's (on the Go
// message) and messagestest's (on the body, posted to a fake), and fails
// where one accepts what the other refuses, unless knownDisagreements
// lists it. The two are separate on purpose, so that the fake cannot share
// the SDK's bugs; this keeps them from drifting apart unnoticed.
func TestValidatorsAgree(t *testing.T) {
	t.Parallel()
	srv := messagestest.NewServer()
	defer srv.Close()
	tok, err := messages.GenerateJWT(srv.ApplicationID, srv.PrivateKey)
	require.NoError(t, err)
	// fake posts a body and returns the problems the fake names, or nil
	// when it accepts the body.
	fake := func(t *testing.T, method, path string, body []byte) []string {
		req, err := http.NewRequest(method, srv.URL+path, bytes.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		require.NoError(t, err)
		if resp.StatusCode == http.StatusAccepted {
			return nil
		}
		require.Contains(t, []int{http.StatusBadRequest, http.StatusUnprocessableEntity}, resp.StatusCode, "the fake's answer: %s", raw)
		var problem struct {
			InvalidParameters []messages.InvalidParameter `json:"invalid_parameters"`
		}
		require.NoError(t, json.Unmarshal(raw, &problem), "the fake's answer: %s", raw)
		require.NotEmpty(t, problem.InvalidParameters, "the fake refused without naming a field: %s", raw)
		var out []string
		for _, p := range problem.InvalidParameters {
			out = append(out, p.Name+": "+p.Reason)
		}
		return out
	}
	seen := map[string]bool{}
	check := func(t *testing.T, key string, body []byte, sdk, fake []string) {
		seen[key] = true
		reason, listed := knownDisagreements[key]
		agree := (len(sdk) == 0) == (len(fake) == 0)
		switch {
		case !agree && !listed:
			t.Errorf("%s: the validators disagree\n body: %s\n  sdk: %q\n fake: %q", key, body, sdk, fake)
		case agree && listed:
			t.Errorf("%s: the validators agree now; drop it from knownDisagreements (%s)", key, reason)
		}
	}

	// Golden bodies: the SDK wrote each (TestGoldenRequestBodies), so it
	// takes them; the fake must too.
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		version, name := filepath.Base(filepath.Dir(f)), filepath.Base(f)
		body, err := os.ReadFile(f)
		require.NoError(t, err)
		method, path := http.MethodPost, "/"+version+"/messages"
		switch {
		case strings.HasPrefix(name, "update-"):
			method, path = http.MethodPatch, "/v1/messages/aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"
		case strings.HasPrefix(name, "dispatch-"):
			path = "/v0.1/dispatch"
		}
		check(t, "golden/"+version+"/"+name, body, nil, fake(t, method, path, body))
	}

	// Validation cases: the SDK's verdict on the message, the fake's on the
	// body the SDK would have sent had it not refused.
	for _, vc := range messages.ValidationCases() {
		key := string(vc.Version) + "/" + vc.Name
		require.False(t, seen[key], "two validation cases are named %s", key)
		body, errs, err := messages.EncodeUnchecked(vc.Version, vc.Msg)
		require.NoError(t, err, key)
		var sdk []string
		for _, e := range errs {
			sdk = append(sdk, e.String())
		}
		check(t, key, body, sdk, fake(t, http.MethodPost, "/"+string(vc.Version)+"/messages", body))
	}

	for key, reason := range knownDisagreements {
		assert.True(t, seen[key], "knownDisagreements lists %s, which no golden body or case is (%s)", key, reason)
	}
	http.DefaultClient.CloseIdleConnections()
}
