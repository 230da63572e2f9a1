package messages

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/gomessages/messages/internal/wire"
)

// WhatsApp is a WhatsApp message. From is your WhatsApp Business number in
// E.164; To is the user's E.164 number or, on v1, their business-scoped user
// ID (BSUID) such as "US.13491208655302741918", or their parent BSUID
// such as "US.ENT.11815799212886844830".
//
// Context makes the message a reply that quotes an earlier message, and
// names the message a Reaction reacts to; only its MessageUUID is sent.
//
// Outside the 24-hour customer-care window WhatsApp delivers templates only.
// API version v0.1 carries Text, Image, Audio, Video, File and Template,
// without Context.
type WhatsApp struct {
	From    string
	To      string
	Content WhatsAppContent
	Context *ReplyTo // v1 only

	ClientRef      string
	WebhookURL     string // v1 only
	WebhookVersion string // v1 only
}

// MessageChannel returns ChannelWhatsApp.
func (WhatsApp) MessageChannel() Channel { return ChannelWhatsApp }

// whatsAppParts is the part of a WhatsApp message that both wire versions
// can carry.
type whatsAppParts struct {
	typ      string
	text     string
	media    *wire.Media
	template *wire.Template
	options  *wire.WhatsAppOptions
}

// common checks and renders the content types v0.1 has too; ok is false for
// the v1-only ones, which the caller handles.
func (m WhatsApp) common(chk *checker, content any) (wc whatsAppParts, ok bool) {
	switch ct := content.(type) {
	case Text:
		wc.typ, wc.text = "text", chk.text("text", string(ct), limits.whatsAppText)
	case Image:
		wc.typ, wc.media = "image", &wire.Media{URL: chk.mediaURL("image.url", ct.URL), Caption: chk.caption("image.caption", ct.Caption)}
	case Audio:
		chk.unsupported("audio.caption", ct.Caption != "", "whatsapp")
		url := chk.mediaURL("audio.url", ct.URL)
		if r := limits.whatsAppAudioURL; ct.URL != "" && !r.contains(len(ct.URL)) {
			chk.fail("audio.url", "must be %d to %d characters, got %d", r.min, r.max, len(ct.URL))
		}
		wc.typ, wc.media = "audio", &wire.Media{URL: url}
	case Video:
		chk.viberOnlyVideoFields("video", string(ChannelWhatsApp), ct)
		chk.v1Only("video.caption", ct.Caption != "")
		wc.typ, wc.media = "video", &wire.Media{URL: chk.mediaURL("video.url", ct.URL), Caption: chk.caption("video.caption", ct.Caption)}
	case File:
		chk.v1Only("file.name", ct.Name != "")
		wc.typ, wc.media = "file", &wire.Media{URL: chk.mediaURL("file.url", ct.URL), Caption: chk.caption("file.caption", ct.Caption), Name: ct.Name}
	case Template:
		wc.typ = "template"
		wc.template = &wire.Template{Name: chk.required("template.name", ct.Name), Parameters: ct.Parameters}
		wc.options = &wire.WhatsAppOptions{
			Policy: chk.oneOf(goNamed("whatsapp.policy", "Template.Policy"), string(ct.Policy), string(TemplateDeterministic)),
			Locale: chk.required(goNamed("whatsapp.locale", "Template.Locale"), ct.Locale),
		}
	default:
		return wc, false
	}
	return wc, true
}

func (m WhatsApp) encodeV1(chk *checker) wire.V1Message {
	env := chk.envelope(m.ClientRef, m.WebhookURL, m.WebhookVersion)
	w := wire.V1Message{
		Channel:  string(ChannelWhatsApp),
		To:       chk.whatsAppTo("to", m.To),
		From:     chk.number("from", m.From),
		Envelope: env,
	}
	if m.Context != nil {
		chk.unsupported("context.message_from", m.Context.MessageFrom != "", "outbound messages")
		w.Context = &wire.Context{MessageUUID: chk.required("context.message_uuid", m.Context.MessageUUID)}
	}
	content := derefContent(m.Content)
	if wc, ok := m.common(chk, content); ok {
		w.MessageType, w.Text, w.Template, w.WhatsApp = wc.typ, wc.text, wc.template, wc.options
		w.Set(w.MessageType, wc.media)
		return w
	}
	switch ct := content.(type) {
	case Sticker:
		w.MessageType, w.Sticker = "sticker", whatsAppStickerV1(chk, ct)
	case Location:
		// v1 has no location message type: WhatsApp's own location object
		// goes through as a custom payload.
		w.MessageType, w.Custom = "custom", whatsAppLocationV1(chk, ct)
	case Reaction:
		w.MessageType, w.Reaction = "reaction", whatsAppReactionV1(chk, ct, m.Context != nil)
	case Custom:
		w.MessageType, w.Custom = "custom", chk.jsonObject("custom", ct)
	case customContent: // InteractiveButtons, InteractiveList, AuthTemplate
		w.MessageType, w.Custom = "custom", ct.customPayload(chk)
	default:
		chk.contentMissing(content)
	}
	return w
}

