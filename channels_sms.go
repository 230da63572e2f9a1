package messages

import (
	"strings"
	"time"
	"unicode/utf8"

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
	env := chk.envelope(m.ClientRef, m.WebhookURL, m.WebhookVersion)
	w := wire.V1Message{
		Channel:          string(ChannelSMS),
		MessageType:      "text",
		To:               chk.number("to", m.To),
		From:             chk.smsSender("from", m.From),
		Text:             chk.text("text", m.Text, limits.smsTextV1),
		Envelope:         env,
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
	env := chk.envelope(m.ClientRef, m.WebhookURL, m.WebhookVersion)
	chk.v1Only("ttl", m.TTL != 0)
	chk.v1Only(goNamed("sms.encoding_type", "Encoding"), m.Encoding != "")
	chk.v1Only(goNamed("sms.content_id", "ContentID"), m.ContentID != "")
	chk.v1Only(goNamed("sms.entity_id", "EntityID"), m.EntityID != "")
	chk.v1Only(goNamed("sms.pool_id", "PoolID"), m.PoolID != "")
	chk.v1Only("trusted_recipient", m.TrustedRecipient)
	return wire.V01Message{
		From:        wire.V01Address{Type: "sms", Number: chk.smsSender("from", m.From)},
		To:          wire.V01Address{Type: "sms", Number: chk.number("to", m.To)},
		Message:     wire.V01Body{Content: wire.V01Content{Type: "text", Text: chk.text("text", m.Text, limits.smsTextV01)}},
		V01Envelope: env.V01(),
	}
}

// smsSender accepts an E.164 number or, when s holds a letter, an
// alphanumeric sender ID.
func (c *checker) smsSender(field, s string) string {
	if !strings.ContainsFunc(s, isLetter) {
		return c.number(field, s)
	}
	if utf8.RuneCountInString(s) > limits.senderIDCharacters {
		c.fail(field, "sender ID longer than %d characters", limits.senderIDCharacters)
	}
	return s
}
