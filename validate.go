package messages

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gomessages/messages/internal/wire"
)

// FieldError is one problem with one field of a message.
type FieldError struct {
	// Field is the field's path as the v1 wire names it, such as "to",
	// "image.caption" or "failover[0].text".
	Field string
	// GoField is the path of the Go field that was set, such as
	// "Template.Locale", within the message (a failover step's own message
	// for a "failover[i]." Field). It is set only where it differs from
	// Field in more than case and underscores, as "whatsapp.locale" does;
	// where Field already names it ("to" for To, "client_ref" for
	// ClientRef), it is empty.
	GoField string
	// Reason says which rule the value broke.
	Reason string
}

// String reads `field: reason`, or `field (GoField): reason` where the Go
// field has another name: `whatsapp.locale (Template.Locale): required`.
func (e FieldError) String() string {
	if e.GoField == "" {
		return e.Field + ": " + e.Reason
	}
	return e.Field + " (" + e.GoField + "): " + e.Reason
}

// ValidationError reports every problem found in a message at once. It
// matches ErrInvalidMessage with errors.Is.
type ValidationError struct {
	Channel Channel
	Errors  []FieldError
}

// Error lists the problems as one sentence:
// `messages: sms: to: not an E.164 number: "12ab"; text: must not be empty`.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("messages: ")
	if e.Channel != "" {
		b.WriteString(string(e.Channel))
		b.WriteString(": ")
	}
	for i, fe := range e.Errors {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(fe.String())
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalidMessage) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidMessage }

// checker collects the problems of one message while it is encoded, so that
// validation and encoding walk the message once.
type checker struct {
	version APIVersion
	prefix  string // "failover[0]." while checking a failover step
	errs    []FieldError
}

// fail records a problem. field is a JSON path, or a JSON path and the Go
// path the user wrote joined by goNamed.
func (c *checker) fail(field, format string, args ...any) {
	jsonPath, goPath, _ := strings.Cut(field, goSep)
	if sameName(jsonPath, goPath) {
		goPath = ""
	}
	c.errs = append(c.errs, FieldError{Field: c.prefix + jsonPath, GoField: goPath, Reason: fmt.Sprintf(format, args...)})
}

// goSep joins a JSON path to a Go path inside a field name: no JSON path
// holds it, and the checks that take a field name pass it on unchanged.
const goSep = "\x00"

// goNamed names a field whose Go path differs from its JSON path, such as
// goNamed("whatsapp.locale", "Template.Locale"), so that its FieldError
// carries both. Content fields are named from the content type
// ("Template.Locale"), message fields from the message ("Encoding").
func goNamed(jsonPath, goPath string) string { return jsonPath + goSep + goPath }

// sameName reports whether a JSON path and a Go path differ only in case
// and underscores ("client_ref" and "ClientRef"), or the Go path is unset.
func sameName(jsonPath, goPath string) bool {
	if goPath == "" {
		return true
	}
	fold := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }
	return fold(jsonPath) == fold(goPath)
}

// err returns the collected problems as a *ValidationError, or nil.
func (c *checker) err(ch Channel) error {
	if len(c.errs) == 0 {
		return nil
	}
	return &ValidationError{Channel: ch, Errors: c.errs}
}

// v1Only reports a field that the v0.1 wire cannot carry, rather than
// dropping it silently.
func (c *checker) v1Only(field string, set bool) {
	if set && c.version == V0_1 {
		c.fail(field, "not supported by API version v0.1")
	}
}

// number normalises a phone number to E.164 digits without "+": it drops
// spaces, dashes, dots, brackets and a leading "+" or "00".
func (c *checker) number(field, s string) string {
	return c.digits(field, s, limits.numberDigits)
}

// dialNumber is number for an RCS dial suggestion, whose spec pattern
// (^\+?[1-9]\d{1,14}$) also takes short numbers.
func (c *checker) dialNumber(field, s string) string {
	return c.digits(field, s, limits.dialDigits)
}

// digits normalises a number of r digits, as number and dialNumber do.
func (c *checker) digits(field, s string, r span) string {
	n, ok := normalizeDigits(s, r)
	if !ok {
		if s == "" {
			c.fail(field, "required")
		} else {
			c.fail(field, "not an E.164 number: %q", s)
		}
	}
	return n
}

// normalizeNumber normalises s as number does.
func normalizeNumber(s string) (string, bool) { return normalizeDigits(s, limits.numberDigits) }

