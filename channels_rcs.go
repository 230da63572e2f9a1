package messages

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gomessages/messages/internal/wire"
)

// RCSCategory describes the content of an RCS message, as some countries
// require (France, for one).
type RCSCategory string

// The RCS categories of v1's rcs.category.
const (
	RCSAuthentication  RCSCategory = "authentication"
	RCSTransaction     RCSCategory = "transaction"
	RCSPromotion       RCSCategory = "promotion"
	RCSServiceRequest  RCSCategory = "service-request"
	RCSAcknowledgement RCSCategory = "acknowledgement"
)

// RCS is an RCS Business Messaging message. From is the agent's sender ID
// exactly as registered (the spec asks for letters and digits and permits
// no spaces); To is the recipient's E.164 number.
//
// Suggestions are the chips shown under a Text or Carousel message, at most
// 11; a Card carries its own. RCS is v1 only.
type RCS struct {
	From        string
	To          string
	Content     RCSContent
	Suggestions []RCSSuggestion

	Category         RCSCategory
	TTL              time.Duration // 20 to 259200 seconds; the API's default is 259200
	TrustedRecipient bool          // bypass Fraud Defender rules

	ClientRef      string
	WebhookURL     string
	WebhookVersion string
}

// MessageChannel returns ChannelRCS.
func (RCS) MessageChannel() Channel { return ChannelRCS }

// RCSSuggestion is a suggested reply or action chip: RCSSuggestedReply,
// RCSSuggestedDial, RCSSuggestedViewLocation, RCSSuggestedShareLocation,
// RCSSuggestedOpenURL, RCSSuggestedOpenURLInWebview or
// RCSSuggestedCalendarEvent. Every one shows Text (up to 25 characters) and
// sends PostbackData back in the inbound webhook when tapped.
type RCSSuggestion interface {
	// encodeSuggestion checks and renders the chip at field, the JSON path
	// such as "card.suggestions[0]"; goField is its Go path, such as
	// "Card.Suggestions[0]".
	encodeSuggestion(chk *checker, field, goField string) wire.RCSSuggestion
}

// RCSSuggestedReply is a reply chip; its PostbackData comes back as the
// reply.id of an inbound "reply" message.
type RCSSuggestedReply struct {
	Text         string
	PostbackData string
}

// RCSSuggestedDial opens the dialler on PhoneNumber (E.164), or FallbackURL
// where the device cannot call.
type RCSSuggestedDial struct {
	Text         string
	PostbackData string
	PhoneNumber  string
	FallbackURL  string
}

// RCSSuggestedViewLocation shows a map pin labelled PinLabel, or opens
// FallbackURL where the device cannot show a map.
type RCSSuggestedViewLocation struct {
	Text         string
	PostbackData string
	Latitude     float64
	Longitude    float64
	PinLabel     string
	FallbackURL  string
}

// RCSSuggestedShareLocation asks the user to share their location.
type RCSSuggestedShareLocation struct {
	Text         string
	PostbackData string
}

// RCSSuggestedOpenURL opens URL in the browser; Description (1 to 500
// characters) is read out for accessibility.
type RCSSuggestedOpenURL struct {
	Text         string
	PostbackData string
	URL          string
	Description  string
}

// WebviewMode is how much of the screen a webview takes.
type WebviewMode string

// The webview modes.
const (
	WebviewFull WebviewMode = "FULL"
	WebviewTall WebviewMode = "TALL"
	WebviewHalf WebviewMode = "HALF"
)

// RCSSuggestedOpenURLInWebview opens URL in a webview inside the messaging
// app.
type RCSSuggestedOpenURLInWebview struct {
	Text         string
	PostbackData string
	URL          string
	Description  string
	ViewMode     WebviewMode
}

// RCSSuggestedCalendarEvent offers to add an event to the user's calendar:
// Title 1 to 100 characters, Description 1 to 500. End may equal Start, for
// an event that marks a moment.
type RCSSuggestedCalendarEvent struct {
	Text         string
	PostbackData string
	Start        time.Time
	End          time.Time
	Title        string
	Description  string
	FallbackURL  string
}

func (s RCSSuggestedReply) encodeSuggestion(chk *checker, field, _ string) wire.RCSSuggestion {
	return chk.chip(field, "reply", s.Text, s.PostbackData)
}

func (s RCSSuggestedDial) encodeSuggestion(chk *checker, field, _ string) wire.RCSSuggestion {
	w := chk.chip(field, "dial", s.Text, s.PostbackData)
	w.PhoneNumber = chk.dialNumber(field+".phone_number", s.PhoneNumber)
	w.FallbackURL = chk.fallbackURL(field, s.FallbackURL)
	return w
}

