package messages

import "github.com/gomessages/messages/internal/wire"

// MessengerCategory is the Messenger messaging type of a message.
type MessengerCategory string

// The Messenger categories. MessengerMessageTag needs Messenger.Tag.
const (
	MessengerResponse   MessengerCategory = "response"
	MessengerUpdate     MessengerCategory = "update"
	MessengerMessageTag MessengerCategory = "message_tag"
)

// Messenger is a Facebook Messenger message. From is your page ID, To the
// user's page-scoped ID from an inbound message; both 1 to 50 characters.
type Messenger struct {
	From    string
	To      string
	Content MessengerContent

	Category MessengerCategory
	Tag      string // required when Category is MessengerMessageTag

	ClientRef      string
	WebhookURL     string // v1 only
	WebhookVersion string // v1 only
}

// MessageChannel returns ChannelMessenger.
func (Messenger) MessageChannel() Channel { return ChannelMessenger }

func (m Messenger) options(chk *checker) *wire.V1MessengerOptions {
	chk.oneOf(goNamed("messenger.category", "Category"), string(m.Category), string(MessengerResponse), string(MessengerUpdate), string(MessengerMessageTag))
	if m.Category == MessengerMessageTag && m.Tag == "" {
		chk.fail(goNamed("messenger.tag", "Tag"), "required when category is message_tag")
	}
	if m.Category == "" && m.Tag == "" {
		return nil
	}
	return &wire.V1MessengerOptions{Category: string(m.Category), Tag: m.Tag}
}

// content checks and renders the content of a Messenger message, whose
// attachments carry a URL only.
func (m Messenger) content(chk *checker) (typ string, text string, media *wire.Media) {
	content := derefContent(m.Content)
	attachment := func(kind, url, caption string) *wire.Media {
		if caption != "" {
			chk.fail(kind+".caption", "not supported by messenger")
		}
		return &wire.Media{URL: chk.mediaURL(kind+".url", url)}
	}
	switch ct := content.(type) {
	case Text:
		return "text", chk.text("text", string(ct), limits.messengerText), nil
	case Image:
		return "image", "", attachment("image", ct.URL, ct.Caption)
	case Audio:
		return "audio", "", attachment("audio", ct.URL, ct.Caption)
	case Video:
		chk.viberOnlyVideoFields("video", string(ChannelMessenger), ct)
		return "video", "", attachment("video", ct.URL, ct.Caption)
	case File:
		if ct.Name != "" {
			chk.fail("file.name", "not supported by messenger")
		}
		return "file", "", attachment("file", ct.URL, ct.Caption)
	}
	chk.contentMissing(content)
	return "", "", nil
}

func (m Messenger) encodeV1(chk *checker) wire.V1Message {
	env := chk.envelope(m.ClientRef, m.WebhookURL, m.WebhookVersion)
	w := wire.V1Message{
		Channel:   string(ChannelMessenger),
		To:        chk.id("to", m.To),
		From:      chk.id("from", m.From),
		Envelope:  env,
		Messenger: m.options(chk),
	}
	var media *wire.Media
	w.MessageType, w.Text, media = m.content(chk)
	w.Set(w.MessageType, media)
	return w
}

func (m Messenger) encodeV01(chk *checker) wire.V01Message {
	env := chk.envelope(m.ClientRef, m.WebhookURL, m.WebhookVersion)
	w := wire.V01Message{
		From:        wire.V01Address{Type: "messenger", ID: chk.id("from", m.From)},
		To:          wire.V01Address{Type: "messenger", ID: chk.id("to", m.To)},
		V01Envelope: env.V01(),
	}
	typ, text, media := m.content(chk)
	w.Message.Content = wire.V01Content{Type: typ, Text: text}
	w.Message.Content.Set(typ, media)
	w.Message.Messenger = m.options(chk)
	return w
}
