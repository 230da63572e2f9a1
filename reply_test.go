package messages

import (
	"encoding/json"
	"testing"
)

func TestParseSendReply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want sendReply
		ok   bool
	}{
		{`{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}`, sendReply{MessageUUID: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}, true},
		{" {\n \"message_uuid\" : \"m\", \"workflow_id\":\"w\" }\n", sendReply{MessageUUID: "m", WorkflowID: "w"}, true},
		{`{"dispatch_uuid":"d","extra":"x"}`, sendReply{DispatchUUID: "d"}, true},
		{`{"message_uuid":"caf\u00e9"}`, sendReply{MessageUUID: "café"}, true},          // escapes: encoding/json
		{`{"message_uuid":"m","n":1,"o":{"a":[1]}}`, sendReply{MessageUUID: "m"}, true}, // non-strings: encoding/json
		{`{"message_uuid":"a","message_uuid":"b"}`, sendReply{MessageUUID: "b"}, true},  // repeats: the last wins, as in encoding/json
		{`{}`, sendReply{}, true},
		{``, sendReply{}, false},
		{`{"message_uuid":"m"`, sendReply{}, false},
		{`{"message_uuid":"m"} x`, sendReply{}, false},
		{`[]`, sendReply{}, false},
		{`{"message_uuid":1}`, sendReply{}, false},
	}
	for _, tt := range tests {
		got, err := parseSendReply([]byte(tt.in))
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("parseSendReply(%q) = %+v, %v; want %+v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// FuzzParseSendReply checks that the fast scan never disagrees with
// encoding/json: whatever it accepts, encoding/json reads the same way.
func FuzzParseSendReply(f *testing.F) {
	for _, s := range []string{
		`{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}`,
		`{"message_uuid":"m","workflow_id":"w"}`,
		`{"dispatch_uuid":"d"}`, `{ }`, `{"a":"b","message_uuid":"c"}`, `{"message_uuid":"\u0041"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fast, fastErr := scanFlatReply(b)
		var slow sendReply
		slowErr := json.Unmarshal(b, &slow)
		if fastErr == nil && (slowErr != nil || fast != slow) {
			t.Fatalf("%q: scan gave %+v, encoding/json %+v, %v", b, fast, slow, slowErr)
		}
		got, err := parseSendReply(b)
		if (err == nil) != (slowErr == nil) || (err == nil && got != slow) {
			t.Fatalf("%q: parseSendReply %+v, %v; encoding/json %+v, %v", b, got, err, slow, slowErr)
		}
	})
}