// normalizeDigits normalises s to digits, r long, without a leading 0: it
// drops the separators people write in numbers and a leading "+" or "00",
// and isPlainNumber judges what is left.
func normalizeDigits(s string, r span) (string, bool) {
	if isPlainNumber(s, r) {
		return s, true // the common case: nothing to strip, nothing to copy
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, ch := range s {
		switch {
		case ch == '+' && i == 0:
		case ch == ' ', ch == '-', ch == '.', ch == '(', ch == ')':
		default:
			b.WriteRune(ch) // a digit, or a character isPlainNumber refuses
		}
	}
	n := strings.TrimPrefix(b.String(), "00")
	if !isPlainNumber(n, r) {
		return "", false
	}
	return n, true
}

// isPlainNumber reports whether s is ASCII digits only, r long, without a
// leading 0: a number in the form the API takes (E.164 without "+", or a
// short code). It is the one digit check of the package.
func isPlainNumber(s string, r span) bool {
	if !r.contains(len(s)) || s == "" || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// id checks a channel-specific ID such as a Messenger page or user ID.
func (c *checker) id(field, s string) string {
	n := utf8.RuneCountInString(s)
	switch {
	case s == "":
		c.fail(field, "required")
	case !limits.id.contains(n):
		c.fail(field, "must be %d to %d characters, got %d", limits.id.min, limits.id.max, n)
	}
	return s
}

func (c *checker) text(field, s string, max int) string {
	n := utf8.RuneCountInString(s)
	switch {
	case s == "":
		c.fail(field, "must not be empty")
	case max > 0 && n > max:
		c.fail(field, "longer than %d characters: %d", max, n)
	}
	return s
}

func (c *checker) caption(field, s string) string {
	if n := utf8.RuneCountInString(s); n > limits.caption {
		c.fail(field, "longer than %d characters: %d", limits.caption, n)
	}
	return s
}

// mediaURL checks that s is an absolute http or https URL.
func (c *checker) mediaURL(field, s string) string {
	if s == "" {
		c.fail(field, "required")
		return s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.fail(field, "not an absolute http or https URL: %q", s)
	}
	return s
}

// seconds converts a duration to whole seconds within r; zero means unset.
func (c *checker) seconds(field string, d time.Duration, r span) int {
	if d == 0 {
		return 0
	}
	if d%time.Second != 0 {
		c.fail(field, "must be whole seconds, got %s", d)
		return 0
	}
	s := int(d / time.Second)
	if !r.contains(s) {
		c.fail(field, "must be %d to %d seconds, got %d", r.min, r.max, s)
	}
	return s
}

func (c *checker) oneOf(field, s string, allowed ...string) string {
	if s == "" {
		return s
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	c.fail(field, "must be one of %s, got %q", strings.Join(allowed, ", "), s)
	return s
}

// envelope checks the keys every message carries beside its content
// (client_ref, webhook_url and webhook_version) for the checker's version,
// and renders them, so each channel's encoders state them once. A v1 body
// embeds the result; a v0.1 body its V01 part, client_ref alone, since
// webhook_url and webhook_version are v1 only and reported so here.
func (c *checker) envelope(clientRef, webhookURL, webhookVersion string) wire.Envelope {
	max := limits.clientRefV1
	if c.version == V0_1 {
		max = limits.clientRefV01
	}
	if n := utf8.RuneCountInString(clientRef); n > max {
		c.fail("client_ref", "longer than %d characters: %d", max, n)
	}
	c.v1Only("webhook_url", webhookURL != "")
	c.v1Only("webhook_version", webhookVersion != "")
	if webhookURL != "" {
		c.mediaURL("webhook_url", webhookURL)
	}
	c.oneOf("webhook_version", webhookVersion, "v0.1", "v1")
	return wire.Envelope{ClientRef: clientRef, WebhookURL: webhookURL, WebhookVersion: webhookVersion}
}

// length checks that s, when required or given, has a length within r.
func (c *checker) length(field, s string, r span, required bool) string {
	n := utf8.RuneCountInString(s)
	switch {
	case s == "" && required:
		c.fail(field, "required")
	case s != "" && !r.contains(n):
		c.fail(field, "must be %d to %d characters, got %d", r.min, r.max, n)
	}
	return s
}

// required reports an empty string.
func (c *checker) required(field, s string) string {
	if s == "" {
		c.fail(field, "required")
	}
	return s
}

// unsupported reports a field that the channel or message type cannot
// carry, rather than dropping it silently.
func (c *checker) unsupported(field string, set bool, by string) {
	if set {
		c.fail(field, "not supported by %s", by)
	}
}

// jsonObject checks a raw payload that is sent as given.
func (c *checker) jsonObject(field string, raw []byte) json.RawMessage {
	trimmed := bytes.TrimSpace(raw)
	switch {
	case len(trimmed) == 0:
		c.fail(field, "required")
	case !json.Valid(trimmed):
		c.fail(field, "not valid JSON")
	case trimmed[0] != '{':
		c.fail(field, "must be a JSON object")
	default:
		return json.RawMessage(trimmed)
	}
	return nil
}

// coordinates checks a latitude and longitude in degrees.
func (c *checker) coordinates(latField, longField string, lat, long float64) {
	if math.IsNaN(lat) || math.Abs(lat) > limits.latitude {
		c.fail(latField, "must be -%g to %g degrees, got %g", limits.latitude, limits.latitude, lat)
	}
	if math.IsNaN(long) || math.Abs(long) > limits.longitude {
		c.fail(longField, "must be -%g to %g degrees, got %g", limits.longitude, limits.longitude, long)
	}
}

// contentMissing reports a nil or foreign content value.
func (c *checker) contentMissing(content any) {
	if content == nil {
		c.fail("content", "required")
		return
	}
	c.fail("content", "unsupported content type %T", content)
}

// The rules below are for one channel each; the encoders in
// channels_<name>.go call them, so every rule of the checker lives in this
// file.

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

// isLetter reports an ASCII letter: what tells a sender ID or a
// business-scoped user ID from a number.
func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// mmsSender accepts an E.164 number or a US short code.
func (c *checker) mmsSender(field, s string) string {
	if isPlainNumber(s, limits.mmsShortCode) {
		return s
	}
	return c.number(field, s)
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

// emailAddressRE is the pattern v1 gives email.cc[].address and
// email.bcc[].address; limits.go says why from and to follow it too.
var emailAddressRE = regexp.MustCompile(`^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$`)

// emailAddress checks a bare email address: no display name, no brackets.
func (c *checker) emailAddress(field, s string) string {
	switch {
	case s == "":
		c.fail(field, "required")
	case !emailAddressRE.MatchString(s):
		c.fail(field, "not an email address: %q", s)
	}
	return s
}

// emailCopies checks email.cc or email.bcc at field, whose Go path is
// goField: each entry's address, and its name when given.
func (c *checker) emailCopies(field, goField string, list []EmailAddress) []wire.EmailAddress {
	if len(list) == 0 {
		return nil
	}
	out := make([]wire.EmailAddress, len(list))
	for i, a := range list {
		f, g := fmt.Sprintf("%s[%d]", field, i), fmt.Sprintf("%s[%d]", goField, i)
		out[i] = wire.EmailAddress{
			Address: c.emailAddress(goNamed(f+".address", g+".Address"), a.Address),
			Name:    c.length(goNamed(f+".name", g+".Name"), a.Name, limits.emailName, false),
		}
	}
	return out
}

// emailParts renders an email's text and HTML parts as its content array,
// the text first: multipart/alternative lists the part a client should
// prefer last (RFC 2046, section 5.1.4).
func (c *checker) emailParts(p EmailParts) []wire.ContentItem {
	var out []wire.ContentItem
	if p.Text != "" {
		out = append(out, wire.ContentItem{Type: "text", Text: p.Text})
	}
	if p.HTML != "" {
		out = append(out, wire.ContentItem{Type: "html", Body: p.HTML})
	}
	if len(out) == 0 {
		c.fail("content", "needs a text part, an HTML part or both")
	}
	return out
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

// suggestions checks a list of at most max chips at field, whose Go path
// is goField.
func (c *checker) suggestions(field, goField string, list []RCSSuggestion, max int) []wire.RCSSuggestion {
	if len(list) > max {
		c.fail(field, "at most %d suggestions, got %d", max, len(list))
	}
	var out []wire.RCSSuggestion
	for i, s := range list {
		f := fmt.Sprintf("%s[%d]", field, i)
		if s == nil || reflect.ValueOf(s).Kind() == reflect.Pointer && reflect.ValueOf(s).IsNil() {
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

// dispatchRule checks a step's rule, or fills the default, and renders it.
func (c *checker) dispatchRule(ch Channel, rule *failoverRule) *wire.DispatchFailover {
	r := failoverRule{condition: FailoverDelivered, expiry: DefaultFailoverExpiry}
	if rule != nil {
		if rule.condition != "" {
			r.condition = rule.condition
		}
		if rule.expiry != 0 {
			r.expiry = rule.expiry
		}
	}
	switch r.condition {
	case FailoverDelivered:
	case FailoverRead:
		if ch == ChannelSMS || ch == ChannelMMS {
			c.fail("failover.condition_status", "%s has no read receipts, so read would always fail over", ch)
		}
	default:
		c.fail("failover.condition_status", "must be delivered or read, got %q", r.condition)
	}
	secs := 0
	if r.expiry%time.Second != 0 || !limits.dispatchExpiry.contains(int(r.expiry/time.Second)) {
		c.fail("failover.expiry_time", "must be whole seconds from %d to %d, got %s", limits.dispatchExpiry.min, limits.dispatchExpiry.max, r.expiry)
	} else {
		secs = int(r.expiry / time.Second)
	}
	return &wire.DispatchFailover{ExpiryTime: secs, ConditionStatus: string(r.condition)}
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
