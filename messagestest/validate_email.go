package messagestest

import (
	"fmt"
	"regexp"
	"unicode/utf8"
)

// The email rules of messages-v1.yml: OutboundEmailText, OutboundEmailHtml
// and OutboundEmailContent, and the email object of channelOptionsEmail.

// emailAddressRE is the pattern the spec gives email.cc[].address and
// email.bcc[].address. The fake holds from and to to it as well: the spec
// calls each "the email address" of its party and knows no other form of
// one, and a display name has fields of its own (to_name, from_name).
var emailAddressRE = regexp.MustCompile(`^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$`)

// emailName is the length of every display name: to_name, from_name and
// the name of each cc and bcc entry.
var emailName = span{1, 100}

func (c *checker) emailAddress(path, s string) {
	if s != "" && !emailAddressRE.MatchString(s) {
		c.fail(path, "must be an email address, got %q", s)
	}
}

// email checks what an email carries beyond the fields every channel
// shares: its content for the message type, and the email object.
func (c *checker) email(o object, m *msg) {
	switch m.messageType {
	case "text":
		m.text = c.required(o, "text", "text")
	case "html":
		if h := c.requiredObj(o, "html", "html"); h != nil {
			c.required(h, "body", "html.body")
		}
	case "content":
		c.emailContent(o, m)
	}
	opts := c.requiredObj(o, "email", "email")
	if opts == nil {
		return
	}
	c.required(opts, "subject", "email.subject")
	c.emailName(opts, "to_name", "email.to_name")
	c.emailName(opts, "from_name", "email.from_name")
	c.enum(opts, "importance", "email.importance", "High", "Normal", "Low")
	c.enum(opts, "priority", "email.priority", "Non-urgent", "Normal", "Urgent")
	c.enum(opts, "sensitivity", "email.sensitivity", "Personal", "Private", "Company-Confidential")
	c.emailCopies(opts, "cc")
	c.emailCopies(opts, "bcc")
}

// emailContent checks the parts of an email of message type content: each
// a text part ({"type":"text","text":...}) or an HTML part
// ({"type":"html","body":...}). The spec's description ("text and/or
// HTML") asks for one at least. The first text part is the request's Text.
func (c *checker) emailContent(o object, m *msg) {
	c.contentItems(o, "text or html part", func(field string, part object) {
		if _, present := part["type"]; !present {
			c.fail(field+".type", "is required")
			return
		}
		switch c.enum(part, "type", field+".type", "text", "html") {
		case "text":
			if s := c.required(part, "text", field+".text"); m.text == "" {
				m.text = s
			}
		case "html":
			c.required(part, "body", field+".body")
		}
	})
}

// emailName checks an optional display name.
func (c *checker) emailName(o object, field, path string) {
	s, ok := c.str(o, field, path)
	if !ok {
		return
	}
	if n := utf8.RuneCountInString(s); !emailName.contains(n) {
		c.fail(path, "must be %d to %d characters, got %d", emailName.min, emailName.max, n)
	}
}

// emailCopies checks the optional email.cc or email.bcc array.
func (c *checker) emailCopies(opts object, field string) {
	v, present := opts[field]
	if !present || v == nil {
		return
	}
	list, ok := v.([]any)
	if !ok {
		c.fail("email."+field, "must be an array")
		return
	}
	for i, item := range list {
		path := fmt.Sprintf("email.%s[%d]", field, i)
		entry, isObj := item.(object)
		if !isObj {
			c.fail(path, "must be an object")
			continue
		}
		c.emailAddress(path+".address", c.required(entry, "address", path+".address"))
		c.emailName(entry, "name", path+".name")
	}
}
