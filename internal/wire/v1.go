package wire

// V1Message is a v1 send request: POST /v1/messages. It is also the shape of
// each step in its Failover array.
type V1Message struct {
	Channel     string `json:"channel"`
	MessageType string `json:"message_type"`
	To          string `json:"to"`
	From        string `json:"from"`

	Text  string `json:"text,omitempty"`
	Image *Media `json:"image,omitempty"`
	Audio *Media `json:"audio,omitempty"`
	Video *Media `json:"video,omitempty"`
	File  *Media `json:"file,omitempty"`

	ClientRef        string `json:"client_ref,omitempty"`
	WebhookURL       string `json:"webhook_url,omitempty"`
	WebhookVersion   string `json:"webhook_version,omitempty"`
	TTL              int    `json:"ttl,omitempty"`
	TrustedRecipient bool   `json:"trusted_recipient,omitempty"`

	SMS          *V1SMSOptions       `json:"sms,omitempty"`
	ViberService *V1ViberOptions     `json:"viber_service,omitempty"`
	Messenger    *V1MessengerOptions `json:"messenger,omitempty"`

	Failover []V1Message `json:"failover,omitempty"`
}

// Media is an attachment: image, audio, video or file, on either version.
type Media struct {
	URL      string `json:"url"`
	Caption  string `json:"caption,omitempty"`
	Name     string `json:"name,omitempty"`
	ThumbURL string `json:"thumb_url,omitempty"`
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

// V1Reply is the body of a 202 answer to a v1 send.
type V1Reply struct {
	MessageUUID string `json:"message_uuid"`
	WorkflowID  string `json:"workflow_id,omitempty"`
}
