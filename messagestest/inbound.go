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
// Server.Inbound. Set exactly one of Text, Media and Location.
type InboundMessage struct {
	Channel messages.Channel
	// From is the customer's number or ID; To the application's number or
	// ID on the channel.
	From, To string
	Text     string
	// Media is an image, audio, video or file attachment: Type names which,
	// URL is required, Caption optional.
	Media    *messages.Media
	Location *messages.Location
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
	body, uuid, err := inboundBody(msg)
	if err != nil {
		return "", err
	}
	if _, err := s.deliver(ctx, "inbound", s.cfg.inboundURL, body); err != nil {
		return uuid, err
	}
	return uuid, nil
}

// inboundBody renders msg as the API's inbound-message webhook body, in
// its webhook version, and returns it with the message's UUID.
func inboundBody(msg InboundMessage) ([]byte, string, error) {
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
		body = inboundV1(msg, typ, payload)
	}
	b, err := json.Marshal(body)
	return b, msg.MessageUUID, err
}

// checkInbound refuses an incomplete message: no channel, no from or to,
// other than one kind of content, media without a URL, or a webhook
// version the API does not have.
func checkInbound(msg InboundMessage) error {
	switch {
	case msg.Channel == "":
		return errors.New("messagestest: inbound: channel is required")
	case msg.From == "" || msg.To == "":
		return errors.New("messagestest: inbound: from and to are required")
	case contentKinds(msg) != 1:
		return errors.New("messagestest: inbound: set exactly one of text, media and location")
	case msg.Media != nil && msg.Media.URL == "":
		return errors.New("messagestest: inbound: media url is required")
	case msg.WebhookVersion != "" && msg.WebhookVersion != "v1" && msg.WebhookVersion != "v0.1":
		return fmt.Errorf("messagestest: inbound: webhook version must be v1 or v0.1, got %q", msg.WebhookVersion)
	}
	return nil
}

// contentKinds counts the kinds of content msg has set.
func contentKinds(msg InboundMessage) int {
	set := 0
	for _, b := range []bool{msg.Text != "", msg.Media != nil, msg.Location != nil} {
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

// inboundV1 is the flat v1 body.
func inboundV1(msg InboundMessage, typ string, payload any) map[string]any {
	return map[string]any{
		"channel":      string(msg.Channel),
		"message_uuid": msg.MessageUUID,
		"from":         msg.From,
		"to":           msg.To,
		"timestamp":    timestamp(msg.Timestamp),
		"message_type": typ,
		typ:            payload,
	}
}
