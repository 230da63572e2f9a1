package messages

import (
	"fmt"
	"time"

	"github.com/gomessages/messages/internal/wire"
)

// MMS is a multimedia message to a US or Canadian number. From is the
// sending number: an E.164 10DLC or toll-free number, or a short code; To is
// the recipient's E.164 number.
//
// API version v0.1 carries Image and VCard only, without the v1 options;
// Attachments, several in one message, are v1 only.
type MMS struct {
	From    string
	To      string
	Content MMSContent

	TTL time.Duration // v1 only: 300 to 259200 seconds
	// Participants are the other E.164 numbers of a group MMS (v1 only).
	Participants []string
	// TrustedRecipient bypasses Fraud Defender rules for this message (v1
	// only).
	TrustedRecipient bool

	ClientRef      string
	WebhookURL     string // v1 only
	WebhookVersion string // v1 only
}

// MessageChannel returns ChannelMMS.
func (MMS) MessageChannel() Channel { return ChannelMMS }

func (m MMS) encodeV1(chk *checker) wire.V1Message {
	env := chk.envelope(m.ClientRef, m.WebhookURL, m.WebhookVersion)
	w := wire.V1Message{
		Channel:          string(ChannelMMS),
		To:               chk.number("to", m.To),
		From:             chk.mmsSender("from", m.From),
		Envelope:         env,
		TTL:              chk.seconds("ttl", m.TTL, limits.mmsTTL),
		TrustedRecipient: m.TrustedRecipient,
	}
	if len(m.Participants) > 0 {
		opts := &wire.V1MMSOptions{Participants: make([]string, len(m.Participants))}
		for i, p := range m.Participants {
			opts.Participants[i] = chk.number(goNamed(fmt.Sprintf("mms.participants[%d]", i), fmt.Sprintf("Participants[%d]", i)), p)
		}
		w.MMS = opts
	}
	media := func(kind, url, caption string) *wire.Media {
		return &wire.Media{URL: chk.mediaURL(kind+".url", url), Caption: chk.caption(kind+".caption", caption)}
	}
	content := derefContent(m.Content)
	switch ct := content.(type) {
	case Text:
		w.MessageType, w.Text = "text", chk.text("text", string(ct), limits.mmsText)
	case Image:
		w.MessageType, w.Image = "image", media("image", ct.URL, ct.Caption)
	case Audio:
		w.MessageType, w.Audio = "audio", media("audio", ct.URL, ct.Caption)
	case Video:
		chk.viberOnlyVideoFields("video", string(ChannelMMS), ct)
		w.MessageType, w.Video = "video", media("video", ct.URL, ct.Caption)
	case File:
		chk.unsupported("file.name", ct.Name != "", "mms")
		w.MessageType, w.File = "file", media("file", ct.URL, ct.Caption)
	case VCard:
		w.MessageType, w.VCard = "vcard", media("vcard", ct.URL, ct.Caption)
	case Attachments:
		w.MessageType, w.Content = "content", chk.mmsAttachments(ct)
	default:
		chk.contentMissing(content)
	}
	return w
}

func (m MMS) encodeV01(chk *checker) wire.V01Message {
	env := chk.envelope(m.ClientRef, m.WebhookURL, m.WebhookVersion)
	chk.v1Only("ttl", m.TTL != 0)
	chk.v1Only(goNamed("mms.participants", "Participants"), len(m.Participants) > 0)
	chk.v1Only("trusted_recipient", m.TrustedRecipient)
	w := wire.V01Message{
		From:        wire.V01Address{Type: "mms", Number: chk.mmsSender("from", m.From)},
		To:          wire.V01Address{Type: "mms", Number: chk.number("to", m.To)},
		V01Envelope: env.V01(),
	}
	content := derefContent(m.Content)
	switch ct := content.(type) {
	case Image:
		w.Message.Content = wire.V01Content{Type: "image", Attachments: wire.Attachments{Image: &wire.Media{URL: chk.mediaURL("image.url", ct.URL), Caption: chk.caption("image.caption", ct.Caption)}}}
	case VCard:
		chk.v1Only("vcard.caption", ct.Caption != "")
		w.Message.Content = wire.V01Content{Type: "vcard", Attachments: wire.Attachments{VCard: &wire.Media{URL: chk.mediaURL("vcard.url", ct.URL)}}}
	case Text:
		chk.v1Only("text", true)
	case Audio:
		chk.v1Only("audio", true)
	case Video:
		chk.v1Only("video", true)
	case File:
		chk.v1Only("file", true)
	case Attachments:
		chk.v1Only(goNamed("content", "Attachments"), true)
	default:
		chk.contentMissing(content)
	}
	return w
}

// mmsSender accepts an E.164 number or a US short code.
func (c *checker) mmsSender(field, s string) string {
	if isPlainNumber(s, limits.mmsShortCode) {
		return s
	}
	return c.number(field, s)
}

// mmsAttachments checks the attachments of an MMS of message type content
// and renders its "content" array. Each element is named by its JSON path,
// "content[i]", and its Go path, "Attachments[i]".
func (c *checker) mmsAttachments(list Attachments) []wire.ContentItem {
	if len(list) < limits.mmsAttachments {
		c.fail(goNamed("content", "Attachments"), "must hold at least %d attachment", limits.mmsAttachments)
		return nil
	}
	out := make([]wire.ContentItem, 0, len(list))
	for i, a := range list {
		field, goField := fmt.Sprintf("content[%d]", i), fmt.Sprintf("Attachments[%d]", i)
		item := func(kind, url, caption string) {
			out = append(out, wire.ContentItem{
				Type:    kind,
				URL:     c.mediaURL(goNamed(field+".url", goField+".URL"), url),
				Caption: c.caption(goNamed(field+".caption", goField+".Caption"), caption),
			})
		}
		switch at := derefContent(a).(type) {
		case Image:
			item("image", at.URL, at.Caption)
		case Audio:
			item("audio", at.URL, at.Caption)
		case Video:
			c.viberOnlyVideoFields(goNamed(field, goField), "an mms attachment", at)
			item("video", at.URL, at.Caption)
		case VCard:
			item("vcard", at.URL, at.Caption)
		case File:
			c.unsupported(goNamed(field+".name", goField+".Name"), at.Name != "", "an mms attachment")
			item("file", at.URL, at.Caption)
		case nil:
			c.fail(goNamed(field, goField), "required")
		default:
			c.fail(goNamed(field, goField), "unsupported attachment type %T", at)
		}
	}
	return out
}
