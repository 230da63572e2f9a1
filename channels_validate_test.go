package messages

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

func TestChannelValidation(t *testing.T) {
	t.Parallel()
	long := func(n int) string { return strings.Repeat("a", n) }
	okURL := "https://example.com/a"
	reply := RCSSuggestedReply{Text: "Yes", PostbackData: "yes"}
	card := func(n string) Card { return Card{Title: "T" + n, Text: "x", MediaURL: okURL} }
	v01 := "not supported by API version v0.1"
	tests := []struct {
		name    string
		version APIVersion
		msg     Message
		want    []fieldWant
	}{
		// MMS
		{"mms empty", V1, MMS{}, []fieldWant{{"to", "required"}, {"from", "required"}, {"content", "required"}}},
		{"mms text has no maximum", V1, MMS{From: fromNumber, To: toNumber, Content: Text(long(10000))}, nil},
		{"mms short code sender", V1, MMS{From: "123456", To: toNumber, Content: Text("hi")}, nil},
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

		// WhatsApp
		{"whatsapp empty", V1, WhatsApp{}, []fieldWant{{"to", "required"}, {"from", "required"}, {"content", "required"}}},
		{"whatsapp bsuid", V1, WhatsApp{From: fromNumber, To: "US.13491208655302741918", Content: Text("hi")}, nil},
		{"whatsapp bad recipient", V1, WhatsApp{From: "Vonage", To: "us.1234", Content: Text(long(4097))}, []fieldWant{
			{"to", `neither an E.164 number nor a business-scoped user ID: "us.1234"`},
			{"from", `not an E.164 number: "Vonage"`},
			{"text", "longer than 4096 characters: 4097"},
		}},
		{"whatsapp text limit counts characters", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Text(strings.Repeat("é", 4096))}, nil},
		{"whatsapp context", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Text("hi"), Context: &ReplyTo{MessageFrom: toNumber}}, []fieldWant{
			{"context.message_from", "not supported by outbound messages"},
			{"context.message_uuid", "required"},
		}},
		{"whatsapp media", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Audio{URL: "http://ab", Caption: "x"}}, []fieldWant{
			{"audio.caption", "not supported by whatsapp"},
			{"audio.url", "must be 10 to 2000 characters, got 9"},
		}},
		{"whatsapp audio url max", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Audio{URL: "https://example.com/" + long(1981)}}, []fieldWant{
			{"audio.url", "must be 10 to 2000 characters, got 2001"},
		}},
		{"whatsapp video", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Video{URL: okURL, Caption: long(3001), Duration: time.Second}}, []fieldWant{
			{"video", "thumb_url, duration and file_size are Viber fields, not supported by whatsapp"},
			{"video.caption", "longer than 3000 characters: 3001"},
		}},
		{"whatsapp template", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Template{Parameters: []string{"a", ""}, Policy: "fallback"}}, []fieldWant{
			{"template.name", "required"},
			{"whatsapp.policy (Template.Policy)", `must be one of deterministic, got "fallback"`},
			{"whatsapp.locale (Template.Locale)", "required"},
		}},
		// The spec's parameters are strings with no minimum: an empty one is sent.
		{"whatsapp template empty parameter", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Template{Name: "n", Locale: "en", Parameters: []string{"a", ""}}}, nil},
		{"whatsapp sticker both", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Sticker{URL: okURL, ID: "x"}}, []fieldWant{{"sticker", "set url or id, not both"}}},
		{"whatsapp sticker none", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Sticker{}}, []fieldWant{{"sticker", "url or id required"}}},
		{"whatsapp sticker bad url", V1, WhatsApp{From: fromNumber, To: toNumber, Content: &Sticker{URL: "s.webp"}}, []fieldWant{{"sticker.url", `not an absolute http or https URL: "s.webp"`}}},
		{"whatsapp location", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Location{Lat: 90.5, Long: -180.5, Address: "1 Main St", URL: okURL}}, []fieldWant{
			{"custom.location.latitude (Location.Lat)", "must be -90 to 90 degrees, got 90.5"},
			{"custom.location.longitude (Location.Long)", "must be -180 to 180 degrees, got -180.5"},
			{"location.url", "not supported by whatsapp outbound locations"},
			{"custom.location.name (Location.Name)", "required with an address, which WhatsApp shows only under a name"},
		}},
		{"whatsapp location nan", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Location{Lat: math.NaN(), Long: math.Inf(1)}}, []fieldWant{
			{"custom.location.latitude (Location.Lat)", "must be -90 to 90 degrees, got NaN"},
			{"custom.location.longitude (Location.Long)", "must be -180 to 180 degrees, got +Inf"},
		}},
		{"whatsapp reaction needs context and emoji", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Reaction{}}, []fieldWant{
			{"reaction.emoji", "required to react"},
			{"context", "required: it names the message reacted to"},
		}},
		// ReactionUnreact requires no emoji but does not forbid one.
		{"whatsapp unreaction with an emoji", V1, WhatsApp{From: fromNumber, To: toNumber, Context: &ReplyTo{MessageUUID: quotedUUID}, Content: Reaction{Action: ReactionUnreact, Emoji: "x"}}, nil},
		{"whatsapp reaction action", V1, WhatsApp{From: fromNumber, To: toNumber, Context: &ReplyTo{MessageUUID: quotedUUID}, Content: Reaction{Action: "love", Emoji: "x"}}, []fieldWant{
			{"reaction.action", `must be one of react, unreact, got "love"`},
		}},
		{"whatsapp custom not object", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Custom(`[1]`)}, []fieldWant{{"custom", "must be a JSON object"}}},
		{"whatsapp custom invalid", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Custom(`{"a":`)}, []fieldWant{{"custom", "not valid JSON"}}},
		{"whatsapp custom empty", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Custom(nil)}, []fieldWant{{"custom", "required"}}},
		{"whatsapp v0.1", V0_1, WhatsApp{From: fromNumber, To: "US.13491208655302741918", Content: Video{URL: okURL, Caption: "x"}, Context: &ReplyTo{MessageUUID: quotedUUID}, WebhookVersion: "v1"}, []fieldWant{
			{"webhook_version", v01},
			{"context", v01},
			{"to", "a business-scoped user ID is not supported by API version v0.1"},
			{"video.caption", v01},
		}},
		{"whatsapp v0.1 file name", V0_1, WhatsApp{From: fromNumber, To: toNumber, Content: File{URL: okURL, Name: "a.pdf"}}, []fieldWant{{"file.name", v01}}},
		{"whatsapp v0.1 sticker", V0_1, WhatsApp{From: fromNumber, To: toNumber, Content: Sticker{URL: okURL}}, []fieldWant{{"sticker", v01}}},
		{"whatsapp v0.1 location", V0_1, WhatsApp{From: fromNumber, To: toNumber, Content: &Location{Lat: 1, Long: 2}}, []fieldWant{{"location", v01}}},
		{"whatsapp v0.1 reaction", V0_1, WhatsApp{From: fromNumber, To: toNumber, Content: Reaction{Emoji: "x"}}, []fieldWant{{"reaction", v01}}},
		{"whatsapp v0.1 custom", V0_1, WhatsApp{From: fromNumber, To: toNumber, Content: Custom(`{}`)}, []fieldWant{{"custom", v01}}},
		{"whatsapp v0.1 template", V0_1, WhatsApp{From: fromNumber, To: toNumber, Content: Template{Name: "ns:verify"}}, []fieldWant{{"whatsapp.locale (Template.Locale)", "required"}}},

		// RCS
		{"rcs empty", V1, RCS{}, []fieldWant{{"to", "required"}, {"from", "required"}, {"content", "required"}}},
		{"rcs bad fields", V1, RCS{From: "Vonage Agent", To: toNumber, Content: Text(long(3073)), Category: "marketing", TTL: 19 * time.Second}, []fieldWant{
			{"rcs.category (Category)", `must be one of authentication, transaction, promotion, service-request, acknowledgement, got "marketing"`},
			{"from", `sender ID must not hold spaces: "Vonage Agent"`},
			{"ttl", "must be 20 to 259200 seconds, got 19"},
			{"text", "longer than 3072 characters: 3073"},
		}},
		{"rcs media extras", V1, RCS{From: rcsAgent, To: toNumber, Content: File{URL: okURL, Caption: "c", Name: "n"}, Suggestions: []RCSSuggestion{reply}}, []fieldWant{
			{"file.caption", "not supported by rcs"},
			{"file.name", "not supported by rcs"},
			{"suggestions", "only text and carousel messages carry suggestions"},
		}},
		{"rcs image caption", V1, RCS{From: rcsAgent, To: toNumber, Content: Image{URL: okURL, Caption: "c"}}, []fieldWant{{"image.caption", "not supported by rcs"}}},
		{"rcs video extras", V1, RCS{From: rcsAgent, To: toNumber, Content: Video{URL: okURL, Caption: "c", FileSize: 1}}, []fieldWant{
			{"video.caption", "not supported by rcs"},
			{"video", "thumb_url, duration and file_size are Viber fields, not supported by rcs"},
		}},
		{"rcs too many suggestions", V1, RCS{From: rcsAgent, To: toNumber, Content: Text("hi"), Suggestions: make([]RCSSuggestion, 12)}, func() []fieldWant {
			want := []fieldWant{{"suggestions", "at most 11 suggestions, got 12"}}
			for i := range 12 {
				want = append(want, fieldWant{fmt.Sprintf("suggestions[%d]", i), "required"})
			}
			return want
		}()},
		{"rcs suggestion rules", V1, RCS{From: rcsAgent, To: toNumber, Content: Text("hi"), Suggestions: []RCSSuggestion{
			RCSSuggestedReply{Text: long(26)},
			RCSSuggestedDial{Text: "Call", PostbackData: "p", PhoneNumber: "1", FallbackURL: "x"},
			RCSSuggestedViewLocation{Text: "Map", PostbackData: "p", Latitude: -91},
			RCSSuggestedShareLocation{PostbackData: "p"},
			RCSSuggestedOpenURL{Text: "Go", PostbackData: "p", URL: "example.com", Description: long(501)},
			&RCSSuggestedOpenURLInWebview{Text: "Go", PostbackData: "p", URL: okURL, ViewMode: "WIDE"},
			RCSSuggestedCalendarEvent{Text: "Add", PostbackData: "p", Start: eventEnd, End: eventStart, Title: long(101)},
			(*RCSSuggestedReply)(nil),
		}}, []fieldWant{
			{"suggestions[0].text", "longer than 25 characters: 26"},
			{"suggestions[0].postback_data", "required"},
			{"suggestions[1].phone_number", `not an E.164 number: "1"`},
			{"suggestions[1].fallback_url", `not an absolute http or https URL: "x"`},
			{"suggestions[2].latitude", "must be -90 to 90 degrees, got -91"},
			{"suggestions[2].pin_label", "required"},
			{"suggestions[3].text", "must not be empty"},
			{"suggestions[4].url", `not an absolute http or https URL: "example.com"`},
			{"suggestions[4].description", "must be 1 to 500 characters, got 501"},
			{"suggestions[5].description", "required"},
			{"suggestions[5].view_mode", `must be one of FULL, TALL, HALF, got "WIDE"`},
			{"suggestions[6].title", "must be 1 to 100 characters, got 101"},
			{"suggestions[6].description", "required"},
			{"suggestions[7]", "required"},
		}},
		{"rcs calendar event times required", V1, RCS{From: rcsAgent, To: toNumber, Content: Text("hi"), Suggestions: []RCSSuggestion{
			RCSSuggestedCalendarEvent{Text: "Add", PostbackData: "p", Title: "t", Description: "d"},
		}}, []fieldWant{{"suggestions[0].start_time (Suggestions[0].Start)", "required"}, {"suggestions[0].end_time (Suggestions[0].End)", "required"}}},
		{"rcs card calendar event times named by Go field", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{Title: "t", Text: "x", MediaURL: okURL, Suggestions: []RCSSuggestion{
			RCSSuggestedCalendarEvent{Text: "Add", PostbackData: "p", Start: eventStart, Title: "t", Description: "d"},
		}}}, []fieldWant{{"card.suggestions[0].end_time (Card.Suggestions[0].End)", "required"}}},
		{"rcs carousel calendar event times named by Go field", V1, RCS{From: rcsAgent, To: toNumber, Content: Carousel{Cards: []Card{card("1"), {Title: "t", Text: "x", MediaURL: okURL, Suggestions: []RCSSuggestion{
			RCSSuggestedCalendarEvent{Text: "Add", PostbackData: "p", End: eventEnd, Title: "t", Description: "d"},
		}}}}}, []fieldWant{{"carousel.cards[1].suggestions[0].start_time (Carousel.Cards[1].Suggestions[0].Start)", "required"}}},
		// The spec orders neither time: an event that ends as it starts, or
		// before, is sent as given.
		{"rcs calendar event end equals start", V1, RCS{From: rcsAgent, To: toNumber, Content: Text("hi"), Suggestions: []RCSSuggestion{
			RCSSuggestedCalendarEvent{Text: "Add", PostbackData: "p", Start: eventStart, End: eventStart, Title: "t", Description: "d"},
		}}, nil},
		{"rcs calendar event end before start", V1, RCS{From: rcsAgent, To: toNumber, Content: Text("hi"), Suggestions: []RCSSuggestion{
			RCSSuggestedCalendarEvent{Text: "Add", PostbackData: "p", Start: eventEnd, End: eventStart, Title: "t", Description: "d"},
		}}, nil},
		{"rcs dial takes a short number", V1, RCS{From: rcsAgent, To: toNumber, Content: Text("hi"), Suggestions: []RCSSuggestion{
			RCSSuggestedDial{Text: "Call", PostbackData: "p", PhoneNumber: "+12"},
		}}, nil},
		{"rcs dial number over 15 digits", V1, RCS{From: rcsAgent, To: toNumber, Content: Text("hi"), Suggestions: []RCSSuggestion{
			RCSSuggestedDial{Text: "Call", PostbackData: "p", PhoneNumber: "1234567890123456"},
		}}, []fieldWant{{"suggestions[0].phone_number", `not an E.164 number: "1234567890123456"`}}},
		{"rcs sender id with punctuation", V1, RCS{From: "Vonage-UK_1", To: toNumber, Content: Text("hi")}, nil},
		{"rcs sender id with a tab", V1, RCS{From: "Vonage\tUK", To: toNumber, Content: Text("hi")}, []fieldWant{{"from", `sender ID must not hold spaces: "Vonage\tUK"`}}},
		{"rcs card", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{
			Title: long(201), Text: long(2001), MediaHeight: "HUGE", ThumbnailURL: "t.jpg",
			Suggestions: []RCSSuggestion{reply, reply, reply, reply, reply}, Orientation: CardVertical, ImageAlignment: ImageLeft,
		}, Suggestions: []RCSSuggestion{reply}}, []fieldWant{
			{"card.media_height", `must be one of SHORT, MEDIUM, TALL, got "HUGE"`},
			{"card.title", "longer than 200 characters: 201"},
			{"card.text", "longer than 2000 characters: 2001"},
			{"card.media_url", "required"},
			{"card.suggestions", "at most 4 suggestions, got 5"},
			{"card.thumbnail_url", `not an absolute http or https URL: "t.jpg"`},
			{"suggestions", "a card carries its own: set Card.Suggestions"},
		}},
		// image_alignment "only applies" to HORIZONTAL cards and media_height
		// to VERTICAL ones: the spec does not forbid either elsewhere.
		{"rcs vertical card with an image alignment", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{
			Title: "t", Text: "x", MediaURL: okURL, MediaHeight: MediaShort, Orientation: CardVertical, ImageAlignment: ImageLeft,
		}}, nil},
		{"rcs card without orientation with an image alignment", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{
			Title: "t", Text: "x", MediaURL: okURL, ImageAlignment: ImageRight,
		}}, nil},
		{"rcs card orientation", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{Title: "t", Text: "x", MediaURL: okURL, Orientation: CardVertical}}, []fieldWant{
			{"card.media_height", "required when card_orientation is VERTICAL"},
		}},
		{"rcs card horizontal", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{Title: "t", Text: "x", MediaURL: okURL, Orientation: CardHorizontal}}, []fieldWant{
			{"rcs.image_alignment (Card.ImageAlignment)", "required when card_orientation is HORIZONTAL"},
		}},
		{"rcs horizontal card with a media height", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{
			Title: "t", Text: "x", MediaURL: okURL, Orientation: CardHorizontal, ImageAlignment: ImageLeft, MediaHeight: MediaTall,
		}}, nil},
		{"rcs card bad orientation", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{Title: "t", Text: "x", MediaURL: okURL, Orientation: "DIAGONAL"}}, []fieldWant{
			{"rcs.card_orientation (Card.Orientation)", `must be one of VERTICAL, HORIZONTAL, got "DIAGONAL"`},
		}},
		{"rcs carousel too small", V1, RCS{From: rcsAgent, To: toNumber, Content: Carousel{Cards: []Card{card("1")}, CardWidth: "LARGE"}}, []fieldWant{
			{"carousel.cards", "must hold 2 to 10 cards, got 1"},
			{"rcs.card_width (Carousel.CardWidth)", `must be one of SMALL, MEDIUM, got "LARGE"`},
		}},
		{"rcs carousel too big", V1, RCS{From: rcsAgent, To: toNumber, Content: Carousel{Cards: make([]Card, 11)}}, func() []fieldWant {
			want := []fieldWant{{"carousel.cards", "must hold 2 to 10 cards, got 11"}}
			for i := range 11 {
				f := fmt.Sprintf("carousel.cards[%d]", i)
				want = append(want, fieldWant{f + ".title", "must not be empty"}, fieldWant{f + ".text", "must not be empty"}, fieldWant{f + ".media_url", "required"})
			}
			return want
		}()},
		{"rcs carousel card orientation", V1, RCS{From: rcsAgent, To: toNumber, Content: Carousel{Cards: []Card{card("1"), {Title: "t", Text: "x", MediaURL: okURL, Orientation: CardHorizontal}}}}, []fieldWant{
			{"carousel.cards[1]", "orientation and image alignment apply to a single card; carousel cards are always VERTICAL"},
		}},
		{"rcs custom", V1, RCS{From: rcsAgent, To: toNumber, Content: Custom(`"text"`)}, []fieldWant{{"custom", "must be a JSON object"}}},
		{"rcs v0.1", V0_1, RCS{From: rcsAgent, To: toNumber, Content: Text("hi")}, []fieldWant{{"channel", v01}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assertFieldErrors(t, tt.version, tt.msg, tt.want)
		})
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

// TestV01NamesTheContentItCannotCarry checks that a content type API
// version v0.1 has no shape for is named by its own JSON name.
func TestV01NamesTheContentItCannotCarry(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithAPIVersion(V0_1))
	okURL := "https://example.com/a"
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

func TestNilChannelMessages(t *testing.T) {
	t.Parallel()
	c := newTestClient(t)
	for _, msg := range []Message{(*MMS)(nil), (*WhatsApp)(nil), (*RCS)(nil)} {
		if _, err := c.encode(msg); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("%T: got %v, want ErrInvalidMessage", msg, err)
		}
	}
}

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
