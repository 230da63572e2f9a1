package messages

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"
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

func (c *checker) text(field, s string, limit int) string {
	n := utf8.RuneCountInString(s)
	switch {
	case s == "":
		c.fail(field, "must not be empty")
	case limit > 0 && n > limit:
		c.fail(field, "longer than %d characters: %d", limit, n)
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
	limit := limits.clientRefV1
	if c.version == V0_1 {
		limit = limits.clientRefV01
	}
	if n := utf8.RuneCountInString(clientRef); n > limit {
		c.fail("client_ref", "longer than %d characters: %d", limit, n)
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

// isLetter reports an ASCII letter: what tells a sender ID or a
// business-scoped user ID from a number.
func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
