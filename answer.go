package messages

import (
	"fmt"
	"net/url"
	"strings"
)

// Answer builds the reply to an inbound message on the channel it came in
// on: From and To swapped, so the reply goes from the number, business
// number, page, Viber service or RCS agent the customer wrote to, back to
// the customer's number, business-scoped user ID (BSUID) or ID. content is
// any content type; one the channel cannot carry (an Audio on Viber, a
// Card on WhatsApp, anything but Text on SMS) is an error naming both,
// matching ErrInvalidMessage. Send the result with Client.Send, which
// validates it as any message:
//
//	msg, err := in.Answer(messages.Text("Thanks, we're on it"))
//	if err != nil { ... }
//	_, err = client.Send(ctx, msg)
//
// Answer sets no client reference or webhook URL; set them on the returned
// message (a *WhatsApp, *SMS, ... behind the interface) to have them.
func (in *Inbound) Answer(content Content) (Message, error) {
	return in.answer("answer", content)
}

// Quote builds the reply as Answer does and quotes the inbound message in
// it, so the customer sees which message is answered. Only WhatsApp quotes
// (its context object); on any other channel Quote is an error matching
// ErrInvalidMessage.
func (in *Inbound) Quote(content Content) (Message, error) {
	if in != nil && in.Channel != ChannelWhatsApp {
		return nil, fmt.Errorf("%w: quote: only whatsapp can quote a message, not %s", ErrInvalidMessage, channelName(in.Channel))
	}
	msg, err := in.answer("quote", content)
	if err != nil {
		return nil, err
	}
	if in.MessageUUID == "" {
		return nil, fmt.Errorf("%w: quote: the inbound message has no message_uuid to quote", ErrInvalidMessage)
	}
	wa := msg.(*WhatsApp)
	wa.Context = &ReplyTo{MessageUUID: in.MessageUUID}
	return wa, nil
}

func (in *Inbound) answer(verb string, content Content) (Message, error) {
	if err := in.answerable(verb); err != nil {
		return nil, err
	}
	c, _ := derefContent(content).(Content)
	if c == nil {
		return nil, fmt.Errorf("%w: %s: content is required", ErrInvalidMessage, verb)
	}
	msg, known := addressed(in.Channel, in.To, in.From, c)
	switch {
	case msg != nil:
		return msg, nil
	case known:
		return nil, fmt.Errorf("%w: %s: %s cannot carry %T", ErrInvalidMessage, verb, in.Channel, c)
	}
	return nil, fmt.Errorf("%w: %s: cannot answer on channel %s", ErrInvalidMessage, verb, channelName(in.Channel))
}

// answerable refuses an inbound message without the addresses to answer.
func (in *Inbound) answerable(verb string) error {
	switch {
	case in == nil:
		return fmt.Errorf("%w: %s: the inbound message is nil", ErrInvalidMessage, verb)
	case in.From == "":
		return fmt.Errorf("%w: %s: the inbound message has no from to answer to", ErrInvalidMessage, verb)
	case in.To == "":
		return fmt.Errorf("%w: %s: the inbound message has no to to answer from", ErrInvalidMessage, verb)
	}
	return nil
}

// addressed is the message carrying c on ch from from to to. It is nil,
// with known true, when ch cannot carry c, and with known false when this
// package does not know ch.
func addressed(ch Channel, from, to string, c Content) (msg Message, known bool) {
	switch ch {
	case ChannelSMS:
		if t, ok := c.(Text); ok {
			return &SMS{From: from, To: to, Text: string(t)}, true
		}
	case ChannelMMS:
		if mc, ok := c.(MMSContent); ok {
			return &MMS{From: from, To: to, Content: mc}, true
		}
	case ChannelWhatsApp:
		if wc, ok := c.(WhatsAppContent); ok {
			return &WhatsApp{From: from, To: to, Content: wc}, true
		}
	case ChannelMessenger:
		if mc, ok := c.(MessengerContent); ok {
			return &Messenger{From: from, To: to, Content: mc}, true
		}
	case ChannelViber:
		if vc, ok := c.(ViberContent); ok {
			return &Viber{From: from, To: to, Content: vc}, true
		}
	case ChannelRCS:
		if rc, ok := c.(RCSContent); ok {
			return &RCS{From: from, To: to, Content: rc}, true
		}
	default:
		return nil, false
	}
	return nil, true
}

func channelName(ch Channel) string {
	if ch == "" {
		return `""`
	}
	return string(ch)
}

// regionsByHost maps the hosts of the _self.href link of an inbound message
// to the region the message came in through: the nexmo.com names the
// spec's examples use and the vonage.com names of regionHosts.
var regionsByHost = map[string]Region{
	"api-eu.nexmo.com":  RegionEU,
	"api-us.nexmo.com":  RegionUS,
	"api-ap.nexmo.com":  RegionAP,
	"api-eu.vonage.com": RegionEU,
	"api-us.vonage.com": RegionUS,
	"api-ap.vonage.com": RegionAP,
}

// Region is the region the inbound message came in through, read from the
// host of its _self.href link (SelfURL), such as RegionEU for
// https://api-eu.vonage.com/v1/messages/...; MarkRead must go to that
// region:
//
//	err := client.MarkRead(ctx, in.MessageUUID, in.Region())
//
// A message without the link, or with a host that names no region (the
// global api.nexmo.com, a fake server), is RegionGlobal.
func (in *Inbound) Region() Region {
	if in == nil || in.SelfURL == "" {
		return RegionGlobal
	}
	u, err := url.Parse(in.SelfURL)
	if err != nil {
		return RegionGlobal
	}
	return regionsByHost[strings.ToLower(u.Hostname())]
}
