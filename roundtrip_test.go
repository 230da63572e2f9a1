package messages_test

import (
	"bytes"
	"context"
	"encoding/json"
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

// TestEveryGoldenCaseRoundTripsThroughTheFake sends each channel and
// content type through the SDK to messagestest: the fake must accept it,
// record the same bytes the golden file pins, and decode its channel.
func TestEveryGoldenCaseRoundTripsThroughTheFake(t *testing.T) {
	t.Parallel()
	srv := messagestest.NewServer()
	defer srv.Close()
	clients := map[messages.APIVersion]*messages.Client{
		messages.V1:   srv.Client(),
		messages.V0_1: srv.Client(messages.WithAPIVersion(messages.V0_1)),
	}
	for _, gc := range messages.GoldenCases() {
		t.Run(string(gc.Version)+"/"+gc.Name, func(t *testing.T) {
			res, err := clients[gc.Version].Send(context.Background(), gc.Msg)
			require.NoError(t, err)
			var rec *messagestest.Request
			for _, r := range srv.Requests() {
				if r.MessageUUID == res.MessageUUID {
					rec = &r
				}
			}
			require.NotNil(t, rec, "the fake recorded no request for %s", res.MessageUUID)
			assert.Equal(t, 202, rec.Status, "recorded status")
			assert.Equal(t, string(gc.Version), rec.Version, "recorded version")
			assert.Equal(t, gc.Msg.MessageChannel(), rec.Channel, "recorded channel")
			golden, err := os.ReadFile(filepath.Join("testdata", "golden", string(gc.Version), gc.Name+".json"))
			require.NoError(t, err)
			var want bytes.Buffer
			require.NoError(t, json.Compact(&want, golden))
			assert.Equal(t, want.String(), string(rec.Body), "the fake received another body")
		})
	}
}

// TestFakeRejectsWhatTheSpecRejects posts every body the spec tests prove
// invalid to messagestest: the fake must refuse each one and name a field,
// so that a user's test against it fails where the API would.
func TestFakeRejectsWhatTheSpecRejects(t *testing.T) {
	t.Parallel()
	srv := messagestest.NewServer()
	defer srv.Close()
	tok, err := messages.GenerateJWT(srv.ApplicationID, srv.PrivateKey)
	require.NoError(t, err)
	for version, bodies := range messages.SpecRejectedBodies() {
		for _, body := range bodies {
			req, err := http.NewRequest(http.MethodPost, srv.URL+"/"+string(version)+"/messages", strings.NewReader(body))
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			var problem struct {
				InvalidParameters []messages.InvalidParameter `json:"invalid_parameters"`
			}
			_ = json.NewDecoder(resp.Body).Decode(&problem)
			resp.Body.Close()
			if !assert.Contains(t, []int{http.StatusUnprocessableEntity, http.StatusBadRequest}, resp.StatusCode,
				"%s: the fake's answer to a body the spec rejects: %s", version, body) {
				continue
			}
			assert.NotEmpty(t, problem.InvalidParameters, "%s: the fake's %d names no field for: %s", version, resp.StatusCode, body)
		}
	}
	http.DefaultClient.CloseIdleConnections()
}

// TestFakeTakesWhatTheSDKNoLongerRefuses sends the bodies the spec takes and
// the SDK once refused (spec_accepted_test.go) to messagestest: the fake
// must take them too, or a user's test would fail where the API succeeds.
func TestFakeTakesWhatTheSDKNoLongerRefuses(t *testing.T) {
	t.Parallel()
	srv := messagestest.NewServer()
	defer srv.Close()
	clients := map[messages.APIVersion]*messages.Client{
		messages.V1:   srv.Client(),
		messages.V0_1: srv.Client(messages.WithAPIVersion(messages.V0_1)),
	}
	for _, gc := range messages.SpecAcceptedCases() {
		_, err := clients[gc.Version].Send(context.Background(), gc.Msg)
		assert.NoError(t, err, "%s/%s", gc.Version, gc.Name)
	}
}
