package messagestest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gomessages/messages"
)

// The checks below mirror the rules of the API's OpenAPI files
// (messages-v1.yml 1.20.0, messages-v0.1.yml, dispatch-v0.1.yml and the
// Developer Preview files) for what they constrain: required fields, enums,
// lengths, ranges and formats. Field names in the problems are the wire's,
// with "failover[i]." or "workflow[i]." before a step's fields.

// span is an inclusive range.
type span struct{ min, max int }

func (s span) contains(n int) bool { return n >= s.min && n <= s.max }

// msg is one message as the server will play it.
type msg struct {
	channel        messages.Channel
	v01Type        string // the v0.1 channel name
	messageType    string
	from, to       string
	fromID, toID   bool // whether the v0.1 address uses id rather than number
	text           string
	mediaURL       string
	clientRef      string
	webhookURL     string
	webhookVersion string

	condition string // a Dispatch step's condition_status
	expiry    int    // and its expiry_time in seconds

	uuid string
	body []byte
}

// object is a decoded JSON object; numbers stay json.Number.
type object = map[string]any

// decodeObject decodes a body that must be one JSON object.
func decodeObject(body []byte) (object, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("the body is not valid JSON: %w", err)
	}
	if dec.More() {
		return nil, errors.New("the body holds more than one JSON value")
	}
	if _, err := dec.Token(); err == nil {
		return nil, errors.New("the body holds more than one JSON value")
	}
	o, ok := v.(object)
	if !ok {
		return nil, errors.New("the body is not a JSON object")
	}
	return o, nil
}

// checker collects the problems of one body.
type checker struct {
	prefix string
	errs   []messages.InvalidParameter
	// unknownChannel is set when a channel is not one the API knows, which
	// the API answers with its "Unsupported channel" problem.
	unknownChannel bool
}

func (c *checker) fail(field, format string, args ...any) {
	c.errs = append(c.errs, messages.InvalidParameter{Name: c.prefix + field, Reason: fmt.Sprintf(format, args...)})
}

// str reads an optional string field; a value of another type is a problem.
func (c *checker) str(o object, field, path string) (string, bool) {
	v, ok := o[field]
	if !ok || v == nil {
		return "", false
	}
	s, isStr := v.(string)
	if !isStr {
		c.fail(path, "must be a string")
		return "", false
	}
	return s, true
}

// required reads a string field that must be present and not empty. Text
// of spaces passes: the spec sets no minimum beyond presence, and the SDK
// sends it.
func (c *checker) required(o object, field, path string) string {
	s, ok := c.str(o, field, path)
	if !ok {
		if _, present := o[field]; !present || o[field] == nil {
			c.fail(path, "is required")
		}
		return ""
	}
	if s == "" {
		c.fail(path, "must not be empty")
	}
	return s
}

// obj reads an optional object field.
func (c *checker) obj(o object, field, path string) (object, bool) {
	v, ok := o[field]
	if !ok || v == nil {
		return nil, false
	}
	m, isObj := v.(object)
	if !isObj {
		c.fail(path, "must be an object")
		return nil, false
	}
	return m, true
}

func (c *checker) requiredObj(o object, field, path string) object {
	m, ok := c.obj(o, field, path)
	if !ok {
		if v, present := o[field]; !present || v == nil {
			c.fail(path, "is required")
		}
		return nil
	}
	return m
}

// integer reads an optional integer field within r.
func (c *checker) integer(o object, field, path string, r span) (int, bool) {
	v, ok := o[field]
	if !ok || v == nil {
		return 0, false
	}
	n, isNum := v.(json.Number)
	if !isNum {
		c.fail(path, "must be an integer")
		return 0, false
	}
	i, err := strconv.Atoi(n.String())
	if err != nil {
		c.fail(path, "must be an integer, got %s", n)
		return 0, false
	}
	if !r.contains(i) {
		c.fail(path, "must be %d to %d, got %d", r.min, r.max, i)
	}
	return i, true
}

// intString reads a field the spec types as a string holding an integer
// within r, such as Viber's duration and file_size.
func (c *checker) intString(o object, field, path string, r span) {
	s, ok := c.str(o, field, path)
	if !ok {
		if _, present := o[field]; !present {
			c.fail(path, "is required")
		}
		return
	}
	i, err := strconv.Atoi(s)
	if err != nil || !r.contains(i) {
		c.fail(path, "must be a whole number from %d to %d, got %q", r.min, r.max, s)
	}
}

