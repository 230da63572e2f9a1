package messagestest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/internal/uuid"
)

// InboundMessage is a message a customer sends to the application, for
// Server.Inbound. Set exactly one of Text, Media, Location, Reply and
// Button.
type InboundMessage struct {
	Channel messages.Channel
	// From is the customer's number or ID; To the application's number or
	// ID on the channel.
	From, To string
	Text     string
	// Media is an image, audio, video or file attachment: Type names which,
	// Caption is optional. URL is required unless MediaBody is set.
	Media *messages.Media
	// MediaBody, with Media set and its URL empty, is the attachment's
	// bytes: the server serves them at a URL of its own (see AddMedia),
	// which the webhook carries, so the receiver can fetch them with
	// Client.DownloadMedia. MediaContentType is their Content-Type; empty,
	// it is sniffed from the bytes.
	MediaBody        []byte
	MediaContentType string
	Location         *messages.Location
	// Reply is the customer's pick from an interactive list or reply
	// buttons (message type "reply"); Button a template's quick-reply
	// button pressed (message type "button"). Server.Choose builds either
	// from a message the application sent.
	Reply  *messages.InboundReply
	Button *messages.InboundButton
	// Context names the message this one quotes or answers (WhatsApp's
	// context object).
	Context *messages.ReplyTo
	// MessageUUID defaults to a fresh UUID, Timestamp to now.
	MessageUUID string
	Timestamp   time.Time
	// WebhookVersion is "v1" (the default: a flat body) or "v0.1" (nested
	// from, to and message.content).
	WebhookVersion string
}

// Inbound posts msg to the inbound URL as the API posts an inbound-message
// webhook, signed when the server has a secret, and returns the message's
// UUID. It fails when msg is incomplete, the server has no inbound URL, or
// the receiver does not answer 2xx.
func (s *Server) Inbound(ctx context.Context, msg InboundMessage) (string, error) {
	if s.cfg.inboundURL == "" {
		return "", errors.New("messagestest: inbound: no inbound URL: use WithInboundURL")
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return "", errClosed
	}
	s.workers.Add(1) // Close waits for this delivery too
	s.mu.Unlock()
	defer s.workers.Done()
	if msg.MediaBody != nil {
		if msg.Media == nil || msg.Media.URL != "" {
			return "", errors.New("messagestest: inbound: media body needs media without a url: the server gives it one")
		}
		m := *msg.Media
		m.URL = s.AddMedia(m.Name, msg.MediaContentType, msg.MediaBody)
		msg.Media = &m
	}
	body, messageUUID, err := inboundBody(msg, s.URL)
	if err != nil {
		return "", err
	}
	if _, err := s.deliver(ctx, "inbound", s.cfg.inboundURL, body); err != nil {
		return messageUUID, err
	}
	return messageUUID, nil
}

// inboundBody renders msg as the API's inbound-message webhook body, in
// its webhook version, and returns it with the message's UUID; self, when
// not empty, is the base URL of the v1 body's _self link.
func inboundBody(msg InboundMessage, self string) ([]byte, string, error) {
	if err := checkInbound(msg); err != nil {
		return nil, "", err
	}
	if msg.MessageUUID == "" {
		msg.MessageUUID = uuid.New()
	}
	if msg.Timestamp.IsZero() {
		msg.Timestamp = time.Now()
	}
	typ, payload := inboundPayload(msg)
	var body map[string]any
	if msg.WebhookVersion == "v0.1" {
		body = inboundV01(msg, typ, payload)
	} else {
		body = inboundV1(msg, typ, payload, self)
	}
	b, err := json.Marshal(body)
	return b, msg.MessageUUID, err
}

// checkInbound refuses an incomplete message: no channel, no from or to,
// other than one kind of content, media without a URL or a body, or a
// webhook version the API does not have.
func checkInbound(msg InboundMessage) error {
	switch {
	case msg.Channel == "":
		return errors.New("messagestest: inbound: channel is required")
	case msg.From == "" || msg.To == "":
		return errors.New("messagestest: inbound: from and to are required")
	case contentKinds(msg) != 1:
		return errors.New("messagestest: inbound: set exactly one of text, media, location, reply and button")
	case msg.Media != nil && msg.Media.URL == "" && msg.MediaBody == nil:
		return errors.New("messagestest: inbound: media url is required")
	case msg.WebhookVersion != "" && msg.WebhookVersion != "v1" && msg.WebhookVersion != "v0.1":
		return fmt.Errorf("messagestest: inbound: webhook version must be v1 or v0.1, got %q", msg.WebhookVersion)
	}
	return nil
}

