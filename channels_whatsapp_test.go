package messages

import (
	"math"
	"strings"
	"testing"
	"time"
)

// TestWhatsAppValidation checks every WhatsApp rule on both versions.
func TestWhatsAppValidation(t *testing.T) {
	t.Parallel()
	runValidationCases(t, whatsAppValidationCases())
}

// whatsAppValidationCases returns every WhatsApp case: TestWhatsAppValidation runs them,
// and TestValidatorsAgree runs them through messagestest too.
func whatsAppValidationCases() []validationCase {
	return []validationCase{
		{"whatsapp empty", V1, WhatsApp{}, []fieldWant{{"to", "required"}, {"from", "required"}, {"content", "required"}}},
		{"whatsapp bsuid", V1, WhatsApp{From: fromNumber, To: "US.13491208655302741918", Content: Text("hi")}, nil},
		{"whatsapp parent bsuid", V1, WhatsApp{From: fromNumber, To: "US.ENT.11815799212886844830", Content: Text("hi")}, nil},
		{"whatsapp parent bsuid on v0.1", V0_1, WhatsApp{From: fromNumber, To: "US.ENT.11815799212886844830", Content: Text("hi")}, []fieldWant{
			{"to", "a business-scoped user ID is not supported by API version v0.1"},
		}},
		{"whatsapp bsuid with two dots", V1, WhatsApp{From: fromNumber, To: "US.X.1181", Content: Text("hi")}, []fieldWant{
			{"to", `neither an E.164 number nor a business-scoped user ID: "US.X.1181"`},
		}},
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
	}
}
