package messagestest

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/gomessages/messages"
)

// interactivePayload is what Choose reads of a WhatsApp custom payload.
type interactivePayload struct {
	Custom struct {
		Type        string `json:"type"`
		Interactive struct {
			Type   string `json:"type"`
			Action struct {
				Buttons []struct {
					Reply struct {
						ID    string `json:"id"`
						Title string `json:"title"`
					} `json:"reply"`
				} `json:"buttons"`
				Sections []struct {
					Rows []struct {
						ID          string `json:"id"`
						Title       string `json:"title"`
						Description string `json:"description"`
					} `json:"rows"`
				} `json:"sections"`
			} `json:"action"`
		} `json:"interactive"`
		Template struct {
			Components []struct {
				Type       string `json:"type"`
				SubType    string `json:"sub_type"`
				Parameters []struct {
					Type    string `json:"type"`
					Payload string `json:"payload"`
					Text    string `json:"text"`
				} `json:"parameters"`
			} `json:"components"`
		} `json:"template"`
	} `json:"custom"`
}

// Choose plays the customer's answer to an interactive WhatsApp message
// the application sent (messages.InteractiveButtons or InteractiveList, or
// a template with quick-reply buttons): it finds the accepted message
// messageUUID and returns the inbound message WhatsApp would send when the
// customer taps the button or row whose ID (a quick-reply button's
// payload) is id: message type "reply" (or "button"), from the customer to
// the business number, quoting the message answered. Post it with
// Server.Inbound.
func (s *Server) Choose(messageUUID, id string) (InboundMessage, error) {
	sent := s.acceptedMessage(messageUUID)
	switch {
	case sent == nil:
		return InboundMessage{}, fmt.Errorf("messagestest: choose: no accepted message %s", messageUUID)
	case sent.Version != "v1" || sent.Channel != messages.ChannelWhatsApp || sent.MessageType != "custom":
		return InboundMessage{}, fmt.Errorf("messagestest: choose: message %s is not a v1 whatsapp custom message", messageUUID)
	}
	var p interactivePayload
	if err := json.Unmarshal(sent.Body, &p); err != nil {
		return InboundMessage{}, fmt.Errorf("messagestest: choose: message %s: %w", messageUUID, err)
	}
	msg := InboundMessage{
		Channel: messages.ChannelWhatsApp, From: sent.To, To: sent.From,
		Context: &messages.ReplyTo{MessageUUID: messageUUID, MessageFrom: sent.From},
	}
	if msg.Reply = p.reply(id); msg.Reply != nil {
		return msg, nil
	}
	if msg.Button = p.button(id); msg.Button != nil {
		return msg, nil
	}
	return InboundMessage{}, fmt.Errorf("messagestest: choose: message %s has no reply button, list row or quick-reply button %q (a copy-code button sends no answer)", messageUUID, id)
}

// acceptedMessage returns a copy of the message the server accepted as
// messageUUID, or nil.
func (s *Server) acceptedMessage(messageUUID string) *Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.requests.items {
		r := &s.requests.items[i]
		if r.MessageUUID == messageUUID && r.Kind == "message" && r.Status == http.StatusAccepted {
			c := r.clone()
			return &c
		}
	}
	return nil
}

// reply returns the answer to the reply button or list row whose ID is
// id, or nil.
func (p *interactivePayload) reply(id string) *messages.InboundReply {
	for _, b := range p.Custom.Interactive.Action.Buttons {
		if b.Reply.ID == id {
			return &messages.InboundReply{ID: id, Title: b.Reply.Title}
		}
	}
	for _, sec := range p.Custom.Interactive.Action.Sections {
		for _, r := range sec.Rows {
			if r.ID == id {
				return &messages.InboundReply{ID: id, Title: r.Title, Description: r.Description}
			}
		}
	}
	return nil
}

// button returns the press of the template's quick-reply button whose
// payload is id, or nil.
func (p *interactivePayload) button(id string) *messages.InboundButton {
	for _, c := range p.Custom.Template.Components {
		if c.Type != "button" || c.SubType != "quick_reply" {
			continue
		}
		for _, prm := range c.Parameters {
			if prm.Type == "payload" && prm.Payload == id {
				return &messages.InboundButton{Payload: id, Text: prm.Text, Subtype: "quick_reply"}
			}
		}
	}
	return nil
}
