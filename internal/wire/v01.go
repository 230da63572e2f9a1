package wire

// V01Message is a v0.1 send request: POST /v0.1/messages.
type V01Message struct {
	From    V01Address `json:"from"`
	To      V01Address `json:"to"`
	Message V01Body    `json:"message"`
	V01Envelope
}

// V01Envelope is what every v0.1 message carries beside its content: the
// caller's reference, the one key of v1's Envelope that v0.1 has.
type V01Envelope struct {
	ClientRef string `json:"client_ref,omitempty"`
}

// V01Address is a v0.1 from or to: a channel type and a number or an ID.
type V01Address struct {
	Type   string `json:"type"`
	Number string `json:"number,omitempty"`
	ID     string `json:"id,omitempty"`
}

// V01Body is the v0.1 "message" object.
type V01Body struct {
	Content         V01Content          `json:"content"`
	ViberServiceMsg *V01ViberOptions    `json:"viber_service_msg,omitempty"`
	Messenger       *V1MessengerOptions `json:"messenger,omitempty"`
	WhatsApp        *WhatsAppOptions    `json:"whatsapp,omitempty"`
}

// V01Content is the v0.1 "message.content" object.
type V01Content struct {
	Type string `json:"type"`
	Text string `json:"text,omitempty"`
	Attachments

	Template *Template `json:"template,omitempty"`
}

// V01ViberOptions is the v0.1 "viber_service_msg" object.
type V01ViberOptions struct {
	Category string `json:"category,omitempty"`
	TTL      int    `json:"ttl,omitempty"`
	Type     string `json:"type,omitempty"`
}
