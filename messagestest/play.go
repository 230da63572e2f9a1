package messagestest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/internal/uuid"
)

// pricePerMessage is what each message costs in status webhooks, in
// ten-thousandths of a euro: "0.0333".
const pricePerMessage = 333

func price(n int) string {
	return fmt.Sprintf("%d.%04d", n*pricePerMessage/10000, n*pricePerMessage%10000)
}

// The errors that rejected and undeliverable statuses carry.
var (
	rejectedError      = statusError{code: 1300, reason: "Not part of the provider network"}
	undeliverableError = statusError{code: 1310, reason: "Not suitable device - The user's device can't receive the message."}
)

type statusError struct {
	code   int
	reason string
}

// statuses lists the statuses a message goes through for an outcome.
func statuses(o Outcome, ch messages.Channel) []messages.MessageStatus {
	switch o {
	case Rejected:
		return []messages.MessageStatus{messages.StatusRejected}
	case Undeliverable:
		return []messages.MessageStatus{messages.StatusSubmitted, messages.StatusUndeliverable}
	case NeverDelivered:
		return []messages.MessageStatus{messages.StatusSubmitted}
	case Delivered:
		return []messages.MessageStatus{messages.StatusSubmitted, messages.StatusDelivered}
	}
	if hasReads(ch) {
		return []messages.MessageStatus{messages.StatusSubmitted, messages.StatusDelivered, messages.StatusRead}
	}
	return []messages.MessageStatus{messages.StatusSubmitted, messages.StatusDelivered}
}

// workflowLink places a status in a workflow: a v1 failover (id, item,
// total) or a Dispatch workflow (id, and whether it is the Developer
// Preview's).
type workflowLink struct {
	id          string
	item, total int
	dispatch    bool
	preview     bool
}

// playFailover plays a v1 send: the message's statuses, and when it has a
// failover array, each next step in turn for as long as a step is rejected,
// as the API documents.
func (s *Server) playFailover(steps []*msg, workflowID string) {
	for i, m := range steps {
		if s.isClosing() {
			return
		}
		if m.uuid == "" {
			m.uuid = uuid.New()
		}
		var wf *workflowLink
		if workflowID != "" {
			wf = &workflowLink{id: workflowID, item: i + 1, total: len(steps)}
		}
		o := s.outcome(m.channel, m.to)
		s.postStatuses(m, o, wf)
		if o != Rejected {
			return
		}
	}
}

// playDispatch plays a Dispatch workflow: each step is sent, and the next
// follows when the step is rejected or undeliverable, or has not reached its
// condition_status within its expiry_time (scaled by WithTimeScale). A final
// report follows when a step meets its condition, or the last step is
// delivered or fails.
func (s *Server) playDispatch(steps []*msg, id string, preview bool) {
	wf := &workflowLink{id: id, dispatch: true, preview: preview}
	var sent []finalMessage
	for i, m := range steps {
		if s.isClosing() {
			return
		}
		m.uuid = uuid.New()
		o := s.outcome(m.channel, m.to)
		seq := s.postStatuses(m, o, wf)
		last := seq[len(seq)-1]
		sent = append(sent, finalMessage{uuid: m.uuid, channel: m.v01Type, status: last})
		failed := o == Rejected || o == Undeliverable
		if i == len(steps)-1 {
			switch {
			case failed:
				s.finalReport(wf, "error", sent)
			case o != NeverDelivered:
				s.finalReport(wf, "completed", sent)
			}
			return
		}
		if failed {
			continue
		}
		met := last == messages.StatusRead || (m.condition == "delivered" && last == messages.StatusDelivered)
		if met {
			s.finalReport(wf, "completed", sent)
			return
		}
		if !s.sleep(time.Duration(m.expiry) * time.Second) {
			return
		}
	}
}

