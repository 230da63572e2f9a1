package wire

import (
	"encoding/json"
	"errors"
	"strings"
)

// SendReply is the body of a 202 answer to a send: v1's message_uuid and
// workflow_id (when failover was asked for), v0.1's message_uuid, or the
// Dispatch API's dispatch_uuid.
type SendReply struct {
	MessageUUID  string `json:"message_uuid"`
	WorkflowID   string `json:"workflow_id"`
	DispatchUUID string `json:"dispatch_uuid"`
}

var errNotFlat = errors.New("not a flat object of plain strings")

// ParseSendReply decodes an answer. The answer is almost always a flat
// object of plain strings, which a direct scan reads without reflection;
// anything else (escapes, numbers, nesting, odd spacing) goes to
// encoding/json, so both paths agree on every input (see FuzzParseSendReply).
func ParseSendReply(b []byte) (SendReply, error) {
	if r, err := scanFlatReply(b); err == nil {
		return r, nil
	}
	var r SendReply
	err := json.Unmarshal(b, &r)
	return r, err
}

// scanFlatReply reads {"key":"value",...} with no escapes, where every key
// is distinct; it fails on anything else.
func scanFlatReply(b []byte) (SendReply, error) {
	var r SendReply
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return r, errNotFlat
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return r, endOfReply(b, i)
	}
	seen := 0
	for {
		key, val, next, ok := scanPair(b, i)
		if !ok || !r.set(key, val, &seen) {
			return r, errNotFlat
		}
		i = skipSpace(b, next)
		if i >= len(b) {
			return r, errNotFlat
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return r, endOfReply(b, i)
		default:
			return r, errNotFlat
		}
	}
}

// endOfReply refuses anything but space after the closing brace at b[i].
func endOfReply(b []byte, i int) error {
	if skipSpace(b, i+1) != len(b) {
		return errNotFlat
	}
	return nil
}

// scanPair reads "key":"value" at b[i], both plain strings, and returns
// them and the index after the value.
func scanPair(b []byte, i int) (key, val string, next int, ok bool) {
	key, next, ok = scanPlainString(b, i)
	if !ok {
		return "", "", 0, false
	}
	i = skipSpace(b, next)
	if i >= len(b) || b[i] != ':' {
		return "", "", 0, false
	}
	val, next, ok = scanPlainString(b, skipSpace(b, i+1))
	return key, val, next, ok
}

// set stores val under key, ignoring unknown keys. It refuses, for
// encoding/json to decide, a key seen before and a known key in other
// letter case; seen holds a bit per known key.
func (r *SendReply) set(key, val string, seen *int) bool {
	var field *string
	var bit int
	switch key {
	case "message_uuid":
		field, bit = &r.MessageUUID, 1
	case "workflow_id":
		field, bit = &r.WorkflowID, 2
	case "dispatch_uuid":
		field, bit = &r.DispatchUUID, 4
	default:
		// encoding/json matches keys without regard to case.
		return !strings.EqualFold(key, "message_uuid") && !strings.EqualFold(key, "workflow_id") && !strings.EqualFold(key, "dispatch_uuid")
	}
	if *seen&bit != 0 {
		return false // a repeated key: let encoding/json decide
	}
	*seen |= bit
	*field = val
	return true
}

// scanPlainString reads a JSON string at b[i] holding printable ASCII with
// no escapes, and returns it and the index after its closing quote.
func scanPlainString(b []byte, i int) (string, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return "", 0, false
	}
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			return string(b[i+1 : j]), j + 1, true
		case c == '\\' || c < 0x20 || c >= 0x7f:
			return "", 0, false
		}
	}
	return "", 0, false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}
