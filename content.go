package messages

import (
	"encoding/json"
	"reflect"
	"time"

	"github.com/gomessages/messages/internal/wire"
)

// Content is any message content of any channel: Text, Image, Audio,
// Video, File, VCard, Template, Sticker, Location, Reaction, Custom, Card,
// Carousel, HTML, EmailParts, Attachments, InteractiveButtons,
// InteractiveList and AuthTemplate. Every channel's content interface
// embeds it, so a content type cannot be added to a channel without being
// Content too. Inbound.Answer and Inbound.Quote take it and check that the
// message's channel can carry it.
type Content interface{ messageContent() }

// ViberContent is what a Viber message can carry: Text, Image, Video or File.
type ViberContent interface {
	Content
	viberContent()
}

// MessengerContent is what a Messenger message can carry: Text, Image, Audio,
// Video or File.
type MessengerContent interface {
	Content
	messengerContent()
}

// MMSContent is what an MMS can carry: Text, Image, Audio, Video, File,
// VCard, or Attachments for several in one message. On API version v0.1
// only Image and VCard exist.
type MMSContent interface {
	Content
	mmsContent()
}

// WhatsAppContent is what a WhatsApp message can carry: Text, Image, Audio,
// Video, File, Template, Sticker, Location, Reaction, Custom,
// InteractiveButtons, InteractiveList or AuthTemplate. On API version v0.1
// only Text, Image, Audio, Video, File and Template exist.
type WhatsAppContent interface {
	Content
	whatsAppContent()
}

// RCSContent is what an RCS message can carry: Text, Image, Video, File,
// Card, Carousel or Custom. RCS is v1 only.
type RCSContent interface {
	Content
	rcsContent()
}

// EmailContent is what an Email can carry: Text (a plain-text body), HTML
// (an HTML body) or EmailParts (both, for mail clients to pick from). Email
// is v1 only.
type EmailContent interface {
	Content
	emailContent()
}

// Text is a text message body.
type Text string

// Image is an image attachment for Viber, Messenger, WhatsApp, MMS or RCS.
// URL, required, is an absolute http or https URL.
//
// Caption is taken by WhatsApp, MMS and Viber (v1 only; required there with
// an action button). Messenger and RCS take no caption: Send refuses one.
type Image struct {
	URL     string
	Caption string
}

// Audio is an audio attachment for Messenger, WhatsApp or MMS.
//
// Caption is taken by MMS only: Send refuses one on Messenger and WhatsApp.
type Audio struct {
	URL     string
	Caption string
}

// Video is a video attachment for Viber (v1 only), Messenger, WhatsApp, MMS
// or RCS.
//
// Caption is taken by Viber, WhatsApp (v1 only) and MMS; Messenger and RCS
// take no caption. ThumbURL, Duration (whole seconds) and FileSize (in
// megabytes) are Viber's, which requires all three; Send refuses them on
// the other channels.
type Video struct {
	URL      string
	Caption  string
	ThumbURL string
	Duration time.Duration
	FileSize int
}

// File is a file attachment for Viber (v1 only), Messenger, WhatsApp, MMS
// or RCS.
//
// Caption is taken by WhatsApp and MMS; Viber, Messenger and RCS take no
// caption. Name, the file's name and extension for when URL does not end in
// it, is taken by Viber and WhatsApp (v1 only); Send refuses it on
// Messenger, MMS and RCS.
type File struct {
	URL     string
	Caption string
	Name    string
}

// VCard is a contact card (a .vcf file) sent over MMS.
type VCard struct {
	URL     string
	Caption string // v1 only
}

// TemplatePolicy is how WhatsApp picks the language of a template.
type TemplatePolicy string

// TemplateDeterministic is the only policy WhatsApp still accepts: use the
// template in exactly the locale asked for.
const TemplateDeterministic TemplatePolicy = "deterministic"

// Template is a WhatsApp message template approved for your business
// account. Name is the template's name (on v0.1, "namespace:name"),
// Parameters fill {{1}}, {{2}}... in order, and Locale, required, is the
// template's language, such as "en_US" or "en-GB".
type Template struct {
	Name       string
	Parameters []string
	Locale     string
	Policy     TemplatePolicy
}

