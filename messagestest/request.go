package messagestest

import (
	"net/http"
	"time"

	"github.com/gomessages/messages"
)

// Request is one request the server received, decoded as far as its body
// allowed: a refused request keeps what could be read.
type Request struct {
	Method string
	Path   string
	// Version is the wire version of the endpoint: "v1", "v0.1" or "beta"
	// (the Developer Preview); empty for an unknown path.
	Version string
	// Kind is "message" (a send, with or without a v1 failover array),
	// "dispatch" (a v0.1 Dispatch or Developer Preview workflow) or "update"
	// (PATCH /v1/messages/{uuid}); "media" a GET of a media file (see
	// AddMedia).
	Kind string

	// The message, or a workflow's first step. Channel uses the v1 names
	// (a v0.1 "viber_service_msg" is messages.ChannelViber); From and To
	// are the number or ID as sent.
	Channel        messages.Channel
	MessageType    string
	From, To       string
	Text           string
	MediaURL       string // the url of an image, audio, video, file, vcard or sticker; an MMS content's first (Media gives them all)
	ClientRef      string
	WebhookURL     string
	WebhookVersion string
	// Failover holds the steps after the first: the v1 failover array, or
	// the rest of a Dispatch workflow. Their Body is the step's JSON.
	Failover []Request

	// UpdateStatus is the status a PATCH asked for: "read" or "revoked".
	UpdateStatus string
	// ReplyingIndicator is whether a read PATCH asked WhatsApp to show the
	// user a replying indicator (MarkRead with WithReplyingIndicator).
	ReplyingIndicator bool

	// Body is the raw request body.
	Body []byte
	// Header is the request's header, with the Authorization value reduced
	// to its scheme, such as "Bearer [REDACTED]".
	Header http.Header

	// MessageUUID is the UUID the server answered with (or, for an update,
	// the one in the path); WorkflowID the v1 workflow_id, the v0.1
	// dispatch_uuid or the Developer Preview's workflow_uuid.
	MessageUUID string
	WorkflowID  string
	// Status is the status code the server answered, or 0 when the client
	// gave up first.
	Status int
	// InvalidParameters lists the fields a 400 or 422 answer named.
	InvalidParameters []messages.InvalidParameter
	Time              time.Time
}

func (r Request) clone() Request {
	r.Body = append([]byte(nil), r.Body...)
	r.Header = r.Header.Clone()
	r.InvalidParameters = append([]messages.InvalidParameter(nil), r.InvalidParameters...)
	if r.Failover != nil {
		steps := make([]Request, len(r.Failover))
		for i, s := range r.Failover {
			steps[i] = s.clone()
		}
		r.Failover = steps
	}
	return r
}

// Webhook is one webhook the server posted.
type Webhook struct {
	// Kind is "status", "inbound" or "workflow" (a Dispatch final report).
	Kind string
	URL  string
	Body []byte
	// Status is the receiver's answer, or 0 when it could not be reached;
	// Err says why.
	Status int
	Err    error
}

func (w Webhook) clone() Webhook {
	w.Body = append([]byte(nil), w.Body...)
	return w
}

// Event parses the webhook's body as messages.ParseWebhook does: a
// *messages.Status, a *messages.Inbound, or a *messages.UnknownEvent (a
// Dispatch workflow's final report).
func (w Webhook) Event() (messages.Event, error) {
	return messages.ParseWebhook(w.Body)
}
