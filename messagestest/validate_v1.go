package messagestest

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/gomessages/messages"
)

// The v1 send body (messages-v1.yml): flat, one channel per body, with an
// optional failover array. Email's rules are in validate_email.go, MMS
// content's in validate_mms.go, WhatsApp's and RCS's in validate_rich.go.

type v1Channel struct {
	types    []string
	to, from addrKind
	text     int   // longest text, or 0 for no limit
	ttl      *span // top-level ttl, for the channels that have one
	reads    bool  // whether the channel sends read receipts
}

var v1Channels = map[string]v1Channel{
	"sms":           {[]string{"text"}, numberAddr, smsSenderAddr, 3200, &span{20, 604800}, false},
	"mms":           {[]string{"text", "image", "vcard", "audio", "video", "file", "content"}, numberAddr, mmsSenderAddr, 0, &span{300, 259200}, false},
	"rcs":           {[]string{"text", "image", "video", "file", "card", "carousel", "custom"}, numberAddr, rcsSenderAddr, 3072, &span{20, 259200}, true},
	"whatsapp":      {[]string{"text", "image", "audio", "video", "file", "template", "sticker", "reaction", "custom"}, whatsAppToAddr, numberAddr, 4096, nil, true},
	"messenger":     {[]string{"text", "image", "audio", "video", "file"}, idAddr, idAddr, 640, nil, true},
	"viber_service": {[]string{"text", "image", "video", "file"}, numberAddr, idAddr, 1000, nil, true},
	"email":         {[]string{"text", "html", "content"}, emailAddr, emailAddr, 0, nil, true},
}

// hasReads reports whether a channel sends read receipts.
func hasReads(ch messages.Channel) bool { return v1Channels[string(ch)].reads }

// checkV1 checks a v1 send body and returns its steps: the message, then
// its failover array.
func checkV1(o object) ([]*msg, *checker) {
	c := &checker{}
	steps := []*msg{c.v1Message(o)}
	if v, ok := o["failover"]; ok {
		list, isList := v.([]any)
		switch {
		case !isList:
			c.fail("failover", "must be an array")
		case len(list) == 0:
			c.fail("failover", "must hold at least one message")
		}
		c.eachStep("failover", list, func(_ int, step object) {
			if _, nested := step["failover"]; nested {
				c.fail("failover", "a failover message cannot have its own failover")
			}
			m := c.v1Message(step)
			m.body, _ = json.Marshal(step)
			steps = append(steps, m)
		})
	}
	return steps, c
}

// v1Message checks one v1 message: the fields every channel shares, then,
// for a channel the API knows, its addresses, its message type, and the
// content and options of that type and channel.
func (c *checker) v1Message(o object) *msg {
	m := c.v1Envelope(o)
	spec, known := v1Channels[string(m.channel)]
	if !known {
		return m
	}
	ch := string(m.channel)
	m.toID, m.fromID = spec.to == idAddr, spec.from == idAddr || spec.from == rcsSenderAddr
	c.address("to", m.to, spec.to)
	c.address("from", m.from, spec.from)
	if spec.ttl != nil {
		c.integer(o, "ttl", "ttl", *spec.ttl)
	}
	if m.messageType != "" && !slices.Contains(spec.types, m.messageType) {
		c.fail("message_type", "%s takes %s, got %q", ch, strings.Join(spec.types, ", "), m.messageType)
		return m
	}
	if ch == "email" { // its content and options are its own: see validate_email.go
		c.email(o, m)
		return m
	}
	c.v1Content(o, m, spec)
	c.v1Options(o, m)
	return m
}

// v1Envelope reads the fields every v1 message has, whatever its channel:
// channel (refused when the API does not know it), message_type, to, from,
// client_ref and the webhook's URL and version.
func (c *checker) v1Envelope(o object) *msg {
	m := &msg{}
	ch := c.required(o, "channel", "channel")
	m.channel = messages.Channel(ch)
	m.v01Type = ch
	if ch == "viber_service" {
		m.v01Type = "viber_service_msg"
	}
	if _, known := v1Channels[ch]; ch != "" && !known {
		c.unknownChannel = true
		c.fail("channel", "unsupported channel %q: must be one of sms, mms, rcs, whatsapp, messenger, viber_service, email", ch)
	}
	m.messageType = c.required(o, "message_type", "message_type")
	m.to = c.required(o, "to", "to")
	m.from = c.required(o, "from", "from")
	m.clientRef, _ = c.str(o, "client_ref", "client_ref")
	c.maxLen("client_ref", m.clientRef, 100)
	m.webhookURL, _ = c.str(o, "webhook_url", "webhook_url")
	c.absURL("webhook_url", m.webhookURL)
	m.webhookVersion = c.enum(o, "webhook_version", "webhook_version", "v0.1", "v1")
	return m
}

