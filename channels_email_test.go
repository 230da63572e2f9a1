package messages

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	emailFrom = "no-reply@yourdomain.com"
	emailTo   = "user@example.com"
)

// TestEmailValidation checks every Email rule; Email is v1 only.
func TestEmailValidation(t *testing.T) {
	t.Parallel()
	runValidationCases(t, emailValidationCases())
}

// emailValidationCases returns every Email case (Email is v1 only):
// TestEmailValidation runs them, and TestValidatorsAgree runs them through
// messagestest too.
func emailValidationCases() []validationCase {
	ok := func(content EmailContent) Email {
		return Email{From: emailFrom, To: emailTo, Subject: "Hi", Content: content}
	}
	return []validationCase{
		{"email empty", V1, Email{}, []fieldWant{
			{"to", "required"},
			{"from", "required"},
			{"email.subject (Subject)", "required"},
			{"content", "required"},
		}},
		{"email bad fields", V1, Email{
			From: "no-reply@localhost", To: "John Doe <user@example.com>", Subject: "Hi", Content: Text("hi"),
			ToName: long(101), FromName: long(101),
			Importance: "Critical", Priority: "urgent", Sensitivity: "Secret",
			CC:  []EmailAddress{{}, {Address: "john.doe@example", Name: long(101)}},
			BCC: []EmailAddress{{Address: "jane@example.c", Name: "Jane"}},
		}, []fieldWant{
			{"to", `not an email address: "John Doe <user@example.com>"`},
			{"from", `not an email address: "no-reply@localhost"`},
			{"email.to_name (ToName)", "must be 1 to 100 characters, got 101"},
			{"email.from_name (FromName)", "must be 1 to 100 characters, got 101"},
			{"email.importance (Importance)", `must be one of High, Normal, Low, got "Critical"`},
			{"email.priority (Priority)", `must be one of Non-urgent, Normal, Urgent, got "urgent"`},
			{"email.sensitivity (Sensitivity)", `must be one of Personal, Private, Company-Confidential, got "Secret"`},
			{"email.cc[0].address (CC[0].Address)", "required"},
			{"email.cc[1].address (CC[1].Address)", `not an email address: "john.doe@example"`},
			{"email.cc[1].name (CC[1].Name)", "must be 1 to 100 characters, got 101"},
			{"email.bcc[0].address (BCC[0].Address)", `not an email address: "jane@example.c"`},
		}},
		{"email every limit at its edge", V1, Email{
			From: "a.b_c%d+e-f@mail-1.example.museum", To: "X@Y.ZZ", Subject: " ", Content: Text(" "),
			ToName: long(100), FromName: "a",
			Importance: EmailImportanceLow, Priority: EmailPriorityNonUrgent, Sensitivity: EmailSensitivityPrivate,
			CC:  []EmailAddress{{Address: "cc@example.com", Name: long(100)}},
			BCC: []EmailAddress{{Address: "bcc@example.com", Name: "b"}},
		}, nil},
		{"email empty text", V1, ok(Text("")), []fieldWant{{"text", "must not be empty"}}},
		{"email empty html", V1, ok(HTML("")), []fieldWant{{"html.body (HTML)", "must not be empty"}}},
		{"email empty parts", V1, ok(EmailParts{}), []fieldWant{{"content", "needs a text part, an HTML part or both"}}},
		{"email text part alone", V1, ok(EmailParts{Text: "hi"}), nil},
		{"email html part alone", V1, ok(&EmailParts{HTML: "<p>hi</p>"}), nil},
		{"email nil content pointer", V1, ok((*HTML)(nil)), []fieldWant{{"content", "required"}}},
		{"email envelope", V1, Email{From: emailFrom, To: emailTo, Subject: "Hi", Content: Text("hi"), ClientRef: long(101), WebhookVersion: "v2"}, []fieldWant{
			{"client_ref", "longer than 100 characters: 101"},
			{"webhook_version", `must be one of v0.1, v1, got "v2"`},
		}},
		{"email v0.1", V0_1, ok(Text("hi")), []fieldWant{{"channel", v01}}},
	}
}

