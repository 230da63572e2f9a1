package messages

import "encoding/json"

// ValidationCase is one case of the validation tables, exposed to the
// external test package that runs it through messagestest too.
type ValidationCase struct {
	Name    string
	Version APIVersion
	Msg     Message
}

// ValidationCases returns every case of the channels' validation tables.
func ValidationCases() []ValidationCase {
	var out []ValidationCase
	for _, table := range [][]validationCase{
		smsValidationCases(), mmsValidationCases(), mmsAttachmentsValidationCases(),
		viberValidationCases(), messengerValidationCases(), whatsAppValidationCases(),
		rcsValidationCases(), emailValidationCases(),
	} {
		for _, tc := range table {
			out = append(out, ValidationCase{tc.name, tc.version, tc.msg})
		}
	}
	return out
}

// EncodeUnchecked renders msg on version as Send would, but returns the
// body even when the checks refuse it, with the problems they found: the
// body shows the API (and messagestest) what the SDK would have sent had
// it not refused. A nil message has no body.
func EncodeUnchecked(version APIVersion, msg Message) ([]byte, []FieldError, error) {
	if isNil(msg) {
		return nil, nil, ErrInvalidMessage
	}
	chk := checker{version: version}
	var payload any
	if version == V0_1 {
		payload = msg.encodeV01(&chk)
	} else {
		payload = msg.encodeV1(&chk)
	}
	body, err := json.Marshal(payload)
	return body, chk.errs, err
}
