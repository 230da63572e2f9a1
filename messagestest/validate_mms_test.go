package messagestest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRefusesInvalidMMSContent checks an MMS of message type content as
// v1's Content schema does, naming each field it refuses.
func TestRefusesInvalidMMSContent(t *testing.T) {
	t.Parallel()
	const (
		params = "Invalid params"
		mms    = `"channel":"mms","message_type":"content","to":"447700900000","from":"447700900001"`
	)
	runInvalid(t, []invalidCase{
		{"content missing", "/v1/messages", `{` + mms + `}`, 422, params, []ip{{"content", "is required"}}},
		{"content null", "/v1/messages", `{` + mms + `,"content":null}`, 422, params, []ip{{"content", "is required"}}},
		{"content not an array", "/v1/messages", `{` + mms + `,"content":{"type":"image","url":"https://example.com/a.jpg"}}`, 422, params, []ip{
			{"content", "must be an array"},
		}},
		// The schema sets no minItems; its description asks for "one or
		// more" attachments.
		{"content empty", "/v1/messages", `{` + mms + `,"content":[]}`, 422, params, []ip{{"content", "must hold at least one attachment"}}},
		{"content items", "/v1/messages", `{` + mms + `,"content":[` +
			`"https://example.com/a.jpg",` +
			`{},` +
			`{"type":"text","url":"https://example.com/a.txt"},` +
			`{"type":"image","url":"ftp://example.com/a.jpg","caption":""},` +
			`{"type":7,"url":"https://example.com/a.mp3","caption":"` + strings.Repeat("c", 3001) + `"},` +
			`{"type":"html","url":""}]}`, 422, params, []ip{
			{"content[0]", "must be an object"},
			{"content[1].type", "is required"},
			{"content[1].url", "is required"},
			{"content[2].type", `must be one of image, audio, video, vcard, file, got "text"`},
			{"content[3].url", `must be an absolute http or https URL, got "ftp://example.com/a.jpg"`},
			{"content[3].caption", "must not be empty"},
			{"content[4].type", "must be a string"},
			{"content[4].caption", "longer than 3000 characters: 3001"},
			{"content[5].type", `must be one of image, audio, video, vcard, file, got "html"`},
			{"content[5].url", "must not be empty"},
		}},
		{"content in a failover step", "/v1/messages", `{"channel":"sms","message_type":"text","to":"447700900000","from":"447700900001","text":"hi",` +
			`"failover":[{` + mms + `,"content":[{"type":"vcard","url":"/c.vcf","caption":7}]}]}`, 422, params, []ip{
			{"failover[0].content[0].url", `must be an absolute http or https URL, got "/c.vcf"`},
			{"failover[0].content[0].caption", "must be a string"},
		}},
		{"content on another channel", "/v1/messages", `{"channel":"whatsapp","message_type":"content","to":"447700900000","from":"447700900001",` +
			`"content":[{"type":"image","url":"https://example.com/a.jpg"}]}`, 422, params, []ip{
			{"message_type", `whatsapp takes text, image, audio, video, file, template, sticker, reaction, custom, got "content"`},
		}},
		{"content on v0.1", "/v0.1/messages", `{"from":{"type":"mms","number":"447700900001"},"to":{"type":"mms","number":"447700900000"},` +
			`"message":{"content":{"type":"content","content":[{"type":"image","url":"https://example.com/a.jpg"}]}}}`, 400, params, []ip{
			{"message.content.type", `mms takes image, vcard, audio, video, file, got "content"`},
		}},
	})
}

// TestAcceptsMMSContent takes every attachment type, with and without a
// caption, and records the first URL as the request's MediaURL.
func TestAcceptsMMSContent(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	body := `{"channel":"mms","message_type":"content","to":"447700900000","from":"12345","ttl":600,"content":[` +
		`{"type":"image","url":"https://example.com/a.jpg","caption":"` + strings.Repeat("é", 3000) + `"},` +
		`{"type":"audio","url":"http://example.com/a.mp3"},{"type":"video","url":"https://example.com/a.mp4","caption":"v"},` +
		`{"type":"vcard","url":"https://example.com/a.vcf"},{"type":"file","url":"https://example.com/a.pdf","caption":"f"}]}`
	status, _, answer := call(t, s, http.MethodPost, "/v1/messages", bearer(t, s), body)
	require.Equal(t, http.StatusAccepted, status, "%s", answer)
	r := s.Requests()[0]
	assert.Equal(t, "content", r.MessageType)
	assert.Equal(t, "https://example.com/a.jpg", r.MediaURL)
	assert.Len(t, r.Media(), 5)
}
