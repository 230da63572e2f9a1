package wire

import "encoding/json"

// V1Message is a v1 send request: POST /v1/messages. It is also the shape of
// each step in its Failover array.
type V1Message struct {
	Channel     string `json:"channel"`
	MessageType string `json:"message_type"`
	To          string `json:"to"`
	From        string `json:"from"`

	Text string `json:"text,omitempty"`
	Attachments
	// Content is the "content" array of an MMS of message type content:
	// several attachments in one message.
	Content []ContentItem `json:"content,omitempty"`

	Template *Template       `json:"template,omitempty"`
	Sticker  *Sticker        `json:"sticker,omitempty"`
	Reaction *Reaction       `json:"reaction,omitempty"`
	Custom   json.RawMessage `json:"custom,omitempty"`
	Card     *RCSCard        `json:"card,omitempty"`
	Carousel *RCSCarousel    `json:"carousel,omitempty"`

	Suggestions []RCSSuggestion `json:"suggestions,omitempty"`
	Context     *Context        `json:"context,omitempty"`

	Envelope
	TTL              int  `json:"ttl,omitempty"`
	TrustedRecipient bool `json:"trusted_recipient,omitempty"`

	SMS          *V1SMSOptions       `json:"sms,omitempty"`
	ViberService *V1ViberOptions     `json:"viber_service,omitempty"`
	Messenger    *V1MessengerOptions `json:"messenger,omitempty"`
	WhatsApp     *WhatsAppOptions    `json:"whatsapp,omitempty"`
	RCS          *V1RCSOptions       `json:"rcs,omitempty"`
	MMS          *V1MMSOptions       `json:"mms,omitempty"`

	Failover []V1Message `json:"failover,omitempty"`
}

// Envelope is what every v1 message carries beside its content, the same
// on each channel: the caller's reference and where its status webhooks go.
// V1Message embeds it where the three keys sit in the body, since
// encoding/json writes promoted fields at the embedded field's place.
type Envelope struct {
	ClientRef      string `json:"client_ref,omitempty"`
	WebhookURL     string `json:"webhook_url,omitempty"`
	WebhookVersion string `json:"webhook_version,omitempty"`
}

// V01 is the envelope as v0.1 carries it: client_ref alone, since v0.1
// has no per-message webhook.
func (e Envelope) V01() V01Envelope { return V01Envelope{ClientRef: e.ClientRef} }

// Attachments are the media keys of a message, the same on both versions:
// at most one is set, under the name of the message type.
type Attachments struct {
	Image *Media `json:"image,omitempty"`
	Audio *Media `json:"audio,omitempty"`
	Video *Media `json:"video,omitempty"`
	File  *Media `json:"file,omitempty"`
	VCard *Media `json:"vcard,omitempty"`
}

// Set puts m under the key kind names: "image", "audio", "video", "file"
// or "vcard"; any other kind sets nothing.
func (a *Attachments) Set(kind string, m *Media) {
	switch kind {
	case "image":
		a.Image = m
	case "audio":
		a.Audio = m
	case "video":
		a.Video = m
	case "file":
		a.File = m
	case "vcard":
		a.VCard = m
	}
}

// Media is an attachment: image, audio, video or file, on either version.
type Media struct {
	URL      string `json:"url"`
	Caption  string `json:"caption,omitempty"`
	Name     string `json:"name,omitempty"`
	ThumbURL string `json:"thumb_url,omitempty"`
}

// ContentItem is one attachment of an MMS "content" array: its type
// (image, audio, video, vcard or file), URL and optional caption.
type ContentItem struct {
	Type    string `json:"type"`
	URL     string `json:"url"`
	Caption string `json:"caption,omitempty"`
}

// V1SMSOptions is the v1 "sms" object.
type V1SMSOptions struct {
	EncodingType string `json:"encoding_type,omitempty"`
	ContentID    string `json:"content_id,omitempty"`
	EntityID     string `json:"entity_id,omitempty"`
	PoolID       string `json:"pool_id,omitempty"`
}

// V1ViberOptions is the v1 "viber_service" object. Duration and FileSize are
// strings on the wire: the spec types them so.
type V1ViberOptions struct {
	Category string       `json:"category,omitempty"`
	TTL      int          `json:"ttl,omitempty"`
	Type     string       `json:"type,omitempty"`
	Duration string       `json:"duration,omitempty"`
	FileSize string       `json:"file_size,omitempty"`
	Action   *ViberAction `json:"action,omitempty"`
}

