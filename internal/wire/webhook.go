package wire

import (
	"bytes"
	"encoding/json"
	"reflect"
	"unicode/utf8"
)

// The wire shapes of webhook bodies. One struct takes v1 (flat) and v0.1
// (nested from/to/message.content) bodies alike, so a body is decoded once
// and its shape decided from which fields were present.

// Scalar is a JSON scalar kept as its text: a string, or a number as its
// literal (so a price such as 0.0333 is never rounded through a float).
// Set records that the field was present and not null.
type Scalar struct {
	V   string
	Set bool
}

// UnmarshalJSON takes a string or a number, and refuses anything else.
func (s *Scalar) UnmarshalJSON(b []byte) error {
	switch b[0] {
	case 'n':
		return nil
	case '"':
		if bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b) {
			s.V, s.Set = string(b[1:len(b)-1]), true
			return nil
		}
		if err := json.Unmarshal(b, &s.V); err != nil {
			return err
		}
		s.Set = true
		return nil
	case 't', 'f', '{', '[':
		return &json.UnmarshalTypeError{Value: jsonKind(b[0]), Type: scalarType}
	default: // a number; the outer decoder has already checked the syntax
		s.V, s.Set = string(b), true
		return nil
	}
}

var (
	scalarType = reflect.TypeFor[Scalar]()
	partyType  = reflect.TypeFor[Party]()
)

func jsonKind(c byte) string {
	switch c {
	case 't', 'f':
		return "bool"
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 'n':
		return "null"
	}
	return "number"
}

// Party is a from or to field: a string in v1, an object {type, number,
// id} in v0.1.
type Party struct {
	Type, Number, ID string
	Set              bool
}

