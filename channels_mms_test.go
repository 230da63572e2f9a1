package messages

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMMSValidation checks every MMS rule on both versions.
func TestMMSValidation(t *testing.T) {
	t.Parallel()
	runValidationCases(t, mmsValidationCases())
}

// mmsValidationCases returns every MMS case: TestMMSValidation runs them,
// and TestValidatorsAgree runs them through messagestest too.
func mmsValidationCases() []validationCase {
	return []validationCase{
		{"mms empty", V1, MMS{}, []fieldWant{{"to", "required"}, {"from", "required"}, {"content", "required"}}},
		{"mms text has no maximum", V1, MMS{From: fromNumber, To: toNumber, Content: Text(long(10000))}, nil},
		{"mms short code sender", V1, MMS{From: "123456", To: toNumber, Content: Text("hi")}, nil},
		{"mms short code with a leading 0", V1, MMS{From: "01234", To: toNumber, Content: Text("hi")}, []fieldWant{{"from", `not an E.164 number: "01234"`}}},
		{"mms short code with separators is read as a number", V1, MMS{From: "12 345", To: toNumber, Content: Text("hi")}, []fieldWant{{"from", `not an E.164 number: "12 345"`}}},
		{"mms bad fields", V1, MMS{
			From: "1234", To: "12ab", Content: Text(""), TTL: 299 * time.Second, Participants: []string{"447700900002", "nope"},
			ClientRef: long(101), WebhookVersion: "v3",
		}, []fieldWant{
			{"client_ref", "longer than 100 characters: 101"},
			{"webhook_version", `must be one of v0.1, v1, got "v3"`},
			{"to", `not an E.164 number: "12ab"`},
			{"from", `not an E.164 number: "1234"`},
			{"ttl", "must be 300 to 259200 seconds, got 299"},
			{"mms.participants[1] (Participants[1])", `not an E.164 number: "nope"`},
			{"text", "must not be empty"},
		}},
		{"mms ttl upper bound", V1, MMS{From: fromNumber, To: toNumber, Content: Text("hi"), TTL: 259201 * time.Second}, []fieldWant{{"ttl", "must be 300 to 259200 seconds, got 259201"}}},
		{"mms image caption", V1, MMS{From: fromNumber, To: toNumber, Content: Image{URL: "nope", Caption: long(3001)}}, []fieldWant{
			{"image.url", `not an absolute http or https URL: "nope"`}, {"image.caption", "longer than 3000 characters: 3001"},
		}},
		{"mms video viber fields", V1, MMS{From: fromNumber, To: toNumber, Content: Video{URL: okURL, ThumbURL: okURL}}, []fieldWant{
			{"video", "thumb_url, duration and file_size are Viber fields, not supported by mms"},
		}},
		{"mms file name", V1, MMS{From: fromNumber, To: toNumber, Content: &File{URL: okURL, Name: "a.pdf"}}, []fieldWant{{"file.name", "not supported by mms"}}},
		{"mms vcard", V1, MMS{From: fromNumber, To: toNumber, Content: VCard{Caption: long(3001)}}, []fieldWant{
			{"vcard.url", "required"}, {"vcard.caption", "longer than 3000 characters: 3001"},
		}},
		{"mms nil vcard pointer", V1, MMS{From: fromNumber, To: toNumber, Content: (*VCard)(nil)}, []fieldWant{{"content", "required"}}},
		{"mms v0.1 text and v1 options", V0_1, MMS{
			From: fromNumber, To: toNumber, Content: Text("hi"), TTL: time.Hour, Participants: []string{toNumber},
			TrustedRecipient: true, WebhookURL: okURL, ClientRef: long(41),
		}, []fieldWant{
			{"client_ref", "longer than 40 characters: 41"},
			{"webhook_url", v01},
			{"ttl", v01},
			{"mms.participants (Participants)", v01},
			{"trusted_recipient", v01},
			{"text", v01},
		}},
		{"mms v0.1 vcard caption", V0_1, MMS{From: fromNumber, To: toNumber, Content: VCard{URL: okURL, Caption: "me"}}, []fieldWant{{"vcard.caption", v01}}},
	}
}

// fakeAttachment stands for an MMSAttachment this file's encoder does not
// know: only the package can add one, and mmsAttachments must refuse it
// rather than drop it.
type fakeAttachment struct{}

func (fakeAttachment) mmsAttachment() {}

// TestMMSAttachmentsValidation checks every rule of an MMS of message type
// content, on both versions.
func TestMMSAttachmentsValidation(t *testing.T) {
	t.Parallel()
	runValidationCases(t, mmsAttachmentsValidationCases())
}