func (s RCSSuggestedViewLocation) encodeSuggestion(chk *checker, field, _ string) wire.RCSSuggestion {
	w := chk.chip(field, "view_location", s.Text, s.PostbackData)
	chk.coordinates(field+".latitude", field+".longitude", s.Latitude, s.Longitude)
	w.Latitude = strconv.FormatFloat(s.Latitude, 'f', -1, 64)
	w.Longitude = strconv.FormatFloat(s.Longitude, 'f', -1, 64)
	w.PinLabel = chk.required(field+".pin_label", s.PinLabel)
	w.FallbackURL = chk.fallbackURL(field, s.FallbackURL)
	return w
}

func (s RCSSuggestedShareLocation) encodeSuggestion(chk *checker, field, _ string) wire.RCSSuggestion {
	return chk.chip(field, "share_location", s.Text, s.PostbackData)
}

func (s RCSSuggestedOpenURL) encodeSuggestion(chk *checker, field, _ string) wire.RCSSuggestion {
	w := chk.chip(field, "open_url", s.Text, s.PostbackData)
	w.URL = chk.mediaURL(field+".url", s.URL)
	w.Description = chk.length(field+".description", s.Description, limits.rcsURLDescription, true)
	return w
}

func (s RCSSuggestedOpenURLInWebview) encodeSuggestion(chk *checker, field, _ string) wire.RCSSuggestion {
	w := chk.chip(field, "open_url_in_webview", s.Text, s.PostbackData)
	w.URL = chk.mediaURL(field+".url", s.URL)
	w.Description = chk.length(field+".description", s.Description, limits.rcsURLDescription, true)
	w.ViewMode = chk.oneOf(field+".view_mode", string(s.ViewMode), string(WebviewFull), string(WebviewTall), string(WebviewHalf))
	return w
}

func (s RCSSuggestedCalendarEvent) encodeSuggestion(chk *checker, field, goField string) wire.RCSSuggestion {
	w := chk.chip(field, "create_calendar_event", s.Text, s.PostbackData)
	// The spec orders neither time: an event whose end equals its start
	// marks a moment, and the API takes it.
	stamp := func(name, goName string, t time.Time) string {
		if t.IsZero() {
			chk.fail(goNamed(field+"."+name, goField+"."+goName), "required")
			return ""
		}
		return t.Format(time.RFC3339)
	}
	w.StartTime, w.EndTime = stamp("start_time", "Start", s.Start), stamp("end_time", "End", s.End)
	w.Title = chk.length(field+".title", s.Title, limits.rcsEventTitle, true)
	w.Description = chk.length(field+".description", s.Description, limits.rcsEventDescription, true)
	w.FallbackURL = chk.fallbackURL(field, s.FallbackURL)
	return w
}

func (m RCS) encodeV1(chk *checker) wire.V1Message {
	env := chk.envelope(m.ClientRef, m.WebhookURL, m.WebhookVersion)
	opts := wire.V1RCSOptions{
		Category: chk.oneOf(goNamed("rcs.category", "Category"), string(m.Category), string(RCSAuthentication), string(RCSTransaction),
			string(RCSPromotion), string(RCSServiceRequest), string(RCSAcknowledgement)),
	}
	w := wire.V1Message{
		Channel:          string(ChannelRCS),
		To:               chk.number("to", m.To),
		From:             chk.rcsSender("from", m.From),
		Envelope:         env,
		TTL:              chk.seconds("ttl", m.TTL, limits.rcsTTL),
		TrustedRecipient: m.TrustedRecipient,
	}
	content := derefContent(m.Content)
	switch ct := content.(type) {
	case Text:
		w.MessageType, w.Text = "text", chk.text("text", string(ct), limits.rcsText)
	case Image:
		chk.unsupported("image.caption", ct.Caption != "", "rcs")
		w.MessageType, w.Image = "image", &wire.Media{URL: chk.mediaURL("image.url", ct.URL)}
	case Video:
		chk.unsupported("video.caption", ct.Caption != "", "rcs")
		chk.viberOnlyVideoFields("video", string(ChannelRCS), ct)
		w.MessageType, w.Video = "video", &wire.Media{URL: chk.mediaURL("video.url", ct.URL)}
	case File:
		chk.unsupported("file.caption", ct.Caption != "", "rcs")
		chk.unsupported("file.name", ct.Name != "", "rcs")
		w.MessageType, w.File = "file", &wire.Media{URL: chk.mediaURL("file.url", ct.URL)}
	case Card:
		w.MessageType, w.Card = "card", rcsCardV1(chk, ct, &opts)
	case Carousel:
		w.MessageType, w.Carousel = "carousel", rcsCarouselV1(chk, ct, &opts)
	case Custom:
		w.MessageType, w.Custom = "custom", chk.jsonObject("custom", ct)
	default:
		chk.contentMissing(content)
	}
	if len(m.Suggestions) > 0 {
		w.Suggestions = rcsSuggestionsV1(chk, content, m.Suggestions)
	}
	if opts != (wire.V1RCSOptions{}) {
		w.RCS = &opts
	}
	return w
}

