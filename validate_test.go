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
		want    []fieldWant
	}{
		{"sms empty", V1, SMS{}, []fieldWant{
			{"to", "required"}, {"from", "required"}, {"text", "must not be empty"},
		}},
		{"sms bad fields", V1, SMS{From: "VonageAlerts1", To: "0123", Text: long(3201), ClientRef: long(101), WebhookURL: "example.com/status", WebhookVersion: "v2", TTL: 10 * time.Second, Encoding: "utf8"}, []fieldWant{
			{"client_ref", "longer than 100 characters: 101"},
			{"webhook_url", `not an absolute http or https URL: "example.com/status"`},
			{"webhook_version", `must be one of v0.1, v1, got "v2"`},
			{"to", `not an E.164 number: "0123"`},
			{"from", "sender ID longer than 11 characters"},
			{"text", "longer than 3200 characters: 3201"},
			{"ttl", "must be 20 to 604800 seconds, got 10"},
			{"sms.encoding_type (Encoding)", `must be one of text, unicode, auto, got "utf8"`},
		}},
		// Vonage's sender ID guide names no character set, so none is enforced.
		{"sms sender id takes any characters", V1, SMS{From: "Vonage & Co", To: toNumber, Text: "hi", TTL: 1500 * time.Millisecond}, []fieldWant{
			{"ttl", "must be whole seconds, got 1.5s"},
		}},
		{"sms text counts characters not bytes", V1, SMS{From: fromNumber, To: toNumber, Text: strings.Repeat("é", 3200)}, nil},
		{"sms v0.1 limits and v1-only fields", V0_1, SMS{From: fromNumber, To: toNumber, Text: long(1001), ClientRef: long(41), WebhookURL: "https://example.com", TTL: time.Minute, Encoding: SMSEncodingText, TrustedRecipient: true}, []fieldWant{
			{"client_ref", "longer than 40 characters: 41"},
			{"webhook_url", "not supported by API version v0.1"},
			{"ttl", "not supported by API version v0.1"},
			{"sms.encoding_type (Encoding)", "not supported by API version v0.1"},
			{"trusted_recipient", "not supported by API version v0.1"},
			{"text", "longer than 1000 characters: 1001"},
		}},
		{"viber no content", V1, Viber{From: viberID, To: toNumber}, []fieldWant{{"content", "required"}}},
		{"viber nil pointer content", V1, Viber{From: viberID, To: toNumber, Content: (*Image)(nil)}, []fieldWant{{"content", "required"}}},
		{"viber pointer content works", V1, Viber{From: viberID, To: toNumber, Content: &Image{URL: "https://example.com/a.png"}}, nil},
		{"viber bad", V1, Viber{From: long(51), To: toNumber, Content: Text(long(1001)), Category: "spam", TTL: 10 * time.Second}, []fieldWant{
			{"viber_service.category (Category)", `must be one of transaction, promotion, got "spam"`},
			{"viber_service.ttl (TTL)", "must be 30 to 259200 seconds, got 10"},
			{"from", "must be 1 to 50 characters, got 51"},
			{"text", "longer than 1000 characters: 1001"},
		}},
		{"viber video rules", V1, Viber{From: viberID, To: toNumber, Content: Video{URL: "https://example.com/v.mp4", Duration: 601 * time.Second, FileSize: 201}, Action: &ViberAction{URL: "https://example.com", Text: "Go"}}, []fieldWant{
			{"video.thumb_url", "required"},
			{"viber_service.duration (Video.Duration)", "must be whole seconds from 1 to 600, got 10m1s"},
			{"viber_service.file_size (Video.FileSize)", "must be 1 to 200 MB, got 201"},
			{"viber_service.action (Action)", "only text and image messages carry an action button"},
		}},
		{"viber image with action needs caption", V1, Viber{From: viberID, To: toNumber, Content: Image{URL: "ftp://example.com/a.png", Caption: ""}, Action: &ViberAction{URL: "https://example.com", Text: long(31)}}, []fieldWant{
			{"image.url", `not an absolute http or https URL: "ftp://example.com/a.png"`},
			{"image.caption", "required with an action button"},
			{"viber_service.action.text (Action.Text)", "longer than 30 characters: 31"},
		}},
		{"viber file", V1, Viber{From: viberID, To: toNumber, Content: File{URL: "https://example.com/f", Caption: "x", Name: long(26)}}, []fieldWant{
			{"file.caption", "not supported by viber_service"},
			{"file.name", "longer than 25 characters: 26"},
		}},
		{"viber v0.1 has no video", V0_1, Viber{From: viberID, To: toNumber, Content: Video{URL: "https://example.com/v.mp4"}, Action: &ViberAction{}}, []fieldWant{
			{"viber_service.action (Action)", "not supported by API version v0.1"},
			{"video", "not supported by API version v0.1"},
		}},
		{"messenger", V1, Messenger{From: "", To: long(51), Content: Text(long(641)), Category: MessengerMessageTag}, []fieldWant{
			{"to", "must be 1 to 50 characters, got 51"},
			{"from", "required"},
			{"messenger.tag (Tag)", "required when category is message_tag"},
			{"text", "longer than 640 characters: 641"},
		}},
		{"messenger media", V1, Messenger{From: pageID, To: userPSID, Content: Image{URL: "https://example.com/a.png", Caption: long(3001)}}, []fieldWant{
			{"image.caption", "not supported by messenger"},
		}},
		// The spec sets no minimum beyond presence: text of spaces is sent.
		{"messenger text of spaces", V1, Messenger{From: pageID, To: userPSID, Content: Text(" \n ")}, nil},
		{"messenger empty text", V1, Messenger{From: pageID, To: userPSID, Content: Text("")}, []fieldWant{{"text", "must not be empty"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assertFieldErrors(t, tt.version, tt.msg, tt.want)
		})
	}
}

