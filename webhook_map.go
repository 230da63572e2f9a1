package messages

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/gomessages/messages/internal/wire"
)

// The mappers from decoded webhook bodies to the public types: one per
// webhook object. A mapper that can refuse its object returns the error
// naming the field at fault; the rest cannot fail. Each takes nil for an
// absent object and gives nil back.

// inboundOf maps an inbound-message body. Its errors come, in this order,
// from the timestamp, the message content, then the SMS metadata.
func inboundOf(w *wire.WebhookBody, raw json.RawMessage) (*Inbound, error) {
	in := &Inbound{
		MessageUUID:       w.MessageUUID.V,
		Channel:           Channel(w.ChannelName()),
		From:              w.From.Addr(),
		To:                w.To.Addr(),
		ContextStatus:     w.ContextStatus.V,
		ProviderMessage:   w.ProviderMessage.V,
		MMSParticipants:   participantsOf(w),
		Usage:             usageOf(w.Usage),
		OriginNetworkCode: networkCodeOf(w.Origin),
		Profile:           profileOf(w.Profile),
		ReplyTo:           replyToOf(w.Context),
		SelfURL:           selfURLOf(w),
		WhatsApp:          inboundWhatsAppOf(w.WhatsApp),
		Raw:               raw,
	}
	var err error
	if in.Timestamp, err = w.Timestamp.Time("timestamp"); err != nil {
		return nil, err
	}
	p, prefix, typ := contentOf(w)
	in.Type, in.Text = typ, p.Text.V
	if err := fillContent(in, p, prefix); err != nil {
		return nil, err
	}
	if in.SMS, err = inboundSMSOf(smsOf(w)); err != nil {
		return nil, err
	}
	return in, nil
}

// contentOf finds the message content: at the top level of a v1 body, in
// message.content of a v0.1 one. It gives the content, the prefix that
// names where it sits (for errors) and the message type.
func contentOf(w *wire.WebhookBody) (p *wire.WebhookPayload, prefix, typ string) {
	p, typ = &w.WebhookPayload, w.MessageType.V
	if w.Message != nil && w.Message.Content != nil {
		p, prefix, typ = &w.Message.Content.WebhookPayload, "message.content.", w.Message.Content.Type.V
	}
	if typ == "" && p.Text.Set {
		typ = "text" // v1 inbound SMS has no message_type
	}
	return p, prefix, typ
}

// smsOf is the SMS metadata of an inbound body: v0.1's message.sms when
// present, else the top-level sms.
func smsOf(w *wire.WebhookBody) *wire.WebhookSMS {
	if w.Message != nil && w.Message.SMS != nil {
		return w.Message.SMS
	}
	return w.SMS
}

// fillContent maps the message content onto in, whose Type is set; prefix
// names where the content sits in the body, for errors.
func fillContent(in *Inbound, p *wire.WebhookPayload, prefix string) error {
	in.Attachments = attachmentsOf(p.Content)
	in.Media = mediaOf(p, in.Type, in.Attachments)
	var err error
	if in.Location, err = locationOf(p.Location, prefix); err != nil {
		return err
	}
	in.Reply = replyOf(p.Reply)
	if in.Button, err = buttonOf(p.Button, prefix); err != nil {
		return err
	}
	in.Reaction = reactionOf(p.Reaction)
	in.Order = orderOf(p.Order)
	in.Contacts = contactsOf(p.Contacts)
	return nil
}

// mediaOf picks the message's one attachment: the one typ names wins; with
// an unknown type, the first present; with none, a copy of the first of
// attachments.
func mediaOf(p *wire.WebhookPayload, typ string, attachments []Media) *Media {
	media := []struct {
		typ string
		m   *wire.WebhookMedia
	}{
		{"image", p.Image}, {"video", p.Video}, {"audio", p.Audio},
		{"file", p.File}, {"vcard", p.VCard}, {"sticker", p.Sticker},
	}
	var picked *Media
	for _, c := range media {
		if c.m != nil && (c.typ == typ || picked == nil) {
			picked = &Media{Type: c.typ, URL: c.m.URL.V, Caption: c.m.Caption.V, Name: c.m.Name.V}
		}
	}
	if picked == nil && len(attachments) > 0 {
		first := attachments[0]
		picked = &first
	}
	return picked
}

func attachmentsOf(content []wire.WebhookAttachment) []Media {
	var out []Media
	for _, a := range content {
		out = append(out, Media{Type: a.Type.V, URL: a.URL.V, Caption: a.Caption.V, Name: a.Name.V})
	}
	return out
}

// locationOf takes lat and long, or v0.1's latitude and longitude; it
// refuses a coordinate that is not a number.
func locationOf(l *wire.WebhookLocation, prefix string) (*Location, error) {
	if l == nil {
		return nil, nil
	}
	lat, latField := l.Lat, "location.lat"
	if !lat.Set {
		lat, latField = l.Latitude, "location.latitude"
	}
	long, longField := l.Long, "location.long"
	if !long.Set {
		long, longField = l.Longitude, "location.longitude"
	}
	loc := &Location{Name: l.Name.V, Address: l.Address.V, URL: l.URL.V}
	var err error
	if loc.Lat, err = lat.Float(prefix + latField); err != nil {
		return nil, err
	}
	if loc.Long, err = long.Float(prefix + longField); err != nil {
		return nil, err
	}
	return loc, nil
}