// Sticker is a WhatsApp sticker: either the URL of a .webp image or the ID
// of a sticker uploaded to your WhatsApp deployment (deprecated by the API),
// never both.
type Sticker struct {
	URL string
	ID  string
}

// ReactionAction says whether a Reaction adds or removes an emoji.
type ReactionAction string

// The reaction actions. An empty Action means ReactionReact.
const (
	ReactionReact   ReactionAction = "react"
	ReactionUnreact ReactionAction = "unreact"
)

// Reaction reacts with Emoji to the WhatsApp message that WhatsApp.Context
// names, or with Action ReactionUnreact (which needs no emoji) removes the
// reaction.
type Reaction struct {
	Action ReactionAction
	Emoji  string
}

// Custom is a raw JSON object passed to the channel as the message's
// "custom" payload, for features this package has no type for (WhatsApp
// interactive messages, RCS payloads). It must be a JSON object; it is sent
// as given, compacted.
type Custom json.RawMessage

// CardOrientation lays out a single rich card.
type CardOrientation string

// The card orientations. A HORIZONTAL card needs an ImageAlignment; a
// VERTICAL one a MediaHeight.
const (
	CardVertical   CardOrientation = "VERTICAL"
	CardHorizontal CardOrientation = "HORIZONTAL"
)

// ImageAlignment places the image of a HORIZONTAL rich card.
type ImageAlignment string

// The image alignments.
const (
	ImageLeft  ImageAlignment = "LEFT"
	ImageRight ImageAlignment = "RIGHT"
)

// MediaHeight is the height of the media of a VERTICAL rich card.
type MediaHeight string

// The media heights.
const (
	MediaShort  MediaHeight = "SHORT"
	MediaMedium MediaHeight = "MEDIUM"
	MediaTall   MediaHeight = "TALL"
)

// CardWidth is the width of the cards of a carousel.
type CardWidth string

// The carousel card widths.
const (
	CardWidthSmall  CardWidth = "SMALL"
	CardWidthMedium CardWidth = "MEDIUM"
)

// Card is an RCS rich card: a title (up to 200 characters), a text (up to
// 2000), an image, video or PDF at MediaURL, and up to 4 suggestions.
// Orientation and ImageAlignment apply to a card sent alone; cards in a
// Carousel are always vertical and must leave them empty.
type Card struct {
	Title             string
	Text              string
	MediaURL          string
	MediaDescription  string
	MediaHeight       MediaHeight // required when Orientation is CardVertical
	ThumbnailURL      string
	MediaForceRefresh bool // fetch the media again instead of the platform's cached copy
	Suggestions       []RCSSuggestion

	Orientation    CardOrientation
	ImageAlignment ImageAlignment // required when Orientation is CardHorizontal
}

// Carousel is 2 to 10 rich cards side by side.
type Carousel struct {
	Cards     []Card
	CardWidth CardWidth
}

// HTML is the HTML body of an Email, such as "<p>Welcome!</p>". It is sent
// as given: the markup is the sender's to get right, and this package
// neither checks nor rewrites it.
type HTML string

// EmailParts is an Email with a plain-text body and an HTML body, sent as
// message type "content" so that each mail client shows the one it can.
// At least one of the two is required; an empty one is left out.
type EmailParts struct {
	Text string
	HTML string
}

func (Text) messageContent()        {}
func (Image) messageContent()       {}
func (Audio) messageContent()       {}
func (Video) messageContent()       {}
func (File) messageContent()        {}
func (VCard) messageContent()       {}
func (Template) messageContent()    {}
func (Sticker) messageContent()     {}
func (Location) messageContent()    {}
func (Reaction) messageContent()    {}
func (Custom) messageContent()      {}
func (Card) messageContent()        {}
func (Carousel) messageContent()    {}
func (HTML) messageContent()        {}
func (EmailParts) messageContent()  {}
func (Attachments) messageContent() {}

func (Text) mmsContent()  {}
func (Image) mmsContent() {}
func (Audio) mmsContent() {}
func (Video) mmsContent() {}
func (File) mmsContent()  {}
func (VCard) mmsContent() {}