// whatsAppStickerV1 refuses a sticker with both or neither of url and id.
func whatsAppStickerV1(chk *checker, ct Sticker) *wire.Sticker {
	switch {
	case ct.URL != "" && ct.ID != "":
		chk.fail("sticker", "set url or id, not both")
	case ct.URL != "":
		chk.mediaURL("sticker.url", ct.URL)
	case ct.ID == "":
		chk.fail("sticker", "url or id required")
	}
	return &wire.Sticker{URL: ct.URL, ID: ct.ID}
}

// whatsAppLocationV1 is WhatsApp's own location object, as a custom
// payload.
func whatsAppLocationV1(chk *checker, ct Location) json.RawMessage {
	chk.coordinates(goNamed("custom.location.latitude", "Location.Lat"), goNamed("custom.location.longitude", "Location.Long"), ct.Lat, ct.Long)
	chk.unsupported("location.url", ct.URL != "", "whatsapp outbound locations")
	if ct.Address != "" && ct.Name == "" {
		chk.fail(goNamed("custom.location.name", "Location.Name"), "required with an address, which WhatsApp shows only under a name")
	}
	raw, err := json.Marshal(wire.WhatsAppLocation{Type: "location", Location: wire.WhatsAppLocationBody{
		Latitude: ct.Lat, Longitude: ct.Long, Name: ct.Name, Address: ct.Address,
	}})
	if err != nil { // only NaN or ±Inf, already reported
		return nil
	}
	return raw
}

// whatsAppReactionV1 refuses a reaction without an emoji, or without a
// context naming the message reacted to.
func whatsAppReactionV1(chk *checker, ct Reaction, hasContext bool) *wire.Reaction {
	action := chk.oneOf("reaction.action", string(ct.Action), string(ReactionReact), string(ReactionUnreact))
	if action == "" {
		action = string(ReactionReact)
	}
	if action == string(ReactionReact) && ct.Emoji == "" {
		chk.fail("reaction.emoji", "required to react")
	}
	if !hasContext {
		chk.fail("context", "required: it names the message reacted to")
	}
	return &wire.Reaction{Action: action, Emoji: ct.Emoji}
}

func (m WhatsApp) encodeV01(chk *checker) wire.V01Message {
	env := chk.envelope(m.ClientRef, m.WebhookURL, m.WebhookVersion)
	chk.v1Only("context", m.Context != nil)
	w := wire.V01Message{
		From:        wire.V01Address{Type: "whatsapp", Number: chk.number("from", m.From)},
		To:          wire.V01Address{Type: "whatsapp", Number: chk.whatsAppTo("to", m.To)},
		V01Envelope: env.V01(),
	}
	content := derefContent(m.Content)
	wc, ok := m.common(chk, content)
	switch {
	case ok:
		w.Message.Content = wire.V01Content{Type: wc.typ, Text: wc.text, Template: wc.template}
		w.Message.Content.Set(w.Message.Content.Type, wc.media)
		w.Message.WhatsApp = wc.options
	case content == nil:
		chk.contentMissing(content)
	default:
		switch content.(type) {
		case Sticker:
			chk.v1Only("sticker", true)
		case Location:
			chk.v1Only("location", true)
		case Reaction:
			chk.v1Only("reaction", true)
		case Custom, customContent:
			chk.v1Only("custom", true)
		default:
			chk.contentMissing(content)
		}
	}
	return w
}

// bsuidRE is a WhatsApp business-scoped user ID, in the two forms the v1
// spec shows: a two-letter country code, a dot and the ID, as in
// "US.13491208655302741918", or a parent BSUID with "ENT." before the ID,
// as in "US.ENT.11815799212886844830".
var bsuidRE = regexp.MustCompile(`^[A-Z]{2}\.(ENT\.)?[0-9A-Za-z]+$`)

// whatsAppTo accepts an E.164 number or, on v1, a business-scoped user ID.
func (c *checker) whatsAppTo(field, s string) string {
	if !strings.Contains(s, ".") || !strings.ContainsFunc(s, isLetter) {
		return c.number(field, s)
	}
	if !bsuidRE.MatchString(s) {
		c.fail(field, "neither an E.164 number nor a business-scoped user ID: %q", s)
		return s
	}
	if c.version == V0_1 {
		c.fail(field, "a business-scoped user ID is not supported by API version v0.1")
	}
	return s
}
