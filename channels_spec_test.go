package messages

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/gomessages/messages/internal/spectest"
)

// TestSpecCatchesChannelDrift proves the spec check can fail for the MMS,
// WhatsApp and RCS shapes too: each body breaks one rule of messages-v1.yml
// (or messages-v0.1.yml) and must not validate.
func TestSpecCatchesChannelDrift(t *testing.T) {
	t.Parallel()
	assertSpecRejects(t, channelDriftBodies())
}

// channelDriftBodies are MMS, WhatsApp and RCS bodies that each break one
// rule of the spec of their version.
func channelDriftBodies() map[APIVersion][]string {
	const (
		wa  = `"channel":"whatsapp","to":"447700900000","from":"447700900001",`
		rcs = `"channel":"rcs","to":"447700900000","from":"Vonage",`
		mms = `"channel":"mms","to":"447700900000","from":"447700900001",`
	)
	reply := func(text string) string {
		return `{"type":"reply","text":"` + text + `","postback_data":"p"}`
	}
	card := `{"title":"t","text":"x","media_url":"https://example.com/a.jpg"}`
	twelve := reply("a")
	for range 11 {
		twelve += "," + reply("a")
	}
	return map[APIVersion][]string{
		V1: {
			`{` + mms + `"message_type":"image","image":{"url":"https://example.com/a.jpg","caption":""}}`,
			`{` + mms + `"message_type":"text","text":"hi","ttl":299}`,
			`{` + mms + `"message_type":"vcard","vcard":{"caption":"no url"}}`,
			`{` + mms + `"message_type":"content","content":[{"type":"text","url":"https://example.com/a.txt"}]}`,
			`{` + mms + `"message_type":"content","content":[{"type":"image"}]}`,
			`{` + mms + `"message_type":"content","content":[{"type":"image","url":"https://example.com/a.jpg","caption":""}]}`,
			`{` + mms + `"message_type":"content","content":{"type":"image","url":"https://example.com/a.jpg"}}`,
			`{` + wa + `"message_type":"template","template":{"name":"verify"}}`,
			`{` + wa + `"message_type":"template","template":{"name":"verify"},"whatsapp":{"policy":"fallback","locale":"en_US"}}`,
			`{` + wa + `"message_type":"sticker","sticker":{"url":"https://example.com/s.webp","id":"abc"}}`,
			`{` + wa + `"message_type":"reaction","reaction":{"action":"react","emoji":"😀"}}`,
			`{` + wa + `"message_type":"reaction","reaction":{"action":"react"},"context":{"message_uuid":"u"}}`,
			`{` + wa + `"message_type":"custom","custom":"not an object"}`,
			`{` + wa + `"message_type":"image","image":{"url":"https://example.com/a.jpg","caption":""}}`,
			`{` + rcs + `"message_type":"text","text":"hi","ttl":10}`,
			`{` + rcs + `"message_type":"text","text":"hi","suggestions":[` + twelve + `]}`,
			`{` + rcs + `"message_type":"text","text":"hi","suggestions":[` + reply("twenty-six characters long") + `]}`,
			`{` + rcs + `"message_type":"text","text":"hi","suggestions":[{"type":"open_url","text":"t","postback_data":"p","url":"https://example.com"}]}`,
			`{` + rcs + `"message_type":"text","text":"hi","rcs":{"category":"marketing"}}`,
			`{` + rcs + `"message_type":"carousel","carousel":{"cards":[` + card + `]}}`,
			`{` + rcs + `"message_type":"card","card":{"title":"t","text":"x"}}`,
			`{` + rcs + `"message_type":"card","card":` + card + `,"rcs":{"card_orientation":"DIAGONAL"}}`,
		},
		V0_1: {
			`{"from":{"type":"mms","number":"12345"},"to":{"type":"mms","number":"447700900000"},"message":{"content":{"type":"text","text":"hi"}}}`,
			`{"from":{"type":"whatsapp","number":"447700900001"},"to":{"type":"whatsapp","number":"447700900000"},"message":{"content":{"type":"template","template":{"name":"n"}}}}`,
		},
	}
}

// updateSchema returns the body schema of v1's PATCH /messages/{uuid}.
func updateSchema(t *testing.T) *openapi3.Schema {
	t.Helper()
	item := spectest.Load(t, "messages-v1.yml").Paths.Find("/messages/{message_uuid}")
	if item == nil || item.Patch == nil || item.Patch.RequestBody == nil {
		t.Fatal("spec has no PATCH /messages/{message_uuid} with a body")
	}
	return item.Patch.RequestBody.Value.Content.Get("application/json").Schema.Value
}

// TestUpdateBodiesAgainstSpec checks the PATCH bodies MarkRead and Revoke
// send against v1's UpdateMessage schema. That schema is a oneOf of a
// WhatsApp branch (status: read) and an RCS branch (status: read or
// revoked), so {"status":"read"} matches both branches and fails the oneOf
// as a whole: a flaw of the spec, not of the body. The read body is
// therefore checked against each branch on its own, and against the API's
// rule that the update body is {"status":"read"} (WhatsApp inbound) or
// {"status":"revoked"} (RCS outbound).
func TestUpdateBodiesAgainstSpec(t *testing.T) {
	t.Parallel()
	schema := updateSchema(t)
	if len(schema.OneOf) != 2 {
		t.Fatalf("UpdateMessage has %d oneOf branches, want 2 (WhatsApp, RCS)", len(schema.OneOf))
	}
	whatsApp, rcs := schema.OneOf[0].Value, schema.OneOf[1].Value
	if whatsApp.Title != "WhatsApp" || rcs.Title != "RCS" {
		t.Fatalf("branches %q and %q, want WhatsApp and RCS", whatsApp.Title, rcs.Title)
	}
	tests := []struct {
		name     string
		call     func(*Client) error
		want     string
		branches []*openapi3.Schema
	}{
		{"MarkRead", func(c *Client) error { return c.MarkRead(t.Context(), quotedUUID, RegionGlobal) }, `{"status":"read"}`, []*openapi3.Schema{whatsApp, rcs}},
		{"Revoke", func(c *Client) error { return c.Revoke(t.Context(), quotedUUID, RegionGlobal) }, `{"status":"revoked"}`, []*openapi3.Schema{schema, rcs}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := capturePatch(t, tt.call)
			if body != tt.want {
				t.Fatalf("body %s, want %s", body, tt.want)
			}
			var value any
			if err := json.Unmarshal([]byte(body), &value); err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.branches {
				if err := s.VisitJSON(value); err != nil {
					t.Errorf("%s does not validate against %q: %v", body, s.Title, err)
				}
			}
		})
	}
	// Should the spec ever fix the oneOf, the read body must validate whole.
	var read any
	_ = json.Unmarshal([]byte(`{"status":"read"}`), &read)
	if err := schema.VisitJSON(read); err != nil && !strings.Contains(err.Error(), "more than one oneOf") {
		t.Errorf("read body fails the UpdateMessage schema for another reason than its ambiguous oneOf: %v", err)
	}
}
