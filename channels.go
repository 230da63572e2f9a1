package messages

// Channel names a messaging channel as the v1 API spells it. Webhook parsing
// maps the v0.1 spelling of Viber ("viber_service_msg") to ChannelViber, so
// callers compare against one set of constants whatever the wire version.
type Channel string

// The channels of the Messages API. A Channel not listed here (one the API
// adds later) still round-trips as its string.
const (
	ChannelSMS       Channel = "sms"
	ChannelMMS       Channel = "mms"
	ChannelRCS       Channel = "rcs"
	ChannelWhatsApp  Channel = "whatsapp"
	ChannelMessenger Channel = "messenger"
	ChannelViber     Channel = "viber_service"
	ChannelEmail     Channel = "email"
)

// String returns the channel's wire name.
func (c Channel) String() string { return string(c) }
