package messages

import (
	"encoding/json"
	"time"
)

// Event is a parsed webhook: an *Inbound, a *Status or an *UnknownEvent.
// The set is closed; switch on the concrete type:
//
//	switch ev := ev.(type) {
//	case *messages.Inbound:
//	case *messages.Status:
//	case *messages.UnknownEvent:
//	}
type Event interface {
	// webhookEvent closes the set of events to this package's types, so a
	// type switch over the three cases is exhaustive.
	webhookEvent()
}

func (*Inbound) webhookEvent()      {}
func (*Status) webhookEvent()       {}
func (*UnknownEvent) webhookEvent() {}

// UnknownEvent is a webhook body that is a JSON object but neither an inbound
// message nor a message status, such as the final report of a v0.1 Dispatch
// workflow. Raw keeps the body so nothing the API sends is lost.
type UnknownEvent struct {
	Raw json.RawMessage
}

// MessageStatus is the status a message-status webhook reports. Values the
// API adds later parse as they are; compare with the constants below.
type MessageStatus string

// The statuses the v1 and v0.1 specifications list for message-status
// webhooks.
const (
	// StatusSubmitted means the API has passed the message to the channel.
	StatusSubmitted MessageStatus = "submitted"
	// StatusDelivered means the channel reports the message delivered.
	StatusDelivered MessageStatus = "delivered"
	// StatusRead means the recipient has read the message (WhatsApp,
	// Messenger, Viber, RCS and email only).
	StatusRead MessageStatus = "read"
	// StatusRejected means the API or the channel refused the message; Error
	// says why.
	StatusRejected MessageStatus = "rejected"
	// StatusUndeliverable means the channel could not deliver the message;
	// Error says why.
	StatusUndeliverable MessageStatus = "undeliverable"
)

// Inbound is an inbound-message webhook: a message a customer sent to one of
// your numbers or accounts. v1 (flat) and v0.1 (nested from/to/message.content)
// bodies fill the same fields. Fields the body does not carry stay zero; Raw
// keeps the whole body for anything not mapped here.
type Inbound struct {
	MessageUUID string
	// Channel is the channel the message came in on; v0.1's
	// "viber_service_msg" becomes ChannelViber.
	Channel Channel
	// From and To are phone numbers, or IDs where the channel uses them
	// (Messenger page and user IDs, an RCS agent or Viber service ID). In
	// v0.1 bodies they come from the number field, else the id field.
	From, To  string
	Timestamp time.Time
	// Type is the message type: text, image, audio, video, file, vcard,
	// location, sticker, reply, button, reaction, order, contacts,
	// unsupported, or one the API adds later. v1 inbound SMS bodies carry no
	// message_type; they get "text".
	Type string
	Text string
	// Media is set for image, audio, video, file, vcard and sticker messages.
	Media *Media
	// Attachments lists every attachment of an MMS with more than one (the
	// v1 "content" array); Media holds the first of them when the body has no
	// single attachment object.
	Attachments []Media
	Location    *Location
	// Profile is the WhatsApp profile of the sender.
	Profile *Profile
	// ReplyTo is the message this one quotes or reacts to (the "context"
	// object); ContextStatus is WhatsApp's none, available or unavailable.
	ReplyTo       *ReplyTo
	ContextStatus string
	Reply         *InboundReply
	Button        *InboundButton
	Reaction      *InboundReaction
	Order         *InboundOrder
	// Contacts is the WhatsApp contacts array (beta), as sent.
	Contacts json.RawMessage
	// WhatsApp carries WhatsApp metadata: business account, sender identity,
	// click-to-WhatsApp referral, referred product.
	WhatsApp *InboundWhatsApp
	SMS      *InboundSMS
	// MMSParticipants lists the other members of a group MMS.
	MMSParticipants []string
	Usage           *Usage
	// OriginNetworkCode is the network the SMS or MMS came from, if known.
	OriginNetworkCode string
	// ProviderMessage is a note from the channel provider (WhatsApp).
	ProviderMessage string
	// SelfURL is the message resource link (the "_self.href" field).
	SelfURL string
	Raw     json.RawMessage
}

// Media is an attachment of an inbound message.
type Media struct {
	// Type is image, audio, video, file, vcard or sticker.
	Type    string
	URL     string
	Caption string
	Name    string
}

// Profile is the WhatsApp profile of a user.
type Profile struct {
	Name     string
	Username string
}

// InboundReply is the option a customer picked from an interactive list or
// suggested replies (message type "reply").
type InboundReply struct {
	ID          string
	Title       string
	Description string
}

// InboundButton is the quick-reply or WhatsApp Flows button a customer
// pressed (message type "button").
type InboundButton struct {
	// Payload is the button's payload when it is a string.
	Payload string
	// PayloadJSON is the payload when it is a JSON object, as WhatsApp Flows
	// send it.
	PayloadJSON json.RawMessage
	Text        string
	Subtype     string
}

