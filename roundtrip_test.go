package messages_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
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