// TestEmailV01NamesTheVersion pins the whole error a v0.1 client gives for
// an email, on its own and as a Dispatch step.
func TestEmailV01NamesTheVersion(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithAPIVersion(V0_1))
	email := Email{From: emailFrom, To: emailTo, Subject: "Hi", Content: Text("hi")}
	_, err := c.encode(email)
	require.ErrorIs(t, err, ErrInvalidMessage)
	assert.EqualError(t, err, "messages: email: channel: not supported by API version v0.1")

	_, _, err = c.encodeFailover(SMS{From: fromNumber, To: toNumber, Text: "hi"}, []Message{email})
	require.ErrorIs(t, err, ErrInvalidMessage)
	assert.EqualError(t, err, "messages: sms: failover[0].channel: not supported by API version v0.1; failover[0].channel: email is not supported by the v0.1 Dispatch API")
}

// TestEmailAddressPattern pins the spec's address pattern, which from, to
// and every copy follow.
func TestEmailAddressPattern(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"user@example.com", "a.b_c%d+e-f@x-y.example.co.uk", "X@Y.ZZ", "1@2.io"} {
		assert.True(t, emailAddressRE.MatchString(s), s)
	}
	for _, s := range []string{
		"", "user", "user@", "@example.com", "user@example", "user@example.c", "user@example.c0m",
		"John <user@example.com>", "user name@example.com", "user@exam_ple.com", "usér@example.com",
		"user@example.com ", "user@example.com\n", "a@b@example.com",
	} {
		assert.False(t, emailAddressRE.MatchString(s), "%q", s)
	}
}

// TestEmailPartsOrder pins the content array: the text part before the
// HTML part, each with only its own keys, and no empty part.
func TestEmailPartsOrder(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	const head = `{"channel":"email","message_type":"content","to":"user@example.com","from":"no-reply@yourdomain.com",`
	tests := []struct {
		parts EmailParts
		want  string
	}{
		{EmailParts{HTML: "<p>b</p>", Text: "a"}, head + `"content":[{"type":"text","text":"a"},{"type":"html","body":"\u003cp\u003eb\u003c/p\u003e"}],"email":{"subject":"Hi"}}`},
		{EmailParts{HTML: "<p>b</p>"}, head + `"content":[{"type":"html","body":"\u003cp\u003eb\u003c/p\u003e"}],"email":{"subject":"Hi"}}`},
		{EmailParts{Text: "a"}, head + `"content":[{"type":"text","text":"a"}],"email":{"subject":"Hi"}}`},
	}
	for _, tt := range tests {
		body, err := c.encode(Email{From: emailFrom, To: emailTo, Subject: "Hi", Content: tt.parts})
		require.NoError(t, err)
		assert.Equal(t, tt.want, string(body))
	}
}

// TestEmailPointerContentEncodesLikeValues: a pointer to any email content
// sends the same body as the value.
func TestEmailPointerContentEncodesLikeValues(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	text, html, parts := Text("a"), HTML("<p>b</p>"), EmailParts{Text: "a", HTML: "<p>b</p>"}
	for _, tt := range []struct{ value, pointer EmailContent }{{text, &text}, {html, &html}, {parts, &parts}} {
		want, err := c.encode(Email{From: emailFrom, To: emailTo, Subject: "Hi", Content: tt.value})
		require.NoError(t, err)
		got, err := c.encode(Email{From: emailFrom, To: emailTo, Subject: "Hi", Content: tt.pointer})
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	}
}

