package messagestest

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gomessages/messages/internal/uuid"
)

// MediaPath is where the server serves the media of inbound messages:
// GET MediaPath + "{id}", as the API serves https://api-eu.nexmo.com/v3/media/{id}.
const MediaPath = "/v3/media/"

// mediaItem is a file the server serves.
type mediaItem struct {
	name, contentType string
	body              []byte
}

// WithSecureMedia makes the server serve media as an account with "Secure
// Inbound Media" on: a GET without a JWT signed with the application's key
// is answered 401. Without it, media URLs are open, as they are with the
// setting off.
func WithSecureMedia() ServerOption {
	return func(c *config) error { c.secureMedia = true; return nil }
}

// AddMedia stores body and returns the URL the server serves it at, as
// the API links the media of an inbound message: the URL for
// InboundMessage.Media, or what InboundMessage.MediaBody does for you.
// contentType, empty, is sniffed from body; name, when not empty, is the
// file name of the Content-Disposition header. The bytes are kept until
// Reset or Close.
func (s *Server) AddMedia(name, contentType string, body []byte) string {
	if contentType == "" {
		contentType = http.DetectContentType(body)
	}
	id := uuid.New()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.media == nil {
		s.media = map[string]mediaItem{}
	}
	s.media[id] = mediaItem{name: name, contentType: contentType, body: append([]byte(nil), body...)}
	return s.URL + MediaPath + id
}

// serveMedia answers GET MediaPath{id}, recorded as a Request of Kind
// "media": 200 with the bytes, 404 for an unknown ID (the API's answer to
// media that has expired), 401 without the app's JWT under WithSecureMedia.
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) {
	rec := Request{Method: r.Method, Path: r.URL.Path, Kind: "media", Header: redact(r.Header), Time: time.Now()}
	a := answer{requestID: uuid.New()}
	id := strings.TrimPrefix(r.URL.Path, MediaPath)
	s.mu.Lock()
	item, found := s.media[id]
	s.mu.Unlock()
	switch {
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		a.problem(http.StatusMethodNotAllowed, problem{Type: "https://developer.vonage.com/api-errors#method-not-allowed", Title: "Method Not Allowed", Detail: "media is read with GET"})
	case s.cfg.secureMedia && !s.bearerOK(r):
		a.problem(http.StatusUnauthorized, *unauthorized("secure inbound media: send the application's JWT as a Bearer token"))
	case !found:
		a.problem(http.StatusNotFound, problem{Type: "https://developer.vonage.com/api-errors#not-found", Title: "Not Found", Detail: "no media " + id + ": it has expired or never existed"})
	default:
		a.status = http.StatusOK
		a.header = http.Header{"Content-Type": {item.contentType}, "Content-Length": {strconv.Itoa(len(item.body))}}
		if item.name != "" {
			a.header.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": item.name}))
		}
		if r.Method == http.MethodGet {
			a.body = item.body
		}
	}
	rec.Status = a.status
	s.record(rec)
	a.write(w)
}

// bearerOK reports a Bearer JWT the application's key signed; secure
// media takes no basic auth.
func (s *Server) bearerOK(r *http.Request) bool {
	scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	return strings.EqualFold(scheme, "Bearer") && s.checkJWT(strings.TrimSpace(cred)) == ""
}