// ViberAction is a Viber action button.
type ViberAction struct {
	URL  string `json:"url"`
	Text string `json:"text"`
}

// V1MessengerOptions is the v1 "messenger" object.
type V1MessengerOptions struct {
	Category string `json:"category,omitempty"`
	Tag      string `json:"tag,omitempty"`
}

// Template is a WhatsApp template: its name and the values of {{1}}, {{2}}...
// The same shape serves v1 and v0.1.
type Template struct {
	Name       string   `json:"name"`
	Parameters []string `json:"parameters,omitempty"`
}

// WhatsAppOptions is the "whatsapp" object of a template message, on v1 at
// the top level and on v0.1 under "message".
type WhatsAppOptions struct {
	Policy string `json:"policy,omitempty"`
	Locale string `json:"locale"`
}

// Sticker is a WhatsApp sticker, by URL or by ID.
type Sticker struct {
	URL string `json:"url,omitempty"`
	ID  string `json:"id,omitempty"`
}

// Reaction is a WhatsApp reaction: react with an emoji, or unreact.
type Reaction struct {
	Action string `json:"action"`
	Emoji  string `json:"emoji,omitempty"`
}

// Context names the message a WhatsApp message quotes or reacts to.
type Context struct {
	MessageUUID string `json:"message_uuid"`
}

// WhatsAppLocation is the custom payload that sends a location over
// WhatsApp: v1 has no location message type, so it goes as "custom".
type WhatsAppLocation struct {
	Type     string               `json:"type"`
	Location WhatsAppLocationBody `json:"location"`
}

// WhatsAppLocationBody is the "location" of a WhatsAppLocation.
type WhatsAppLocationBody struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
}

// RCSCard is an RCS rich card, alone or in a carousel.
type RCSCard struct {
	Title             string          `json:"title"`
	Text              string          `json:"text"`
	MediaURL          string          `json:"media_url"`
	MediaDescription  string          `json:"media_description,omitempty"`
	MediaHeight       string          `json:"media_height,omitempty"`
	ThumbnailURL      string          `json:"thumbnail_url,omitempty"`
	MediaForceRefresh bool            `json:"media_force_refresh,omitempty"`
	Suggestions       []RCSSuggestion `json:"suggestions,omitempty"`
}

// RCSCarousel is the "carousel" object of an RCS carousel message.
type RCSCarousel struct {
	Cards []RCSCard `json:"cards"`
}

// RCSSuggestion is one suggested reply or action chip; Type says which
// fields apply. Coordinates are strings on the wire: the spec types them so.
type RCSSuggestion struct {
	Type         string `json:"type"`
	Text         string `json:"text"`
	PostbackData string `json:"postback_data"`
	PhoneNumber  string `json:"phone_number,omitempty"`
	Latitude     string `json:"latitude,omitempty"`
	Longitude    string `json:"longitude,omitempty"`
	PinLabel     string `json:"pin_label,omitempty"`
	URL          string `json:"url,omitempty"`
	Description  string `json:"description,omitempty"`
	ViewMode     string `json:"view_mode,omitempty"`
	StartTime    string `json:"start_time,omitempty"`
	EndTime      string `json:"end_time,omitempty"`
	Title        string `json:"title,omitempty"`
	FallbackURL  string `json:"fallback_url,omitempty"`
}

// V1RCSOptions is the v1 "rcs" object.
type V1RCSOptions struct {
	Category        string `json:"category,omitempty"`
	CardOrientation string `json:"card_orientation,omitempty"`
	ImageAlignment  string `json:"image_alignment,omitempty"`
	CardWidth       string `json:"card_width,omitempty"`
}

// V1MMSOptions is the v1 "mms" object.
type V1MMSOptions struct {
	Participants []string `json:"participants,omitempty"`
}

// V1Update is the body of PATCH /v1/messages/{uuid}.
type V1Update struct {
	Status            string             `json:"status"`
	ReplyingIndicator *ReplyingIndicator `json:"replying_indicator,omitempty"`
}

// ReplyingIndicator is the WhatsApp "replying" indicator a mark-as-read
// update may show.
type ReplyingIndicator struct {
	Show bool   `json:"show"`
	Type string `json:"type"`
}
