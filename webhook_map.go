package messages

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/gomessages/messages/internal/wire"
)

func inboundOf(w *wire.WebhookBody, raw json.RawMessage) (*Inbound, error) {
	in := &Inbound{
		MessageUUID:     w.MessageUUID.V,
		Channel:         Channel(w.ChannelName()),
		From:            w.From.Addr(),
		To:              w.To.Addr(),
		Type:            w.MessageType.V,
		ContextStatus:   w.ContextStatus.V,
		ProviderMessage: w.ProviderMessage.V,
		Raw:             raw,
	}
	var err error
	if in.Timestamp, err = w.Timestamp.Time("timestamp"); err != nil {
		return nil, err
	}
	p, prefix := &w.WebhookPayload, ""
	sms := w.SMS
	if m := w.Message; m != nil {
		if m.Content != nil {
			p, prefix = &m.Content.WebhookPayload, "message.content."
			in.Type = m.Content.Type.V
		}
		if m.SMS != nil {
			sms = m.SMS
		}
	}
	if in.Type == "" && p.Text.Set {
		in.Type = "text" // v1 inbound SMS has no message_type
	}
	in.Text = p.Text.V
	if err := fillContent(in, p, prefix); err != nil {
		return nil, err
	}
	if sms != nil {
		n, err := sms.NumMessages.Int("sms.num_messages")
		if err != nil {
			return nil, err
		}
		in.SMS = &InboundSMS{NumMessages: n, Keyword: sms.Keyword.V}
	}
	if w.MMS != nil {
		for _, s := range w.MMS.Participants {
			in.MMSParticipants = append(in.MMSParticipants, s.V)
		}
	}
	in.Usage = usageOf(w.Usage)
	if w.Origin != nil {
		in.OriginNetworkCode = w.Origin.NetworkCode.V
	}
	if w.Profile != nil {
		in.Profile = &Profile{Name: w.Profile.Name.V, Username: w.Profile.Username.V}
	}
	if w.Context != nil {
		in.ReplyTo = &ReplyTo{MessageUUID: w.Context.MessageUUID.V, MessageFrom: w.Context.MessageFrom.V}
	}
	if w.Self != nil {
		in.SelfURL = w.Self.Href.V
	}
	if wa := w.WhatsApp; wa != nil {
		x := &InboundWhatsApp{WABAID: wa.WABAID.V, Sender: userOf(wa.Sender)}
		if r := wa.Referral; r != nil {
			x.Referral = &InboundReferral{
				Body: r.Body.V, Headline: r.Headline.V, SourceID: r.SourceID.V,
				SourceType: r.SourceType.V, SourceURL: r.SourceURL.V, MediaType: r.MediaType.V,
				ImageURL: r.ImageURL.V, VideoURL: r.VideoURL.V, ThumbnailURL: r.ThumbnailURL.V,
				CtwaClid: r.CtwaClid.V,
			}
		}
		if rp := wa.ReferredProduct; rp != nil {
			x.ReferredProduct = &InboundReferredProduct{CatalogID: rp.CatalogID.V, ProductRetailerID: rp.ProductRetailerID.V}
		}
		in.WhatsApp = x
	}
	return in, nil
}