// UnmarshalJSON takes a string (v1) or an object (v0.1).
func (p *Party) UnmarshalJSON(b []byte) error {
	switch b[0] {
	case 'n':
		return nil
	case '{':
		var o struct {
			Type   Scalar `json:"type"`
			Number Scalar `json:"number"`
			ID     Scalar `json:"id"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		*p = Party{Type: o.Type.V, Number: o.Number.V, ID: o.ID.V, Set: true}
		return nil
	case 't', 'f', '[':
		return &json.UnmarshalTypeError{Value: jsonKind(b[0]), Type: partyType}
	}
	var s Scalar
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	*p = Party{Number: s.V, Set: true}
	return nil
}

// Addr is the party's address: the number when there is one, else the id.
func (p *Party) Addr() string {
	if p.Number != "" {
		return p.Number
	}
	return p.ID
}

type WebhookMedia struct {
	URL     Scalar `json:"url"`
	Caption Scalar `json:"caption"`
	Name    Scalar `json:"name"`
}

type WebhookAttachment struct {
	Type    Scalar `json:"type"`
	URL     Scalar `json:"url"`
	Caption Scalar `json:"caption"`
	Name    Scalar `json:"name"`
}

type WebhookLocation struct {
	Lat       Scalar `json:"lat"`
	Long      Scalar `json:"long"`
	Latitude  Scalar `json:"latitude"`
	Longitude Scalar `json:"longitude"`
	Name      Scalar `json:"name"`
	Address   Scalar `json:"address"`
	URL       Scalar `json:"url"`
}

type WebhookReply struct {
	ID          Scalar `json:"id"`
	Title       Scalar `json:"title"`
	Description Scalar `json:"description"`
}

type WebhookButton struct {
	Payload json.RawMessage `json:"payload"`
	Text    Scalar          `json:"text"`
	Subtype Scalar          `json:"subtype"`
}

type WebhookReaction struct {
	Action Scalar `json:"action"`
	Emoji  Scalar `json:"emoji"`
}

type WebhookOrder struct {
	CatalogID    Scalar `json:"catalog_id"`
	ProductItems []struct {
		ProductRetailerID Scalar `json:"product_retailer_id"`
		Quantity          Scalar `json:"quantity"`
		ItemPrice         Scalar `json:"item_price"`
		Currency          Scalar `json:"currency"`
	} `json:"product_items"`
}

// WebhookPayload is the message content: at the top level of a v1 body, in
// message.content of a v0.1 body.
type WebhookPayload struct {
	Text     Scalar              `json:"text"`
	Image    *WebhookMedia       `json:"image"`
	Audio    *WebhookMedia       `json:"audio"`
	Video    *WebhookMedia       `json:"video"`
	File     *WebhookMedia       `json:"file"`
	VCard    *WebhookMedia       `json:"vcard"`
	Sticker  *WebhookMedia       `json:"sticker"`
	Location *WebhookLocation    `json:"location"`
	Reply    *WebhookReply       `json:"reply"`
	Button   *WebhookButton      `json:"button"`
	Reaction *WebhookReaction    `json:"reaction"`
	Order    *WebhookOrder       `json:"order"`
	Contacts json.RawMessage     `json:"contacts"`
	Content  []WebhookAttachment `json:"content"`
}

type WebhookUser struct {
	UserID       Scalar `json:"user_id"`
	ParentUserID Scalar `json:"parent_user_id"`
	WAID         Scalar `json:"wa_id"`
}

type WebhookWhatsApp struct {
	WABAID   Scalar       `json:"waba_id"`
	Sender   *WebhookUser `json:"sender"`
	Referral *struct {
		Body         Scalar `json:"body"`
		Headline     Scalar `json:"headline"`
		SourceID     Scalar `json:"source_id"`
		SourceType   Scalar `json:"source_type"`
		SourceURL    Scalar `json:"source_url"`
		MediaType    Scalar `json:"media_type"`
		ImageURL     Scalar `json:"image_url"`
		VideoURL     Scalar `json:"video_url"`
		ThumbnailURL Scalar `json:"thumbnail_url"`
		CtwaClid     Scalar `json:"ctwa_clid"`
	} `json:"referral"`
	ReferredProduct *struct {
		CatalogID         Scalar `json:"catalog_id"`
		ProductRetailerID Scalar `json:"product_retailer_id"`
	} `json:"whatsapp_referred_product"`
	Recipient *WebhookUser `json:"recipient"`
	Pricing   *struct {
		Type         Scalar `json:"type"`
		PricingModel Scalar `json:"pricing_model"`
		Category     Scalar `json:"category"`
	} `json:"pricing"`
	Conversation *struct {
		ID     Scalar `json:"id"`
		Origin *struct {
			Type Scalar `json:"type"`
		} `json:"origin"`
	} `json:"conversation"`
}

type WebhookSMS struct {
	NumMessages Scalar `json:"num_messages"`
	Keyword     Scalar `json:"keyword"`
	CountTotal  Scalar `json:"count_total"`
	Segments    []struct {
		Timestamp Scalar `json:"timestamp"`
		Status    Scalar `json:"status"`
		ErrorCode Scalar `json:"error_code"`
	} `json:"segments"`
}

type WebhookError struct {
	Type     Scalar `json:"type"`
	Title    Scalar `json:"title"`
	Detail   Scalar `json:"detail"`
	Instance Scalar `json:"instance"`
	Code     Scalar `json:"code"`
	Reason   Scalar `json:"reason"`
}

type WebhookUsage struct {
	Currency Scalar `json:"currency"`
	Price    Scalar `json:"price"`
}

type WebhookNetwork struct {
	NetworkCode Scalar `json:"network_code"`
}

type WebhookWorkflow struct {
	WorkflowID   Scalar `json:"workflow_id"`
	ItemsNumber  Scalar `json:"items_number"`
	ItemsTotal   Scalar `json:"items_total"`
	DispatchUUID Scalar `json:"dispatch_uuid"`
	WorkflowUUID Scalar `json:"workflow_uuid"`
	Href         Scalar `json:"href"`
}

type WebhookProfile struct {
	Name     Scalar `json:"name"`
	Username Scalar `json:"username"`
}

type WebhookContext struct {
	MessageUUID Scalar `json:"message_uuid"`
	MessageFrom Scalar `json:"message_from"`
}

type WebhookBody struct {
	MessageUUID   Scalar           `json:"message_uuid"`
	Channel       Scalar           `json:"channel"`
	MessageType   Scalar           `json:"message_type"`
	From          Party            `json:"from"`
	To            Party            `json:"to"`
	Timestamp     Scalar           `json:"timestamp"`
	Status        Scalar           `json:"status"`
	Error         *WebhookError    `json:"error"`
	Usage         *WebhookUsage    `json:"usage"`
	ClientRef     Scalar           `json:"client_ref"`
	ClientRefDash Scalar           `json:"client-ref"`
	Workflow      *WebhookWorkflow `json:"workflow"`
	Links         *struct {
		Workflow *WebhookWorkflow `json:"workflow"`
	} `json:"_links"`
	Destination *WebhookNetwork `json:"destination"`
	Origin      *WebhookNetwork `json:"origin"`
	SMS         *WebhookSMS     `json:"sms"`
	MMS         *struct {
		Participants []Scalar `json:"participants"`
	} `json:"mms"`
	WhatsApp        *WebhookWhatsApp `json:"whatsapp"`
	Profile         *WebhookProfile  `json:"profile"`
	Context         *WebhookContext  `json:"context"`
	ContextStatus   Scalar           `json:"context_status"`
	ProviderMessage Scalar           `json:"provider_message"`
	Self            *struct {
		Href Scalar `json:"href"`
	} `json:"_self"`
	Message *struct {
		Content *struct {
			Type Scalar `json:"type"`
			WebhookPayload
		} `json:"content"`
		SMS *WebhookSMS `json:"sms"`
	} `json:"message"`
	WebhookPayload
}
