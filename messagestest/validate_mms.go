package messagestest

import (
	"slices"
	"strings"
)

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

// mmsAttachmentTypes are the types of an MMS content item, as v1's Content
// schema lists them.
var mmsAttachmentTypes = []string{"image", "audio", "video", "vcard", "file"}
