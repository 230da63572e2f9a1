package messagestest

import (
	"encoding/json"
	"errors"

	"github.com/gomessages/messages"
)

// The accessors below read a recorded request's Body on each call, so a
// test can check what was sent without decoding JSON by hand. They read
// both wire versions: the flat v1 body, and the nested message.content of
// v0.1 and the Developer Preview (and of a Dispatch step in Failover). What
// a body does not hold, or a body that is not JSON, reads as empty.

// bodyMedia is an attachment object: image, audio, video, file, vcard or
// sticker.
type bodyMedia struct {
	URL     string `json:"url"`
	Caption string `json:"caption"`
	Name    string `json:"name"`
	ID      string `json:"id"` // a WhatsApp sticker's, instead of url
}

// bodyTemplate is a WhatsApp (or v0.1 Viber) template. Parameters are
// strings on v1 and v0.1, and {"default": "..."} objects in the Developer
// Preview.
type bodyTemplate struct {
	Name       string            `json:"name"`
	Parameters []json.RawMessage `json:"parameters"`
}

// bodyContent is what a message carries: the v1 body itself, or v0.1's
// message.content.
type bodyContent struct {
	MessageType string        `json:"message_type"` // v1
	Type        string        `json:"type"`         // v0.1
	Image       *bodyMedia    `json:"image"`
	Audio       *bodyMedia    `json:"audio"`
	Video       *bodyMedia    `json:"video"`
	File        *bodyMedia    `json:"file"`
	VCard       *bodyMedia    `json:"vcard"`
	Sticker     *bodyMedia    `json:"sticker"`
	Template    *bodyTemplate `json:"template"`
}

// kind returns the message type, whichever version named it.
func (c *bodyContent) kind() string {
	if c.MessageType != "" {
		return c.MessageType
	}
	return c.Type
}

func (c *bodyContent) media(kind string) *bodyMedia {
	switch kind {
	case "image":
		return c.Image
	case "audio":
		return c.Audio
	case "video":
		return c.Video
	case "file":
		return c.File
	case "vcard":
		return c.VCard
	case "sticker":
		return c.Sticker
	}
	return nil
}

// contentItem is one entry of a v1 "content" array: an MMS attachment, or
// an email's text or HTML part.
type contentItem struct {
	Type string `json:"type"`
	bodyMedia
}

// v1Body is the part of a flat v1 body the accessors read.
type v1Body struct {
	bodyContent
	Content json.RawMessage `json:"content"` // an array on v1; v0.1 has it inside message
	Email   *struct {
		Subject string `json:"subject"`
	} `json:"email"`
	Message *struct {
		Content *bodyContent `json:"content"`
	} `json:"message"`
	Workflow []json.RawMessage `json:"workflow"` // a Dispatch request's steps
}

// decodeBody decodes the body once for one accessor call: the message's
// content, and the v1-only parts when the body is flat.
func (r Request) decodeBody() (content *bodyContent, v1 *v1Body) {
	var b v1Body
	// A field of the wrong type is skipped and the rest still read: the
	// fake records refused bodies too.
	var typeErr *json.UnmarshalTypeError
	if err := json.Unmarshal(r.Body, &b); err != nil && !errors.As(err, &typeErr) {
		return &bodyContent{}, &v1Body{}
	}
	if b.Message != nil && b.Message.Content != nil {
		return b.Message.Content, &v1Body{}
	}
	if len(b.Workflow) > 0 { // as the other fields, the first step
		return Request{Body: b.Workflow[0]}.decodeBody()
	}
	return &b.bodyContent, &b
}

// Template returns the name and parameters of the template the request
// sent, a WhatsApp one on v1 and v0.1, or empty values when it sent none.
func (r Request) Template() (name string, params []string) {
	c, _ := r.decodeBody()
	if c.Template == nil {
		return "", nil
	}
	for _, raw := range c.Template.Parameters {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			var obj struct {
				Default string `json:"default"`
			}
			_ = json.Unmarshal(raw, &obj)
			s = obj.Default
		}
		params = append(params, s)
	}
	return c.Template.Name, params
}

// Media returns the attachments the request sent, with their type (image,
// audio, video, file, vcard or sticker), URL, caption and file name: one for
// a media message, each of them for a v1 MMS of message type "content", and
// none for other messages. A sticker sent by ID has no URL.
func (r Request) Media() []messages.Media {
	c, v1 := r.decodeBody()
	kind := c.kind()
	if kind == "content" {
		var items []contentItem
		_ = json.Unmarshal(v1.Content, &items)
		var out []messages.Media
		for _, it := range items {
			if !isMediaType(it.Type) {
				continue // an email's text or HTML part
			}
			out = append(out, messages.Media{Type: it.Type, URL: it.URL, Caption: it.Caption, Name: it.Name})
		}
		return out
	}
	m := c.media(kind)
	if m == nil || m.URL == "" && m.ID == "" {
		return nil
	}
	return []messages.Media{{Type: kind, URL: m.URL, Caption: m.Caption, Name: m.Name}}
}

func isMediaType(t string) bool {
	switch t {
	case "image", "audio", "video", "file", "vcard", "sticker":
		return true
	}
	return false
}

// Subject returns the subject of the email the request sent (v1
// email.subject), or "" for any other message.
func (r Request) Subject() string {
	_, v1 := r.decodeBody()
	if v1.Email == nil {
		return ""
	}
	return v1.Email.Subject
}
