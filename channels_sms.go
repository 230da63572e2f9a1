package messages

import (
	"strconv"
	"time"

	"github.com/gomessages/messages/internal/wire"
)

// SMSEncoding forces the encoding of an SMS; the API detects it by default.
type SMSEncoding string

// The SMS encodings of v1's sms.encoding_type.
const (
	SMSEncodingAuto    SMSEncoding = "auto"
	SMSEncodingText    SMSEncoding = "text"
	SMSEncodingUnicode SMSEncoding = "unicode"
)

// SMS is a text message over SMS. From is an E.164 number or, where the
// destination country allows it, an alphanumeric sender ID of up to 11
// characters.
type SMS struct {
	From string
	To   string
	Text string

	ClientRef      string
	WebhookURL     string // v1 only
	WebhookVersion string // v1 only: "v1" or "v0.1"
	TTL            time.Duration

	Encoding         SMSEncoding // v1 only
	ContentID        string      // v1 only: regulatory content template ID
	EntityID         string      // v1 only: regulatory entity ID
	PoolID           string      // v1 only: a number pool to send from
	TrustedRecipient bool        // v1 only: bypass Fraud Defender rules
}

// MessageChannel returns ChannelSMS.
func (SMS) MessageChannel() Channel { return ChannelSMS }

func (m SMS) encodeV1(chk *checker) wire.V1Message {
	chk.common(commonFields{m.ClientRef, m.WebhookURL, m.WebhookVersion})
	w := wire.V1Message{
		Channel:          string(ChannelSMS),
		MessageType:      "text",
		To:               chk.number("to", m.To),
		From:             chk.smsSender("from", m.From),
		Text:             chk.text("text", m.Text, limits.smsTextV1),
		ClientRef:        m.ClientRef,
		WebhookURL:       m.WebhookURL,
		WebhookVersion:   m.WebhookVersion,
		TTL:              chk.seconds("ttl", m.TTL, limits.smsTTL),
		TrustedRecipient: m.TrustedRecipient,
	}
	chk.oneOf(goNamed("sms.encoding_type", "Encoding"), string(m.Encoding), "text", "unicode", "auto")
	if m.Encoding != "" || m.ContentID != "" || m.EntityID != "" || m.PoolID != "" {
		w.SMS = &wire.V1SMSOptions{EncodingType: string(m.Encoding), ContentID: m.ContentID, EntityID: m.EntityID, PoolID: m.PoolID}
	}
	return w
}

func (m SMS) encodeV01(chk *checker) wire.V01Message {
	chk.common(commonFields{m.ClientRef, m.WebhookURL, m.WebhookVersion})
	chk.v1Only("ttl", m.TTL != 0)
	chk.v1Only(goNamed("sms.encoding_type", "Encoding"), m.Encoding != "")
	chk.v1Only(goNamed("sms.content_id", "ContentID"), m.ContentID != "")
	chk.v1Only(goNamed("sms.entity_id", "EntityID"), m.EntityID != "")
	chk.v1Only(goNamed("sms.pool_id", "PoolID"), m.PoolID != "")
	chk.v1Only("trusted_recipient", m.TrustedRecipient)
	return wire.V01Message{
		From:      wire.V01Address{Type: "sms", Number: chk.smsSender("from", m.From)},
		To:        wire.V01Address{Type: "sms", Number: chk.number("to", m.To)},
		Message:   wire.V01Body{Content: wire.V01Content{Type: "text", Text: chk.text("text", m.Text, limits.smsTextV01)}},
		ClientRef: m.ClientRef,
	}
}

// ViberCategory is the purpose of a Viber Service Message.
type ViberCategory string

// The Viber categories. The API sends "transaction" when none is given.
const (
	ViberTransaction ViberCategory = "transaction"
	ViberPromotion   ViberCategory = "promotion"
)

// ViberAction is a Viber action button: Text (up to 30 characters) shown on
// the button, URL opened when it is pressed. Text and Image messages carry it.
type ViberAction struct {
	URL  string
	Text string
}

// Viber is a Viber Service Message. From is the Service Message ID Vonage
// gave you; To is the recipient's E.164 number.
type Viber struct {
	From    string
	To      string
	Content ViberContent

	Category ViberCategory
	TTL      time.Duration
	Type     string       // viber_service.type, such as "template" where arranged
	Action   *ViberAction // v1 only; Text and Image only

	ClientRef      string
	WebhookURL     string // v1 only
	WebhookVersion string // v1 only
}

// MessageChannel returns ChannelViber.
func (Viber) MessageChannel() Channel { return ChannelViber }

