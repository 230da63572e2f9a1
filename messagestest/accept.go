package messagestest

import (
	"crypto/rand"
	"net/http"

	"github.com/gomessages/messages/internal/uuid"
)

// accept checks a request's body for its endpoint and builds the answer:
// 202 with fresh IDs, and the webhooks to play; or the problems.
func (s *Server) accept(rt route, pathUUID string, body []byte, rec *Request, a *answer) {
	rec.Kind = rt.kind
	invalidStatus := http.StatusBadRequest // v0.1, Dispatch and the Developer Preview
	if rt.version == "v1" {
		invalidStatus = http.StatusUnprocessableEntity
	}
	o, err := decodeObject(body)
	if err != nil {
		a.problem(invalidStatus, problem{
			Type:   "https://developer.vonage.com/api-errors#invalid-json",
			Title:  "The request body did not contain valid JSON",
			Detail: err.Error(),
		})
		return
	}
	if rt.kind == "update" {
		s.acceptUpdate(pathUUID, o, rec, a)
		return
	}
	var steps []*msg
	var c *checker
	switch {
	case rt.kind == "dispatch":
		steps, c = checkDispatch(o)
	case rt.version == "v1":
		steps, c = checkV1(o)
	default:
		steps, c = checkV01(o, rt.version == "beta")
	}
	describe(rec, steps)
	if len(c.errs) > 0 {
		if c.unknownChannel {
			p := problem{Type: "https://developer.vonage.com/api-errors/messages#1100", Title: "Unsupported channel", Detail: "The specified channel is not supported."}
			for _, e := range c.errs {
				p.InvalidParameters = append(p.InvalidParameters, invalidParameterDTO(e))
			}
			a.problem(invalidStatus, p)
			return
		}
		a.invalidParams(invalidStatus, c.errs)
		return
	}

	switch {
	case rt.kind == "dispatch":
		id := uuid.New()
		rec.WorkflowID = id
		if rt.version == "beta" {
			a.accepted(map[string]string{"workflow_uuid": id})
		} else {
			a.accepted(map[string]string{"dispatch_uuid": id})
		}
		a.start = func() { s.playDispatch(steps, id, rt.version == "beta") }
	default:
		steps[0].uuid = uuid.New()
		rec.MessageUUID = steps[0].uuid
		reply := map[string]string{"message_uuid": steps[0].uuid}
		if len(steps) > 1 {
			rec.WorkflowID = newWorkflowID()
			reply["workflow_id"] = rec.WorkflowID
		}
		a.accepted(reply)
		for _, m := range steps {
			if m.webhookVersion == "" {
				m.webhookVersion = "v1" // v0.1 bodies come with "v0.1"
			}
		}
		workflowID := rec.WorkflowID
		a.start = func() { s.playFailover(steps, workflowID) }
	}
}

// acceptUpdate answers PATCH /v1/messages/{uuid}: {"status": "read"} marks
// an inbound WhatsApp message read, {"status": "revoked"} revokes an RCS
// message.
func (s *Server) acceptUpdate(messageUUID string, o object, rec *Request, a *answer) {
	c := &checker{}
	if !isUUID(messageUUID) {
		c.fail("message_uuid", "must be a UUID, got %q", messageUUID)
	}
	rec.MessageUUID = messageUUID
	rec.UpdateStatus = c.required(o, "status", "status")
	if rec.UpdateStatus != "" && rec.UpdateStatus != "read" && rec.UpdateStatus != "revoked" {
		c.fail("status", "must be read or revoked, got %q", rec.UpdateStatus)
	}
	if ind, ok := c.obj(o, "replying_indicator", "replying_indicator"); ok {
		// The spec's WhatsApp branch: a read receipt may show the user
		// that a reply is coming.
		if rec.UpdateStatus != "read" {
			c.fail("replying_indicator", "only a read update shows a replying indicator")
		}
		if show, isBool := ind["show"].(bool); !isBool {
			c.fail("replying_indicator.show", "is required and must be a boolean")
		} else {
			rec.ReplyingIndicator = show
		}
		if _, present := ind["type"]; !present {
			c.fail("replying_indicator.type", "is required")
		}
		c.enum(ind, "type", "replying_indicator.type", "text")
	}
	if len(c.errs) > 0 {
		a.invalidParams(http.StatusUnprocessableEntity, c.errs)
		return
	}
	a.accepted(nil)
}

// describe fills a record's decoded fields from the steps.
func describe(rec *Request, steps []*msg) {
	fill := func(r *Request, m *msg) {
		r.Channel, r.MessageType, r.From, r.To = m.channel, m.messageType, m.from, m.to
		r.Text, r.MediaURL, r.ClientRef = m.text, m.mediaURL, m.clientRef
		r.WebhookURL, r.WebhookVersion = m.webhookURL, m.webhookVersion
		if r.Version != "v1" {
			r.WebhookVersion = ""
		}
	}
	for i, m := range steps {
		if i == 0 {
			fill(rec, m)
			continue
		}
		step := Request{Version: rec.Version, Kind: "message", Body: m.body}
		fill(&step, m)
		rec.Failover = append(rec.Failover, step)
	}
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
				return false
			}
		}
	}
	return true
}

// newWorkflowID returns an ID shaped like the API's v1 workflow_id: 55
// base58 characters.
func newWorkflowID() string {
	const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	b := make([]byte, 55)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
