package messages

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestNormalizeNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"447700900000", "447700900000", true},
		{"+447700900000", "447700900000", true},
		{"+44 7700-900000", "447700900000", true},
		{"44 7700 900000", "447700900000", true},
		{"0044 7700 900000", "447700900000", true},
		{"+1 (212) 555.0100", "12125550100", true},
		{"1234567", "1234567", true},
		{"123456789012345", "123456789012345", true},
		{"", "", false},
		{"12ab", "", false},
		{"123456", "", false},           // too short
		{"1234567890123456", "", false}, // too long
		{"07700900000", "", false},      // national format
		{"44+7700900000", "", false},    // + not leading
		{"٤٤٧٧٠٠٩٠٠٠٠٠", "", false},     // non-ASCII digits
	}
	for _, tt := range tests {
		got, ok := normalizeNumber(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("normalizeNumber(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestValidationReportsEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name    string
		version APIVersion
		msg     Message
		want    []FieldError
	}{
		{"sms empty", V1, SMS{}, []FieldError{
			{"to", "required"}, {"from", "required"}, {"text", "must not be empty"},
		}},
		{"sms bad fields", V1, SMS{From: "VonageAlerts1", To: "0123", Text: long(3201), ClientRef: long(101), WebhookURL: "example.com/status", WebhookVersion: "v2", TTL: 10 * time.Second, Encoding: "utf8"}, []FieldError{
			{"client_ref", "longer than 100 characters: 101"},
			{"webhook_url", `not an absolute http or https URL: "example.com/status"`},
			{"webhook_version", `must be one of v0.1, v1, got "v2"`},
			{"to", `not an E.164 number: "0123"`},
			{"from", "sender ID longer than 11 characters"},
			{"text", "longer than 3200 characters: 3201"},
			{"ttl", "must be 20 to 604800 seconds, got 10"},
			{"sms.encoding_type", `must be one of text, unicode, auto, got "utf8"`},
		}},
		{"sms sender id characters", V1, SMS{From: "Vonage!", To: toNumber, Text: "hi", TTL: 1500 * time.Millisecond}, []FieldError{
			{"from", `sender ID may hold only letters, digits and spaces: "Vonage!"`},
			{"ttl", "must be whole seconds, got 1.5s"},
		}},
		{"sms text counts characters not bytes", V1, SMS{From: fromNumber, To: toNumber, Text: strings.Repeat("é", 3200)}, nil},
		{"sms v0.1 limits and v1-only fields", V0_1, SMS{From: fromNumber, To: toNumber, Text: long(1001), ClientRef: long(41), WebhookURL: "https://example.com", TTL: time.Minute, Encoding: SMSEncodingText, TrustedRecipient: true}, []FieldError{
			{"client_ref", "longer than 40 characters: 41"},
			{"webhook_url", "not supported by API version v0.1"},
			{"ttl", "not supported by API version v0.1"},
			{"sms.encoding_type", "not supported by API version v0.1"},
			{"trusted_recipient", "not supported by API version v0.1"},
			{"text", "longer than 1000 characters: 1001"},
		}},
		{"viber no content", V1, Viber{From: viberID, To: toNumber}, []FieldError{{"content", "required"}}},
		{"viber nil pointer content", V1, Viber{From: viberID, To: toNumber, Content: (*Image)(nil)}, []FieldError{{"content", "required"}}},
		{"viber pointer content works", V1, Viber{From: viberID, To: toNumber, Content: &Image{URL: "https://example.com/a.png"}}, nil},
		{"viber bad", V1, Viber{From: long(51), To: toNumber, Content: Text(long(1001)), Category: "spam", TTL: 10 * time.Second}, []FieldError{
			{"viber_service.category", `must be one of transaction, promotion, got "spam"`},
			{"viber_service.ttl", "must be 30 to 259200 seconds, got 10"},
			{"from", "must be 1 to 50 characters, got 51"},
			{"text", "longer than 1000 characters: 1001"},
		}},
		{"viber video rules", V1, Viber{From: viberID, To: toNumber, Content: Video{URL: "https://example.com/v.mp4", Duration: 601 * time.Second, FileSize: 201}, Action: &ViberAction{URL: "https://example.com", Text: "Go"}}, []FieldError{
			{"video.thumb_url", "required"},
			{"viber_service.duration", "must be whole seconds from 1 to 600, got 10m1s"},
			{"viber_service.file_size", "must be 1 to 200 MB, got 201"},
			{"viber_service.action", "only text and image messages carry an action button"},
		}},
		{"viber image with action needs caption", V1, Viber{From: viberID, To: toNumber, Content: Image{URL: "ftp://example.com/a.png", Caption: ""}, Action: &ViberAction{URL: "https://example.com", Text: long(31)}}, []FieldError{
			{"image.url", `not an absolute http or https URL: "ftp://example.com/a.png"`},
			{"image.caption", "required with an action button"},
			{"viber_service.action.text", "longer than 30 characters: 31"},
		}},
		{"viber file", V1, Viber{From: viberID, To: toNumber, Content: File{URL: "https://example.com/f", Caption: "x", Name: long(26)}}, []FieldError{
			{"file.caption", "not supported by viber_service"},
			{"file.name", "longer than 25 characters: 26"},
		}},
		{"viber v0.1 has no video", V0_1, Viber{From: viberID, To: toNumber, Content: Video{URL: "https://example.com/v.mp4"}, Action: &ViberAction{}}, []FieldError{
			{"viber_service.action", "not supported by API version v0.1"},
			{"message_type", "not supported by API version v0.1"},
		}},
		{"messenger", V1, Messenger{From: "", To: long(51), Content: Text(long(641)), Category: MessengerMessageTag}, []FieldError{
			{"to", "must be 1 to 50 characters, got 51"},
			{"from", "required"},
			{"messenger.tag", "required when category is message_tag"},
			{"text", "longer than 640 characters: 641"},
		}},
		{"messenger media", V1, Messenger{From: pageID, To: userPSID, Content: Image{URL: "https://example.com/a.png", Caption: long(3001)}}, []FieldError{
			{"image.caption", "not supported by messenger"},
		}},
		{"messenger whitespace text", V1, Messenger{From: pageID, To: userPSID, Content: Text(" \n ")}, []FieldError{{"text", "must not be empty"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assertFieldErrors(t, tt.version, tt.msg, tt.want)
		})
	}
}

// assertFieldErrors encodes msg on version and checks that it fails with
// exactly want, or succeeds when want is nil.
func assertFieldErrors(t *testing.T, version APIVersion, msg Message, want []FieldError) {
	t.Helper()
	c := newTestClient(t, WithAPIVersion(version))
	_, err := c.encode(msg)
	if want == nil {
		if err != nil {
			t.Fatalf("want no error, got %v", err)
		}
		return
	}
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrInvalidMessage) {
		t.Fatalf("got %v, want a *ValidationError", err)
	}
	if ve.Channel != msg.MessageChannel() {
		t.Errorf("channel %q", ve.Channel)
	}
	if !reflect.DeepEqual(ve.Errors, want) {
		t.Errorf("errors:\n got %q\nwant %q", ve.Errors, want)
	}
}

func TestValidationErrorMessage(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	_, err := c.encode(SMS{From: fromNumber, To: "12ab", Text: ""})
	want := `messages: sms: to: not an E.164 number: "12ab"; text: must not be empty`
	if err == nil || err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
}

func TestNilMessages(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	for _, msg := range []Message{nil, (*SMS)(nil), (*Viber)(nil), (*Messenger)(nil)} {
		if _, err := c.encode(msg); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("%T: got %v, want ErrInvalidMessage", msg, err)
		}
	}
}