func replyOf(r *wire.WebhookReply) *InboundReply {
	if r == nil {
		return nil
	}
	return &InboundReply{ID: r.ID.V, Title: r.Title.V, Description: r.Description.V}
}

// buttonOf keeps a payload that is an object or array as JSON and a
// scalar as its text; it refuses a bool.
func buttonOf(b *wire.WebhookButton, prefix string) (*InboundButton, error) {
	if b == nil {
		return nil, nil
	}
	btn := &InboundButton{Text: b.Text.V, Subtype: b.Subtype.V}
	if len(b.Payload) == 0 {
		return btn, nil
	}
	switch b.Payload[0] {
	case '{', '[':
		btn.PayloadJSON = b.Payload
	case 'n':
	default:
		var s wire.Scalar
		if err := s.UnmarshalJSON(b.Payload); err != nil {
			return nil, refuse(prefix+"button.payload", "got a JSON bool, want a string or object")
		}
		btn.Payload = s.V
	}
	return btn, nil
}

func reactionOf(r *wire.WebhookReaction) *InboundReaction {
	if r == nil {
		return nil
	}
	return &InboundReaction{Action: r.Action.V, Emoji: r.Emoji.V}
}

func orderOf(o *wire.WebhookOrder) *InboundOrder {
	if o == nil {
		return nil
	}
	order := &InboundOrder{CatalogID: o.CatalogID.V}
	for _, it := range o.ProductItems {
		order.Items = append(order.Items, InboundOrderItem{
			ProductRetailerID: it.ProductRetailerID.V,
			Quantity:          it.Quantity.V,
			ItemPrice:         it.ItemPrice.V,
			Currency:          it.Currency.V,
		})
	}
	return order
}

// contactsOf keeps the contacts array as sent; a JSON null is no contacts.
func contactsOf(c json.RawMessage) json.RawMessage {
	if len(c) == 0 || bytes.Equal(c, []byte("null")) {
		return nil
	}
	return c
}

// inboundSMSOf refuses a num_messages that is not a whole number.
func inboundSMSOf(s *wire.WebhookSMS) (*InboundSMS, error) {
	if s == nil {
		return nil, nil
	}
	n, err := s.NumMessages.Int("sms.num_messages")
	if err != nil {
		return nil, err
	}
	return &InboundSMS{NumMessages: n, Keyword: s.Keyword.V}, nil
}

// participantsOf maps the mms object.
func participantsOf(w *wire.WebhookBody) []string {
	m := w.MMS
	if m == nil {
		return nil
	}
	var out []string
	for _, s := range m.Participants {
		out = append(out, s.V)
	}
	return out
}

func networkCodeOf(n *wire.WebhookNetwork) string {
	if n == nil {
		return ""
	}
	return n.NetworkCode.V
}

func profileOf(p *wire.WebhookProfile) *Profile {
	if p == nil {
		return nil
	}
	return &Profile{Name: p.Name.V, Username: p.Username.V}
}

func replyToOf(c *wire.WebhookContext) *ReplyTo {
	if c == nil {
		return nil
	}
	return &ReplyTo{MessageUUID: c.MessageUUID.V, MessageFrom: c.MessageFrom.V}
}

// selfURLOf maps the _self object.
func selfURLOf(w *wire.WebhookBody) string {
	if w.Self == nil {
		return ""
	}
	return w.Self.Href.V
}

func inboundWhatsAppOf(wa *wire.WebhookWhatsApp) *InboundWhatsApp {
	if wa == nil {
		return nil
	}
	x := &InboundWhatsApp{WABAID: wa.WABAID.V, Sender: userOf(wa.Sender), Referral: referralOf(wa)}
	if rp := wa.ReferredProduct; rp != nil {
		x.ReferredProduct = &InboundReferredProduct{CatalogID: rp.CatalogID.V, ProductRetailerID: rp.ProductRetailerID.V}
	}
	return x
}

// referralOf maps the referral object of wa.
func referralOf(wa *wire.WebhookWhatsApp) *InboundReferral {
	r := wa.Referral
	if r == nil {
		return nil
	}
	return &InboundReferral{
		Body: r.Body.V, Headline: r.Headline.V, SourceID: r.SourceID.V,
		SourceType: r.SourceType.V, SourceURL: r.SourceURL.V, MediaType: r.MediaType.V,
		ImageURL: r.ImageURL.V, VideoURL: r.VideoURL.V, ThumbnailURL: r.ThumbnailURL.V,
		CtwaClid: r.CtwaClid.V,
	}
}

