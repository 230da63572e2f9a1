package messages

import (
	"fmt"
	"testing"
	"time"
)

// TestRCSValidation checks every RCS rule; RCS is v1 only.
func TestRCSValidation(t *testing.T) {
	t.Parallel()
	runValidationCases(t, rcsValidationCases())
}

// rcsValidationCases returns every RCS case: TestRCSValidation runs them,
// and TestValidatorsAgree runs them through messagestest too.
func rcsValidationCases() []validationCase {
	reply := RCSSuggestedReply{Text: "Yes", PostbackData: "yes"}
	card := func(n string) Card { return Card{Title: "T" + n, Text: "x", MediaURL: okURL} }
	return []validationCase{
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
		{"rcs sender id with a no-break space", V1, RCS{From: "Vonage\u00a0UK", To: toNumber, Content: Text("hi")}, []fieldWant{{"from", `sender ID must not hold spaces: "Vonage\u00a0UK"`}}},
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
}
