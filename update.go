package messages

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/gomessages/messages/internal/wire"
)

// MarkRead tells the sender of an inbound WhatsApp or RCS message that it
// has been read (blue ticks on WhatsApp). region is where the message came
// in: the update must go to that region's host.
func (c *Client) MarkRead(ctx context.Context, messageUUID string, region Region) error {
	return c.update(ctx, messageUUID, region, "read")
}

// Revoke withdraws an outbound RCS message that has not been delivered yet,
// where the network allows it; the status webhook reports the outcome.
// region is where the message was sent: the update must go to that region's
// host.
func (c *Client) Revoke(ctx context.Context, messageUUID string, region Region) error {
	return c.update(ctx, messageUUID, region, "revoked")
}

// update sends PATCH {regional host}/v1/messages/{uuid}. The UUID, the region
// and the client's version are checked before any I/O.
func (c *Client) update(ctx context.Context, messageUUID string, region Region, status string) error {
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
	body, err := json.Marshal(wire.V1Update{Status: status})
	if err != nil {
		return err
	}
	_, err = c.do(ctx, http.MethodPatch, base+"/v1/messages/"+messageUUID, body)
	return err
}