// fieldWant is one FieldError as its String renders it: Field is "to", or
// "whatsapp.locale (Template.Locale)" where the Go field has another name.
type fieldWant struct{ Field, Reason string }

// fieldWants renders errs for comparison with a []fieldWant, and checks
// that each Field is a bare JSON path and each GoField truly differs.
func fieldWants(t *testing.T, errs []FieldError) []fieldWant {
	t.Helper()
	var out []fieldWant
	for _, fe := range errs {
		if strings.ContainsAny(fe.Field, " ()\x00") || strings.ContainsAny(fe.GoField, " ()\x00") {
			t.Errorf("%+v: Field and GoField must be bare paths", fe)
		}
		if fe.GoField != "" && sameName(fe.Field, fe.GoField) {
			t.Errorf("%+v: GoField set where Field already names it", fe)
		}
		field, _, _ := strings.Cut(fe.String(), ": ")
		out = append(out, fieldWant{field, fe.Reason})
	}
	return out
}

// assertFieldErrors encodes msg on version and checks that it fails with
// exactly want, or succeeds when want is nil.
func assertFieldErrors(t *testing.T, version APIVersion, msg Message, want []fieldWant) {
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
	if got := fieldWants(t, ve.Errors); !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n got %q\nwant %q", got, want)
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

// TestFieldErrorNamesTheGoField pins how a FieldError carries the Go field
// the user wrote: only where it differs from the JSON path in more than
// case, relative to the message (a failover step's own), and in Error.
func TestFieldErrorNamesTheGoField(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	template := WhatsApp{From: fromNumber, To: toNumber, Content: Template{Name: "verify"}}
	_, err := c.encode(template)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a *ValidationError", err)
	}
	want := []FieldError{{Field: "whatsapp.locale", GoField: "Template.Locale", Reason: "required"}}
	if !reflect.DeepEqual(ve.Errors, want) {
		t.Errorf("errors %#v\nwant   %#v", ve.Errors, want)
	}
	if got := err.Error(); got != "messages: whatsapp: whatsapp.locale (Template.Locale): required" {
		t.Errorf("message %q", got)
	}

	// Names that agree but for case and underscores carry no GoField, so
	// their messages read as before.
	_, err = c.encode(SMS{From: fromNumber, To: "12ab", Text: "hi", ClientRef: strings.Repeat("r", 101)})
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a *ValidationError", err)
	}
	want = []FieldError{{Field: "client_ref", Reason: "longer than 100 characters: 101"}, {Field: "to", Reason: `not an E.164 number: "12ab"`}}
	if !reflect.DeepEqual(ve.Errors, want) {
		t.Errorf("errors %#v\nwant   %#v", ve.Errors, want)
	}

	_, _, err = c.encodeFailover(SMS{From: fromNumber, To: toNumber, Text: "hi"}, []Message{template})
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a *ValidationError", err)
	}
	want = []FieldError{{Field: "failover[0].whatsapp.locale", GoField: "Template.Locale", Reason: "required"}}
	if !reflect.DeepEqual(ve.Errors, want) {
		t.Errorf("failover errors %#v\nwant            %#v", ve.Errors, want)
	}
	if got := err.Error(); got != "messages: sms: failover[0].whatsapp.locale (Template.Locale): required" {
		t.Errorf("failover message %q", got)
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
