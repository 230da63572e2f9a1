package messages

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidWebhook is matched (with errors.Is) by every error from
// ParseWebhook, ParseInbound and ParseStatus: an empty body, one that is not
// a JSON object, malformed JSON, a field of the wrong JSON type, or a
// malformed timestamp or number; and, from ParseInbound and ParseStatus, a
// body that is not their kind, such as one without a message_uuid. The
// error text names the field.
var ErrInvalidWebhook = errors.New("messages: webhook: invalid body")

// whError is a parse error naming the field at fault.
type whError struct {
	field  string
	reason string
	err    error
}

func (e *whError) Error() string {
	return "messages: webhook: " + e.field + ": " + e.reason
}

func (e *whError) Unwrap() []error {
	if e.err == nil {
		return []error{ErrInvalidWebhook}
	}
	return []error{ErrInvalidWebhook, e.err}
}

// whQuote quotes a value for an error message, cut short so a hostile body
// cannot make the message large.
func whQuote(s string) string {
	const limit = 64
	if len(s) > limit {
		return strconv.Quote(s[:limit]) + "..."
	}
	return strconv.Quote(s)
}

type whKind int

const (
	whKindUnknown whKind = iota
	whKindInbound
	whKindStatus
)

// ParseWebhook parses the body of an inbound-message or message-status
// webhook, v1 or v0.1, into an *Inbound, a *Status or, for any other JSON
// object, an *UnknownEvent. The kind is decided by shape: a body with a
// message_uuid and a status is a Status; one with a message_uuid and a
// message_type, message.content or text is an Inbound; anything else, {}
// included, is an UnknownEvent. Unknown channels, types, statuses and
// fields parse; Raw keeps the whole body. ParseWebhook gives an *Inbound
// exactly when ParseInbound accepts the body, and a *Status exactly when
// ParseStatus does.
//
// ParseWebhook does not check a signature; call VerifySignature first, or
// use NewWebhookHandler, which does both.
func ParseWebhook(body []byte) (Event, error) {
	w, err := whDecode(body)
	if err != nil {
		return nil, err
	}
	raw := json.RawMessage(bytes.Clone(body))
	// Typed nils must not escape as non-nil Events, hence the err checks.
	switch w.kind() {
	case whKindInbound:
		in, err := w.inbound(raw)
		if err != nil {
			return nil, err
		}
		return in, nil
	case whKindStatus:
		st, err := w.status(raw)
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	return &UnknownEvent{Raw: raw}, nil
}

// ParseInbound parses the body of an inbound-message webhook, v1 or v0.1.
// It refuses, with an error naming the field, a body that is not an
// inbound message: one without a message_uuid ({} included), one shaped as
// a message status, and one with none of message_type, text and
// message.content.
func ParseInbound(body []byte) (*Inbound, error) {
	w, err := whDecode(body)
	if err != nil {
		return nil, err
	}
	switch w.kind() {
	case whKindInbound:
		return w.inbound(json.RawMessage(bytes.Clone(body)))
	case whKindStatus:
		return nil, &whError{field: "status", reason: "the body is a message status, not an inbound message"}
	}
	if w.MessageUUID.v == "" {
		return nil, &whError{field: "message_uuid", reason: "missing"}
	}
	return nil, &whError{field: "message_type", reason: "missing, and so are text and message.content: the body is not an inbound message"}
}

// ParseStatus parses the body of a message-status webhook, v1 or v0.1. It
// refuses, with an error naming the field, a body that is not a message
// status: one without a message_uuid ({} included), one shaped as an
// inbound message, and one without a status.
func ParseStatus(body []byte) (*Status, error) {
	w, err := whDecode(body)
	if err != nil {
		return nil, err
	}
	switch w.kind() {
	case whKindStatus:
		return w.status(json.RawMessage(bytes.Clone(body)))
	case whKindInbound:
		return nil, &whError{field: "message_type", reason: "the body is an inbound message, not a message status"}
	}
	if w.MessageUUID.v == "" {
		return nil, &whError{field: "message_uuid", reason: "missing"}
	}
	return nil, &whError{field: "status", reason: "missing"}
}

func whDecode(body []byte) (*whBodyWire, error) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, &whError{field: "body", reason: "empty"}
	}
	if trimmed[0] != '{' {
		return nil, &whError{field: "body", reason: "not a JSON object"}
	}
	w := new(whBodyWire)
	if err := json.Unmarshal(body, w); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			// Drop the embedded struct's Go name from the path.
			field := strings.ReplaceAll(typeErr.Field, "whPayloadWire.", "")
			if field == "" {
				field = "body"
			}
			return nil, &whError{
				field:  field,
				reason: "got a JSON " + typeErr.Value + ", want " + whWantKind(typeErr),
			}
		}
		var syntaxErr *json.SyntaxError
		if errors.As(err, &syntaxErr) {
			return nil, &whError{field: "body", reason: "malformed JSON at byte " + strconv.FormatInt(syntaxErr.Offset, 10), err: err}
		}
		return nil, &whError{field: "body", reason: "malformed JSON", err: err}
	}
	return w, nil
}