// v1Content checks the object of the message's type: its text, its media,
// or the template, reaction, custom, card, carousel or MMS content it
// carries.
func (c *checker) v1Content(o object, m *msg, spec v1Channel) {
	switch m.messageType {
	case "text":
		m.text = c.text(o, "text", "text", spec.text)
	case "image", "audio", "video", "file", "vcard":
		m.mediaURL = c.media(o, m.messageType, false)
	case "sticker":
		m.mediaURL = c.media(o, "sticker", true)
	case "template":
		if t := c.requiredObj(o, "template", "template"); t != nil {
			c.required(t, "name", "template.name")
		}
	case "reaction":
		c.reaction(o)
	case "custom", "card", "carousel":
		obj := c.requiredObj(o, m.messageType, m.messageType)
		if m.channel == messages.ChannelWhatsApp && m.messageType == "custom" {
			c.whatsAppCustom(obj)
		}
	case "content":
		c.mmsContent(o, m)
	}
}

// reaction checks a WhatsApp reaction: its action, and the message it
// reacts to.
func (c *checker) reaction(o object) {
	if r := c.requiredObj(o, "reaction", "reaction"); r != nil {
		c.enum(r, "action", "reaction.action", "react", "unreact")
	}
	if ctx := c.requiredObj(o, "context", "context"); ctx != nil {
		c.required(ctx, "message_uuid", "context.message_uuid")
	}
}

// v1Options checks the channel's own object (sms, viber_service,
// messenger, whatsapp or rcs) and the rules a channel adds to a type.
func (c *checker) v1Options(o object, m *msg) {
	switch m.channel {
	case messages.ChannelSMS:
		if s, ok := c.obj(o, "sms", "sms"); ok {
			c.enum(s, "encoding_type", "sms.encoding_type", "text", "unicode", "auto")
		}
	case messages.ChannelViber:
		c.viberOptions(o, m)
	case messages.ChannelMessenger:
		if opts, ok := c.obj(o, "messenger", "messenger"); ok {
			c.messengerOptions(opts, "messenger.")
		}
	case messages.ChannelWhatsApp:
		c.whatsAppOptions(o, m)
	case messages.ChannelRCS:
		c.rcsOptions(o, m)
	}
}

func (c *checker) viberOptions(o object, m *msg) {
	opts, _ := c.obj(o, "viber_service", "viber_service")
	if m.messageType == "video" {
		if opts == nil {
			if _, present := o["viber_service"]; !present {
				c.fail("viber_service", "is required for a video: duration and file_size")
			}
		} else {
			c.intString(opts, "duration", "viber_service.duration", span{1, 600})
			c.intString(opts, "file_size", "viber_service.file_size", span{1, 200})
		}
		if v, ok := o["video"].(object); ok {
			thumb := c.required(v, "thumb_url", "video.thumb_url")
			c.absURL("video.thumb_url", thumb)
			c.maxLen("video.thumb_url", thumb, 1000)
		}
	}
	if m.messageType == "file" {
		if f, ok := o["file"].(object); ok {
			if name, ok := c.str(f, "name", "file.name"); ok {
				c.maxLen("file.name", name, 25)
			}
		}
	}
	if opts == nil {
		return
	}
	c.enum(opts, "category", "viber_service.category", "transaction", "promotion")
	c.integer(opts, "ttl", "viber_service.ttl", span{30, 259200})
	if a, ok := c.obj(opts, "action", "viber_service.action"); ok {
		u := c.required(a, "url", "viber_service.action.url")
		c.absURL("viber_service.action.url", u)
		c.maxLen("viber_service.action.text", c.required(a, "text", "viber_service.action.text"), 30)
	}
}

func (c *checker) messengerOptions(opts object, path string) {
	cat := c.enum(opts, "category", path+"category", "response", "update", "message_tag")
	if tag, _ := opts["tag"].(string); cat == "message_tag" && tag == "" {
		c.fail(path+"tag", "is required when category is message_tag")
	}
}
