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
		got, ok := normalizeDigits(tt.in, limits.numberDigits)
		if got != tt.want || ok != tt.ok {
			t.Errorf("normalizeDigits(%q, numberDigits) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// validationCase is one message checked on one version: want lists every
// FieldError it must fail with, in order, or is nil for a message that
// passes.
type validationCase struct {
	name    string
	version APIVersion
	msg     Message
	want    []fieldWant
}

// runValidationCases runs each case as a parallel subtest.
func runValidationCases(t *testing.T, tests []validationCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assertFieldErrors(t, tt.version, tt.msg, tt.want)
		})
	}
}

// long returns a string of n characters, to cross a length limit.
func long(n int) string { return strings.Repeat("a", n) }

const (
	// okURL is a media URL every channel takes.
	okURL = "https://example.com/a"
	// v01 is the reason of a field the v0.1 wire cannot carry.
	v01 = "not supported by API version v0.1"
)

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

// TestIsPlainNumber pins the one digit check that numbers, RCS dial
// numbers and MMS short codes share.
func TestIsPlainNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s    string
		r    span
		want bool
	}{
		{"447700900000", limits.numberDigits, true},
		{"12345", limits.mmsShortCode, true},
		{"123456", limits.mmsShortCode, true},
		{"1234", limits.mmsShortCode, false},    // too short
		{"1234567", limits.mmsShortCode, false}, // too long
		{"01234", limits.mmsShortCode, false},   // leading 0
		{"12 45", limits.mmsShortCode, false},   // a separator is for normalizeDigits to drop
		{"+1234", limits.mmsShortCode, false},
		{"12a45", limits.mmsShortCode, false},
		{"١٢٣٤٥", span{5, 15}, false}, // non-ASCII digits
		{"12", limits.dialDigits, true},
		{"", span{0, 3}, false}, // empty, even where the span allows it
	}
	for _, tt := range tests {
		if got := isPlainNumber(tt.s, tt.r); got != tt.want {
			t.Errorf("isPlainNumber(%q, %v) = %v, want %v", tt.s, tt.r, got, tt.want)
		}
	}
}

// TestViberOnlyVideoFields checks the one rule that refuses Viber's video
// fields on every other channel that sends video, for each of the fields.
func TestViberOnlyVideoFields(t *testing.T) {
	t.Parallel()
	videos := map[string]Video{
		"thumb_url": {URL: okURL, ThumbURL: okURL},
		"duration":  {URL: okURL, Duration: time.Second},
		"file_size": {URL: okURL, FileSize: 1},
	}
	for field, v := range videos {
		for _, msg := range []Message{
			Messenger{From: pageID, To: userPSID, Content: v},
			MMS{From: fromNumber, To: toNumber, Content: v},
			RCS{From: rcsAgent, To: toNumber, Content: v},
			WhatsApp{From: fromNumber, To: toNumber, Content: v},
		} {
			t.Run(string(msg.MessageChannel())+" "+field, func(t *testing.T) {
				t.Parallel()
				assertFieldErrors(t, V1, msg, []fieldWant{
					{"video", "thumb_url, duration and file_size are Viber fields, not supported by " + string(msg.MessageChannel())},
				})
			})
		}
	}
	t.Run("viber takes them", func(t *testing.T) {
		t.Parallel()
		v := Video{URL: okURL, ThumbURL: okURL, Duration: time.Second, FileSize: 1}
		assertFieldErrors(t, V1, Viber{From: viberID, To: toNumber, Content: v}, nil)
	})
}