// whWantKind names the JSON kind the decoder wanted, in JSON's words.
func whWantKind(e *json.UnmarshalTypeError) string {
	if e.Type == nil {
		return "another type"
	}
	switch e.Type {
	case whStringType:
		return "a string or number"
	case whPartyType:
		return "a string or object"
	}
	switch e.Type.Kind() {
	case reflect.Slice:
		return "an array"
	case reflect.String:
		return "a string"
	}
	return "an object"
}

// kind tells an inbound message from a message status by shape. Both
// always name their message (every schema in the specs requires
// message_uuid), so a body without one is neither: {} and {"foo":1} are not
// empty events, and the final report of a v0.1 Dispatch workflow, which has
// a status (completed or error) but is no message's, stays unknown. The
// v0.1 spec's error examples, an error object alone, are fragments of a
// status, not a status.
func (w *whBodyWire) kind() whKind {
	if w.MessageUUID.v == "" {
		return whKindUnknown
	}
	if w.Status.v != "" {
		return whKindStatus
	}
	if w.MessageType.set || w.Text.set || (w.Message != nil && w.Message.Content != nil) {
		return whKindInbound
	}
	return whKindUnknown
}

// whChannel maps a wire channel name to a Channel, folding the v0.1 Viber
// spelling into ChannelViber.
func whChannel(s string) Channel {
	if s == "viber_service_msg" {
		return ChannelViber
	}
	return Channel(s)
}

func (w *whBodyWire) channel() Channel {
	switch {
	case w.Channel.v != "":
		return whChannel(w.Channel.v)
	case w.To.typ != "":
		return whChannel(w.To.typ)
	}
	return whChannel(w.From.typ)
}

// whTimeLayouts are the forms of ISO 8601 seen in the specifications,
// tried in order: RFC 3339 with or without fractional seconds
// ("2025-02-03T12:14:25Z", "2020-01-01T14:00:00.000Z"), a zone offset
// without a colon, and a time without zone, taken as UTC.
var whTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
}

func whTime(field string, s whString) (time.Time, error) {
	if !s.set {
		return time.Time{}, nil
	}
	for _, layout := range whTimeLayouts {
		if t, err := time.Parse(layout, s.v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, &whError{field: field, reason: "not an ISO 8601 time: " + whQuote(s.v)}
}

// whInt parses a count the API sends as a string ("2") or a number. An
// absent or empty value is 0.
func whInt(field string, s whString) (int, error) {
	if s.v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s.v)
	if err != nil {
		return 0, &whError{field: field, reason: "not an integer: " + whQuote(s.v)}
	}
	return n, nil
}

// whFloat parses a coordinate sent as a number (v1) or a string (v0.1).
func whFloat(field string, s whString) (float64, error) {
	if s.v == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s.v), 64)
	if err != nil {
		return 0, &whError{field: field, reason: "not a number: " + whQuote(s.v)}
	}
	return f, nil
}

