package messages

// The types here go both ways: a webhook reports them in what comes in, and
// a message carries them out. They sit apart from content.go, which holds
// only what is sent, and webhook_types.go, which holds only what is
// received.

// Location is a place: one a customer shared in an inbound message (v0.1 and
// the Developer Preview sent the coordinates as strings; both forms parse),
// or one you send as WhatsApp content, where Lat and Long are required, Name
// and Address optional and URL not supported.
type Location struct {
	Lat, Long float64
	Name      string
	Address   string
	URL       string
}

// ReplyTo names the message an inbound message quotes or reacts to. As
// WhatsApp.Context it names the message an outbound WhatsApp message quotes
// or reacts to; only MessageUUID is sent.
type ReplyTo struct {
	MessageUUID string
	// MessageFrom is the sender of the quoted message (WhatsApp only).
	MessageFrom string
}
