package messagestest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRefusesInvalidEmailBodies checks every email rule of messages-v1.yml
// the fake holds, each refusal naming its exact field.
func TestRefusesInvalidEmailBodies(t *testing.T) {
	t.Parallel()
	const (
		params = "Invalid params"
		email  = `"channel":"email","to":"user@example.com","from":"no-reply@yourdomain.com",`
	)
	runInvalid(t, []invalidCase{
		{"email addresses and options", "/v1/messages", `{"channel":"email","message_type":"text","to":"John <user@example.com>","from":"no-reply@localhost","text":"",` +
			`"email":{"subject":"","to_name":"","from_name":"` + strings.Repeat("n", 101) + `","importance":"Critical","priority":"urgent","sensitivity":"Secret",` +
			`"cc":[{},{"address":"john.doe@example","name":""},"jane@example.com"],"bcc":{"address":"jane@example.com"}}}`, 422, params, []ip{
			{"to", `must be an email address, got "John <user@example.com>"`},
			{"from", `must be an email address, got "no-reply@localhost"`},
			{"text", "must not be empty"},
			{"email.subject", "must not be empty"},
			{"email.to_name", "must be 1 to 100 characters, got 0"},
			{"email.from_name", "must be 1 to 100 characters, got 101"},
			{"email.importance", `must be one of High, Normal, Low, got "Critical"`},
			{"email.priority", `must be one of Non-urgent, Normal, Urgent, got "urgent"`},
			{"email.sensitivity", `must be one of Personal, Private, Company-Confidential, got "Secret"`},
			{"email.cc[0].address", "is required"},
			{"email.cc[1].address", `must be an email address, got "john.doe@example"`},
			{"email.cc[1].name", "must be 1 to 100 characters, got 0"},
			{"email.cc[2]", "must be an object"},
			{"email.bcc", "must be an array"},
		}},
		{"email without its object", "/v1/messages", `{` + email + `"message_type":"text","text":"hi"}`, 422, params, []ip{
			{"email", "is required"},
		}},
		{"email without a subject", "/v1/messages", `{` + email + `"message_type":"text","text":"hi","email":{"to_name":"John"}}`, 422, params, []ip{
			{"email.subject", "is required"},
		}},
		{"email html without a body", "/v1/messages", `{` + email + `"message_type":"html","html":{},"email":{"subject":"s"}}`, 422, params, []ip{
			{"html.body", "is required"},
		}},
		{"email html missing", "/v1/messages", `{` + email + `"message_type":"html","email":{"subject":"s"}}`, 422, params, []ip{
			{"html", "is required"},
		}},
		{"email empty content", "/v1/messages", `{` + email + `"message_type":"content","content":[],"email":{"subject":"s"}}`, 422, params, []ip{
			{"content", "must hold at least one text or html part"},
		}},
		{"email content missing", "/v1/messages", `{` + email + `"message_type":"content","email":{"subject":"s"}}`, 422, params, []ip{
			{"content", "is required"},
		}},
		{"email content not an array", "/v1/messages", `{` + email + `"message_type":"content","content":{"type":"text","text":"hi"},"email":{"subject":"s"}}`, 422, params, []ip{
			{"content", "must be an array"},
		}},
		{"email content parts", "/v1/messages", `{` + email + `"message_type":"content","content":[{"type":"image","url":"https://example.com/a.jpg"},{"text":"x"},{"type":"text"},{"type":"html","text":"x"},"x"],"email":{"subject":"s"}}`, 422, params, []ip{
			{"content[0].type", `must be one of text, html, got "image"`},
			{"content[1].type", "is required"},
			{"content[2].text", "is required"},
			{"content[3].body", "is required"},
			{"content[4]", "must be an object"},
		}},
		{"email message type", "/v1/messages", `{` + email + `"message_type":"image","image":{"url":"https://example.com/a.jpg"},"email":{"subject":"s"}}`, 422, params, []ip{
			{"message_type", `email takes text, html, content, got "image"`},
		}},
		{"email on v0.1", "/v0.1/messages", `{"from":{"type":"email","id":"no-reply@yourdomain.com"},"to":{"type":"email","id":"user@example.com"},"message":{"content":{"type":"text","text":"hi"}}}`, 400, "Unsupported channel", []ip{
			{"from.type", `unsupported channel "email": must be one of messenger, mms, sms, viber_service_msg, whatsapp`},
			{"to.type", `unsupported channel "email": must be one of messenger, mms, sms, viber_service_msg, whatsapp`},
		}},
	})
}