func (w *whBodyWire) inbound(raw json.RawMessage) (*Inbound, error) {
	in := &Inbound{
		MessageUUID:     w.MessageUUID.v,
		Channel:         w.channel(),
		From:            w.From.addr(),
		To:              w.To.addr(),
		Type:            w.MessageType.v,
		ContextStatus:   w.ContextStatus.v,
		ProviderMessage: w.ProviderMessage.v,
		Raw:             raw,
	}
	var err error
	if in.Timestamp, err = whTime("timestamp", w.Timestamp); err != nil {
		return nil, err
	}
	p, prefix := &w.whPayloadWire, ""
	sms := w.SMS
	if m := w.Message; m != nil {
		if m.Content != nil {
			p, prefix = &m.Content.whPayloadWire, "message.content."
			in.Type = m.Content.Type.v
		}
		if m.SMS != nil {
			sms = m.SMS
		}
	}
	if in.Type == "" && p.Text.set {
		in.Type = "text" // v1 inbound SMS has no message_type
	}
	in.Text = p.Text.v
	if err := p.fill(in, prefix); err != nil {
		return nil, err
	}
	if sms != nil {
		n, err := whInt("sms.num_messages", sms.NumMessages)
		if err != nil {
			return nil, err
		}
		in.SMS = &InboundSMS{NumMessages: n, Keyword: sms.Keyword.v}
	}
	if w.MMS != nil {
		for _, s := range w.MMS.Participants {
			in.MMSParticipants = append(in.MMSParticipants, s.v)
		}
	}
	in.Usage = w.Usage.usage()
	if w.Origin != nil {
		in.OriginNetworkCode = w.Origin.NetworkCode.v
	}
	if w.Profile != nil {
		in.Profile = &Profile{Name: w.Profile.Name.v, Username: w.Profile.Username.v}
	}
	if w.Context != nil {
		in.ReplyTo = &ReplyTo{MessageUUID: w.Context.MessageUUID.v, MessageFrom: w.Context.MessageFrom.v}
	}
	if w.Self != nil {
		in.SelfURL = w.Self.Href.v
	}
	if wa := w.WhatsApp; wa != nil {
		x := &InboundWhatsApp{WABAID: wa.WABAID.v, Sender: wa.Sender.user()}
		if r := wa.Referral; r != nil {
			x.Referral = &InboundReferral{
				Body: r.Body.v, Headline: r.Headline.v, SourceID: r.SourceID.v,
				SourceType: r.SourceType.v, SourceURL: r.SourceURL.v, MediaType: r.MediaType.v,
				ImageURL: r.ImageURL.v, VideoURL: r.VideoURL.v, ThumbnailURL: r.ThumbnailURL.v,
				CtwaClid: r.CtwaClid.v,
			}
		}
		if rp := wa.ReferredProduct; rp != nil {
			x.ReferredProduct = &InboundReferredProduct{CatalogID: rp.CatalogID.v, ProductRetailerID: rp.ProductRetailerID.v}
		}
		in.WhatsApp = x
	}
	return in, nil
}

// fill maps the message content onto in; prefix names where the content
// sits in the body, for errors.
func (p *whPayloadWire) fill(in *Inbound, prefix string) error {
	media := []struct {
		typ string
		m   *whMediaWire
	}{
		{"image", p.Image}, {"video", p.Video}, {"audio", p.Audio},
		{"file", p.File}, {"vcard", p.VCard}, {"sticker", p.Sticker},
	}
	for _, c := range media {
		// The attachment the type names wins; with an unknown type, the
		// first attachment present.
		if c.m != nil && (c.typ == in.Type || in.Media == nil) {
			in.Media = &Media{Type: c.typ, URL: c.m.URL.v, Caption: c.m.Caption.v, Name: c.m.Name.v}
		}
	}
	for _, a := range p.Content {
		in.Attachments = append(in.Attachments, Media{Type: a.Type.v, URL: a.URL.v, Caption: a.Caption.v, Name: a.Name.v})
	}
	if in.Media == nil && len(in.Attachments) > 0 {
		first := in.Attachments[0]
		in.Media = &first
	}
	if l := p.Location; l != nil {
		lat, latField := l.Lat, "location.lat"
		if !lat.set {
			lat, latField = l.Latitude, "location.latitude"
		}
		long, longField := l.Long, "location.long"
		if !long.set {
			long, longField = l.Longitude, "location.longitude"
		}
		loc := &Location{Name: l.Name.v, Address: l.Address.v, URL: l.URL.v}
		var err error
		if loc.Lat, err = whFloat(prefix+latField, lat); err != nil {
			return err
		}
		if loc.Long, err = whFloat(prefix+longField, long); err != nil {
			return err
		}
		in.Location = loc
	}
	if r := p.Reply; r != nil {
		in.Reply = &InboundReply{ID: r.ID.v, Title: r.Title.v, Description: r.Description.v}
	}
	if b := p.Button; b != nil {
		btn := &InboundButton{Text: b.Text.v, Subtype: b.Subtype.v}
		if len(b.Payload) > 0 {
			switch b.Payload[0] {
			case '{', '[':
				btn.PayloadJSON = b.Payload
			case 'n':
			default:
				var s whString
				if err := s.UnmarshalJSON(b.Payload); err != nil {
					return &whError{field: prefix + "button.payload", reason: "got a JSON bool, want a string or object"}
				}
				btn.Payload = s.v
			}
		}
		in.Button = btn
	}
	if r := p.Reaction; r != nil {
		in.Reaction = &InboundReaction{Action: r.Action.v, Emoji: r.Emoji.v}
	}
	if o := p.Order; o != nil {
		order := &InboundOrder{CatalogID: o.CatalogID.v}
		for _, it := range o.ProductItems {
			order.Items = append(order.Items, InboundOrderItem{
				ProductRetailerID: it.ProductRetailerID.v,
				Quantity:          it.Quantity.v,
				ItemPrice:         it.ItemPrice.v,
				Currency:          it.Currency.v,
			})
		}
		in.Order = order
	}
	if len(p.Contacts) > 0 && !bytes.Equal(p.Contacts, []byte("null")) {
		in.Contacts = p.Contacts
	}
	return nil
}

