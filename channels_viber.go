package messages

import (
	"strconv"
	"time"

	"github.com/gomessages/messages/internal/wire"
)

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
	env := chk.envelope(m.ClientRef, m.WebhookURL, m.WebhookVersion)
	opts := wire.V1ViberOptions{
		Category: chk.oneOf(goNamed("viber_service.category", "Category"), string(m.Category), string(ViberTransaction), string(ViberPromotion)),
		TTL:      chk.seconds(goNamed("viber_service.ttl", "TTL"), m.TTL, limits.viberTTL),
		Type:     m.Type,
	}
	w := wire.V1Message{
		Channel:  string(ChannelViber),
		To:       chk.number("to", m.To),
		From:     chk.id("from", m.From),
		Envelope: env,
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

func (m Viber) encodeV01(chk *checker) wire.V01Message {
	env := chk.envelope(m.ClientRef, m.WebhookURL, m.WebhookVersion)
	chk.v1Only(goNamed("viber_service.action", "Action"), m.Action != nil)
	w := wire.V01Message{
		From:        wire.V01Address{Type: "viber_service_msg", ID: chk.id("from", m.From)},
		To:          wire.V01Address{Type: "viber_service_msg", Number: chk.number("to", m.To)},
		V01Envelope: env.V01(),
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

// viberVideoDuration checks a Viber video's duration, which the wire
// carries as whole seconds.
func (c *checker) viberVideoDuration(d time.Duration) int {
	r := limits.viberVideoSeconds
	s := int(d / time.Second)
	if d%time.Second != 0 || !r.contains(s) {
		c.fail(goNamed("viber_service.duration", "Video.Duration"), "must be whole seconds from %d to %d, got %s", r.min, r.max, d)
	}
	return s
}
