package messagestest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/internal/uuid"
)

// InboundPath is where a server built WithInboundEndpoint takes inbound
// messages to post to its inbound URL. The body is a JSON object:
//
//	{"channel": "sms", "from": "447700900000", "to": "447700900001", "text": "hi"}
//
// with exactly one of "text", "media" ({"type": "image", "url": "...",
// "caption": "...", "name": "..."}), "location" ({"lat": 51.5, "long":
// -0.12, "name": "...", "address": "...", "url": "..."}), "reply" ({"id":
// "...", "title": "...", "description": "..."}) and "button" ({"payload":
// "...", "text": "..."}), and optionally "media_body" (the attachment's
// bytes, base64, with "media" and no url: the server serves them at a URL
// of its own, see AddMedia) and "media_content_type",
// "message_uuid", "timestamp" (RFC 3339) and "webhook_version" ("v1" or
// "v0.1"), as in InboundMessage. The server answers 200 {"message_uuid":
// "..."} once the receiver has answered 2xx; 400 with problem details for a
// body that is not such an object; 409 when it has no inbound URL; 502 when
// the receiver fails or cannot be reached. The path is outside the API's, so
// it never shadows an endpoint, and its calls are not in Requests.
const InboundPath = "/_messagestest/inbound"

// inboundRequest is the JSON body of InboundPath.
type inboundRequest struct {
	Channel string `json:"channel"`
	From    string `json:"from"`
	To      string `json:"to"`
	Text    string `json:"text"`
	Media   *struct {
		Type    string `json:"type"`
		URL     string `json:"url"`
		Caption string `json:"caption"`
		Name    string `json:"name"`
	} `json:"media"`
	Location *struct {
		Lat     float64 `json:"lat"`
		Long    float64 `json:"long"`
		Name    string  `json:"name"`
		Address string  `json:"address"`
		URL     string  `json:"url"`
	} `json:"location"`
	MediaBody        []byte `json:"media_body"`
	MediaContentType string `json:"media_content_type"`
	Reply            *struct {
		ID          string `json:"id"`
		Title       string `json:"title"`
		Description string `json:"description"`
	} `json:"reply"`
	Button *struct {
		Payload string `json:"payload"`
		Text    string `json:"text"`
	} `json:"button"`
	MessageUUID    string    `json:"message_uuid"`
	Timestamp      time.Time `json:"timestamp"`
	WebhookVersion string    `json:"webhook_version"`
}

func (in inboundRequest) message() InboundMessage {
	msg := InboundMessage{
		Channel: messages.Channel(in.Channel), From: in.From, To: in.To, Text: in.Text,
		MessageUUID: in.MessageUUID, Timestamp: in.Timestamp, WebhookVersion: in.WebhookVersion,
		MediaBody: in.MediaBody, MediaContentType: in.MediaContentType,
	}
	if m := in.Media; m != nil {
		msg.Media = &messages.Media{Type: m.Type, URL: m.URL, Caption: m.Caption, Name: m.Name}
	}
	if r := in.Reply; r != nil {
		msg.Reply = &messages.InboundReply{ID: r.ID, Title: r.Title, Description: r.Description}
	}
	if b := in.Button; b != nil {
		msg.Button = &messages.InboundButton{Payload: b.Payload, Text: b.Text}
	}
	if l := in.Location; l != nil {
		msg.Location = &messages.Location{Lat: l.Lat, Long: l.Long, Name: l.Name, Address: l.Address, URL: l.URL}
	}
	return msg
}

// serveInboundEndpoint answers a call to InboundPath.
func (s *Server) serveInboundEndpoint(w http.ResponseWriter, r *http.Request) {
	a := answer{requestID: uuid.New()}
	defer a.write(w)
	bad := func(status int, detail string) {
		a.problem(status, problem{Type: "https://pkg.go.dev/github.com/gomessages/messages/messagestest#InboundPath", Title: http.StatusText(status), Detail: detail})
	}
	if r.Method != http.MethodPost {
		bad(http.StatusMethodNotAllowed, "use POST")
		a.header.Set("Allow", http.MethodPost)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		bad(http.StatusRequestEntityTooLarge, "the body is too large")
		return
	}
	var in inboundRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields() // a misspelt field would otherwise vanish
	if err := dec.Decode(&in); err != nil {
		bad(http.StatusBadRequest, "the body is not an inbound message: "+strings.TrimPrefix(err.Error(), "json: "))
		return
	}
	msg := in.message()
	if _, _, err := inboundBody(msg, ""); err != nil {
		bad(http.StatusBadRequest, err.Error())
		return
	}
	if s.cfg.inboundURL == "" {
		bad(http.StatusConflict, "the server has no inbound URL to post to")
		return
	}
	messageUUID, err := s.Inbound(r.Context(), msg)
	switch {
	case errors.Is(err, errClosed):
		bad(http.StatusServiceUnavailable, err.Error())
	case err != nil:
		bad(http.StatusBadGateway, err.Error())
	default:
		a.status = http.StatusOK
		a.header = http.Header{"Content-Type": {"application/json"}}
		a.body, _ = json.Marshal(map[string]string{"message_uuid": messageUUID})
	}
}

// baseURL is the URL clients reach a listener's address at. An unspecified
// host (0.0.0.0, or ::, which Go's "tcp" listeners serve over IPv4 too)
// accepts connections on every interface but is no address to dial, so the
// IPv4 loopback stands in for it.
func baseURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return "http://" + addr.String()
	}
	return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
}
