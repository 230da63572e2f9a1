package wire

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSendReply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want SendReply
		ok   bool
	}{
		{`{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}`, SendReply{MessageUUID: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}, true},
		{" {\n \"message_uuid\" : \"m\", \"workflow_id\":\"w\" }\n", SendReply{MessageUUID: "m", WorkflowID: "w"}, true},
		{`{"dispatch_uuid":"d","extra":"x"}`, SendReply{DispatchUUID: "d"}, true},
		{`{"message_uuid":"caf\u00e9"}`, SendReply{MessageUUID: "café"}, true},          // escapes: encoding/json
		{`{"message_uuid":"m","n":1,"o":{"a":[1]}}`, SendReply{MessageUUID: "m"}, true}, // non-strings: encoding/json
		{`{"message_uuid":"a","message_uuid":"b"}`, SendReply{MessageUUID: "b"}, true},  // repeats: the last wins, as in encoding/json
		{`{}`, SendReply{}, true},
		{``, SendReply{}, false},
		{`{"message_uuid":"m"`, SendReply{}, false},
		{`{"message_uuid":"m"} x`, SendReply{}, false},
		{`[]`, SendReply{}, false},
		{`{"message_uuid":1}`, SendReply{}, false},
	}
	for _, tt := range tests {
		got, err := ParseSendReply([]byte(tt.in))
		if !tt.ok {
			assert.Error(t, err, "ParseSendReply(%q)", tt.in)
			continue
		}
		if assert.NoError(t, err, "ParseSendReply(%q)", tt.in) {
			assert.Equal(t, tt.want, got, "ParseSendReply(%q)", tt.in)
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
		var slow SendReply
		slowErr := json.Unmarshal(b, &slow)
		if fastErr == nil {
			require.NoError(t, slowErr, "%q: the scan accepted what encoding/json refuses", b)
			require.Equal(t, slow, fast, "%q: the scan and encoding/json read it differently", b)
		}
		got, err := ParseSendReply(b)
		if slowErr != nil {
			require.Error(t, err, "%q: ParseSendReply accepted what encoding/json refuses (%v)", b, slowErr)
			return
		}
		require.NoError(t, err, "%q: ParseSendReply refused what encoding/json reads", b)
		require.Equal(t, slow, got, "%q: ParseSendReply and encoding/json read it differently", b)
	})
}
