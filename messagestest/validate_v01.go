package messagestest

import (
	"slices"
	"strings"

	"github.com/gomessages/messages"
)

// The nested v0.1 and Developer Preview send bodies (messages-v0.1.yml and
// the Developer Preview files), whose from, to and message.content a
// Dispatch workflow's steps share.

// v01Channel describes a channel of the nested v0.1 and Developer Preview
// bodies.
type v01Channel struct {
	types    []string
	to, from addrKind
	text     int
	preview  bool // also in the Developer Preview and Dispatch APIs
}

var v01Channels = map[string]v01Channel{
	"sms":               {[]string{"text"}, numberAddr, smsSenderAddr, 1000, true},
	"mms":               {[]string{"image", "vcard", "audio", "video", "file"}, numberAddr, mmsSenderAddr, 0, false},
	"viber_service_msg": {[]string{"text", "image", "template"}, numberAddr, idAddr, 1000, true},
	"messenger":         {[]string{"text", "image", "audio", "video", "file"}, idAddr, idAddr, 640, true},
	"whatsapp":          {[]string{"text", "image", "audio", "video", "file", "template", "custom"}, numberAddr, numberAddr, 4096, true},
}

func v01ChannelName(t string) messages.Channel {
	if t == "viber_service_msg" {
		return messages.ChannelViber
	}
	return messages.Channel(t)
}

// v01Message checks a nested message: a v0.1 or Developer Preview send, or
// one step of a workflow. preview limits the channels to the Developer
// Preview's; viberTTL is the spec's range for viber_service_msg.ttl.
func (c *checker) v01Message(o object, preview bool, viberTTL span) *msg {
	m := &msg{webhookVersion: "v0.1"}
	from, fromType := c.v01Party(o, "from", preview)
	to, toType := c.v01Party(o, "to", preview)
	if fromType != "" && toType != "" && fromType != toType {
		c.fail("from.type", "must match to.type %q, got %q", toType, fromType)
	}
	m.clientRef, _ = c.str(o, "client_ref", "client_ref")
	c.maxLen("client_ref", m.clientRef, 40)
	body := c.requiredObj(o, "message", "message")
	var content object
	if body != nil {
		content = c.requiredObj(body, "content", "message.content")
	}
	if toType == "" {
		return m
	}
	spec := v01Channels[toType]
	m.v01Type, m.channel = toType, v01ChannelName(toType)
	m.to, m.toID = c.v01Address(to, "to", spec.to), spec.to == idAddr
	if from != nil {
		m.from, m.fromID = c.v01Address(from, "from", spec.from), spec.from == idAddr
	}
	if content == nil {
		return m
	}
	m.messageType = c.required(content, "type", "message.content.type")
	if m.messageType != "" && !slices.Contains(spec.types, m.messageType) {
		c.fail("message.content.type", "%s takes %s, got %q", toType, strings.Join(spec.types, ", "), m.messageType)
		return m
	}
	c.v01Content(body, content, m, spec)
	c.v01Options(body, viberTTL)
	return m
}

// v01Party reads from or to (field) and returns it with its channel type,
// which is "" when the type is missing or names no channel of the API (with
// preview, of the Developer Preview).
func (c *checker) v01Party(o object, field string, preview bool) (object, string) {
	p := c.requiredObj(o, field, field)
	if p == nil {
		return nil, ""
	}
	t := c.required(p, "type", field+".type")
	if spec, ok := v01Channels[t]; t != "" && (!ok || (preview && !spec.preview)) {
		c.unknownChannel = true
		c.fail(field+".type", "unsupported channel %q: must be one of %s", t, strings.Join(v01Names(preview), ", "))
		return p, ""
	}
	return p, t
}

// v01Names lists the channels of v0.1, or with preview of the Developer
// Preview, in order.
func v01Names(preview bool) []string {
	names := []string{}
	for n, spec := range v01Channels {
		if spec.preview || !preview {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// v01Content checks message.content for its type: the text, the media,
// the template or the custom object.
func (c *checker) v01Content(body, content object, m *msg, spec v01Channel) {
	switch m.messageType {
	case "text":
		m.text = c.text(content, "text", "message.content.text", spec.text)
	case "image", "audio", "video", "file", "vcard":
		inner := &checker{}
		m.mediaURL = inner.media(content, m.messageType, false)
		for _, e := range inner.errs {
			c.fail("message.content."+e.Name, "%s", e.Reason)
		}
	case "template":
		c.v01Template(body, content, m.v01Type)
	case "custom":
		c.requiredObj(content, "custom", "message.content.custom")
	}
}

// v01Template checks a template's name and, on WhatsApp, the
// message.whatsapp object its locale and policy go in.
func (c *checker) v01Template(body, content object, channel string) {
	if t := c.requiredObj(content, "template", "message.content.template"); t != nil {
		c.required(t, "name", "message.content.template.name")
	}
	if channel == "whatsapp" {
		if w := c.requiredObj(body, "whatsapp", "message.whatsapp"); w != nil {
			c.required(w, "locale", "message.whatsapp.locale")
			c.enum(w, "policy", "message.whatsapp.policy", "deterministic")
		}
	}
}

// v01Options checks the channel objects of message: viber_service_msg,
// whose ttl must be within viberTTL, and messenger.
func (c *checker) v01Options(body object, viberTTL span) {
	if v, ok := c.obj(body, "viber_service_msg", "message.viber_service_msg"); ok {
		c.enum(v, "category", "message.viber_service_msg.category", "transaction", "promotion")
		c.integer(v, "ttl", "message.viber_service_msg.ttl", viberTTL)
	}
	if fb, ok := c.obj(body, "messenger", "message.messenger"); ok {
		c.messengerOptions(fb, "message.messenger.")
	}
}

// v01Address reads a v0.1 from or to: its number or its id, as the channel
// wants.
func (c *checker) v01Address(p object, field string, k addrKind) string {
	if k == idAddr {
		s := c.required(p, "id", field+".id")
		c.id(field+".id", s)
		return s
	}
	s := c.required(p, "number", field+".number")
	c.address(field+".number", s, k)
	return s
}

// checkV01 checks a v0.1 or Developer Preview send.
func checkV01(o object, preview bool) ([]*msg, *checker) {
	c := &checker{}
	return []*msg{c.v01Message(o, preview, span{30, 259200})}, c
}
