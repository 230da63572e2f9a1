package messages

import (
	"testing"
	"time"
)

// TestMMSValidation checks every MMS rule on both versions.
func TestMMSValidation(t *testing.T) {
	t.Parallel()
	runValidationCases(t, []validationCase{
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
	})
}
