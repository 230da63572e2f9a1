package messagestest

import (
	"strings"
	"testing"
)

// TestRefusesWhatTheSDKRefuses pins the rules the fake took from the spec
// when TestValidatorsAgree (in the root package) found it taking what the
// SDK refuses: each names its field and its rule.
func TestRefusesWhatTheSDKRefuses(t *testing.T) {
	t.Parallel()
	const (
		params = "Invalid params"
		rcs    = `"channel":"rcs","to":"447700900000","from":"Vonage"`
		wa     = `"channel":"whatsapp","to":"447700900000","from":"447700900001"`
		card   = `"card":{"title":"t","text":"x","media_url":"https://example.com/a.jpg"}`
	)
	runInvalid(t, []invalidCase{
		{"rcs sender with a no-break space", "/v1/messages", `{"channel":"rcs","message_type":"text","to":"447700900000","from":"Vonage\u00a0UK","text":"hi"}`, 422, params, []ip{
			{"from", `an RCS sender ID has no spaces, got "Vonage\u00a0UK"`},
		}},
		{"rcs sender with a newline", "/v1/messages", `{"channel":"rcs","message_type":"text","to":"447700900000","from":"Vonage\nUK","text":"hi"}`, 422, params, []ip{
			{"from", `an RCS sender ID has no spaces, got "Vonage\nUK"`},
		}},
		{"vertical card without media_height", "/v1/messages", `{` + rcs + `,"message_type":"card",` + card + `,"rcs":{"card_orientation":"VERTICAL"}}`, 422, params, []ip{
			{"card.media_height", "is required when rcs.card_orientation is VERTICAL"},
		}},
		{"horizontal card without image_alignment", "/v1/messages", `{` + rcs + `,"message_type":"card",` + card + `,"rcs":{"card_orientation":"HORIZONTAL"}}`, 422, params, []ip{
			{"rcs.image_alignment", "is required when rcs.card_orientation is HORIZONTAL"},
		}},
		{"whatsapp context without message_uuid", "/v1/messages", `{` + wa + `,"message_type":"text","text":"hi","context":{}}`, 422, params, []ip{
			{"context.message_uuid", "is required"},
		}},
		{"whatsapp context with an empty message_uuid", "/v1/messages", `{` + wa + `,"message_type":"text","text":"hi","context":{"message_uuid":""}}`, 422, params, []ip{
			{"context.message_uuid", "must not be empty"},
		}},
		{"whatsapp audio url under 10 characters", "/v1/messages", `{` + wa + `,"message_type":"audio","audio":{"url":"http://ab"}}`, 422, params, []ip{
			{"audio.url", "must be 10 to 2000 characters, got 9"},
		}},
		{"whatsapp audio url over 2000 characters", "/v1/messages", `{` + wa + `,"message_type":"audio","audio":{"url":"https://example.com/` + strings.Repeat("a", 1981) + `"}}`, 422, params, []ip{
			{"audio.url", "longer than 2000 characters: 2001"},
		}},
	})
}