// contentKinds counts the kinds of content msg has set.
func contentKinds(msg InboundMessage) int {
	set := 0
	for _, b := range []bool{msg.Text != "", msg.Media != nil, msg.Location != nil, msg.Reply != nil, msg.Button != nil} {
		if b {
			set++
		}
	}
	return set
}

// inboundPayload returns the message type of msg's content and the object
// (or, for text, the string) that goes under that type's name.
func inboundPayload(msg InboundMessage) (string, any) {
	switch {
	case msg.Media != nil:
		return mediaPayload(msg.Media)
	case msg.Location != nil:
		return "location", locationPayload(msg.Location)
	case msg.Reply != nil:
		return "reply", replyPayload(msg.Reply)
	case msg.Button != nil:
		return "button", buttonPayload(msg.Button)
	}
	return "text", msg.Text
}

// mediaPayload returns an attachment's type, image by default, and its
// url, caption and name.
func mediaPayload(m *messages.Media) (string, map[string]string) {
	typ := m.Type
	if typ == "" {
		typ = "image"
	}
	media := map[string]string{"url": m.URL}
	if m.Caption != "" {
		media["caption"] = m.Caption
	}
	if m.Name != "" {
		media["name"] = m.Name
	}
	return typ, media
}

// locationPayload returns a location's coordinates and the name, address
// and url it has.
func locationPayload(l *messages.Location) map[string]any {
	loc := map[string]any{"lat": l.Lat, "long": l.Long}
	for k, v := range map[string]string{"name": l.Name, "address": l.Address, "url": l.URL} {
		if v != "" {
			loc[k] = v
		}
	}
	return loc
}

// replyPayload returns the id and title of the row or button a customer
// picked, and its description when it has one.
func replyPayload(r *messages.InboundReply) map[string]string {
	reply := map[string]string{"id": r.ID, "title": r.Title}
	if r.Description != "" {
		reply["description"] = r.Description
	}
	return reply
}

// buttonPayload returns a pressed quick-reply button's payload and text,
// and its subtype when it has one.
func buttonPayload(b *messages.InboundButton) map[string]any {
	button := map[string]any{"payload": b.Payload, "text": b.Text}
	if b.Subtype != "" {
		button["subtype"] = b.Subtype
	}
	return button
}

// inboundV01 is the nested v0.1 body: from and to as objects of the
// channel's type with a number, or an id on Messenger (and Viber's to),
// and the content under message.content.
func inboundV01(msg InboundMessage, typ string, payload any) map[string]any {
	wireType := string(msg.Channel)
	if msg.Channel == messages.ChannelViber {
		wireType = "viber_service_msg"
	}
	addr := func(a string, id bool) map[string]string {
		if id {
			return map[string]string{"type": wireType, "id": a}
		}
		return map[string]string{"type": wireType, "number": a}
	}
	messenger := msg.Channel == messages.ChannelMessenger
	viber := msg.Channel == messages.ChannelViber
	return map[string]any{
		"message_uuid": msg.MessageUUID,
		"timestamp":    timestamp(msg.Timestamp),
		"from":         addr(msg.From, messenger),
		"to":           addr(msg.To, messenger || viber),
		"message":      map[string]any{"content": map[string]any{"type": typ, typ: payload}},
	}
}

// inboundV1 is the flat v1 body, with the context of the message it
// quotes, and its _self link when self is not empty.
func inboundV1(msg InboundMessage, typ string, payload any, self string) map[string]any {
	body := map[string]any{
		"channel":      string(msg.Channel),
		"message_uuid": msg.MessageUUID,
		"from":         msg.From,
		"to":           msg.To,
		"timestamp":    timestamp(msg.Timestamp),
		"message_type": typ,
		typ:            payload,
	}
	if msg.Context != nil {
		ctx := map[string]string{"message_uuid": msg.Context.MessageUUID}
		if msg.Context.MessageFrom != "" {
			ctx["message_from"] = msg.Context.MessageFrom
		}
		body["context"] = ctx
	}
	if self != "" {
		body["_self"] = map[string]string{"href": self + "/v1/messages/" + msg.MessageUUID}
	}
	return body
}
