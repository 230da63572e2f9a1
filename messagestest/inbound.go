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
	body, messageUUID, err := inboundBody(msg)
	if err != nil {
		return "", err
	}
	if _, err := s.deliver(ctx, "inbound", s.cfg.inboundURL, body); err != nil {
		return messageUUID, err
	}
	return messageUUID, nil
}

func inboundBody(msg InboundMessage) ([]byte, string, error) {
	set := 0
	for _, b := range []bool{msg.Text != "", msg.Media != nil, msg.Location != nil} {
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
		return nil, "", errors.New("messagestest: inbound: set exactly one of text, media and location")
	case msg.Media != nil && msg.Media.URL == "":
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
	}
	b, err := json.Marshal(body)
	return b, msg.MessageUUID, err
}
