package messages

import (
	"testing"
	"time"
)

// TestViberValidation checks every Viber rule on both versions.
func TestViberValidation(t *testing.T) {
	t.Parallel()
	runValidationCases(t, viberValidationCases())
}

// viberValidationCases returns every Viber case: TestViberValidation runs them,
// and TestValidatorsAgree runs them through messagestest too.
func viberValidationCases() []validationCase {
	return []validationCase{
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
		{"viber file caption", V1, Viber{From: viberID, To: toNumber, Content: File{URL: "https://example.com/f", Caption: "x"}}, []fieldWant{{"file.caption", "not supported by viber_service"}}},
		{"viber v0.1 has no video", V0_1, Viber{From: viberID, To: toNumber, Content: Video{URL: "https://example.com/v.mp4"}, Action: &ViberAction{}}, []fieldWant{
			{"viber_service.action (Action)", "not supported by API version v0.1"},
			{"video", "not supported by API version v0.1"},
		}},
	}
}
