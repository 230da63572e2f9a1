package messages

import "testing"

// TestPointerContentEncodesLikeValues keeps derefContent in step with the
// content types: a pointer to any of them must send the same body.
func TestPointerContentEncodesLikeValues(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	custom := Custom(`{"a":1}`)
	tests := []struct{ value, pointer Message }{
		{MMS{From: fromNumber, To: toNumber, Content: VCard{URL: "https://example.com/c.vcf"}}, MMS{From: fromNumber, To: toNumber, Content: &VCard{URL: "https://example.com/c.vcf"}}},
		{WhatsApp{From: fromNumber, To: toNumber, Content: Template{Name: "n", Locale: "en"}}, WhatsApp{From: fromNumber, To: toNumber, Content: &Template{Name: "n", Locale: "en"}}},
		{WhatsApp{From: fromNumber, To: toNumber, Content: Sticker{ID: "s"}}, WhatsApp{From: fromNumber, To: toNumber, Content: &Sticker{ID: "s"}}},
		{WhatsApp{From: fromNumber, To: toNumber, Content: Location{Lat: 1, Long: 2}}, WhatsApp{From: fromNumber, To: toNumber, Content: &Location{Lat: 1, Long: 2}}},
		{WhatsApp{From: fromNumber, To: toNumber, Content: Reaction{Emoji: "x"}, Context: &ReplyTo{MessageUUID: "u"}}, WhatsApp{From: fromNumber, To: toNumber, Content: &Reaction{Emoji: "x"}, Context: &ReplyTo{MessageUUID: "u"}}},
		{WhatsApp{From: fromNumber, To: toNumber, Content: custom}, WhatsApp{From: fromNumber, To: toNumber, Content: &custom}},
		{RCS{From: rcsAgent, To: toNumber, Content: Card{Title: "t", Text: "x", MediaURL: "https://example.com/a"}}, RCS{From: rcsAgent, To: toNumber, Content: &Card{Title: "t", Text: "x", MediaURL: "https://example.com/a"}}},
		{RCS{From: rcsAgent, To: toNumber, Content: Carousel{Cards: []Card{{Title: "t", Text: "x", MediaURL: "https://example.com/a"}, {Title: "u", Text: "y", MediaURL: "https://example.com/b"}}}},
			RCS{From: rcsAgent, To: toNumber, Content: &Carousel{Cards: []Card{{Title: "t", Text: "x", MediaURL: "https://example.com/a"}, {Title: "u", Text: "y", MediaURL: "https://example.com/b"}}}}},
	}
	for _, tt := range tests {
		want, err := c.encode(tt.value)
		if err != nil {
			t.Fatalf("%+v: %v", tt.value, err)
		}
		got, err := c.encode(tt.pointer)
		if err != nil || string(got) != string(want) {
			t.Errorf("pointer content: %s, %v; want %s", got, err, want)
		}
	}
}

// TestCustomIsSentAsGiven checks a custom payload reaches the wire with
// its keys, order and values intact (only whitespace goes).
func TestCustomIsSentAsGiven(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	body, err := c.encode(RCS{From: rcsAgent, To: toNumber, Content: Custom("  {\"z\": 1, \"a\": [true, null, 1.50]}\n")})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"channel":"rcs","message_type":"custom","to":"447700900000","from":"Vonage","custom":{"z":1,"a":[true,null,1.50]}}`
	if string(body) != want {
		t.Errorf("body %s, want %s", body, want)
	}
}

// TestV01NamesTheContentItCannotCarry checks that a content type API
// version v0.1 has no shape for is named by its own JSON name.
func TestV01NamesTheContentItCannotCarry(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithAPIVersion(V0_1))
	tests := []struct {
		msg  Message
		want string
	}{
		{WhatsApp{From: fromNumber, To: toNumber, Content: Sticker{URL: okURL}}, "messages: whatsapp: sticker: not supported by API version v0.1"},
		{WhatsApp{From: fromNumber, To: toNumber, Content: Custom(`{"a":1}`)}, "messages: whatsapp: custom: not supported by API version v0.1"},
		{MMS{From: fromNumber, To: toNumber, Content: Audio{URL: okURL}}, "messages: mms: audio: not supported by API version v0.1"},
		{MMS{From: fromNumber, To: toNumber, Content: File{URL: okURL}}, "messages: mms: file: not supported by API version v0.1"},
		{Viber{From: viberID, To: toNumber, Content: File{URL: okURL}}, "messages: viber_service: file: not supported by API version v0.1"},
	}
	for _, tt := range tests {
		if _, err := c.encode(tt.msg); err == nil || err.Error() != tt.want {
			t.Errorf("got %q, want %q", err, tt.want)
		}
	}
}