// TestSpecCatchesEmailDrift proves the spec check can fail for the email
// shapes: each body breaks one rule of messages-v1.yml.
func TestSpecCatchesEmailDrift(t *testing.T) {
	t.Parallel()
	const email = `"channel":"email","to":"user@example.com","from":"no-reply@yourdomain.com",`
	assertSpecRejects(t, map[APIVersion][]string{V1: {
		`{` + email + `"message_type":"text","text":"hi"}`,
		`{` + email + `"message_type":"text","text":"hi","email":{"to_name":"John"}}`,
		`{` + email + `"message_type":"html","html":{},"email":{"subject":"s"}}`,
		`{` + email + `"message_type":"html","html":"<p>hi</p>","email":{"subject":"s"}}`,
		`{` + email + `"message_type":"content","content":[{"type":"html","text":"hi"}],"email":{"subject":"s"}}`,
		`{` + email + `"message_type":"content","content":[{"type":"image","url":"https://example.com/a.jpg"}],"email":{"subject":"s"}}`,
		`{` + email + `"message_type":"text","text":"hi","email":{"subject":"s","importance":"Critical"}}`,
		`{` + email + `"message_type":"text","text":"hi","email":{"subject":"s","priority":"urgent"}}`,
		`{` + email + `"message_type":"text","text":"hi","email":{"subject":"s","sensitivity":"Secret"}}`,
		`{` + email + `"message_type":"text","text":"hi","email":{"subject":"s","to_name":""}}`,
		`{` + email + `"message_type":"text","text":"hi","email":{"subject":"s","from_name":"` + long(101) + `"}}`,
		`{` + email + `"message_type":"text","text":"hi","email":{"subject":"s","cc":[{"address":"john.doe@example"}]}}`,
		`{` + email + `"message_type":"text","text":"hi","email":{"subject":"s","bcc":[{"name":"Jane"}]}}`,
		`{` + email + `"message_type":"text","text":"hi","email":{"subject":"s","cc":[{"address":"john@example.com","name":""}]}}`,
	}})
}

// emailStatusCases are the email status webhooks of
// testdata/webhooks/email, each as ParseWebhook must read it. They live in
// a folder of their own, beside the files webhooks_test.go covers.
var emailStatusCases = map[string]*Status{
	"v1-status-email-submitted.json": v1Status(ChannelEmail, emailTo, emailFrom, StatusSubmitted, func(st *Status) {
		st.ClientRef = "email-1"
	}),
	"v1-status-email-delivered.json": v1Status(ChannelEmail, emailTo, emailFrom, StatusDelivered, func(st *Status) {
		st.Usage = priceEUR
	}),
	"v1-status-email-read.json": v1Status(ChannelEmail, emailTo, emailFrom, StatusRead, func(st *Status) {
		st.ClientRef = "email-1"
	}),
	"v1-status-email-undeliverable-suppressed.json": v1Status(ChannelEmail, emailTo, emailFrom, StatusUndeliverable, func(st *Status) {
		st.Error = &StatusError{
			Type:     "https://developer.vonage.com/api-errors/messages#2003",
			Title:    "2003",
			Detail:   "Destination unavailable - Recipient email address is in the suppression list, which may be due to an earlier email being hard bounced or marked as spam by the user.",
			Instance: "bf0ca0bf927b3b52e3cb03217e1a1ddf",
			Code:     2003,
		}
	}),
	"v1-status-email-failover-step2.json": v1Status(ChannelEmail, emailTo, emailFrom, StatusDelivered, func(st *Status) {
		st.Workflow = &WorkflowInfo{WorkflowID: workflowID, ItemNumber: 2, ItemsTotal: 2}
	}),
}

// TestParseEmailStatusWebhooks parses every email status sample, through
// ParseWebhook and ParseStatus: the channel is ChannelEmail, and the
// addresses, the status (read included) and the error come through.
func TestParseEmailStatusWebhooks(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "webhooks", "email", "*.json"))
	require.NoError(t, err)
	require.Len(t, files, len(emailStatusCases), "every file needs a case and every case a file")
	for _, path := range files {
		name := filepath.Base(path)
		want, ok := emailStatusCases[name]
		require.True(t, ok, "no case for %s", name)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(path)
			require.NoError(t, err)
			ev, err := ParseWebhook(body)
			require.NoError(t, err)
			got, isStatus := ev.(*Status)
			require.True(t, isStatus, "ParseWebhook gave %T", ev)
			assert.JSONEq(t, string(body), string(got.Raw))
			got.Raw = nil
			assert.Equal(t, want, got)

			st, err := ParseStatus(body)
			require.NoError(t, err)
			st.Raw = nil
			assert.Equal(t, want, st)
			assert.Equal(t, "email", st.Channel.String())
		})
	}
}

// TestEmailIsAChannel keeps the channel's name the one the API and the
// status webhooks use.
func TestEmailIsAChannel(t *testing.T) {
	t.Parallel()
	assert.Equal(t, ChannelEmail, Email{}.MessageChannel())
	assert.Equal(t, Channel("email"), ChannelEmail)
}
