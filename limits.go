package messages

// span is an inclusive range.
type span struct{ min, max int }

func (s span) contains(n int) bool { return n >= s.min && n <= s.max }

// limits is the one table of the API's limits that validation reads. The
// values come from the specs (see DESIGN.md, "Limits"); where v1 and v0.1
// differ both are kept.
var limits = struct {
	smsTextV1, smsTextV01 int
	viberText             int
	messengerText         int
	whatsAppText          int
	rcsText               int

	clientRefV1, clientRefV01 int

	id span // Messenger from/to and Viber from

	smsTTL, viberTTL, mmsTTL, rcsTTL span // seconds

	caption int

	viberVideoSeconds  span
	viberVideoSizeMB   span
	viberThumbURL      int
	viberFileName      int
	viberActionText    int
	senderIDCharacters int // alphanumeric SMS sender IDs

	mmsText          int  // v1.20.0 sets no maximum; 0 means none
	mmsShortCode     span // digits of a US short code sending MMS
	whatsAppAudioURL span // characters

	latitude, longitude float64 // absolute bounds, degrees

	rcsSuggestionText   int
	rcsSuggestions      int // per message (text, carousel)
	rcsCardSuggestions  int // per card
	rcsCarouselCards    span
	rcsCardTitle        int
	rcsCardText         int
	rcsURLDescription   span
	rcsEventTitle       span
	rcsEventDescription span
}{
	smsTextV1:     3200,
	smsTextV01:    1000,
	viberText:     1000,
	messengerText: 640,
	whatsAppText:  4096,
	rcsText:       3072,

	clientRefV1:  100,
	clientRefV01: 40,

	id: span{1, 50},

	smsTTL:   span{20, 604800},
	viberTTL: span{30, 259200},
	mmsTTL:   span{300, 259200},
	rcsTTL:   span{20, 259200},

	caption: 3000,

	viberVideoSeconds:  span{1, 600},
	viberVideoSizeMB:   span{1, 200},
	viberThumbURL:      1000,
	viberFileName:      25,
	viberActionText:    30,
	senderIDCharacters: 11,

	mmsText:          0,
	mmsShortCode:     span{5, 6},
	whatsAppAudioURL: span{10, 2000},

	latitude:  90,
	longitude: 180,

	rcsSuggestionText:   25,
	rcsSuggestions:      11,
	rcsCardSuggestions:  4,
	rcsCarouselCards:    span{2, 10},
	rcsCardTitle:        200,
	rcsCardText:         2000,
	rcsURLDescription:   span{1, 500},
	rcsEventTitle:       span{1, 100},
	rcsEventDescription: span{1, 500},
}
