package messages

// span is an inclusive range.
type span struct{ min, max int }

func (s span) contains(n int) bool { return n >= s.min && n <= s.max }

// limits is the one table of the API's limits that validation reads. Beside
// each is where it is stated: "v1" is messages-v1.yml 1.20.0 and "v0.1" is
// messages-v0.1.yml, as a schema keyword (maxLength, minimum...) unless
// "prose" says the spec states it only in a description; other sources are
// named. Where v1 and v0.1 differ both are kept.
//
// Validation is never stricter than the spec without a reason written here.
// The rules that are not numbers in this table, and why each stands where
// the spec does not state it:
//
//   - A required string left at "" is reported required (or "must not be
//     empty"): in Go the zero value is how a field is left out, so the SDK
//     reads it as the spec's missing required field. Text of spaces only is
//     sent as given: the spec sets no minimum beyond presence.
//
//   - Numbers (to, from, mms.participants) are E.164 digits, sent without
//     "+" or "00": v1 ToNumber and FromNumber (prose: "Don't use a leading +
//     or 00"), v0.1 the same: what is left must be [1-9][0-9]{6,14}.
//     An RCS dial suggestion's phone_number follows its own v1 pattern,
//     ^\+?[1-9]\d{1,14}$ (dialDigits).
//
//   - An SMS from that holds a letter is an alphanumeric sender ID of at most
//     senderIDCharacters; any other is a number. No character set is
//     enforced: Vonage's sender ID guide names none in its text.
//
//   - An RCS from holds no spaces: v1 RCSSenderId (prose: "Spaces are not
//     permitted"); its "should be alphanumeric" is advice, not enforced.
//
//   - A WhatsApp to that is not a number is a business-scoped user ID shaped
//     as the v1 examples: "US.13491208655302741918" (a two-letter country
//     code, a dot and letters and digits) or the parent BSUID
//     "US.ENT.11815799212886844830" (WhatsAppUserIdentity.parent_user_id),
//     which has "ENT." before the ID (v1 prose and the Meta page it links).
//     The API refuses an ID of that shape that names no user.
//
//   - Media, thumbnail, sticker, fallback, action and open-URL URLs are
//     absolute http or https: the spec's format url. The url of an MMS
//     content attachment too, though v1 gives it no format: the API fetches
//     each attachment from it as it does a single image's.
//     webhook_url too: the API posts status webhooks to it, which a URL
//     without scheme and host cannot receive.
//
//   - Durations (ttl, viber_service.duration) are whole seconds: the wire
//     carries integers, and rounding would send a value the caller did not
//     ask for.
//
//   - Latitude and longitude lie within ±latitude and ±longitude degrees, as
//     Google's RBM LatLng (google.type.LatLng) states for view_location; a
//     WhatsApp location uses the same WGS84 degrees. NaN and ±Inf have no
//     JSON form at all.
//
//   - A WhatsApp location with an address needs a name: WhatsApp shows the
//     address only under a name (v0.1 prose on location.address: "only
//     displays if name is present"); refusing it beats losing it silently.
//
//   - A Viber image with an action button needs a caption: v1 prose on
//     image.caption ("Required if the message includes an action button").
//
//   - messenger.tag is required with category message_tag: v1 and v0.1 prose
//     ("an additional tag for that type is mandatory").
//
//   - A Go field that the channel's wire shape has no place for (an RCS
//     image caption, Viber video fields on another channel, suggestions on
//     an RCS image, orientation on a carousel card, a file name or Viber
//     video fields on an MMS content attachment) is refused, not dropped:
//     the spec has no such field for that message, so the SDK could only
//     lose what the caller wrote. The same holds for a field or content type
//     the v0.1 wire cannot carry ("not supported by API version v0.1").
//
//   - An email's from and to are bare addresses matching the pattern v1
//     gives email.cc[].address and email.bcc[].address,
//     ^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$: v1 OutboundEmailFrom
//     and OutboundEmailTo state no pattern of their own, but their prose
//     calls each "the email address" of its party and says a display name
//     "must be set using" email.to_name or email.from_name, and the spec
//     knows no other form of an address than that pattern.
//
//   - An email of message type content (EmailParts) needs a text or an HTML
//     part: v1 EmailContent prose ("can include text and/or HTML"); an empty
//     content array would send an email without a body.
//
//   - A v0.1 Dispatch step's read condition needs a channel with read
//     receipts (dispatchRule): SMS and MMS send none (v1 status webhooks),
//     so the step would always fail over.
//
//   - The reply buttons of InteractiveButtons have unique IDs and unique
//     titles: Meta's "Interactive reply buttons messages" page (a title
//     "must be unique within the message"; the ID is the button's "unique
//     identifier", which the customer's answer carries back).
//
//   - AuthTemplate's locale is sent with "_" for "-" ("en-US" as "en_US"):
//     Vonage's support article "Using the Messages API Custom Object for
//     Advanced Templates with WhatsApp" says the custom object takes the
//     underscore form.
//
// Rules the spec does not state and no source above backs were removed: an
// RCS image_alignment on a VERTICAL card and media_height on a HORIZONTAL
// one (the spec says each "only applies" to the other orientation, which
// does not forbid it), a calendar suggestion's end after its start, an
// emoji with unreact, non-empty WhatsApp template parameters, a character
// set for SMS sender IDs and for RCS sender IDs beyond spaces, and text of
// spaces only counting as empty.
var limits = struct {
	smsTextV1, smsTextV01 int
	viberText             int
	messengerText         int
	whatsAppText          int
	rcsText               int

	clientRefV1, clientRefV01 int

	numberDigits span // E.164 numbers
	dialDigits   span // an RCS dial suggestion's phone_number

	id span // Messenger from/to and Viber from

	emailName span // email.to_name, from_name, cc[].name, bcc[].name
	emailText int  // text and html.body; 0 means none

	smsTTL, viberTTL, mmsTTL, rcsTTL span // seconds

	caption int

	viberVideoSeconds  span
	viberVideoSizeMB   span
	viberThumbURL      int
	viberFileName      int
	viberActionText    int
	senderIDCharacters int // alphanumeric SMS sender IDs

	mmsText          int  // v1.20.0 sets no maximum; 0 means none
	mmsShortCode     span // digits of a US short code sending MMS
	mmsAttachments   int  // fewest attachments in an MMS of message type content
	whatsAppAudioURL span // characters

	latitude, longitude float64 // absolute bounds, degrees

	dispatchExpiry span // seconds a v0.1 Dispatch step waits for its condition

	rcsSuggestionText   int
	rcsSuggestions      int // per message (text, carousel)
	rcsCardSuggestions  int // per card
	rcsCarouselCards    span
	rcsCardTitle        int
	rcsCardText         int
	rcsURLDescription   span
	rcsEventTitle       span
	rcsEventDescription span

	// WhatsApp interactive content (content_interactive.go). The v1 spec
	// leaves the custom object free-form; these are WhatsApp's documented
	// limits, which the API enforces on its side by passing the payload to
	// WhatsApp.
	waButtons            span // reply buttons per message
	waButtonID           span
	waButtonTitle        span
	waButtonsBody        span
	waListBody           span
	waInteractiveHeader  span // text header
	waInteractiveFooter  span
	waListButton         span
	waListSections       span
	waListRows           int // rows in all sections together
	waListSectionTitle   span
	waListRowID          span
	waListRowTitle       span
	waListRowDescription span
	waAuthCode           span
}{
	smsTextV1:     3200, // v1 OutboundSMSText maxLength
	smsTextV01:    1000, // v0.1 prose ("Limited to 1000 characters")
	viberText:     1000, // v1 prose, v0.1 maxLength
	messengerText: 640,  // v1 prose (v0.1 states none: the same Messenger platform)
	whatsAppText:  4096, // v1 prose, v0.1 maxLength
	rcsText:       3072, // v1 prose

	clientRefV1:  100, // v1 prose on client_ref
	clientRefV01: 40,  // v0.1 prose on client_ref

	numberDigits: span{7, 15}, // v1 ToNumber minLength and maxLength
	dialDigits:   span{2, 15}, // v1 RCSSuggestedActionDial pattern ^\+?[1-9]\d{1,14}$

	id: span{1, 50}, // v1 ToId and FromId, v0.1 id

	emailName: span{1, 100}, // v1 channelOptionsEmail to_name, from_name, cc[].name and bcc[].name minLength and maxLength
	emailText: 0,            // v1 sets none

	smsTTL:   span{20, 604800},  // v1 channelOptionsSms.ttl
	viberTTL: span{30, 259200},  // v1 viber_service.ttl, v0.1 viber_service_msg.ttl
	mmsTTL:   span{300, 259200}, // v1 channelOptionsMms.ttl
	rcsTTL:   span{20, 259200},  // v1 channelOptionsRcsStandard.ttl

	caption: 3000, // v1 caption maxLength wherever v1 states one; where it states none (WhatsApp video and file, Viber image) the same 3000, the one bound the API documents for a caption, which WhatsApp's own 1024-character media caption limit (Meta Cloud API) already stays under

	viberVideoSeconds:  span{1, 600}, // v1 viber_service.duration
	viberVideoSizeMB:   span{1, 200}, // v1 viber_service.file_size
	viberThumbURL:      1000,         // v1 video.thumb_url maxLength
	viberFileName:      25,           // v1 file.name maxLength
	viberActionText:    30,           // v1 viber_service.action.text maxLength
	senderIDCharacters: 11,           // Vonage's SMS sender identity guide (developer.vonage.com/messaging/sms/guides/custom-sender-id: "up to 11 supported characters")

	mmsText:          0,              // v1 sets none
	mmsShortCode:     span{5, 6},     // Vonage's US SMS Features and Restrictions article ("US Short Codes 5-6 digit numbers"); v0.1 from.number prose: "A US shortcode"
	mmsAttachments:   1,              // v1 prose on Content.content ("An array of one or more objects"; the schema sets no minItems)
	whatsAppAudioURL: span{10, 2000}, // v1 audio.url minLength and maxLength; kept on v0.1, which sends to the same WhatsApp

	latitude:  90,  // google.type.LatLng, as RBM's view_location takes it
	longitude: 180, // google.type.LatLng

	dispatchExpiry: span{15, 86400}, // dispatch-v0.1.yml failover.expiry_time minimum and maximum

	rcsSuggestionText:   25,           // v1 suggestion text maxLength
	rcsSuggestions:      11,           // v1 suggestions maxItems
	rcsCardSuggestions:  4,            // v1 card.suggestions maxItems
	rcsCarouselCards:    span{2, 10},  // v1 carousel.cards minItems and maxItems
	rcsCardTitle:        200,          // v1 card.title maxLength
	rcsCardText:         2000,         // v1 card.text maxLength
	rcsURLDescription:   span{1, 500}, // v1 open_url and open_url_in_webview description
	rcsEventTitle:       span{1, 100}, // v1 create_calendar_event title
	rcsEventDescription: span{1, 500}, // v1 create_calendar_event description

	// Meta, "Interactive reply buttons messages" (developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-reply-buttons-messages):
	// "up to three predefined replies", button ID "Maximum 256 characters",
	// button title "Maximum 20 characters", body text "Maximum 1024
	// characters", header text and footer text "Maximum 60 characters".
	waButtons:           span{1, 3},
	waButtonID:          span{1, 256},
	waButtonTitle:       span{1, 20},
	waButtonsBody:       span{1, 1024},
	waInteractiveHeader: span{1, 60},
	waInteractiveFooter: span{1, 60},
	// Meta, "Interactive list messages" (developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-list-messages):
	// "up to 10 sections, with up to 10 rows for all sections combined",
	// button label "Maximum 20 characters", body "Maximum 4096 characters",
	// header and footer 60 as above, section title "Maximum 24 characters"
	// (required with more than one section), row ID "Maximum 200
	// characters", row title "Maximum 24 characters", row description
	// "Maximum 72 characters".
	waListBody:           span{1, 4096},
	waListButton:         span{1, 20},
	waListSections:       span{1, 10},
	waListRows:           10,
	waListSectionTitle:   span{1, 24},
	waListRowID:          span{1, 200},
	waListRowTitle:       span{1, 24},
	waListRowDescription: span{1, 72},
	// Meta, "Authentication templates" (developers.facebook.com/docs/whatsapp/business-management-api/authentication-templates),
	// sending a copy-code template: the one-time password or verification
	// code, "Maximum 15 characters".
	waAuthCode: span{1, 15},
}