func (u *whUsageWire) usage() *Usage {
	if u == nil {
		return nil
	}
	return &Usage{Currency: u.Currency.v, Price: u.Price.v}
}

func (u *whUserWire) user() *WebhookWhatsAppUser {
	if u == nil {
		return nil
	}
	return &WebhookWhatsAppUser{UserID: u.UserID.v, ParentUserID: u.ParentUserID.v, WAID: u.WAID.v}
}

func (w *whBodyWire) status(raw json.RawMessage) (*Status, error) {
	st := &Status{
		MessageUUID: w.MessageUUID.v,
		Channel:     w.channel(),
		From:        w.From.addr(),
		To:          w.To.addr(),
		Status:      MessageStatus(w.Status.v),
		Usage:       w.Usage.usage(),
		ClientRef:   w.ClientRef.v,
		Raw:         raw,
	}
	if !w.ClientRef.set {
		// The only status example v0.1 ever shipped spells it client-ref.
		st.ClientRef = w.ClientRefDash.v
	}
	var err error
	if st.Timestamp, err = whTime("timestamp", w.Timestamp); err != nil {
		return nil, err
	}
	if e := w.Error; e != nil {
		se := &StatusError{
			Type: e.Type.v, Title: e.Title.v, Detail: e.Detail.v,
			Instance: e.Instance.v, Reason: e.Reason.v,
		}
		if se.Code, err = whInt("error.code", e.Code); err != nil {
			return nil, err
		}
		if se.Code == 0 {
			// v1 puts the code in title ("1000"); anything else stays 0.
			if n, err := strconv.Atoi(e.Title.v); err == nil {
				se.Code = n
			}
		}
		st.Error = se
	}
	if wf := w.Workflow; wf != nil {
		info := &WorkflowInfo{WorkflowID: wf.WorkflowID.v, Href: wf.Href.v}
		if info.ItemNumber, err = whInt("workflow.items_number", wf.ItemsNumber); err != nil {
			return nil, err
		}
		if info.ItemsTotal, err = whInt("workflow.items_total", wf.ItemsTotal); err != nil {
			return nil, err
		}
		st.Workflow = info
	} else if w.Links != nil && w.Links.Workflow != nil {
		lw := w.Links.Workflow
		id := lw.DispatchUUID.v
		if id == "" {
			id = lw.WorkflowUUID.v
		}
		st.Workflow = &WorkflowInfo{WorkflowID: id, Href: lw.Href.v}
	}
	if w.Destination != nil {
		st.NetworkCode = w.Destination.NetworkCode.v
	}
	if s := w.SMS; s != nil {
		sms := &StatusSMS{}
		if sms.CountTotal, err = whInt("sms.count_total", s.CountTotal); err != nil {
			return nil, err
		}
		for i, seg := range s.Segments {
			ts, err := whTime(fmt.Sprintf("sms.segments[%d].timestamp", i), seg.Timestamp)
			if err != nil {
				return nil, err
			}
			sms.Segments = append(sms.Segments, StatusSMSSegment{
				Timestamp: ts, Status: MessageStatus(seg.Status.v), ErrorCode: seg.ErrorCode.v,
			})
		}
		st.SMS = sms
	}
	if wa := w.WhatsApp; wa != nil {
		x := &StatusWhatsApp{WABAID: wa.WABAID.v, Recipient: wa.Recipient.user()}
		if pr := wa.Pricing; pr != nil {
			x.PricingType, x.PricingModel, x.PricingCategory = pr.Type.v, pr.PricingModel.v, pr.Category.v
		}
		if c := wa.Conversation; c != nil {
			x.ConversationID = c.ID.v
			if c.Origin != nil {
				x.ConversationOriginType = c.Origin.Type.v
			}
		}
		st.WhatsApp = x
	}
	if w.Profile != nil {
		st.Profile = &Profile{Name: w.Profile.Name.v, Username: w.Profile.Username.v}
	}
	return st, nil
}