// rcsCardV1 encodes a single card, and its orientation and image
// alignment into opts.
func rcsCardV1(chk *checker, ct Card, opts *wire.V1RCSOptions) *wire.RCSCard {
	card := chk.card("card", "Card", ct)
	opts.CardOrientation = chk.oneOf(goNamed("rcs.card_orientation", "Card.Orientation"), string(ct.Orientation), string(CardVertical), string(CardHorizontal))
	opts.ImageAlignment = chk.oneOf(goNamed("rcs.image_alignment", "Card.ImageAlignment"), string(ct.ImageAlignment), string(ImageLeft), string(ImageRight))
	// The spec requires image_alignment on a HORIZONTAL card and
	// media_height on a VERTICAL one. It says each "only applies" to its
	// orientation, which does not forbid it on the other: the API and
	// the other SDKs take such a card, and so does this one.
	if ct.Orientation == CardHorizontal && ct.ImageAlignment == "" {
		chk.fail(goNamed("rcs.image_alignment", "Card.ImageAlignment"), "required when card_orientation is HORIZONTAL")
	}
	if ct.Orientation == CardVertical && ct.MediaHeight == "" {
		chk.fail("card.media_height", "required when card_orientation is VERTICAL")
	}
	return &card
}

// rcsCarouselV1 encodes a carousel, and its card width into opts.
func rcsCarouselV1(chk *checker, ct Carousel, opts *wire.V1RCSOptions) *wire.RCSCarousel {
	if r := limits.rcsCarouselCards; !r.contains(len(ct.Cards)) {
		chk.fail("carousel.cards", "must hold %d to %d cards, got %d", r.min, r.max, len(ct.Cards))
	}
	c := &wire.RCSCarousel{Cards: make([]wire.RCSCard, len(ct.Cards))}
	for i, cd := range ct.Cards {
		field := fmt.Sprintf("carousel.cards[%d]", i)
		if cd.Orientation != "" || cd.ImageAlignment != "" {
			chk.fail(field, "orientation and image alignment apply to a single card; carousel cards are always VERTICAL")
		}
		c.Cards[i] = chk.card(field, fmt.Sprintf("Carousel.Cards[%d]", i), cd)
	}
	opts.CardWidth = chk.oneOf(goNamed("rcs.card_width", "Carousel.CardWidth"), string(ct.CardWidth), string(CardWidthSmall), string(CardWidthMedium))
	return c
}

// rcsSuggestionsV1 encodes the message-level suggestions, which only text
// and carousel messages carry.
func rcsSuggestionsV1(chk *checker, content any, s []RCSSuggestion) []wire.RCSSuggestion {
	switch content.(type) {
	case Text, Carousel:
		return chk.suggestions("suggestions", "Suggestions", s, limits.rcsSuggestions)
	case Card:
		chk.fail("suggestions", "a card carries its own: set Card.Suggestions")
	default:
		chk.fail("suggestions", "only text and carousel messages carry suggestions")
	}
	return nil
}

func (m RCS) encodeV01(chk *checker) wire.V01Message {
	chk.v1Only("channel", true)
	return wire.V01Message{}
}

// rcsSender checks an RCS sender ID, which the spec lets hold anything but
// spaces.
func (c *checker) rcsSender(field, s string) string {
	switch {
	case s == "":
		c.fail(field, "required")
	case strings.ContainsFunc(s, unicode.IsSpace):
		c.fail(field, "sender ID must not hold spaces: %q", s)
	}
	return s
}

// dialNumber is number for an RCS dial suggestion, whose spec pattern
// (^\+?[1-9]\d{1,14}$) also takes short numbers.
func (c *checker) dialNumber(field, s string) string {
	return c.digits(field, s, limits.dialDigits)
}

// suggestions checks a list of at most limit chips at field, whose Go path
// is goField.
func (c *checker) suggestions(field, goField string, list []RCSSuggestion, limit int) []wire.RCSSuggestion {
	if len(list) > limit {
		c.fail(field, "at most %d suggestions, got %d", limit, len(list))
	}
	var out []wire.RCSSuggestion
	for i, s := range list {
		f := fmt.Sprintf("%s[%d]", field, i)
		if isNil(s) {
			c.fail(f, "required")
			continue
		}
		out = append(out, s.encodeSuggestion(c, f, fmt.Sprintf("%s[%d]", goField, i)))
	}
	return out
}

// chip checks the properties every suggestion shares.
func (c *checker) chip(field, typ, text, postback string) wire.RCSSuggestion {
	return wire.RCSSuggestion{
		Type:         typ,
		Text:         c.text(field+".text", text, limits.rcsSuggestionText),
		PostbackData: c.required(field+".postback_data", postback),
	}
}

// fallbackURL checks a suggestion's optional fallback_url.
func (c *checker) fallbackURL(field, s string) string {
	if s != "" {
		c.mediaURL(field+".fallback_url", s)
	}
	return s
}