// postStatuses posts a message's statuses in order and returns them.
func (s *Server) postStatuses(m *msg, o Outcome, wf *workflowLink) []messages.MessageStatus {
	seq := statuses(o, m.channel)
	target := m.webhookURL
	if target == "" {
		target = s.cfg.statusURL
	}
	complete := true
	for _, st := range seq {
		if s.isClosing() {
			complete = false
			break
		}
		body := statusBody(m, st, wf, time.Now())
		if target != "" {
			ctx, cancel := context.WithTimeout(context.Background(), webhookTimeout)
			_, _ = s.deliver(ctx, "status", target, body)
			cancel()
		}
		// Played only once its webhook has been answered, so that a test
		// past WaitStatus finds the receiver's work done.
		s.play(m.uuid, st, body)
	}
	if complete {
		s.finishPlay(m.uuid)
	}
	return seq
}

// deliver posts one webhook, signed when the server has a secret, records
// it, and returns the receiver's status.
func (s *Server) deliver(ctx context.Context, kind, target string, body []byte) (int, error) {
	hook := Webhook{Kind: kind, URL: target, Body: body}
	defer func() {
		s.mu.Lock()
		s.webhooks.add(hook, hook.size())
		s.notifyLocked()
		s.mu.Unlock()
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		hook.Err = fmt.Errorf("messagestest: %s webhook to %q: %w", kind, target, err)
		return 0, hook.Err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "messagestest")
	if s.cfg.secret != "" {
		auth, err := SignWebhook(body, s.cfg.secret, func(c *messages.SignatureClaims) error {
			c.APIKey, c.ApplicationID = s.cfg.apiKey, s.ApplicationID
			return nil
		})
		if err != nil {
			hook.Err = err
			return 0, err
		}
		req.Header.Set("Authorization", auth)
	}
	resp, err := s.hooks.Do(req)
	if err != nil {
		hook.Err = fmt.Errorf("messagestest: %s webhook to %s: %w", kind, target, err)
		return 0, hook.Err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	hook.Status = resp.StatusCode
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		hook.Err = fmt.Errorf("messagestest: %s webhook to %s: receiver answered %d", kind, target, resp.StatusCode)
	}
	return resp.StatusCode, hook.Err
}

// timestamp formats t as the API does: "2020-01-01T14:00:00.000Z".
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

type usage struct {
	Currency string `json:"currency"`
	Price    string `json:"price"`
}

type v1StatusError struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
}

type v1Workflow struct {
	WorkflowID  string `json:"workflow_id"`
	ItemsNumber string `json:"items_number"`
	ItemsTotal  string `json:"items_total"`
}

type v1Status struct {
	MessageUUID string         `json:"message_uuid"`
	To          string         `json:"to"`
	From        string         `json:"from"`
	Timestamp   string         `json:"timestamp"`
	Status      string         `json:"status"`
	Channel     string         `json:"channel"`
	ClientRef   string         `json:"client_ref,omitempty"`
	Error       *v1StatusError `json:"error,omitempty"`
	Usage       *usage         `json:"usage,omitempty"`
	Workflow    *v1Workflow    `json:"workflow,omitempty"`
}

type v01Address struct {
	Type   string `json:"type"`
	Number string `json:"number,omitempty"`
	ID     string `json:"id,omitempty"`
}

type v01StatusError struct {
	Code   int    `json:"code"`
	Reason string `json:"reason"`
}

type v01WorkflowLink struct {
	DispatchUUID string `json:"dispatch_uuid,omitempty"`
	WorkflowUUID string `json:"workflow_uuid,omitempty"`
	Href         string `json:"href"`
}

type v01Status struct {
	MessageUUID string          `json:"message_uuid"`
	To          v01Address      `json:"to"`
	From        v01Address      `json:"from"`
	Timestamp   string          `json:"timestamp"`
	Status      string          `json:"status"`
	Error       *v01StatusError `json:"error,omitempty"`
	Usage       *usage          `json:"usage,omitempty"`
	ClientRef   string          `json:"client_ref,omitempty"`
	Links       *struct {
		Workflow v01WorkflowLink `json:"workflow"`
	} `json:"_links,omitempty"`
}

func (m *msg) v01From() v01Address {
	if m.fromID {
		return v01Address{Type: m.v01Type, ID: m.from}
	}
	return v01Address{Type: m.v01Type, Number: m.from}
}

