package messages

import "time"

// ViberContent is what a Viber message can carry: Text, Image, Video or File.
type ViberContent interface{ viberContent() }

// MessengerContent is what a Messenger message can carry: Text, Image, Audio,
// Video or File.
type MessengerContent interface{ messengerContent() }

// Text is a text message body.
type Text string

// Image is an image attachment. URL must be an absolute http or https URL.
type Image struct {
	URL     string
	Caption string
}

// Audio is an audio attachment.
type Audio struct {
	URL     string
	Caption string
}

// Video is a video attachment. Viber needs ThumbURL, Duration and FileSize
// (in megabytes); other channels take URL and Caption.
type Video struct {
	URL      string
	Caption  string
	ThumbURL string
	Duration time.Duration
	FileSize int
}

// File is a file attachment. Viber takes Name, the file's name and
// extension, when URL does not end in it.
type File struct {
	URL     string
	Caption string
	Name    string
}

func (Text) viberContent()  {}
func (Image) viberContent() {}
func (Video) viberContent() {}
func (File) viberContent()  {}

func (Text) messengerContent()  {}
func (Image) messengerContent() {}
func (Audio) messengerContent() {}
func (Video) messengerContent() {}
func (File) messengerContent()  {}

// derefContent turns a pointer to a content value into the value, so that
// callers may pass either; a nil pointer becomes nil.
func derefContent(c any) any {
	switch p := c.(type) {
	case *Text:
		if p != nil {
			return *p
		}
	case *Image:
		if p != nil {
			return *p
		}
	case *Audio:
		if p != nil {
			return *p
		}
	case *Video:
		if p != nil {
			return *p
		}
	case *File:
		if p != nil {
			return *p
		}
	default:
		return c
	}
	return nil
}
