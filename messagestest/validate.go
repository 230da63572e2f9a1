package messagestest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
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

func (c *checker) maxLen(path, s string, limit int) {
	if n := utf8.RuneCountInString(s); limit > 0 && n > limit {
		c.fail(path, "longer than %d characters: %d", limit, n)
	}
}

func (c *checker) text(o object, field, path string, limit int) string {
	s := c.required(o, field, path)
	c.maxLen(path, s, limit)
	return s
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
	c.objects("content", list, each)
}

// objects calls each with every item of list, the array at path, that is
// an object, and the item's path, "path[i]"; an item of another type is
// refused.
func (c *checker) objects(path string, list []any, each func(path string, item object)) {
	for i, item := range list {
		at := fmt.Sprintf("%s[%d]", path, i)
		obj, isObj := item.(object)
		if !isObj {
			c.fail(at, "must be an object")
			continue
		}
		each(at, obj)
	}
}

// eachStep calls each with every item of list, the steps of the array
// field, and their index; it checks an item's fields under the prefix
// "field[i]." and refuses an item that is not an object.
func (c *checker) eachStep(field string, list []any, each func(i int, step object)) {
	for i, item := range list {
		c.prefix = fmt.Sprintf("%s[%d].", field, i)
		step, isObj := item.(object)
		if !isObj {
			c.prefix = ""
			c.fail(fmt.Sprintf("%s[%d]", field, i), "must be an object")
			continue
		}
		each(i, step)
	}
	c.prefix = ""
}
