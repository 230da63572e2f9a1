package messages

import (
	"bytes"
	"encoding/json"
	"reflect"
	"unicode/utf8"
)

// The wire shapes of webhook bodies. One struct takes v1 (flat) and v0.1
// (nested from/to/message.content) bodies alike, so a body is decoded once
// and its shape decided from which fields were present.

// whString is a JSON scalar kept as its text: a string, or a number as its
// literal (so a price such as 0.0333 is never rounded through a float).
// set records that the field was present and not null.
type whString struct {
	v   string
	set bool
}

func (s *whString) UnmarshalJSON(b []byte) error {
	switch b[0] {
	case 'n':
		return nil
	case '"':
		if bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b) {
			s.v, s.set = string(b[1:len(b)-1]), true
			return nil
		}
		if err := json.Unmarshal(b, &s.v); err != nil {
			return err
		}
		s.set = true
		return nil
	case 't', 'f', '{', '[':
		return &json.UnmarshalTypeError{Value: whJSONKind(b[0]), Type: whStringType}
	default: // a number; the outer decoder has already checked the syntax
		s.v, s.set = string(b), true
		return nil
	}
}

var (
	whStringType = reflect.TypeFor[whString]()
	whPartyType  = reflect.TypeFor[whParty]()
)

func whJSONKind(c byte) string {
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

// whParty is a from or to field: a string in v1, an object {type, number,
// id} in v0.1.
type whParty struct {
	typ, number, id string
	set             bool
}

func (p *whParty) UnmarshalJSON(b []byte) error {
	switch b[0] {
	case 'n':
		return nil
	case '{':
		var o struct {
			Type   whString `json:"type"`
			Number whString `json:"number"`
			ID     whString `json:"id"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		*p = whParty{typ: o.Type.v, number: o.Number.v, id: o.ID.v, set: true}
		return nil
	case 't', 'f', '[':
		return &json.UnmarshalTypeError{Value: whJSONKind(b[0]), Type: whPartyType}
	}
	var s whString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	*p = whParty{number: s.v, set: true}
	return nil
}

// addr is the party's address: the number when there is one, else the id.
func (p *whParty) addr() string {
	if p.number != "" {
		return p.number
	}
	return p.id
}

type whMediaWire struct {
	URL     whString `json:"url"`
	Caption whString `json:"caption"`
	Name    whString `json:"name"`
}

type whAttachmentWire struct {
	Type    whString `json:"type"`
	URL     whString `json:"url"`
	Caption whString `json:"caption"`
	Name    whString `json:"name"`
}

type whLocationWire struct {
	Lat       whString `json:"lat"`
	Long      whString `json:"long"`
	Latitude  whString `json:"latitude"`
	Longitude whString `json:"longitude"`
	Name      whString `json:"name"`
	Address   whString `json:"address"`
	URL       whString `json:"url"`
}

type whReplyWire struct {
	ID          whString `json:"id"`
	Title       whString `json:"title"`
	Description whString `json:"description"`
}

type whButtonWire struct {
	Payload json.RawMessage `json:"payload"`
	Text    whString        `json:"text"`
	Subtype whString        `json:"subtype"`
}

type whReactionWire struct {
	Action whString `json:"action"`
	Emoji  whString `json:"emoji"`
}

type whOrderWire struct {
	CatalogID    whString `json:"catalog_id"`
	ProductItems []struct {
		ProductRetailerID whString `json:"product_retailer_id"`
		Quantity          whString `json:"quantity"`
		ItemPrice         whString `json:"item_price"`
		Currency          whString `json:"currency"`
	} `json:"product_items"`
}

// whPayloadWire is the message content: at the top level of a v1 body, in
// message.content of a v0.1 body.
type whPayloadWire struct {
	Text     whString           `json:"text"`
	Image    *whMediaWire       `json:"image"`
	Audio    *whMediaWire       `json:"audio"`
	Video    *whMediaWire       `json:"video"`
	File     *whMediaWire       `json:"file"`
	VCard    *whMediaWire       `json:"vcard"`
	Sticker  *whMediaWire       `json:"sticker"`
	Location *whLocationWire    `json:"location"`
	Reply    *whReplyWire       `json:"reply"`
	Button   *whButtonWire      `json:"button"`
	Reaction *whReactionWire    `json:"reaction"`
	Order    *whOrderWire       `json:"order"`
	Contacts json.RawMessage    `json:"contacts"`
	Content  []whAttachmentWire `json:"content"`
}

type whUserWire struct {
	UserID       whString `json:"user_id"`
	ParentUserID whString `json:"parent_user_id"`
	WAID         whString `json:"wa_id"`
}

type whWhatsAppWire struct {
	WABAID   whString    `json:"waba_id"`
	Sender   *whUserWire `json:"sender"`
	Referral *struct {
		Body         whString `json:"body"`
		Headline     whString `json:"headline"`
		SourceID     whString `json:"source_id"`
		SourceType   whString `json:"source_type"`
		SourceURL    whString `json:"source_url"`
		MediaType    whString `json:"media_type"`
		ImageURL     whString `json:"image_url"`
		VideoURL     whString `json:"video_url"`
		ThumbnailURL whString `json:"thumbnail_url"`
		CtwaClid     whString `json:"ctwa_clid"`
	} `json:"referral"`
	ReferredProduct *struct {
		CatalogID         whString `json:"catalog_id"`
		ProductRetailerID whString `json:"product_retailer_id"`
	} `json:"whatsapp_referred_product"`
	Recipient *whUserWire `json:"recipient"`
	Pricing   *struct {
		Type         whString `json:"type"`
		PricingModel whString `json:"pricing_model"`
		Category     whString `json:"category"`
	} `json:"pricing"`
	Conversation *struct {
		ID     whString `json:"id"`
		Origin *struct {
			Type whString `json:"type"`
		} `json:"origin"`
	} `json:"conversation"`
}

type whSMSWire struct {
	NumMessages whString `json:"num_messages"`
	Keyword     whString `json:"keyword"`
	CountTotal  whString `json:"count_total"`
	Segments    []struct {
		Timestamp whString `json:"timestamp"`
		Status    whString `json:"status"`
		ErrorCode whString `json:"error_code"`
	} `json:"segments"`
}

type whErrorWire struct {
	Type     whString `json:"type"`
	Title    whString `json:"title"`
	Detail   whString `json:"detail"`
	Instance whString `json:"instance"`
	Code     whString `json:"code"`
	Reason   whString `json:"reason"`
}

type whUsageWire struct {
	Currency whString `json:"currency"`
	Price    whString `json:"price"`
}

type whNetworkWire struct {
	NetworkCode whString `json:"network_code"`
}

type whWorkflowWire struct {
	WorkflowID   whString `json:"workflow_id"`
	ItemsNumber  whString `json:"items_number"`
	ItemsTotal   whString `json:"items_total"`
	DispatchUUID whString `json:"dispatch_uuid"`
	WorkflowUUID whString `json:"workflow_uuid"`
	Href         whString `json:"href"`
}

type whBodyWire struct {
	MessageUUID   whString        `json:"message_uuid"`
	Channel       whString        `json:"channel"`
	MessageType   whString        `json:"message_type"`
	From          whParty         `json:"from"`
	To            whParty         `json:"to"`
	Timestamp     whString        `json:"timestamp"`
	Status        whString        `json:"status"`
	Error         *whErrorWire    `json:"error"`
	Usage         *whUsageWire    `json:"usage"`
	ClientRef     whString        `json:"client_ref"`
	ClientRefDash whString        `json:"client-ref"`
	Workflow      *whWorkflowWire `json:"workflow"`
	Links         *struct {
		Workflow *whWorkflowWire `json:"workflow"`
	} `json:"_links"`
	Destination *whNetworkWire `json:"destination"`
	Origin      *whNetworkWire `json:"origin"`
	SMS         *whSMSWire     `json:"sms"`
	MMS         *struct {
		Participants []whString `json:"participants"`
	} `json:"mms"`
	WhatsApp *whWhatsAppWire `json:"whatsapp"`
	Profile  *struct {
		Name     whString `json:"name"`
		Username whString `json:"username"`
	} `json:"profile"`
	Context *struct {
		MessageUUID whString `json:"message_uuid"`
		MessageFrom whString `json:"message_from"`
	} `json:"context"`
	ContextStatus   whString `json:"context_status"`
	ProviderMessage whString `json:"provider_message"`
	Self            *struct {
		Href whString `json:"href"`
	} `json:"_self"`
	Message *struct {
		Content *struct {
			Type whString `json:"type"`
			whPayloadWire
		} `json:"content"`
		SMS *whSMSWire `json:"sms"`
	} `json:"message"`
	whPayloadWire
}
