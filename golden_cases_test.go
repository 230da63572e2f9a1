package messages

import "time"

// goldenCase is one message rendered on one wire version; its body lives in
// testdata/golden/<version>/<name>.json.
type goldenCase struct {
	name    string
	version APIVersion
	msg     Message
}

const (
	fromNumber = "447700900001"
	toNumber   = "447700900000"
	pageID     = "1234567890123456"
	userPSID   = "9876543210987654"
	viberID    = "654321"
)

// goldenCases covers every channel, content type and version this SDK
// sends. The spec test validates each against the API's OpenAPI files.
var goldenCases = []goldenCase{
	{"sms-text", V1, SMS{From: fromNumber, To: "+44 7700-900000", Text: "Hello from Vonage!"}},
	{"sms-text-sender-id", V1, SMS{From: "Vonage", To: toNumber, Text: "Your code is 1234"}},
	{"sms-text-all-options", V1, SMS{
		From: fromNumber, To: toNumber, Text: "Hello from Vonage!",
		ClientRef: "order-1234", WebhookURL: "https://example.com/status", WebhookVersion: "v1",
		TTL: 90000 * time.Second, Encoding: SMSEncodingUnicode, ContentID: "1107457532145798767",
		EntityID: "1101456324675322134", PoolID: "abc123", TrustedRecipient: true,
	}},
	{"viber-text", V1, Viber{From: viberID, To: toNumber, Content: Text("Hello from Vonage!")}},
	{"viber-text-options", V1, Viber{
		From: viberID, To: toNumber, Content: Text("Spring sale"), Category: ViberPromotion,
		TTL: 600 * time.Second, Type: "string", Action: &ViberAction{URL: "https://example.com/sale", Text: "Find out more"},
		ClientRef: "promo-7",
	}},
	{"viber-image", V1, Viber{From: viberID, To: toNumber, Content: Image{URL: "https://example.com/image.jpg", Caption: "Check out this new promotion"}}},
	{"viber-video", V1, Viber{From: viberID, To: toNumber, Content: Video{
		URL: "https://example.com/video.mp4", Caption: "Check out this new video",
		ThumbURL: "https://example.com/thumb.jpg", Duration: 123 * time.Second, FileSize: 1,
	}}},
	{"viber-file", V1, Viber{From: viberID, To: toNumber, Content: File{URL: "https://example.com/files/", Name: "example.pdf"}}},
	{"messenger-text", V1, Messenger{From: pageID, To: userPSID, Content: Text("Hello from Vonage!")}},
	{"messenger-text-tag", V1, Messenger{From: pageID, To: userPSID, Content: Text("Your event starts soon"), Category: MessengerMessageTag, Tag: "CONFIRMED_EVENT_UPDATE"}},
	{"messenger-image", V1, Messenger{From: pageID, To: userPSID, Content: Image{URL: "https://example.com/image.jpg"}}},
	{"messenger-audio", V1, Messenger{From: pageID, To: userPSID, Content: Audio{URL: "https://example.com/audio.mp3"}}},
	{"messenger-video", V1, Messenger{From: pageID, To: userPSID, Content: Video{URL: "https://example.com/video.mp4"}}},
	{"messenger-file", V1, Messenger{From: pageID, To: userPSID, Content: File{URL: "https://example.com/file.pdf"}}},

	{"sms-text", V0_1, SMS{From: fromNumber, To: toNumber, Text: "Hello from Vonage!", ClientRef: "order-1234"}},
	{"viber-text", V0_1, Viber{From: viberID, To: toNumber, Content: Text("Hello from Vonage!"), Category: ViberTransaction, TTL: 600 * time.Second}},
	{"viber-image", V0_1, Viber{From: viberID, To: toNumber, Content: Image{URL: "https://example.com/image.jpg"}}},
	{"messenger-text", V0_1, Messenger{From: pageID, To: userPSID, Content: Text("Hello from Vonage!"), Category: MessengerUpdate}},
	{"messenger-image", V0_1, Messenger{From: pageID, To: userPSID, Content: Image{URL: "https://example.com/image.jpg"}}},
	{"messenger-audio", V0_1, Messenger{From: pageID, To: userPSID, Content: Audio{URL: "https://example.com/audio.mp3"}}},
	{"messenger-video", V0_1, Messenger{From: pageID, To: userPSID, Content: Video{URL: "https://example.com/video.mp4"}}},
	{"messenger-file", V0_1, Messenger{From: pageID, To: userPSID, Content: File{URL: "https://example.com/file.zip"}, ClientRef: "ref-1"}},
}