// TestEnvelope checks that every channel states client_ref, webhook_url and
// webhook_version through the one envelope rule: the same checks and the
// same keys in the same place on v1, client_ref alone on v0.1.
func TestEnvelope(t *testing.T) {
	t.Parallel()
	const hook = "https://example.com/status"
	msgs := []Message{
		SMS{From: fromNumber, To: toNumber, Text: "hi"},
		Viber{From: viberID, To: toNumber, Content: Text("hi")},
		Messenger{From: pageID, To: userPSID, Content: Text("hi")},
		MMS{From: fromNumber, To: toNumber, Content: Image{URL: okURL}},
		WhatsApp{From: fromNumber, To: toNumber, Content: Text("hi")},
		RCS{From: rcsAgent, To: toNumber, Content: Text("hi")},
		Email{From: "no-reply@yourdomain.com", To: "user@example.com", Subject: "Hi", Content: Text("hi")},
	}
	for _, msg := range msgs {
		ch := string(msg.MessageChannel())
		t.Run(ch+" v1", func(t *testing.T) {
			t.Parallel()
			body, err := newTestClient(t).encode(withEnvelope(msg, "order-1", hook, "v0.1"))
			if err != nil {
				t.Fatal(err)
			}
			// Nothing the message sets follows the envelope: it ends the body.
			want := `,"client_ref":"order-1","webhook_url":"https://example.com/status","webhook_version":"v0.1"}`
			if !strings.HasSuffix(string(body), want) {
				t.Errorf("body %s: want it to end in %s", body, want)
			}
			assertFieldErrors(t, V1, withEnvelope(msg, long(101), "example.com", "v2"), []fieldWant{
				{"client_ref", "longer than 100 characters: 101"},
				{"webhook_url", `not an absolute http or https URL: "example.com"`},
				{"webhook_version", `must be one of v0.1, v1, got "v2"`},
			})
		})
		if ch := msg.MessageChannel(); ch == ChannelRCS || ch == ChannelEmail {
			continue // RCS and Email are v1 only: the channel itself is the v0.1 error
		}
		t.Run(ch+" v0.1", func(t *testing.T) {
			t.Parallel()
			body, err := newTestClient(t, WithAPIVersion(V0_1)).encode(withEnvelope(msg, "order-1", "", ""))
			if err != nil {
				t.Fatal(err)
			}
			if want := `,"client_ref":"order-1"}`; !strings.HasSuffix(string(body), want) {
				t.Errorf("body %s: want it to end in %s", body, want)
			}
			assertFieldErrors(t, V0_1, withEnvelope(msg, long(41), hook, "v2"), []fieldWant{
				{"client_ref", "longer than 40 characters: 41"},
				{"webhook_url", v01},
				{"webhook_version", v01},
				{"webhook_version", `must be one of v0.1, v1, got "v2"`},
			})
		})
	}
}

// withEnvelope returns a copy of msg, a message struct, with its ClientRef,
// WebhookURL and WebhookVersion set.
func withEnvelope(msg Message, clientRef, webhookURL, webhookVersion string) Message {
	v := reflect.New(reflect.TypeOf(msg)).Elem()
	v.Set(reflect.ValueOf(msg))
	v.FieldByName("ClientRef").SetString(clientRef)
	v.FieldByName("WebhookURL").SetString(webhookURL)
	v.FieldByName("WebhookVersion").SetString(webhookVersion)
	return v.Interface().(Message)
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

func TestChannelValidationErrorMessage(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	tests := []struct {
		msg  Message
		want string
	}{
		{WhatsApp{From: fromNumber, To: "12ab", Content: Text("hi")}, `messages: whatsapp: to: not an E.164 number: "12ab"`},
		{MMS{From: fromNumber, To: toNumber}, `messages: mms: content: required`},
		{RCS{From: rcsAgent, To: toNumber, Content: Text("")}, `messages: rcs: text: must not be empty`},
		{WhatsApp{From: fromNumber, To: toNumber, Content: Template{Name: "verify"}}, `messages: whatsapp: whatsapp.locale (Template.Locale): required`},
		{SMS{From: fromNumber, To: toNumber, Text: "hi", Encoding: "utf8"}, `messages: sms: sms.encoding_type (Encoding): must be one of text, unicode, auto, got "utf8"`},
	}
	for _, tt := range tests {
		if _, err := c.encode(tt.msg); err == nil || err.Error() != tt.want {
			t.Errorf("got %q, want %q", err, tt.want)
		}
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