// Attachments is an MMS of message type "content": one or more attachments
// (Image, Audio, Video, VCard or File, each with an optional caption)
// delivered together as one message. Only MMS takes it, on API version v1:
// it implements MMSContent and no other channel's content interface, so
// WhatsApp{Content: Attachments{}} does not compile.
type Attachments []MMSAttachment

// MMSAttachment is one element of Attachments: Image, Audio, Video, VCard
// or File. Each needs a URL; a caption is optional. The Viber fields of
// Video and the Name of File have no place in an attachment: Send refuses
// them.
type MMSAttachment interface{ mmsAttachment() }

func (Attachments) mmsContent() {}

func (Image) mmsAttachment() {}
func (Audio) mmsAttachment() {}
func (Video) mmsAttachment() {}
func (VCard) mmsAttachment() {}
func (File) mmsAttachment()  {}

func (Text) whatsAppContent()     {}
func (Image) whatsAppContent()    {}
func (Audio) whatsAppContent()    {}
func (Video) whatsAppContent()    {}
func (File) whatsAppContent()     {}
func (Template) whatsAppContent() {}
func (Sticker) whatsAppContent()  {}
func (Location) whatsAppContent() {}
func (Reaction) whatsAppContent() {}
func (Custom) whatsAppContent()   {}

func (Text) rcsContent()     {}
func (Image) rcsContent()    {}
func (Video) rcsContent()    {}
func (File) rcsContent()     {}
func (Card) rcsContent()     {}
func (Carousel) rcsContent() {}
func (Custom) rcsContent()   {}

func (Text) viberContent()  {}
func (Image) viberContent() {}
func (Video) viberContent() {}
func (File) viberContent()  {}

func (Text) messengerContent()  {}
func (Image) messengerContent() {}
func (Audio) messengerContent() {}
func (Video) messengerContent() {}
func (File) messengerContent()  {}

func (Text) emailContent()       {}
func (HTML) emailContent()       {}
func (EmailParts) emailContent() {}

// derefContent lets callers pass content by value or by pointer: a
// pointer becomes the value it points at, and a nil pointer becomes nil, so
// that the channel reports the content as missing. One reflect step serves
// every content type, present and future.
func derefContent(c any) any {
	v := reflect.ValueOf(c)
	if v.Kind() != reflect.Pointer {
		return c
	}
	if v.IsNil() {
		return nil
	}
	return v.Elem().Interface()
}

// viberOnlyVideoFields refuses ThumbURL, Duration and FileSize on a video
// at field sent by another channel, or as an MMS attachment (by names
// which): only Viber's wire has a place for them, and anywhere else they
// would be dropped silently.
func (c *checker) viberOnlyVideoFields(field, by string, v Video) {
	if v.ThumbURL != "" || v.Duration != 0 || v.FileSize != 0 {
		c.fail(field, "thumb_url, duration and file_size are Viber fields, not supported by %s", by)
	}
}

// card checks one rich card; field is "card" or "carousel.cards[i]", and
// goField its Go path, "Card" or "Carousel.Cards[i]".
func (c *checker) card(field, goField string, cd Card) wire.RCSCard {
	c.oneOf(field+".media_height", string(cd.MediaHeight), string(MediaShort), string(MediaMedium), string(MediaTall))
	w := wire.RCSCard{
		Title:             c.text(field+".title", cd.Title, limits.rcsCardTitle),
		Text:              c.text(field+".text", cd.Text, limits.rcsCardText),
		MediaURL:          c.mediaURL(field+".media_url", cd.MediaURL),
		MediaDescription:  cd.MediaDescription,
		MediaHeight:       string(cd.MediaHeight),
		MediaForceRefresh: cd.MediaForceRefresh,
		Suggestions:       c.suggestions(field+".suggestions", goField+".Suggestions", cd.Suggestions, limits.rcsCardSuggestions),
	}
	if cd.ThumbnailURL != "" {
		w.ThumbnailURL = c.mediaURL(field+".thumbnail_url", cd.ThumbnailURL)
	}
	return w
}