func (m Viber) encodeV1(chk *checker) wire.V1Message {
	chk.common(commonFields{m.ClientRef, m.WebhookURL, m.WebhookVersion})
	opts := wire.V1ViberOptions{
		Category: chk.oneOf(goNamed("viber_service.category", "Category"), string(m.Category), string(ViberTransaction), string(ViberPromotion)),
		TTL:      chk.seconds(goNamed("viber_service.ttl", "TTL"), m.TTL, limits.viberTTL),
		Type:     m.Type,
	}
	w := wire.V1Message{
		Channel:        string(ChannelViber),
		To:             chk.number("to", m.To),
		From:           chk.id("from", m.From),
		ClientRef:      m.ClientRef,
		WebhookURL:     m.WebhookURL,
		WebhookVersion: m.WebhookVersion,
	}
	content := derefContent(m.Content)
	switch ct := content.(type) {
	case Text:
		w.MessageType, w.Text = "text", chk.text("text", string(ct), limits.viberText)
	case Image:
		w.MessageType, w.Image = "image", &wire.Media{URL: chk.mediaURL("image.url", ct.URL), Caption: chk.caption("image.caption", ct.Caption)}
		if m.Action != nil && ct.Caption == "" {
			chk.fail("image.caption", "required with an action button")
		}
	case Video:
		w.MessageType = "video"
		w.Video = &wire.Media{
			URL:      chk.mediaURL("video.url", ct.URL),
			Caption:  chk.caption("video.caption", ct.Caption),
			ThumbURL: chk.mediaURL("video.thumb_url", ct.ThumbURL),
		}
		if len(ct.ThumbURL) > limits.viberThumbURL {
			chk.fail("video.thumb_url", "longer than %d characters", limits.viberThumbURL)
		}
		opts.Duration = strconv.Itoa(chk.viberVideoDuration(ct.Duration))
		if !limits.viberVideoSizeMB.contains(ct.FileSize) {
			chk.fail(goNamed("viber_service.file_size", "Video.FileSize"), "must be %d to %d MB, got %d", limits.viberVideoSizeMB.min, limits.viberVideoSizeMB.max, ct.FileSize)
		}
		opts.FileSize = strconv.Itoa(ct.FileSize)
	case File:
		w.MessageType, w.File = "file", &wire.Media{URL: chk.mediaURL("file.url", ct.URL), Name: ct.Name}
		if ct.Caption != "" {
			chk.fail("file.caption", "not supported by viber_service")
		}
		if n := len([]rune(ct.Name)); n > limits.viberFileName {
			chk.fail("file.name", "longer than %d characters: %d", limits.viberFileName, n)
		}
	default:
		chk.contentMissing(content)
	}
	if m.Action != nil {
		switch content.(type) {
		case Text, Image:
			opts.Action = &wire.ViberAction{
				URL:  chk.mediaURL(goNamed("viber_service.action.url", "Action.URL"), m.Action.URL),
				Text: chk.text(goNamed("viber_service.action.text", "Action.Text"), m.Action.Text, limits.viberActionText),
			}
		default:
			chk.fail(goNamed("viber_service.action", "Action"), "only text and image messages carry an action button")
		}
	}
	if opts != (wire.V1ViberOptions{}) {
		w.ViberService = &opts
	}
	return w
}

func (chk *checker) viberVideoDuration(d time.Duration) int {
	r := limits.viberVideoSeconds
	s := int(d / time.Second)
	if d%time.Second != 0 || !r.contains(s) {
		chk.fail(goNamed("viber_service.duration", "Video.Duration"), "must be whole seconds from %d to %d, got %s", r.min, r.max, d)
	}
	return s
}

func (m Viber) encodeV01(chk *checker) wire.V01Message {
	chk.common(commonFields{m.ClientRef, m.WebhookURL, m.WebhookVersion})
	chk.v1Only(goNamed("viber_service.action", "Action"), m.Action != nil)
	w := wire.V01Message{
		From:      wire.V01Address{Type: "viber_service_msg", ID: chk.id("from", m.From)},
		To:        wire.V01Address{Type: "viber_service_msg", Number: chk.number("to", m.To)},
		ClientRef: m.ClientRef,
	}
	content := derefContent(m.Content)
	switch ct := content.(type) {
	case Text:
		w.Message.Content = wire.V01Content{Type: "text", Text: chk.text("text", string(ct), limits.viberText)}
	case Image:
		chk.v1Only("image.caption", ct.Caption != "")
		w.Message.Content = wire.V01Content{Type: "image", Attachments: wire.Attachments{Image: &wire.Media{URL: chk.mediaURL("image.url", ct.URL)}}}
	case Video:
		chk.v1Only("video", true)
	case File:
		chk.v1Only("file", true)
	default:
		chk.contentMissing(content)
	}
	opts := wire.V01ViberOptions{
		Category: chk.oneOf(goNamed("viber_service.category", "Category"), string(m.Category), string(ViberTransaction), string(ViberPromotion)),
		TTL:      chk.seconds(goNamed("viber_service.ttl", "TTL"), m.TTL, limits.viberTTL),
		Type:     m.Type,
	}
	if opts != (wire.V01ViberOptions{}) {
		w.Message.ViberServiceMsg = &opts
	}
	return w
}

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

// messengerMedia checks an attachment for Messenger, which takes a URL only.
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
		if ct.ThumbURL != "" || ct.Duration != 0 || ct.FileSize != 0 {
			chk.fail("video", "thumb_url, duration and file_size are Viber fields, not supported by messenger")
		}
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
	chk.common(commonFields{m.ClientRef, m.WebhookURL, m.WebhookVersion})
	w := wire.V1Message{
		Channel:        string(ChannelMessenger),
		To:             chk.id("to", m.To),
		From:           chk.id("from", m.From),
		ClientRef:      m.ClientRef,
		WebhookURL:     m.WebhookURL,
		WebhookVersion: m.WebhookVersion,
		Messenger:      m.options(chk),
	}
	var media *wire.Media
	w.MessageType, w.Text, media = m.content(chk)
	w.Set(w.MessageType, media)
	return w
}

func (m Messenger) encodeV01(chk *checker) wire.V01Message {
	chk.common(commonFields{m.ClientRef, m.WebhookURL, m.WebhookVersion})
	w := wire.V01Message{
		From:      wire.V01Address{Type: "messenger", ID: chk.id("from", m.From)},
		To:        wire.V01Address{Type: "messenger", ID: chk.id("to", m.To)},
		ClientRef: m.ClientRef,
	}
	typ, text, media := m.content(chk)
	w.Message.Content = wire.V01Content{Type: typ, Text: text}
	w.Message.Content.Set(typ, media)
	w.Message.Messenger = m.options(chk)
	return w
}

// contentMissing reports a nil or foreign content value.
func (chk *checker) contentMissing(content any) {
	if content == nil {
		chk.fail("content", "required")
		return
	}
	chk.fail("content", "unsupported content type %T", content)
}
