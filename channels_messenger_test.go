package messages

import "testing"

// TestMessengerValidation checks every Messenger rule.
func TestMessengerValidation(t *testing.T) {
	t.Parallel()
	runValidationCases(t, messengerValidationCases())
}

// messengerValidationCases returns every Messenger case: TestMessengerValidation runs them,
// and TestValidatorsAgree runs them through messagestest too.
func messengerValidationCases() []validationCase {
	return []validationCase{
		{"messenger", V1, Messenger{From: "", To: long(51), Content: Text(long(641)), Category: MessengerMessageTag}, []fieldWant{
			{"to", "must be 1 to 50 characters, got 51"},
			{"from", "required"},
			{"messenger.tag (Tag)", "required when category is message_tag"},
			{"text", "longer than 640 characters: 641"},
		}},
		{"messenger media", V1, Messenger{From: pageID, To: userPSID, Content: Image{URL: "https://example.com/a.png", Caption: long(3001)}}, []fieldWant{
			{"image.caption", "not supported by messenger"},
		}},
		// The spec sets no minimum beyond presence: text of spaces is sent.
		{"messenger text of spaces", V1, Messenger{From: pageID, To: userPSID, Content: Text(" \n ")}, nil},
		{"messenger empty text", V1, Messenger{From: pageID, To: userPSID, Content: Text("")}, []fieldWant{{"text", "must not be empty"}}},
	}
}