func usageOf(u *wire.WebhookUsage) *Usage {
	if u == nil {
		return nil
	}
	return &Usage{Currency: u.Currency.V, Price: u.Price.V}
}

func userOf(u *wire.WebhookUser) *WebhookWhatsAppUser {
	if u == nil {
		return nil
	}
	return &WebhookWhatsAppUser{UserID: u.UserID.V, ParentUserID: u.ParentUserID.V, WAID: u.WAID.V}
}

// statusOf maps a message-status body. Its errors come, in this order,
// from the timestamp, the error object, the workflow, then the SMS
// metadata.
func statusOf(w *wire.WebhookBody, raw json.RawMessage) (*Status, error) {
	st := &Status{
		MessageUUID: w.MessageUUID.V,
		Channel:     Channel(w.ChannelName()),
		From:        w.From.Addr(),
		To:          w.To.Addr(),
		Status:      MessageStatus(w.Status.V),
		Usage:       usageOf(w.Usage),
		ClientRef:   clientRefOf(w),
		NetworkCode: networkCodeOf(w.Destination),
		WhatsApp:    statusWhatsAppOf(w.WhatsApp),
		Profile:     profileOf(w.Profile),
		Raw:         raw,
	}
	var err error
	if st.Timestamp, err = w.Timestamp.Time("timestamp"); err != nil {
		return nil, err
	}
	if st.Error, err = statusErrorOf(w.Error); err != nil {
		return nil, err
	}
	if st.Workflow, err = workflowOf(w); err != nil {
		return nil, err
	}
	if st.SMS, err = statusSMSOf(w.SMS); err != nil {
		return nil, err
	}
	return st, nil
}

func clientRefOf(w *wire.WebhookBody) string {
	if !w.ClientRef.Set {
		// The only status example v0.1 ever shipped spells it client-ref.
		return w.ClientRefDash.V
	}
	return w.ClientRef.V
}

// statusErrorOf refuses a code that is not a whole number.
func statusErrorOf(e *wire.WebhookError) (*StatusError, error) {
	if e == nil {
		return nil, nil
	}
	se := &StatusError{
		Type: e.Type.V, Title: e.Title.V, Detail: e.Detail.V,
		Instance: e.Instance.V, Reason: e.Reason.V,
	}
	var err error
	if se.Code, err = e.Code.Int("error.code"); err != nil {
		return nil, err
	}
	if se.Code == 0 {
		// v1 puts the code in title ("1000"); anything else stays 0.
		if n, err := strconv.Atoi(e.Title.V); err == nil {
			se.Code = n
		}
	}
	return se, nil
}

// workflowOf maps v1's workflow object, refusing counts that are not whole
// numbers, else v0.1's _links.workflow.
func workflowOf(w *wire.WebhookBody) (*WorkflowInfo, error) {
	if wf := w.Workflow; wf != nil {
		info := &WorkflowInfo{WorkflowID: wf.WorkflowID.V, Href: wf.Href.V}
		var err error
		if info.ItemNumber, err = wf.ItemsNumber.Int("workflow.items_number"); err != nil {
			return nil, err
		}
		if info.ItemsTotal, err = wf.ItemsTotal.Int("workflow.items_total"); err != nil {
			return nil, err
		}
		return info, nil
	}
	if w.Links == nil || w.Links.Workflow == nil {
		return nil, nil
	}
	lw := w.Links.Workflow
	id := lw.DispatchUUID.V
	if id == "" {
		id = lw.WorkflowUUID.V
	}
	return &WorkflowInfo{WorkflowID: id, Href: lw.Href.V}, nil
}

// statusSMSOf refuses a count_total that is not a whole number and a
// segment timestamp that is not a time.
func statusSMSOf(s *wire.WebhookSMS) (*StatusSMS, error) {
	if s == nil {
		return nil, nil
	}
	sms := &StatusSMS{}
	var err error
	if sms.CountTotal, err = s.CountTotal.Int("sms.count_total"); err != nil {
		return nil, err
	}
	for i, seg := range s.Segments {
		ts, err := seg.Timestamp.Time(fmt.Sprintf("sms.segments[%d].timestamp", i))
		if err != nil {
			return nil, err
		}
		sms.Segments = append(sms.Segments, StatusSMSSegment{
			Timestamp: ts, Status: MessageStatus(seg.Status.V), ErrorCode: seg.ErrorCode.V,
		})
	}
	return sms, nil
}

func statusWhatsAppOf(wa *wire.WebhookWhatsApp) *StatusWhatsApp {
	if wa == nil {
		return nil
	}
	x := &StatusWhatsApp{WABAID: wa.WABAID.V, Recipient: userOf(wa.Recipient)}
	if pr := wa.Pricing; pr != nil {
		x.PricingType, x.PricingModel, x.PricingCategory = pr.Type.V, pr.PricingModel.V, pr.Category.V
	}
	if c := wa.Conversation; c != nil {
		x.ConversationID = c.ID.V
		if c.Origin != nil {
			x.ConversationOriginType = c.Origin.Type.V
		}
	}
	return x
}