func (c *checker) enum(o object, field, path string, allowed ...string) string {
	s, ok := c.str(o, field, path)
	if !ok {
		return ""
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	c.fail(path, "must be one of %s, got %q", strings.Join(allowed, ", "), s)
	return s
}

func (c *checker) maxLen(path, s string, max int) {
	if n := utf8.RuneCountInString(s); max > 0 && n > max {
		c.fail(path, "longer than %d characters: %d", max, n)
	}
}

func (c *checker) text(o object, field, path string, max int) string {
	s := c.required(o, field, path)
	c.maxLen(path, s, max)
	return s
}

// number checks an E.164 number without "+": 7 to 15 digits, no leading 0.
// A number that is right but for a leading "+" is told so.
func (c *checker) number(path, s string) {
	if s == "" {
		return // already reported as required
	}
	if rest, plus := strings.CutPrefix(s, "+"); plus && isE164(rest) {
		c.fail(path, "must be an E.164 number without a leading +, got %q", s)
		return
	}
	if !isE164(s) {
		c.fail(path, "must be an E.164 number of 7 to 15 digits without a leading + or 00, got %q", s)
	}
}

// isE164 reports 7 to 15 digits without a leading 0.
func isE164(s string) bool {
	if len(s) < 7 || len(s) > 15 || s[0] == '0' {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (c *checker) id(path, s string) {
	if n := utf8.RuneCountInString(s); s != "" && n > 50 {
		c.fail(path, "must be 1 to 50 characters, got %d", n)
	}
}

// smsSender checks an SMS sender: a number, or, when it holds a letter, an
// alphanumeric sender ID of up to 11 characters. "+447700900001" is a
// number with a "+", not a sender ID.
func (c *checker) smsSender(path, s string) {
	if !strings.ContainsFunc(s, isLetter) {
		c.number(path, s)
		return
	}
	if utf8.RuneCountInString(s) > 11 {
		c.fail(path, "an alphanumeric sender ID is at most 11 characters, got %q", s)
	}
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// rcsSender checks an RCS sender ID: v1 RCSSenderId says "Spaces are not
// permitted", which holds for every Unicode white space, not only " ".
func (c *checker) rcsSender(path, s string) {
	if strings.ContainsFunc(s, unicode.IsSpace) {
		c.fail(path, "an RCS sender ID has no spaces, got %q", s)
	}
}

func (c *checker) absURL(path, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.fail(path, "must be an absolute http or https URL, got %q", s)
	}
}

// media checks an attachment object and returns its url.
func (c *checker) media(o object, field string, idAllowed bool) string {
	m := c.requiredObj(o, field, field)
	if m == nil {
		return ""
	}
	if idAllowed {
		if _, hasID := m["id"]; hasID {
			c.required(m, "id", field+".id")
			return ""
		}
	}
	u := c.required(m, "url", field+".url")
	c.absURL(field+".url", u)
	c.maxLen(field+".url", u, 2000)
	if capt, ok := c.str(m, "caption", field+".caption"); ok {
		if capt == "" {
			c.fail(field+".caption", "must not be empty")
		}
		c.maxLen(field+".caption", capt, 3000)
	}
	return u
}

type addrKind int

const (
	numberAddr addrKind = iota
	idAddr
	smsSenderAddr
	rcsSenderAddr
	mmsSenderAddr  // a number, or a 5 or 6 digit US short code
	whatsAppToAddr // a number, or a business-scoped user ID like "US.1349..."
	emailAddr      // a bare email address
)

func (c *checker) address(path, s string, k addrKind) {
	switch k {
	case numberAddr:
		c.number(path, s)
	case idAddr:
		c.id(path, s)
	case smsSenderAddr:
		c.smsSender(path, s)
	case rcsSenderAddr:
		c.rcsSender(path, s)
	case mmsSenderAddr:
		if len(s) < 5 || len(s) > 6 || strings.Trim(s, "0123456789") != "" {
			c.number(path, s)
		}
	case whatsAppToAddr:
		if !businessScopedID.MatchString(s) {
			c.number(path, s)
		}
	case emailAddr:
		c.emailAddress(path, s)
	}
}

// businessScopedID is a WhatsApp business-scoped user ID, as the v1 spec's
// examples spell one: a country code, a dot, and letters and digits
// ("US.13491208655302741918"), with "ENT." before them for a parent BSUID
// ("US.ENT.11815799212886844830").
var businessScopedID = regexp.MustCompile(`^[A-Z]{2}\.(ENT\.)?[0-9A-Za-z]+$`)

type v1Channel struct {
	types    []string
	to, from addrKind
	text     int   // longest text, or 0 for no limit
	ttl      *span // top-level ttl, for the channels that have one
	reads    bool  // whether the channel sends read receipts
}

var v1Channels = map[string]v1Channel{
	"sms":           {[]string{"text"}, numberAddr, smsSenderAddr, 3200, &span{20, 604800}, false},
	"mms":           {[]string{"text", "image", "vcard", "audio", "video", "file", "content"}, numberAddr, mmsSenderAddr, 0, &span{300, 259200}, false},
	"rcs":           {[]string{"text", "image", "video", "file", "card", "carousel", "custom"}, numberAddr, rcsSenderAddr, 3072, &span{20, 259200}, true},
	"whatsapp":      {[]string{"text", "image", "audio", "video", "file", "template", "sticker", "reaction", "custom"}, whatsAppToAddr, numberAddr, 4096, nil, true},
	"messenger":     {[]string{"text", "image", "audio", "video", "file"}, idAddr, idAddr, 640, nil, true},
	"viber_service": {[]string{"text", "image", "video", "file"}, numberAddr, idAddr, 1000, nil, true},
	"email":         {[]string{"text", "html", "content"}, emailAddr, emailAddr, 0, nil, true},
}

// hasReads reports whether a channel sends read receipts.
func hasReads(ch messages.Channel) bool { return v1Channels[string(ch)].reads }

// checkV1 checks a v1 send body and returns its steps: the message, then
// its failover array.
func checkV1(o object) ([]*msg, *checker) {
	c := &checker{}
	steps := []*msg{c.v1Message(o)}
	if v, ok := o["failover"]; ok {
		list, isList := v.([]any)
		switch {
		case !isList:
			c.fail("failover", "must be an array")
		case len(list) == 0:
			c.fail("failover", "must hold at least one message")
		}
		for i, item := range list {
			c.prefix = fmt.Sprintf("failover[%d].", i)
			step, isObj := item.(object)
			if !isObj {
				c.prefix = ""
				c.fail(fmt.Sprintf("failover[%d]", i), "must be an object")
				continue
			}
			if _, nested := step["failover"]; nested {
				c.fail("failover", "a failover message cannot have its own failover")
			}
			m := c.v1Message(step)
			m.body, _ = json.Marshal(step)
			steps = append(steps, m)
		}
		c.prefix = ""
	}
	return steps, c
}

func (c *checker) v1Message(o object) *msg {
	m := &msg{}
	ch := c.required(o, "channel", "channel")
	m.channel = messages.Channel(ch)
	m.v01Type = ch
	if ch == "viber_service" {
		m.v01Type = "viber_service_msg"
	}
	spec, known := v1Channels[ch]
	if ch != "" && !known {
		c.unknownChannel = true
		c.fail("channel", "unsupported channel %q: must be one of sms, mms, rcs, whatsapp, messenger, viber_service, email", ch)
	}
	m.messageType = c.required(o, "message_type", "message_type")
	m.to = c.required(o, "to", "to")
	m.from = c.required(o, "from", "from")
	m.clientRef, _ = c.str(o, "client_ref", "client_ref")
	c.maxLen("client_ref", m.clientRef, 100)
	m.webhookURL, _ = c.str(o, "webhook_url", "webhook_url")
	c.absURL("webhook_url", m.webhookURL)
	m.webhookVersion = c.enum(o, "webhook_version", "webhook_version", "v0.1", "v1")
	if !known {
		return m
	}
	m.toID, m.fromID = spec.to == idAddr, spec.from == idAddr || spec.from == rcsSenderAddr
	c.address("to", m.to, spec.to)
	c.address("from", m.from, spec.from)
	if spec.ttl != nil {
		c.integer(o, "ttl", "ttl", *spec.ttl)
	}
	if m.messageType != "" && !slices.Contains(spec.types, m.messageType) {
		c.fail("message_type", "%s takes %s, got %q", ch, strings.Join(spec.types, ", "), m.messageType)
		return m
	}
	if ch == "email" { // its content and options are its own: see validate_email.go
		c.email(o, m)
		return m
	}
	switch m.messageType {
	case "text":
		m.text = c.text(o, "text", "text", spec.text)
	case "image", "audio", "video", "file", "vcard":
		m.mediaURL = c.media(o, m.messageType, false)
	case "sticker":
		m.mediaURL = c.media(o, "sticker", true)
	case "template":
		if t := c.requiredObj(o, "template", "template"); t != nil {
			c.required(t, "name", "template.name")
		}
	case "reaction":
		if r := c.requiredObj(o, "reaction", "reaction"); r != nil {
			c.enum(r, "action", "reaction.action", "react", "unreact")
		}
		if ctx := c.requiredObj(o, "context", "context"); ctx != nil {
			c.required(ctx, "message_uuid", "context.message_uuid")
		}
	case "custom", "card", "carousel":
		obj := c.requiredObj(o, m.messageType, m.messageType)
		if ch == "whatsapp" && m.messageType == "custom" {
			c.whatsAppCustom(obj)
		}
	case "content":
		c.mmsContent(o, m)
	}
	switch ch {
	case "sms":
		if s, ok := c.obj(o, "sms", "sms"); ok {
			c.enum(s, "encoding_type", "sms.encoding_type", "text", "unicode", "auto")
		}
	case "viber_service":
		c.viberOptions(o, m)
	case "messenger":
		if opts, ok := c.obj(o, "messenger", "messenger"); ok {
			c.messengerOptions(opts, "messenger.")
		}
	case "whatsapp":
		c.whatsAppOptions(o, m)
	case "rcs":
		c.rcsOptions(o, m)
	}
	return m
}

// mmsContent checks the "content" array of an MMS of message type content,
// as v1's Content schema does: each item an object with a type (image,
// audio, video, vcard or file) and a url, and an optional caption of 1 to
// 3000 characters. The schema sets no minItems, but its description asks
// for "one or more" attachments, and an MMS of none has nothing to send.
// The url is held to an absolute http or https URL, as every media URL is
// here: the API fetches the attachment from it.
func (c *checker) mmsContent(o object, m *msg) {
	c.contentItems(o, "attachment", func(field string, a object) {
		if t := c.required(a, "type", field+".type"); t != "" && !slices.Contains(mmsAttachmentTypes, t) {
			c.fail(field+".type", "must be one of %s, got %q", strings.Join(mmsAttachmentTypes, ", "), t)
		}
		u := c.required(a, "url", field+".url")
		c.absURL(field+".url", u)
		if m.mediaURL == "" {
			m.mediaURL = u
		}
		if capt, ok := c.str(a, "caption", field+".caption"); ok {
			if capt == "" {
				c.fail(field+".caption", "must not be empty")
			}
			c.maxLen(field+".caption", capt, 3000)
		}
	})
}

// contentItems reads the content array an MMS of attachments and an email
// of parts share: present, an array, holding at least one item (what names
// an item), each an object, which each checks under its path.
func (c *checker) contentItems(o object, what string, each func(field string, item object)) {
	v, present := o["content"]
	list, isList := v.([]any)
	switch {
	case !present || v == nil:
		c.fail("content", "is required")
		return
	case !isList:
		c.fail("content", "must be an array")
		return
	case len(list) == 0:
		c.fail("content", "must hold at least one %s", what)
		return
	}
	for i, item := range list {
		field := fmt.Sprintf("content[%d]", i)
		obj, isObj := item.(object)
		if !isObj {
			c.fail(field, "must be an object")
			continue
		}
		each(field, obj)
	}
}

// mmsAttachmentTypes are the types of an MMS content item, as v1's Content
// schema lists them.
var mmsAttachmentTypes = []string{"image", "audio", "video", "vcard", "file"}

func (c *checker) viberOptions(o object, m *msg) {
	opts, _ := c.obj(o, "viber_service", "viber_service")
	if m.messageType == "video" {
		if opts == nil {
			if _, present := o["viber_service"]; !present {
				c.fail("viber_service", "is required for a video: duration and file_size")
			}
		} else {
			c.intString(opts, "duration", "viber_service.duration", span{1, 600})
			c.intString(opts, "file_size", "viber_service.file_size", span{1, 200})
		}
		if v, ok := o["video"].(object); ok {
			thumb := c.required(v, "thumb_url", "video.thumb_url")
			c.absURL("video.thumb_url", thumb)
			c.maxLen("video.thumb_url", thumb, 1000)
		}
	}
	if m.messageType == "file" {
		if f, ok := o["file"].(object); ok {
			if name, ok := c.str(f, "name", "file.name"); ok {
				c.maxLen("file.name", name, 25)
			}
		}
	}
	if opts == nil {
		return
	}
	c.enum(opts, "category", "viber_service.category", "transaction", "promotion")
	c.integer(opts, "ttl", "viber_service.ttl", span{30, 259200})
	if a, ok := c.obj(opts, "action", "viber_service.action"); ok {
		u := c.required(a, "url", "viber_service.action.url")
		c.absURL("viber_service.action.url", u)
		c.maxLen("viber_service.action.text", c.required(a, "text", "viber_service.action.text"), 30)
	}
}

func (c *checker) messengerOptions(opts object, path string) {
	cat := c.enum(opts, "category", path+"category", "response", "update", "message_tag")
	if tag, _ := opts["tag"].(string); cat == "message_tag" && tag == "" {
		c.fail(path+"tag", "is required when category is message_tag")
	}
}

// v01Channel describes a channel of the nested v0.1 and Developer Preview
// bodies.
type v01Channel struct {
	types    []string
	to, from addrKind
	text     int
	preview  bool // also in the Developer Preview and Dispatch APIs
}

var v01Channels = map[string]v01Channel{
	"sms":               {[]string{"text"}, numberAddr, smsSenderAddr, 1000, true},
	"mms":               {[]string{"image", "vcard", "audio", "video", "file"}, numberAddr, mmsSenderAddr, 0, false},
	"viber_service_msg": {[]string{"text", "image", "template"}, numberAddr, idAddr, 1000, true},
	"messenger":         {[]string{"text", "image", "audio", "video", "file"}, idAddr, idAddr, 640, true},
	"whatsapp":          {[]string{"text", "image", "audio", "video", "file", "template", "custom"}, numberAddr, numberAddr, 4096, true},
}

func v01ChannelName(t string) messages.Channel {
	if t == "viber_service_msg" {
		return messages.ChannelViber
	}
	return messages.Channel(t)
}

// v01Message checks a nested message: a v0.1 or Developer Preview send, or
// one step of a workflow. preview limits the channels to the Developer
// Preview's; viberTTL is the spec's range for viber_service_msg.ttl.
func (c *checker) v01Message(o object, preview bool, viberTTL span) *msg {
	m := &msg{webhookVersion: "v0.1"}
	names := []string{}
	for n, spec := range v01Channels {
		if spec.preview || !preview {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	party := func(field string) (object, string) {
		p := c.requiredObj(o, field, field)
		if p == nil {
			return nil, ""
		}
		t := c.required(p, "type", field+".type")
		if spec, ok := v01Channels[t]; t != "" && (!ok || (preview && !spec.preview)) {
			c.unknownChannel = true
			c.fail(field+".type", "unsupported channel %q: must be one of %s", t, strings.Join(names, ", "))
			return p, ""
		}
		return p, t
	}
	from, fromType := party("from")
	to, toType := party("to")
	if fromType != "" && toType != "" && fromType != toType {
		c.fail("from.type", "must match to.type %q, got %q", toType, fromType)
	}
	m.clientRef, _ = c.str(o, "client_ref", "client_ref")
	c.maxLen("client_ref", m.clientRef, 40)
	body := c.requiredObj(o, "message", "message")
	var content object
	if body != nil {
		content = c.requiredObj(body, "content", "message.content")
	}
	if toType == "" {
		return m
	}
	spec := v01Channels[toType]
	m.v01Type, m.channel = toType, v01ChannelName(toType)
	m.to, m.toID = c.v01Address(to, "to", spec.to), spec.to == idAddr
	if from != nil {
		m.from, m.fromID = c.v01Address(from, "from", spec.from), spec.from == idAddr
	}
	if content == nil {
		return m
	}
	m.messageType = c.required(content, "type", "message.content.type")
	if m.messageType != "" && !slices.Contains(spec.types, m.messageType) {
		c.fail("message.content.type", "%s takes %s, got %q", toType, strings.Join(spec.types, ", "), m.messageType)
		return m
	}
	switch m.messageType {
	case "text":
		m.text = c.text(content, "text", "message.content.text", spec.text)
	case "image", "audio", "video", "file", "vcard":
		inner := &checker{}
		m.mediaURL = inner.media(content, m.messageType, false)
		for _, e := range inner.errs {
			c.fail("message.content."+e.Name, "%s", e.Reason)
		}
	case "template":
		if t := c.requiredObj(content, "template", "message.content.template"); t != nil {
			c.required(t, "name", "message.content.template.name")
		}
		if toType == "whatsapp" {
			if w := c.requiredObj(body, "whatsapp", "message.whatsapp"); w != nil {
				c.required(w, "locale", "message.whatsapp.locale")
				c.enum(w, "policy", "message.whatsapp.policy", "deterministic")
			}
		}
	case "custom":
		c.requiredObj(content, "custom", "message.content.custom")
	}
	if v, ok := c.obj(body, "viber_service_msg", "message.viber_service_msg"); ok {
		c.enum(v, "category", "message.viber_service_msg.category", "transaction", "promotion")
		c.integer(v, "ttl", "message.viber_service_msg.ttl", viberTTL)
	}
	if fb, ok := c.obj(body, "messenger", "message.messenger"); ok {
		c.messengerOptions(fb, "message.messenger.")
	}
	return m
}

// v01Address reads a v0.1 from or to: its number or its id, as the channel
// wants.
func (c *checker) v01Address(p object, field string, k addrKind) string {
	if k == idAddr {
		s := c.required(p, "id", field+".id")
		c.id(field+".id", s)
		return s
	}
	s := c.required(p, "number", field+".number")
	c.address(field+".number", s, k)
	return s
}

// checkV01 checks a v0.1 or Developer Preview send.
func checkV01(o object, preview bool) ([]*msg, *checker) {
	c := &checker{}
	return []*msg{c.v01Message(o, preview, span{30, 259200})}, c
}

// checkDispatch checks a Dispatch (or Developer Preview Workflows) request:
// template "failover" and two or more steps, each but the last with its
// failover rule.
func checkDispatch(o object) ([]*msg, *checker) {
	c := &checker{}
	if t, ok := c.str(o, "template", "template"); !ok {
		c.fail("template", "is required")
	} else if t != "failover" {
		c.fail("template", "must be failover, got %q", t)
	}
	list, isList := o["workflow"].([]any)
	if !isList || len(list) < 2 {
		c.fail("workflow", "must be an array of at least two messages")
	}
	var steps []*msg
	for i, item := range list {
		c.prefix = fmt.Sprintf("workflow[%d].", i)
		step, isObj := item.(object)
		if !isObj {
			c.prefix = ""
			c.fail(fmt.Sprintf("workflow[%d]", i), "must be an object")
			continue
		}
		m := c.v01Message(step, true, span{30, 86400})
		m.body, _ = json.Marshal(step)
		rule, has := c.obj(step, "failover", "failover")
		switch {
		case i == len(list)-1 && has:
			c.fail("failover", "the last message takes no failover")
		case i < len(list)-1 && rule == nil:
			if _, present := step["failover"]; !present {
				c.fail("failover", "is required on every message but the last")
			}
		case rule != nil:
			if _, ok := c.integer(rule, "expiry_time", "failover.expiry_time", span{15, 86400}); !ok {
				if _, present := rule["expiry_time"]; !present {
					c.fail("failover.expiry_time", "is required")
				}
			} else {
				m.expiry, _ = strconv.Atoi(rule["expiry_time"].(json.Number).String())
			}
			m.condition = c.enum(rule, "condition_status", "failover.condition_status", "delivered", "read")
			if _, present := rule["condition_status"]; !present {
				c.fail("failover.condition_status", "is required")
			}
		}
		steps = append(steps, m)
	}
	c.prefix = ""
	return steps, c
}