// TestAcceptsEmailBodiesAtTheSpecsEdges posts email bodies the spec takes
// that the SDK's golden files do not hold; TestMain checks them against the
// spec as well.
func TestAcceptsEmailBodiesAtTheSpecsEdges(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	auth := bearer(t, s)
	const email = `"channel":"email","to":"X@Y.ZZ","from":"a.b_c%d+e-f@mail-1.example.museum",`
	bodies := map[string]string{
		"names of 1 and 100 characters": `{` + email + `"message_type":"text","text":" ","email":{"subject":" ","to_name":"a","from_name":"` + strings.Repeat("n", 100) + `",` +
			`"cc":[{"address":"cc@example.com","name":"` + strings.Repeat("c", 100) + `"}],"bcc":[{"address":"bcc@example.com","name":"b"}]}}`,
		"a text part alone":               `{` + email + `"message_type":"content","content":[{"type":"text","text":"hi"}],"email":{"subject":"s"}}`,
		"an html part before a text part": `{` + email + `"message_type":"content","content":[{"type":"html","body":"<p>hi</p>"},{"type":"text","text":"hi"}],"email":{"subject":"s"}}`,
		"every enum value":                `{` + email + `"message_type":"html","html":{"body":"<p>hi</p>"},"email":{"subject":"s","importance":"Low","priority":"Non-urgent","sensitivity":"Private"}}`,
		"empty cc and bcc":                `{` + email + `"message_type":"text","text":"hi","email":{"subject":"s","cc":[],"bcc":[]}}`,
		"a failover from email to sms":    `{` + email + `"message_type":"text","text":"hi","email":{"subject":"s"},"failover":[{"channel":"sms","message_type":"text","to":"447700900000","from":"Acme","text":"hi"}]}`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			status, _, answer := call(t, s, http.MethodPost, "/v1/messages", auth, body)
			assert.Equal(t, http.StatusAccepted, status, "%s", answer)
		})
	}
}

// TestEmailRequestIsDescribed checks what the fake records of an email:
// the addresses, the message type, the subject, and the text, which for a
// content message is its text part.
func TestEmailRequestIsDescribed(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	auth := bearer(t, s)
	const email = `"channel":"email","to":"user@example.com","from":"no-reply@yourdomain.com","client_ref":"e-1",`
	tests := []struct{ body, typ, text string }{
		{`{` + email + `"message_type":"text","text":"plain","email":{"subject":"One"}}`, "text", "plain"},
		{`{` + email + `"message_type":"html","html":{"body":"<p>rich</p>"},"email":{"subject":"Two"}}`, "html", ""},
		{`{` + email + `"message_type":"content","content":[{"type":"html","body":"<p>rich</p>"},{"type":"text","text":"plain"}],"email":{"subject":"Three"}}`, "content", "plain"},
	}
	for _, tt := range tests {
		status, _, answer := call(t, s, http.MethodPost, "/v1/messages", auth, tt.body)
		require.Equal(t, http.StatusAccepted, status, "%s", answer)
	}
	reqs := s.Requests()
	require.Len(t, reqs, len(tests))
	for i, r := range reqs {
		assert.Equal(t, "email", string(r.Channel))
		assert.Equal(t, "user@example.com", r.To)
		assert.Equal(t, "no-reply@yourdomain.com", r.From)
		assert.Equal(t, "e-1", r.ClientRef)
		assert.Equal(t, tests[i].typ, r.MessageType)
		assert.Equal(t, tests[i].text, r.Text)
		assert.Empty(t, r.Media(), "an email's parts are not attachments")
	}
	assert.Equal(t, []string{"One", "Two", "Three"}, []string{reqs[0].Subject(), reqs[1].Subject(), reqs[2].Subject()})
}