func (m *msg) v01To() v01Address {
	if m.toID {
		return v01Address{Type: m.v01Type, ID: m.to}
	}
	return v01Address{Type: m.v01Type, Number: m.to}
}

// statusBody renders a status webhook in the message's webhook version.
func statusBody(m *msg, st messages.MessageStatus, wf *workflowLink, now time.Time) []byte {
	var e *statusError
	switch st {
	case messages.StatusRejected:
		e = &rejectedError
	case messages.StatusUndeliverable:
		e = &undeliverableError
	}
	var u *usage
	if st == messages.StatusDelivered {
		u = &usage{Currency: "EUR", Price: price(1)}
	}
	var out any
	if m.webhookVersion == "v0.1" {
		b := v01Status{
			MessageUUID: m.uuid, To: m.v01To(), From: m.v01From(), Timestamp: timestamp(now),
			Status: string(st), Usage: u, ClientRef: m.clientRef,
		}
		if e != nil {
			b.Error = &v01StatusError{Code: e.code, Reason: e.reason}
		}
		if wf != nil && wf.dispatch {
			b.Links = &struct {
				Workflow v01WorkflowLink `json:"workflow"`
			}{v01WorkflowLink{Href: "/workflows/" + wf.id}}
			if wf.preview {
				b.Links.Workflow.WorkflowUUID = wf.id
			} else {
				b.Links.Workflow.DispatchUUID = wf.id
			}
		}
		out = b
	} else {
		b := v1Status{
			MessageUUID: m.uuid, To: m.to, From: m.from, Timestamp: timestamp(now),
			Status: string(st), Channel: string(m.channel), ClientRef: m.clientRef, Usage: u,
		}
		if e != nil {
			code := strconv.Itoa(e.code)
			b.Error = &v1StatusError{Type: "https://developer.vonage.com/api-errors/messages#" + code, Title: code, Detail: e.reason, Instance: newInstance()}
		}
		if wf != nil && !wf.dispatch {
			b.Workflow = &v1Workflow{WorkflowID: wf.id, ItemsNumber: strconv.Itoa(wf.item), ItemsTotal: strconv.Itoa(wf.total)}
		}
		out = b
	}
	body, _ := json.Marshal(out)
	return body
}

type finalMessage struct {
	uuid, channel string
	status        messages.MessageStatus
}

// finalReport posts a Dispatch workflow's final report to the status URL,
// shaped as dispatch-v0.1.yml's finalReport.
func (s *Server) finalReport(wf *workflowLink, status string, sent []finalMessage) {
	if s.cfg.statusURL == "" || s.isClosing() {
		return
	}
	type link struct {
		MessageUUID string `json:"message_uuid"`
		Href        string `json:"href"`
		Channel     string `json:"channel"`
		Usage       usage  `json:"usage"`
		Status      string `json:"status"`
	}
	report := struct {
		DispatchUUID string `json:"dispatch_uuid,omitempty"`
		WorkflowUUID string `json:"workflow_uuid,omitempty"`
		Template     string `json:"template"`
		Status       string `json:"status"`
		Timestamp    string `json:"timestamp"`
		Usage        usage  `json:"usage"`
		Links        struct {
			Messages []link `json:"messages"`
		} `json:"_links"`
	}{Template: "failover", Status: status, Timestamp: timestamp(time.Now()), Usage: usage{Currency: "EUR", Price: price(len(sent))}}
	if wf.preview {
		report.WorkflowUUID = wf.id
	} else {
		report.DispatchUUID = wf.id
	}
	for _, m := range sent {
		report.Links.Messages = append(report.Links.Messages, link{
			MessageUUID: m.uuid, Href: "/v0.1/messages/" + m.uuid, Channel: m.channel,
			Usage: usage{Currency: "EUR", Price: price(1)}, Status: string(m.status),
		})
	}
	body, _ := json.Marshal(report)
	ctx, cancel := context.WithTimeout(context.Background(), webhookTimeout)
	defer cancel()
	_, _ = s.deliver(ctx, "workflow", s.cfg.statusURL, body)
}