// fill maps the message content onto in; prefix names where the content
// sits in the body, for errors.
func fillContent(in *Inbound, p *wire.WebhookPayload, prefix string) error {
	media := []struct {
		typ string
		m   *wire.WebhookMedia
	}{
		{"image", p.Image}, {"video", p.Video}, {"audio", p.Audio},
		{"file", p.File}, {"vcard", p.VCard}, {"sticker", p.Sticker},
	}
	for _, c := range media {
		// The attachment the type names wins; with an unknown type, the
		// first attachment present.
		if c.m != nil && (c.typ == in.Type || in.Media == nil) {
			in.Media = &Media{Type: c.typ, URL: c.m.URL.V, Caption: c.m.Caption.V, Name: c.m.Name.V}
		}
	}
	for _, a := range p.Content {
		in.Attachments = append(in.Attachments, Media{Type: a.Type.V, URL: a.URL.V, Caption: a.Caption.V, Name: a.Name.V})
	}
	if in.Media == nil && len(in.Attachments) > 0 {
		first := in.Attachments[0]
		in.Media = &first
	}
	if l := p.Location; l != nil {
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
			return err
		}
		if loc.Long, err = long.Float(prefix + longField); err != nil {
			return err
		}
		in.Location = loc
	}
	if r := p.Reply; r != nil {
		in.Reply = &InboundReply{ID: r.ID.V, Title: r.Title.V, Description: r.Description.V}
	}
	if b := p.Button; b != nil {
		btn := &InboundButton{Text: b.Text.V, Subtype: b.Subtype.V}
		if len(b.Payload) > 0 {
			switch b.Payload[0] {
			case '{', '[':
				btn.PayloadJSON = b.Payload
			case 'n':
			default:
				var s wire.Scalar
				if err := s.UnmarshalJSON(b.Payload); err != nil {
					return refuse(prefix+"button.payload", "got a JSON bool, want a string or object")
				}
				btn.Payload = s.V
			}
		}
		in.Button = btn
	}
	if r := p.Reaction; r != nil {
		in.Reaction = &InboundReaction{Action: r.Action.V, Emoji: r.Emoji.V}
	}
	if o := p.Order; o != nil {
		order := &InboundOrder{CatalogID: o.CatalogID.V}
		for _, it := range o.ProductItems {
			order.Items = append(order.Items, InboundOrderItem{
				ProductRetailerID: it.ProductRetailerID.V,
				Quantity:          it.Quantity.V,
				ItemPrice:         it.ItemPrice.V,
				Currency:          it.Currency.V,
			})
		}
		in.Order = order
	}
	if len(p.Contacts) > 0 && !bytes.Equal(p.Contacts, []byte("null")) {
		in.Contacts = p.Contacts
	}
	return nil
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

func statusOf(w *wire.WebhookBody, raw json.RawMessage) (*Status, error) {
	st := &Status{
		MessageUUID: w.MessageUUID.V,
		Channel:     Channel(w.ChannelName()),
		From:        w.From.Addr(),
		To:          w.To.Addr(),
		Status:      MessageStatus(w.Status.V),
		Usage:       usageOf(w.Usage),
		ClientRef:   w.ClientRef.V,
		Raw:         raw,
	}
	if !w.ClientRef.Set {
		// The only status example v0.1 ever shipped spells it client-ref.
		st.ClientRef = w.ClientRefDash.V
	}
	var err error
	if st.Timestamp, err = w.Timestamp.Time("timestamp"); err != nil {
		return nil, err
	}
	if e := w.Error; e != nil {
		se := &StatusError{
			Type: e.Type.V, Title: e.Title.V, Detail: e.Detail.V,
			Instance: e.Instance.V, Reason: e.Reason.V,
		}
		if se.Code, err = e.Code.Int("error.code"); err != nil {
			return nil, err
		}
		if se.Code == 0 {
			// v1 puts the code in title ("1000"); anything else stays 0.
			if n, err := strconv.Atoi(e.Title.V); err == nil {
				se.Code = n
			}
		}
		st.Error = se
	}
	if wf := w.Workflow; wf != nil {
		info := &WorkflowInfo{WorkflowID: wf.WorkflowID.V, Href: wf.Href.V}
		if info.ItemNumber, err = wf.ItemsNumber.Int("workflow.items_number"); err != nil {
			return nil, err
		}
		if info.ItemsTotal, err = wf.ItemsTotal.Int("workflow.items_total"); err != nil {
			return nil, err
		}
		st.Workflow = info
	} else if w.Links != nil && w.Links.Workflow != nil {
		lw := w.Links.Workflow
		id := lw.DispatchUUID.V
		if id == "" {
			id = lw.WorkflowUUID.V
		}
		st.Workflow = &WorkflowInfo{WorkflowID: id, Href: lw.Href.V}
	}
	if w.Destination != nil {
		st.NetworkCode = w.Destination.NetworkCode.V
	}
	if s := w.SMS; s != nil {
		sms := &StatusSMS{}
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
		st.SMS = sms
	}
	if wa := w.WhatsApp; wa != nil {
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
		st.WhatsApp = x
	}
	if w.Profile != nil {
		st.Profile = &Profile{Name: w.Profile.Name.V, Username: w.Profile.Username.V}
	}
	return st, nil
}
