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
	var sent *Request
	s.mu.Lock()
	for i := range s.requests.items {
		r := &s.requests.items[i]
		if r.MessageUUID == messageUUID && r.Kind == "message" && r.Status == http.StatusAccepted {
			c := r.clone()
			sent = &c
			break
		}
	}
	s.mu.Unlock()
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
	for _, b := range p.Custom.Interactive.Action.Buttons {
		if b.Reply.ID == id {
			msg.Reply = &messages.InboundReply{ID: id, Title: b.Reply.Title}
			return msg, nil
		}
	}
	for _, sec := range p.Custom.Interactive.Action.Sections {
		for _, r := range sec.Rows {
			if r.ID == id {
				msg.Reply = &messages.InboundReply{ID: id, Title: r.Title, Description: r.Description}
				return msg, nil
			}
		}
	}
	for _, c := range p.Custom.Template.Components {
		if c.Type != "button" || c.SubType != "quick_reply" {
			continue
		}
		for _, prm := range c.Parameters {
			if prm.Type == "payload" && prm.Payload == id {
				msg.Button = &messages.InboundButton{Payload: id, Text: prm.Text, Subtype: "quick_reply"}
				return msg, nil
			}
		}
	}
	return InboundMessage{}, fmt.Errorf("messagestest: choose: message %s has no reply button, list row or quick-reply button %q (a copy-code button sends no answer)", messageUUID, id)
}