// mmsAttachmentsValidationCases returns every case of an MMS of message
// type content: TestMMSAttachmentsValidation runs them, and
// TestValidatorsAgree runs them through messagestest too.
func mmsAttachmentsValidationCases() []validationCase {
	mms := func(a Attachments) MMS { return MMS{From: fromNumber, To: toNumber, Content: a} }
	return []validationCase{
		{"one of each, by value and by pointer", V1, mms(Attachments{
			Image{URL: okURL}, &Audio{URL: okURL, Caption: "c"}, Video{URL: okURL}, &VCard{URL: okURL}, File{URL: okURL, Caption: long(3000)},
		}), nil},
		{"empty", V1, mms(Attachments{}), []fieldWant{{"content (Attachments)", "must hold at least 1 attachment"}}},
		{"nil", V1, mms(nil), []fieldWant{{"content (Attachments)", "must hold at least 1 attachment"}}},
		{"nil pointer", V1, MMS{From: fromNumber, To: toNumber, Content: (*Attachments)(nil)}, []fieldWant{{"content", "required"}}},
		{"every element's rules", V1, mms(Attachments{
			Image{Caption: long(3001)},
			Audio{URL: "ftp://example.com/a.mp3"},
			Video{URL: okURL, ThumbURL: okURL},
			VCard{URL: "/contact.vcf"},
			File{URL: okURL, Name: "a.pdf"},
			nil,
			(*Image)(nil),
			fakeAttachment{},
		}), []fieldWant{
			{"content[0].url (Attachments[0].URL)", "required"},
			{"content[0].caption (Attachments[0].Caption)", "longer than 3000 characters: 3001"},
			{"content[1].url (Attachments[1].URL)", `not an absolute http or https URL: "ftp://example.com/a.mp3"`},
			{"content[2] (Attachments[2])", "thumb_url, duration and file_size are Viber fields, not supported by an mms attachment"},
			{"content[3].url (Attachments[3].URL)", `not an absolute http or https URL: "/contact.vcf"`},
			{"content[4].name (Attachments[4].Name)", "not supported by an mms attachment"},
			{"content[5] (Attachments[5])", "required"},
			{"content[6] (Attachments[6])", "required"},
			{"content[7] (Attachments[7])", "unsupported attachment type messages.fakeAttachment"},
		}},
		{"captions count characters, not bytes", V1, mms(Attachments{Image{URL: okURL, Caption: strings.Repeat("é", 3000)}}), nil},
		{"v1 options beside attachments", V1, MMS{From: shortCode, To: toNumber, Content: Attachments{Image{URL: okURL}}, TTL: 299 * time.Second}, []fieldWant{
			{"ttl", "must be 300 to 259200 seconds, got 299"},
		}},
		{"v0.1 names its version", V0_1, mms(Attachments{Image{URL: okURL}}), []fieldWant{{"content (Attachments)", v01}}},
	}
}

// TestMMSAttachmentsIsMMSOnly pins the sealing: Attachments is content for
// MMS and for no other channel, and each attachment type is an element.
// (The compiler enforces it; this test fails if a method is added that
// would let WhatsApp{Content: Attachments{...}} compile.)
func TestMMSAttachmentsIsMMSOnly(t *testing.T) {
	t.Parallel()
	typ := reflect.TypeFor[Attachments]()
	assert.True(t, typ.Implements(reflect.TypeFor[MMSContent]()))
	for _, other := range []reflect.Type{
		reflect.TypeFor[ViberContent](), reflect.TypeFor[MessengerContent](),
		reflect.TypeFor[WhatsAppContent](), reflect.TypeFor[RCSContent](), reflect.TypeFor[MMSAttachment](),
	} {
		assert.False(t, typ.Implements(other), "Attachments implements %s", other)
	}
	for _, el := range []any{Image{}, Audio{}, Video{}, VCard{}, File{}, &Image{}} {
		_, ok := el.(MMSAttachment)
		assert.True(t, ok, "%T is not an MMSAttachment", el)
	}
	for _, el := range []any{Text("hi"), Template{}, Sticker{}, Card{}, Custom("{}")} {
		_, ok := el.(MMSAttachment)
		assert.False(t, ok, "%T is an MMSAttachment", el)
	}
}

// TestMMSAttachmentsOnDispatchAndFailover checks that a v1 failover step
// carries the content array and that a v0.1 Dispatch step refuses it,
// naming the version.
func TestMMSAttachmentsOnDispatchAndFailover(t *testing.T) {
	t.Parallel()
	step := MMS{From: fromNumber, To: toNumber, Content: Attachments{VCard{URL: "https://example.com/c.vcf", Caption: "us"}}}
	primary := SMS{From: fromNumber, To: toNumber, Text: "hi"}

	_, body, err := newTestClient(t).encodeFailover(primary, []Message{step})
	require.NoError(t, err)
	var v1 struct {
		Failover []struct {
			MessageType string          `json:"message_type"`
			Content     json.RawMessage `json:"content"`
		} `json:"failover"`
	}
	require.NoError(t, json.Unmarshal(body, &v1))
	require.Len(t, v1.Failover, 1)
	assert.Equal(t, "content", v1.Failover[0].MessageType)
	assert.JSONEq(t, `[{"type":"vcard","url":"https://example.com/c.vcf","caption":"us"}]`, string(v1.Failover[0].Content))
	validateAgainstSpec(t, V1, body)

	_, _, err = newTestClient(t, WithAPIVersion(V0_1)).encodeFailover(primary, []Message{step})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	// Dispatch takes no MMS at all, and the v0.1 wire no attachments: both
	// are said.
	assert.EqualError(t, err, "messages: sms: failover[0].content (Attachments): not supported by API version v0.1; "+
		"failover[0].channel: mms is not supported by the v0.1 Dispatch API")
}
