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
	switch {
	case in == nil:
		return nil, fmt.Errorf("%w: %s: the inbound message is nil", ErrInvalidMessage, verb)
	case in.From == "":
		return nil, fmt.Errorf("%w: %s: the inbound message has no from to answer to", ErrInvalidMessage, verb)
	case in.To == "":
		return nil, fmt.Errorf("%w: %s: the inbound message has no to to answer from", ErrInvalidMessage, verb)
	}
	c, _ := derefContent(content).(Content)
	if c == nil {
		return nil, fmt.Errorf("%w: %s: content is required", ErrInvalidMessage, verb)
	}
	from, to := in.To, in.From
	cannot := func() (Message, error) {
		return nil, fmt.Errorf("%w: %s: %s cannot carry %T", ErrInvalidMessage, verb, in.Channel, c)
	}
	switch in.Channel {
	case ChannelSMS:
		t, ok := c.(Text)
		if !ok {
			return cannot()
		}
		return &SMS{From: from, To: to, Text: string(t)}, nil
	case ChannelMMS:
		mc, ok := c.(MMSContent)
		if !ok {
			return cannot()
		}
		return &MMS{From: from, To: to, Content: mc}, nil
	case ChannelWhatsApp:
		wc, ok := c.(WhatsAppContent)
		if !ok {
			return cannot()
		}
		return &WhatsApp{From: from, To: to, Content: wc}, nil
	case ChannelMessenger:
		mc, ok := c.(MessengerContent)
		if !ok {
			return cannot()
		}
		return &Messenger{From: from, To: to, Content: mc}, nil
	case ChannelViber:
		vc, ok := c.(ViberContent)
		if !ok {
			return cannot()
		}
		return &Viber{From: from, To: to, Content: vc}, nil
	case ChannelRCS:
		rc, ok := c.(RCSContent)
		if !ok {
			return cannot()
		}
		return &RCS{From: from, To: to, Content: rc}, nil
	}
	return nil, fmt.Errorf("%w: %s: cannot answer on channel %s", ErrInvalidMessage, verb, channelName(in.Channel))
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
