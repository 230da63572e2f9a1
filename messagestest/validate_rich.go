package messagestest

import (
	"fmt"
	"unicode/utf8"
)

// The WhatsApp and RCS rules of messages-v1.yml that go beyond the shape
// every channel shares. The SDK's own limits table holds the same numbers;
// the fake keeps its copy so that it checks the API's rules, not the SDK's.

func (c *checker) whatsAppOptions(o object, m *msg) {
	if m.messageType == "template" {
		if w := c.requiredObj(o, "whatsapp", "whatsapp"); w != nil {
			c.required(w, "locale", "whatsapp.locale")
			c.enum(w, "policy", "whatsapp.policy", "deterministic")
		}
	}
	if m.messageType == "sticker" {
		if s, ok := o["sticker"].(object); ok {
			_, hasURL := s["url"]
			_, hasID := s["id"]
			if hasURL == hasID {
				c.fail("sticker", "must hold exactly one of url and id")
			}
		}
	}
	if m.messageType == "reaction" {
		if r, ok := o["reaction"].(object); ok {
			if action, _ := r["action"].(string); action != "unreact" {
				c.required(r, "emoji", "reaction.emoji")
			}
		}
	} else if ctx, ok := c.obj(o, "context", "context"); ok {
		// v1 channelOptionsWhatsApp: a context names the message it
		// quotes (a reaction's context is checked with the reaction).
		c.required(ctx, "message_uuid", "context.message_uuid")
	}
	if m.messageType == "audio" {
		// v1 OutboundWhatsAppAudio: audio.url minLength 10 (the 2000
		// maximum is every media URL's).
		if a, ok := o["audio"].(object); ok {
			if u, _ := a["url"].(string); u != "" && utf8.RuneCountInString(u) < 10 {
				c.fail("audio.url", "must be 10 to 2000 characters, got %d", utf8.RuneCountInString(u))
			}
		}
	}
}

// rcsSuggestionFields are the fields each suggestion type needs beyond
// type, text and postback_data.
var rcsSuggestionFields = map[string][]string{
	"reply":                 nil,
	"dial":                  {"phone_number"},
	"view_location":         {"latitude", "longitude", "pin_label"},
	"share_location":        nil,
	"open_url":              {"url", "description"},
	"open_url_in_webview":   {"url", "description"}, // view_mode is optional
	"create_calendar_event": {"start_time", "end_time", "title", "description"},
}

func (c *checker) rcsOptions(o object, m *msg) {
	if opts, ok := c.obj(o, "rcs", "rcs"); ok {
		c.enum(opts, "category", "rcs.category", "authentication", "transaction", "promotion", "service-request", "acknowledgement")
		c.enum(opts, "card_orientation", "rcs.card_orientation", "VERTICAL", "HORIZONTAL")
		c.enum(opts, "image_alignment", "rcs.image_alignment", "LEFT", "RIGHT")
		c.enum(opts, "card_width", "rcs.card_width", "SMALL", "MEDIUM")
	}
	c.rcsSuggestions(o, "suggestions", 11)
	switch m.messageType {
	case "card":
		if card, ok := o["card"].(object); ok {
			c.rcsCard(card, "card")
			c.rcsCardOrientation(o, card)
		}
	case "carousel":
		if car, ok := o["carousel"].(object); ok {
			cards, _ := car["cards"].([]any)
			if len(cards) < 2 || len(cards) > 10 {
				c.fail("carousel.cards", "must hold 2 to 10 cards, got %d", len(cards))
			}
			for i, item := range cards {
				if card, ok := item.(object); ok {
					c.rcsCard(card, fmt.Sprintf("carousel.cards[%d]", i))
				} else {
					c.fail(fmt.Sprintf("carousel.cards[%d]", i), "must be an object")
				}
			}
		}
	}
}

// rcsCardOrientation checks what a card's orientation requires: v1 says
// card.media_height "only applies, and is **required**" with a VERTICAL
// card_orientation, and rcs.image_alignment the same with a HORIZONTAL one.
func (c *checker) rcsCardOrientation(o, card object) {
	opts, _ := o["rcs"].(object)
	switch orientation, _ := opts["card_orientation"].(string); orientation {
	case "VERTICAL":
		if card["media_height"] == nil {
			c.fail("card.media_height", "is required when rcs.card_orientation is VERTICAL")
		}
	case "HORIZONTAL":
		if opts["image_alignment"] == nil {
			c.fail("rcs.image_alignment", "is required when rcs.card_orientation is HORIZONTAL")
		}
	}
}

func (c *checker) rcsCard(card object, path string) {
	c.maxLen(path+".title", c.required(card, "title", path+".title"), 200)
	c.maxLen(path+".text", c.required(card, "text", path+".text"), 2000)
	c.absURL(path+".media_url", c.required(card, "media_url", path+".media_url"))
	c.rcsSuggestions(card, path+".suggestions", 4)
}

// rcsSuggestions checks an optional suggestions array at o[field] (the last
// element of path) holding at most limit chips.
func (c *checker) rcsSuggestions(o object, path string, limit int) {
	field := path
	if i := lastDot(path); i >= 0 {
		field = path[i+1:]
	}
	raw, present := o[field]
	if !present {
		return
	}
	list, ok := raw.([]any)
	if !ok {
		c.fail(path, "must be an array")
		return
	}
	if len(list) > limit {
		c.fail(path, "at most %d suggestions, got %d", limit, len(list))
	}
	for i, item := range list {
		at := fmt.Sprintf("%s[%d]", path, i)
		s, ok := item.(object)
		if !ok {
			c.fail(at, "must be an object")
			continue
		}
		typ := c.required(s, "type", at+".type")
		if n := utf8.RuneCountInString(c.required(s, "text", at+".text")); n > 25 {
			c.fail(at+".text", "longer than 25 characters: %d", n)
		}
		c.required(s, "postback_data", at+".postback_data")
		needs, known := rcsSuggestionFields[typ]
		if !known {
			if typ != "" {
				c.fail(at+".type", "unknown suggestion type %q", typ)
			}
			continue
		}
		for _, f := range needs {
			c.required(s, f, at+"."+f)
		}
	}
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}
