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
	body, uuid, err := inboundBody(msg, s.URL)
	if err != nil {
		return "", err
	}
	if _, err := s.deliver(ctx, "inbound", s.cfg.inboundURL, body); err != nil {
		return uuid, err
	}
	return uuid, nil
}

// inboundBody renders msg as the API's webhook body; self, when not empty,
// is the base URL of the v1 body's _self link.
func inboundBody(msg InboundMessage, self string) ([]byte, string, error) {
	set := 0
	for _, b := range []bool{msg.Text != "", msg.Media != nil, msg.Location != nil, msg.Reply != nil, msg.Button != nil} {
		if b {
			set++
		}
	}
	switch {
	case msg.Channel == "":
		return nil, "", errors.New("messagestest: inbound: channel is required")
	case msg.From == "" || msg.To == "":
		return nil, "", errors.New("messagestest: inbound: from and to are required")
	case set != 1:
		return nil, "", errors.New("messagestest: inbound: set exactly one of text, media, location, reply and button")
	case msg.Media != nil && msg.Media.URL == "" && msg.MediaBody == nil:
		return nil, "", errors.New("messagestest: inbound: media url is required")
	case msg.WebhookVersion != "" && msg.WebhookVersion != "v1" && msg.WebhookVersion != "v0.1":
		return nil, "", fmt.Errorf("messagestest: inbound: webhook version must be v1 or v0.1, got %q", msg.WebhookVersion)
	}
	if msg.MessageUUID == "" {
		msg.MessageUUID = uuid.New()
	}
	if msg.Timestamp.IsZero() {
		msg.Timestamp = time.Now()
	}
	typ, payload := "text", any(msg.Text)
	switch {
	case msg.Media != nil:
		typ = msg.Media.Type
		if typ == "" {
			typ = "image"
		}
		media := map[string]string{"url": msg.Media.URL}
		if msg.Media.Caption != "" {
			media["caption"] = msg.Media.Caption
		}
		if msg.Media.Name != "" {
			media["name"] = msg.Media.Name
		}
		payload = media
	case msg.Location != nil:
		typ = "location"
		loc := map[string]any{"lat": msg.Location.Lat, "long": msg.Location.Long}
		for k, v := range map[string]string{"name": msg.Location.Name, "address": msg.Location.Address, "url": msg.Location.URL} {
			if v != "" {
				loc[k] = v
			}
		}
		payload = loc
	case msg.Reply != nil:
		typ = "reply"
		reply := map[string]string{"id": msg.Reply.ID, "title": msg.Reply.Title}
		if msg.Reply.Description != "" {
			reply["description"] = msg.Reply.Description
		}
		payload = reply
	case msg.Button != nil:
		typ = "button"
		button := map[string]any{"payload": msg.Button.Payload, "text": msg.Button.Text}
		if msg.Button.Subtype != "" {
			button["subtype"] = msg.Button.Subtype
		}
		payload = button
	}
	var body map[string]any
	if msg.WebhookVersion == "v0.1" {
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
		body = map[string]any{
			"message_uuid": msg.MessageUUID,
			"timestamp":    timestamp(msg.Timestamp),
			"from":         addr(msg.From, messenger),
			"to":           addr(msg.To, messenger || viber),
			"message":      map[string]any{"content": map[string]any{"type": typ, typ: payload}},
		}
	} else {
		body = map[string]any{
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
	}
	b, err := json.Marshal(body)
	return b, msg.MessageUUID, err
}
