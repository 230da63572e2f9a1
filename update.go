package messages

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"

	"github.com/gomessages/messages/internal/wire"
)

// MarkRead tells the sender of an inbound WhatsApp or RCS message that it
// has been read (blue ticks on WhatsApp). region is where the message came
// in: the update must go to that region's host. WithReplyingIndicator also
// shows a WhatsApp user that a reply is on its way.
func (c *Client) MarkRead(ctx context.Context, messageUUID string, region Region, opts ...MarkReadOption) (err error) {
	if c.observer != nil {
		var op *OperationInfo
		ctx, op = c.startUpdate(ctx, OperationMarkRead, messageUUID, region)
		defer func() { c.endOperation(ctx, op, nil, err) }()
	}
	var s markReadSettings
	if err := applyOptions(&s, "mark read option", opts); err != nil {
		return err
	}
	body := wire.V1Update{Status: "read"}
	if s.replyingIndicator {
		body.ReplyingIndicator = &wire.ReplyingIndicator{Show: true, Type: "text"}
	}
	return c.update(ctx, messageUUID, region, body)
}

// MarkReadOption changes a MarkRead call, which refuses a nil one with an
// ErrInvalidOption before any I/O.
type MarkReadOption func(*markReadSettings) error

type markReadSettings struct {
	replyingIndicator bool
}

// WithReplyingIndicator makes MarkRead also show the WhatsApp user a
// "replying" (typing) indicator, which WhatsApp dismisses when you respond
// or after 25 seconds, whichever comes first. Show it only when a reply is
// coming. RCS has no such indicator; the API refuses it there.
func WithReplyingIndicator() MarkReadOption {
	return func(s *markReadSettings) error { s.replyingIndicator = true; return nil }
}

// Revoke withdraws an outbound RCS message that has not been delivered yet,
// where the network allows it; the status webhook reports the outcome.
// region is where the message was sent: the update must go to that region's
// host.
func (c *Client) Revoke(ctx context.Context, messageUUID string, region Region) (err error) {
	if c.observer != nil {
		var op *OperationInfo
		ctx, op = c.startUpdate(ctx, OperationRevoke, messageUUID, region)
		defer func() { c.endOperation(ctx, op, nil, err) }()
	}
	return c.update(ctx, messageUUID, region, wire.V1Update{Status: "revoked"})
}

// update sends PATCH {regional host}/v1/messages/{uuid}. The UUID, the region
// and the client's version are checked before any I/O.
func (c *Client) update(ctx context.Context, messageUUID string, region Region, update wire.V1Update) error {
	chk := checker{version: c.version}
	if c.version != V1 {
		chk.fail("status", "updating a message is not supported by API version %s", c.version)
	}
	if !uuidRE.MatchString(messageUUID) {
		chk.fail("message_uuid", "not a UUID: %q", messageUUID)
	}
	base, ok := c.updateBase(region)
	if !ok {
		chk.fail("region", "unknown region %q: use RegionEU, RegionUS, RegionAP or RegionGlobal", region)
	}
	if err := chk.err(""); err != nil {
		return err
	}
	body, err := json.Marshal(update)
	if err != nil {
		return err
	}
	_, err = c.do(ctx, http.MethodPatch, base+"/v1/messages/"+messageUUID, body)
	return err
}

// updateBase picks the host an update goes to: the region's, or the
// client's own base for RegionGlobal. A client pointed elsewhere (WithBaseURL,
// such as a fake server, or WithSandbox) sends every update to its base.
func (c *Client) updateBase(region Region) (string, bool) {
	host, known := regionHosts[region]
	if !known {
		return "", false
	}
	if region == RegionGlobal || !isRegionHost(c.baseURL) {
		return c.baseURL, true
	}
	return host, true
}

func isRegionHost(base string) bool {
	for _, h := range regionHosts {
		if h == base {
			return true
		}
	}
	return false
}

// uuidRE is the RFC 4122 text form: 8-4-4-4-12 hexadecimal digits.
var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
