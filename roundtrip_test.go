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
			if err != nil {
				t.Fatal(err)
			}
			var rec *messagestest.Request
			for _, r := range srv.Requests() {
				if r.MessageUUID == res.MessageUUID {
					rec = &r
				}
			}
			if rec == nil {
				t.Fatalf("the fake recorded no request for %s", res.MessageUUID)
			}
			if rec.Status != 202 || rec.Version != string(gc.Version) || rec.Channel != gc.Msg.MessageChannel() {
				t.Errorf("recorded status %d version %q channel %q", rec.Status, rec.Version, rec.Channel)
			}
			golden, err := os.ReadFile(filepath.Join("testdata", "golden", string(gc.Version), gc.Name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			if err := json.Compact(&want, golden); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(rec.Body, want.Bytes()) {
				t.Errorf("the fake received\n%s\nwant\n%s", rec.Body, want.Bytes())
			}
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
	if err != nil {
		t.Fatal(err)
	}
	for version, bodies := range messages.SpecRejectedBodies() {
		for _, body := range bodies {
			req, err := http.NewRequest(http.MethodPost, srv.URL+"/"+string(version)+"/messages", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var problem struct {
				InvalidParameters []messages.InvalidParameter `json:"invalid_parameters"`
			}
			_ = json.NewDecoder(resp.Body).Decode(&problem)
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnprocessableEntity && resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: the fake answered %d to a body the spec rejects: %s", version, resp.StatusCode, body)
				continue
			}
			if len(problem.InvalidParameters) == 0 {
				t.Errorf("%s: the fake's %d names no field for: %s", version, resp.StatusCode, body)
			}
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
		if _, err := clients[gc.Version].Send(context.Background(), gc.Msg); err != nil {
			t.Errorf("%s/%s: %v", gc.Version, gc.Name, err)
		}
	}
}