// InboundReaction is an emoji reaction to a message (message type
// "reaction"); Action is "react" or "unreact".
type InboundReaction struct {
	Action string
	Emoji  string
}

// InboundOrder is a WhatsApp catalogue order (message type "order").
type InboundOrder struct {
	CatalogID string
	Items     []InboundOrderItem
}

// InboundOrderItem is one line of an InboundOrder. Quantity and ItemPrice
// are the decimal text the API sends, never rounded.
type InboundOrderItem struct {
	ProductRetailerID string
	Quantity          string
	ItemPrice         string
	Currency          string
}

// InboundWhatsApp is the "whatsapp" object of an inbound WhatsApp message.
type InboundWhatsApp struct {
	WABAID          string
	Sender          *WebhookWhatsAppUser
	Referral        *InboundReferral
	ReferredProduct *InboundReferredProduct
}

// WebhookWhatsAppUser identifies a WhatsApp user by business-scoped user ID
// and WhatsApp ID.
type WebhookWhatsAppUser struct {
	UserID       string
	ParentUserID string
	WAID         string
}

// InboundReferral describes the Facebook advertisement or post whose
// click-to-WhatsApp button started the conversation.
type InboundReferral struct {
	Body         string
	Headline     string
	SourceID     string
	SourceType   string
	SourceURL    string
	MediaType    string
	ImageURL     string
	VideoURL     string
	ThumbnailURL string
	CtwaClid     string
}

// InboundReferredProduct is the catalogue product a WhatsApp user asked
// about with "Message Business".
type InboundReferredProduct struct {
	CatalogID         string
	ProductRetailerID string
}

// InboundSMS is the SMS metadata of an inbound SMS.
type InboundSMS struct {
	// NumMessages is how many concatenated parts formed the message.
	NumMessages int
	// Keyword is the first word of the message in upper case.
	Keyword string
}

// Status is a message-status webhook (a delivery receipt) for a message you
// sent. v1 and v0.1 bodies fill the same fields; Raw keeps the whole body.
type Status struct {
	MessageUUID string
	// Channel is the message's channel. v0.1 bodies carry it as to.type.
	Channel   Channel
	From, To  string
	Timestamp time.Time
	Status    MessageStatus
	Error     *StatusError
	Usage     *Usage
	// ClientRef is the client_ref of the message sent.
	ClientRef string
	// Workflow is set for messages sent with failover (v1) or through the
	// v0.1 Dispatch API.
	Workflow *WorkflowInfo
	// NetworkCode is the network the message was sent to
	// ("destination.network_code"), when the API knows it.
	NetworkCode string
	SMS         *StatusSMS
	WhatsApp    *StatusWhatsApp
	// Profile is the WhatsApp profile of the recipient.
	Profile *Profile
	Raw     json.RawMessage
}

// StatusError explains why a message was rejected or undeliverable. v1 sends
// a problem-details object (Type, Title, Detail, Instance, with the error
// code as Title); v0.1 sends Code and Reason. Code is also filled from a v1
// Title that is a number, so callers can switch on it for both versions.
type StatusError struct {
	Type     string
	Title    string
	Detail   string
	Instance string
	Code     int
	Reason   string
}

// Usage is what a message cost. Price is the decimal text the API sends
// (a string such as "0.0333"), never rounded through a float.
type Usage struct {
	Currency string
	Price    string
}

// WorkflowInfo places a status in a failover workflow.
type WorkflowInfo struct {
	// WorkflowID is the v1 workflow_id, or the v0.1 dispatch_uuid (or the
	// Developer Preview's workflow_uuid).
	WorkflowID string
	// ItemNumber is the position of this message in the workflow, from 1
	// (the primary message); ItemsTotal counts all of them. v1 only.
	ItemNumber int
	ItemsTotal int
	// Href is the v0.1 link to the workflow resource.
	Href string
}

// StatusSMS is the SMS metadata of a status.
type StatusSMS struct {
	// CountTotal is how many SMS parts the message was split into.
	CountTotal int
	Segments   []StatusSMSSegment
}

// StatusSMSSegment is the status of one part of a concatenated SMS.
type StatusSMSSegment struct {
	Timestamp time.Time
	Status    MessageStatus
	ErrorCode string
}

// StatusWhatsApp is the "whatsapp" object of a WhatsApp status, sent with
// delivered statuses.
type StatusWhatsApp struct {
	WABAID                 string
	Recipient              *WebhookWhatsAppUser
	PricingType            string
	PricingModel           string
	PricingCategory        string
	ConversationID         string
	ConversationOriginType string
}
