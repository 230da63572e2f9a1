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
	shortCode  = "12345"
	rcsAgent   = "Vonage"
	waBSUID    = "US.13491208655302741918"
	quotedUUID = "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"
)

var (
	eventStart = time.Date(2023, 1, 1, 10, 0, 0, 0, time.UTC)
	eventEnd   = time.Date(2023, 1, 1, 11, 0, 0, 0, time.UTC)
	allChips   = []RCSSuggestion{
		RCSSuggestedReply{Text: "Yes", PostbackData: "question_1_yes"},
		RCSSuggestedDial{Text: "Call us", PostbackData: "action_dial", PhoneNumber: "+1 415 555 0100", FallbackURL: "https://example.com/contact"},
		RCSSuggestedViewLocation{Text: "Find us", PostbackData: "action_map", Latitude: 37.7749, Longitude: -122.4194, PinLabel: "Vonage", FallbackURL: "https://example.com/map"},
		RCSSuggestedShareLocation{Text: "Share location", PostbackData: "action_share"},
		RCSSuggestedOpenURL{Text: "Website", PostbackData: "action_url", URL: "https://example.com", Description: "A URL for the Example website."},
		RCSSuggestedOpenURLInWebview{Text: "Open here", PostbackData: "action_webview", URL: "https://example.com", Description: "A URL for the Example website.", ViewMode: WebviewFull},
		RCSSuggestedCalendarEvent{Text: "Save the date", PostbackData: "action_event", Start: eventStart, End: eventEnd, Title: "New Year Party", Description: "Join us to celebrate the new year!", FallbackURL: "https://www.google.com/calendar"},
	}
	carouselCard = func(n string) Card {
		return Card{Title: "Card " + n, Text: "Card " + n + " text", MediaURL: "https://example.com/" + n + ".jpg", MediaHeight: MediaShort,
			Suggestions: []RCSSuggestion{RCSSuggestedReply{Text: "Pick " + n, PostbackData: "pick_" + n}}}
	}
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

	{"mms-text", V1, MMS{From: fromNumber, To: toNumber, Content: Text("Hello from Vonage!")}},
	{"mms-text-all-options", V1, MMS{
		From: shortCode, To: toNumber, Content: Text("Hello, group!"), TTL: 600 * time.Second,
		Participants: []string{"+44 7700 900002"}, TrustedRecipient: true,
		ClientRef: "mms-1", WebhookURL: "https://example.com/status", WebhookVersion: "v1",
	}},
	{"mms-image", V1, MMS{From: fromNumber, To: toNumber, Content: Image{URL: "https://example.com/image.jpg", Caption: "Additional text to accompany the image."}}},
	{"mms-audio", V1, MMS{From: fromNumber, To: toNumber, Content: Audio{URL: "https://example.com/audio.mp3", Caption: "Listen"}}},
	{"mms-video", V1, MMS{From: fromNumber, To: toNumber, Content: Video{URL: "https://example.com/video.mp4"}}},
	{"mms-file", V1, MMS{From: fromNumber, To: toNumber, Content: File{URL: "https://example.com/file.pdf", Caption: "Please see the attached file."}}},
	{"mms-vcard", V1, MMS{From: fromNumber, To: toNumber, Content: VCard{URL: "https://example.com/contact.vcf", Caption: "Our contact card"}}},
	{"mms-content", V1, MMS{From: fromNumber, To: toNumber, Content: Attachments{
		Image{URL: "https://example.com/image.jpg", Caption: "See the attached image"},
		&Audio{URL: "https://example.com/audio.mp3"},
		Video{URL: "https://example.com/video.mp4", Caption: "Unboxing"},
		VCard{URL: "https://example.com/contact.vcf"},
		File{URL: "https://example.com/file.pdf", Caption: "Please see the attached file."},
	}, TTL: 600 * time.Second, ClientRef: "mms-2"}},

	{"whatsapp-text", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Text("Hello from Vonage!")}},
	{"whatsapp-text-reply-bsuid", V1, WhatsApp{
		From: fromNumber, To: waBSUID, Content: Text("Thanks, noted."), Context: &ReplyTo{MessageUUID: quotedUUID},
		ClientRef: "wa-1", WebhookURL: "https://example.com/status", WebhookVersion: "v0.1",
	}},
	{"whatsapp-image", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Image{URL: "https://example.com/image.jpg", Caption: "Additional text to accompany the image."}}},
	{"whatsapp-audio", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Audio{URL: "https://example.com/audio.mp3"}}},
	{"whatsapp-video", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Video{URL: "https://example.com/video.mp4", Caption: "Additional text."}}},
	{"whatsapp-file", V1, WhatsApp{From: fromNumber, To: toNumber, Content: File{URL: "https://example.com/file.pdf", Caption: "Additional text.", Name: "file.pdf"}}},
	{"whatsapp-template", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Template{
		Name: "verify", Parameters: []string{"Verification", "2526", "5"}, Locale: "en_US", Policy: TemplateDeterministic,
	}}},
	{"whatsapp-sticker-url", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Sticker{URL: "https://example.com/image.webp"}}},
	{"whatsapp-sticker-id", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Sticker{ID: "aabb7a31-1d1f-4755-a574-2971d831cd5b"}}},
	{"whatsapp-location", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Location{Lat: 37.758056, Long: -122.425332, Name: "Facebook HQ", Address: "1 Hacker Way, Menlo Park, CA 94025"}}},
	{"whatsapp-reaction", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Reaction{Emoji: "😀"}, Context: &ReplyTo{MessageUUID: quotedUUID}}},
	{"whatsapp-unreaction", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Reaction{Action: ReactionUnreact}, Context: &ReplyTo{MessageUUID: quotedUUID}}},
	{"whatsapp-interactive-buttons", V1, WhatsApp{From: fromNumber, To: toNumber, Content: InteractiveButtons{
		Header: "Your order", Body: "Shall we deliver tomorrow between 9 and 12?", Footer: "Reply by 18:00",
		Buttons: []ReplyButton{{ID: "slot-yes", Title: "Yes, please"}, {ID: "slot-later", Title: "Later slot"}, {ID: "slot-no", Title: "No"}},
	}}},
	{"whatsapp-interactive-buttons-minimal", V1, WhatsApp{From: fromNumber, To: toNumber, Content: InteractiveButtons{
		Body: "Did this answer your question?", Buttons: []ReplyButton{{ID: "yes", Title: "Yes"}},
	}}},
	{"whatsapp-interactive-list", V1, WhatsApp{From: fromNumber, To: toNumber, Content: InteractiveList{
		Header: "Shipping", Body: "Which shipping option do you prefer?", Footer: "Prices include VAT", Button: "Shipping options",
		Sections: []ListSection{
			{Title: "Express", Rows: []ListRow{{ID: "priority_express", Title: "Priority Mail Express", Description: "Next day to 2 days"}, {ID: "priority", Title: "Priority Mail", Description: "1 to 3 days"}}},
			{Title: "Standard", Rows: []ListRow{{ID: "ground", Title: "Ground Advantage"}}},
		},
	}}},
	{"whatsapp-auth-template", V1, WhatsApp{From: fromNumber, To: toNumber, Content: AuthTemplate{Name: "verify_code", Locale: "en-US", Code: "123456"}}},
	{"whatsapp-custom", V1, WhatsApp{From: fromNumber, To: toNumber, Content: Custom(`{
		"type": "interactive",
		"interactive": {"type": "button", "body": {"text": "Continue?"},
			"action": {"buttons": [{"type": "reply", "reply": {"id": "yes", "title": "Yes"}}]}}
	}`)}},

	{"rcs-text", V1, RCS{From: rcsAgent, To: toNumber, Content: Text("Hello from Vonage!")}},
	{"rcs-text-suggestions", V1, RCS{
		From: rcsAgent, To: toNumber, Content: Text("How can we help?"), Suggestions: allChips,
		Category: RCSTransaction, TTL: 600 * time.Second, TrustedRecipient: true,
		ClientRef: "rcs-1", WebhookURL: "https://example.com/status", WebhookVersion: "v1",
	}},
	{"rcs-image", V1, RCS{From: rcsAgent, To: toNumber, Content: Image{URL: "https://example.com/image.jpg"}}},
	{"rcs-video", V1, RCS{From: rcsAgent, To: toNumber, Content: Video{URL: "https://example.com/video.webm"}}},
	{"rcs-file", V1, RCS{From: rcsAgent, To: toNumber, Content: File{URL: "https://example.com/file.pdf"}}},
	{"rcs-card", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{
		Title: "Card Title", Text: "This is some text to display on the card.", MediaURL: "https://example.com/image.jpg",
		MediaDescription: "Image description for accessibility purposes.", ThumbnailURL: "https://example.com/thumbnail.jpg",
		MediaForceRefresh: true, Orientation: CardHorizontal, ImageAlignment: ImageRight,
		Suggestions: allChips[:4],
	}}},
	{"rcs-card-vertical", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{
		Title: "Card Title", Text: "Tall media", MediaURL: "https://example.com/video.mp4", MediaHeight: MediaTall, Orientation: CardVertical,
	}}},
	// image_alignment "only applies" to HORIZONTAL cards: the spec does not
	// forbid it on a VERTICAL one, and the API takes it.
	{"rcs-card-vertical-image-alignment", V1, RCS{From: rcsAgent, To: toNumber, Content: Card{
		Title: "Card Title", Text: "Aligned anyway", MediaURL: "https://example.com/image.jpg", MediaHeight: MediaMedium,
		Orientation: CardVertical, ImageAlignment: ImageLeft,
	}}},
	// A calendar event whose end equals its start marks a moment.
	{"rcs-text-event-instant", V1, RCS{From: rcsAgent, To: toNumber, Content: Text("Doors open"), Suggestions: []RCSSuggestion{
		RCSSuggestedCalendarEvent{Text: "Remind me", PostbackData: "doors", Start: eventStart, End: eventStart, Title: "Doors open", Description: "The doors open."},
	}}},
	{"rcs-carousel", V1, RCS{From: rcsAgent, To: toNumber, Content: Carousel{
		Cards: []Card{carouselCard("1"), carouselCard("2")}, CardWidth: CardWidthMedium,
	}, Suggestions: allChips[:1]}},
	{"rcs-custom", V1, RCS{From: rcsAgent, To: toNumber, Content: Custom(`{"contentMessage":{"text":"Hello"}}`)}},

	{"email-text", V1, Email{From: emailFrom, To: emailTo, Subject: "Hello from Vonage", Content: Text("Hello from Vonage!")}},
	{"email-html", V1, Email{
		From: emailFrom, To: emailTo, Subject: "Welcome", ToName: "John Doe", FromName: "Vonage Support",
		Content: HTML("<h1>Welcome to our service</h1><p>We're glad to have you on board!</p>"),
	}},
	{"email-content-all-options", V1, Email{
		From: emailFrom, To: emailTo, Subject: "Your order has shipped", ToName: "John Doe", FromName: "Vonage Support",
		Content:    EmailParts{Text: "Your order has shipped.", HTML: "<p>Your order has <b>shipped</b>.</p>"},
		CC:         []EmailAddress{{Address: "john.doe@example.com", Name: "John Doe"}, {Address: "orders@example.co.uk"}},
		BCC:        []EmailAddress{{Address: "jane.doe@example.com", Name: "Jane Doe"}},
		Importance: EmailImportanceHigh, Priority: EmailPriorityUrgent, Sensitivity: EmailSensitivityCompanyConfidential,
		ClientRef: "email-1", WebhookURL: "https://example.com/status", WebhookVersion: "v1",
	}},

	{"sms-text", V0_1, SMS{From: fromNumber, To: toNumber, Text: "Hello from Vonage!", ClientRef: "order-1234"}},
	{"viber-text", V0_1, Viber{From: viberID, To: toNumber, Content: Text("Hello from Vonage!"), Category: ViberTransaction, TTL: 600 * time.Second}},
	{"viber-image", V0_1, Viber{From: viberID, To: toNumber, Content: Image{URL: "https://example.com/image.jpg"}}},
	{"messenger-text", V0_1, Messenger{From: pageID, To: userPSID, Content: Text("Hello from Vonage!"), Category: MessengerUpdate}},
	{"messenger-image", V0_1, Messenger{From: pageID, To: userPSID, Content: Image{URL: "https://example.com/image.jpg"}}},
	{"messenger-audio", V0_1, Messenger{From: pageID, To: userPSID, Content: Audio{URL: "https://example.com/audio.mp3"}}},
	{"messenger-video", V0_1, Messenger{From: pageID, To: userPSID, Content: Video{URL: "https://example.com/video.mp4"}}},
	{"messenger-file", V0_1, Messenger{From: pageID, To: userPSID, Content: File{URL: "https://example.com/file.zip"}, ClientRef: "ref-1"}},
	{"mms-image", V0_1, MMS{From: shortCode, To: toNumber, Content: Image{URL: "https://example.com/image.jpg", Caption: "My Tabby cat, Oliver."}, ClientRef: "mms-1"}},
	{"mms-vcard", V0_1, MMS{From: fromNumber, To: toNumber, Content: VCard{URL: "https://example.com/my-vcard.vcf"}}},
	{"whatsapp-text", V0_1, WhatsApp{From: fromNumber, To: toNumber, Content: Text("Hello from Vonage!"), ClientRef: "wa-1"}},
	{"whatsapp-template", V0_1, WhatsApp{From: fromNumber, To: toNumber, Content: Template{
		Name: "whatsapp:hsm:technology:nexmo:verify", Parameters: []string{"Daisy", "12345"}, Locale: "en-GB", Policy: TemplateDeterministic,
	}}},
	{"whatsapp-image", V0_1, WhatsApp{From: fromNumber, To: toNumber, Content: Image{URL: "https://example.com/cat.jpg", Caption: "My Tabby cat, Oliver."}}},
	{"whatsapp-audio", V0_1, WhatsApp{From: fromNumber, To: toNumber, Content: Audio{URL: "https://example.com/audio.mp3"}}},
	{"whatsapp-video", V0_1, WhatsApp{From: fromNumber, To: toNumber, Content: Video{URL: "https://example.com/video.mp4"}}},
	{"whatsapp-file", V0_1, WhatsApp{From: fromNumber, To: toNumber, Content: File{URL: "https://example.com/file.pdf", Caption: "An important report"}}},
}
