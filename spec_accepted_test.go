package messages

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// specAcceptedCases are messages whose bodies the spec accepts but which
// this SDK once refused, by rules the spec does not state (see limits.go).
// Each is sent now; the test below checks the spec takes each body, and
// the external test package sends each to messagestest, which must take it
// too.
func specAcceptedCases() []goldenCase {
	okURL := "https://example.com/a.jpg"
	instant := RCSSuggestedCalendarEvent{Text: "Add", PostbackData: "p", Start: eventStart, End: eventStart, Title: "t", Description: "d"}
	backwards := RCSSuggestedCalendarEvent{Text: "Add", PostbackData: "p", Start: eventEnd, End: eventStart, Title: "t", Description: "d"}
	return []goldenCase{
		{"rcs vertical card with image_alignment", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{
			Title: "t", Text: "x", MediaURL: okURL, MediaHeight: MediaShort, Orientation: CardVertical, ImageAlignment: ImageLeft}}},
		{"rcs horizontal card with media_height", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{
			Title: "t", Text: "x", MediaURL: okURL, MediaHeight: MediaTall, Orientation: CardHorizontal, ImageAlignment: ImageRight}}},
		{"rcs card without orientation with image_alignment", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{
			Title: "t", Text: "x", MediaURL: okURL, ImageAlignment: ImageRight}}},
		{"rcs calendar event ending as it starts", V1, RCS{From: rcsAgent, To: toNumber, Content: Text("hi"), Suggestions: []RCSSuggestion{instant}}},
		{"rcs calendar event ending before it starts", V1, RCS{From: rcsAgent, To: toNumber, Content: Text("hi"), Suggestions: []RCSSuggestion{backwards}}},
		{"rcs dial to a short number", V1, RCS{From: rcsAgent, To: toNumber, Content: Text("hi"), Suggestions: []RCSSuggestion{
			RCSSuggestedDial{Text: "Call", PostbackData: "p", PhoneNumber: "+12"}}}},
		{"rcs webview without view_mode", V1, RCS{From: rcsAgent, To: toNumber, Content: Text("hi"), Suggestions: []RCSSuggestion{
			RCSSuggestedOpenURLInWebview{Text: "Open", PostbackData: "p", URL: "https://example.com", Description: "d"}}}},
		{"rcs sender with punctuation", V1, RCS{From: "Vonage-UK_1", To: toNumber, Content: Text("hi")}},
		{"whatsapp unreact with an emoji", V1, WhatsApp{From: fromNumber, To: toNumber, Context: &ReplyTo{MessageUUID: quotedUUID},
			Content: Reaction{Action: ReactionUnreact, Emoji: "😀"}}},
		{"whatsapp template with an empty parameter", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Template{
			Name: "verify", Locale: "en_GB", Parameters: []string{"a", ""}}}},
		{"sms text of spaces", V1, SMS{From: fromNumber, To: toNumber, Text: "   "}},
		{"sms sender id with punctuation", V1, SMS{From: "Vonage & Co", To: toNumber, Text: "hi"}},
		{"whatsapp text of spaces", V0_1, WhatsApp{From: fromNumber, To: toNumber, Content: Text(" ")}},
	}
}

func TestSpecAcceptedBodiesAreSent(t *testing.T) {
	t.Parallel()
	for _, gc := range specAcceptedCases() {
		t.Run(string(gc.version)+"/"+gc.name, func(t *testing.T) {
			t.Parallel()
			c := newTestClient(t, WithAPIVersion(gc.version))
			body, err := c.encode(gc.msg)
			require.NoError(t, err, "the SDK refuses a body the spec takes")
			validateAgainstSpec(t, gc.version, body)
		})
	}
}

// SpecAcceptedCases exposes specAcceptedCases to the external test
// package, which sends them to messagestest.
func SpecAcceptedCases() []GoldenCase {
	cases := specAcceptedCases()
	out := make([]GoldenCase, len(cases))
	for i, gc := range cases {
		out[i] = GoldenCase{gc.name, gc.version, gc.msg}
	}
	return out
}
