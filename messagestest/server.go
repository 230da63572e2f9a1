package messagestest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/internal/uuid"
)

// maxBody caps the request bodies the server reads.
const maxBody = 1 << 20

// Server is a fake Messages API listening on a loopback address. Its
// methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the server, "http://127.0.0.1:port", with no
	// trailing slash: what messages.WithBaseURL takes.
	URL string
	// ApplicationID is the fresh application ID (a UUID) whose JWTs the
	// server accepts.
	ApplicationID string
	// PrivateKey is the application's fresh RSA 2048 private key, PKCS#8 PEM.
	PrivateKey []byte

	cfg     config
	key     *rsa.PublicKey
	srv     *http.Server
	hooks   *http.Client
	closing chan struct{}

	mu       sync.Mutex
	closed   bool
	requests record[Request]
	webhooks record[Webhook]
	outcomes map[outcomeKey]Outcome
	failNext *failure
	media    map[string]mediaItem // AddMedia's files, by ID

	// Waits (see wait.go): changed is closed and replaced whenever a
	// status is played or a webhook recorded; stopped is set once Close
	// has nothing left to play.
	played  map[string]*playback
	changed chan struct{}
	stopped bool
	resets  int // how many times Reset has run

	handlers sync.WaitGroup // requests being answered
	workers  sync.WaitGroup // webhook deliveries and workflows
	serving  chan struct{}  // closed when Serve returns
}

// NewServer starts a fake Messages API on 127.0.0.1 (or the listener of
// WithListener) with a fresh application ID and key pair. The caller must
// Close it. Like httptest, it panics if it cannot listen or make a key, and
// on a nil or bad option too: each is a mistake in the test's own setup,
// which should stop the test at once with the reason, not run it on a
// server configured otherwise than it says.
func NewServer(opts ...ServerOption) *Server {
	cfg := config{timeScale: 1, defaultOutcome: Read}
	for i, o := range opts {
		if o == nil {
			panic(fmt.Sprintf("messagestest: NewServer: option %d is nil", i))
		}
		if err := o(&cfg); err != nil {
			panic("messagestest: NewServer: " + err.Error())
		}
	}
	if cfg.apiKey == "" {
		cfg.apiKey = DefaultAPIKey
		if cfg.basicKey != "" {
			cfg.apiKey = cfg.basicKey
		}
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("messagestest: generating a key: " + err.Error())
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		panic("messagestest: encoding the key: " + err.Error())
	}
	ln := cfg.listener
	if ln == nil {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic("messagestest: listening on a loopback port: " + err.Error())
		}
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	s := &Server{
		URL:           baseURL(ln.Addr()),
		ApplicationID: uuid.New(),
		PrivateKey:    pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}),
		cfg:           cfg,
		key:           &key.PublicKey,
		hooks:         &http.Client{Transport: transport, Timeout: webhookTimeout},
		closing:       make(chan struct{}),
		outcomes:      map[outcomeKey]Outcome{},
		serving:       make(chan struct{}),
	}
	s.cfg.limits = cfg.limits.withDefaults(cfg.latency)
	s.requests.setLimits(s.cfg.limits)
	s.webhooks.setLimits(s.cfg.limits)
	s.srv = s.cfg.limits.Server(http.HandlerFunc(s.serveHTTP))
	go func() {
		defer close(s.serving)
		_ = s.srv.Serve(ln)
	}()
	return s
}

// Client returns a client of the fake: NewClient with the server's
// application ID, key and URL, then opts. Each call builds a new client,
// with its own connection pool, so that opts apply to it alone: call it
// once per configuration and share the client, as real code shares one.
// There is nothing to close: Close ends every connection to the server,
// and a client's calls after that fail. Client panics if the client cannot
// be built, such as when opts pick another host.
func (s *Server) Client(opts ...messages.Option) *messages.Client {
	all := append([]messages.Option{messages.WithBaseURL(s.URL)}, opts...)
	c, err := messages.NewClient(s.ApplicationID, s.PrivateKey, all...)
	if err != nil {
		panic("messagestest: building a client: " + err.Error())
	}
	return c
}

// Close stops the server. It waits for the requests being answered and the
// webhook deliveries in flight; deliveries not yet started, and workflow
// steps still waiting for their expiry, are dropped. No goroutine of the
// server outlives Close, and a pending WaitStatus or WaitWebhook ends with
// an error. Close may be called more than once.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.closing)
	s.mu.Unlock()

	_ = s.srv.Close() // cancels the contexts of requests in flight
	<-s.serving
	s.handlers.Wait()
	s.workers.Wait()
	s.hooks.CloseIdleConnections()

	s.mu.Lock()
	s.stopped = true
	s.notifyLocked()
	s.mu.Unlock()
}

// Requests returns a copy of every request the server has answered, or
// started to, in the order they arrived. A request refused before it was
// authenticated (401, an unknown path, a body over 1 MiB) is recorded
// without its body. The record is bounded: it keeps the latest 10,000
// requests within 64 MiB of bodies and headers, and drops the oldest past
// either, so a server left running under load keeps bounded memory.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests.items))
	for i, r := range s.requests.items {
		out[i] = r.clone()
	}
	return out
}

// Webhooks returns a copy of every webhook the server has posted, in the
// order their deliveries ended. Like Requests, it keeps the latest 10,000
// within 64 MiB and drops the oldest past either.
func (s *Server) Webhooks() []Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Webhook, len(s.webhooks.items))
	for i, w := range s.webhooks.items {
		out[i] = w.clone()
	}
	return out
}

// Reset forgets the recorded requests and webhooks, the statuses played,
// the scripted outcomes, the media of AddMedia and a pending FailNext.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests.reset()
	s.webhooks.reset()
	s.failNext, s.played = nil, nil
	s.media = nil
	s.resets++
	s.outcomes = map[outcomeKey]Outcome{}
}

// route is one endpoint of the API.
type route struct {
	version string // "v1", "v0.1" or "beta"
	kind    string // "message", "dispatch" or "update"
}

func findRoute(method, path string) (route, string, bool) {
	p := strings.TrimSuffix(path, "/")
	switch {
	case method == http.MethodPost && p == "/v1/messages":
		return route{"v1", "message"}, "", true
	case method == http.MethodPatch && strings.HasPrefix(p, "/v1/messages/") && !strings.Contains(p[len("/v1/messages/"):], "/"):
		return route{"v1", "update"}, p[len("/v1/messages/"):], true
	case method == http.MethodPost && p == "/v0.1/messages":
		return route{"v0.1", "message"}, "", true
	case method == http.MethodPost && p == "/v0.1/dispatch":
		return route{"v0.1", "dispatch"}, "", true
	case method == http.MethodPost && p == "/beta/messages":
		return route{"beta", "message"}, "", true
	case method == http.MethodPost && p == "/beta/workflows":
		return route{"beta", "dispatch"}, "", true
	}
	return route{}, "", false
}

// serveHTTP admits a request while the server is open and hands it to the
// inbound endpoint, the media files or the API.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.admit() {
		http.Error(w, "messagestest: server closed", http.StatusServiceUnavailable)
		return
	}
	defer s.handlers.Done()

	if s.cfg.inboundEndpoint && strings.TrimSuffix(r.URL.Path, "/") == InboundPath {
		s.serveInboundEndpoint(w, r) // not an API call: never recorded
		return
	}

	if strings.HasPrefix(r.URL.Path, MediaPath) {
		s.serveMedia(w, r)
		return
	}
	s.serveAPI(w, r)
}

// admit counts a request in, for Close to wait for, unless the server is
// closed.
func (s *Server) admit() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.handlers.Add(1)
	return true
}

// serveAPI answers a call of the API once the scripted latency has passed,
// and records it; a call whose client gives up first is recorded
// unanswered.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	rec := Request{Method: r.Method, Path: r.URL.Path, Header: redact(r.Header), Time: time.Now()}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	rec.Body = body
	a := answer{requestID: uuid.New()}
	if !s.answerCall(r, body, err, &rec, &a) {
		// Anyone can send these: keeping their bodies would let any
		// client of the port fill the server's memory.
		rec.Body = nil
	}
	if !s.delay(r.Context()) {
		s.record(rec) // status 0: never answered
		return
	}
	rec.Status = a.status
	rec.InvalidParameters = a.invalid
	s.record(rec)
	a.write(w)
	if a.status == http.StatusAccepted && a.start != nil {
		s.spawn(a.start)
	}
}

// answerCall builds the answer to a call: a problem for an unknown path or
// a body that could not be read whole, FailNext's failure, 401 for missing
// or bad credentials, else what accept makes of the body. It reports
// whether the request's body may be kept: the call was authenticated, or
// its failure scripted.
func (s *Server) answerCall(r *http.Request, body []byte, readErr error, rec *Request, a *answer) bool {
	rt, id, found := findRoute(r.Method, r.URL.Path)
	rec.Version = rt.version
	switch {
	case !found:
		a.problem(http.StatusNotFound, problem{Type: "https://developer.vonage.com/api-errors#not-found", Title: "Not Found", Detail: fmt.Sprintf("no %s %s in the Messages API", r.Method, r.URL.Path)})
		return false
	case readErr != nil && !errors.As(readErr, new(*http.MaxBytesError)):
		// Cut off mid-body, as a client that trickles its body is.
		a.problem(http.StatusBadRequest, problem{Type: "https://developer.vonage.com/api-errors#bad-request", Title: "Bad Request", Detail: "the body could not be read"})
		return false
	case readErr != nil:
		a.problem(http.StatusRequestEntityTooLarge, problem{Type: "https://developer.vonage.com/api-errors#payload-too-large", Title: "Payload Too Large", Detail: fmt.Sprintf("the body is larger than %d bytes", maxBody)})
		return false
	}
	if f := s.takeFailure(); f != nil {
		a.failure(f)
		return true // the test asked for it: kept whole, as before
	}
	if p := s.authenticate(r); p != nil {
		a.problem(http.StatusUnauthorized, *p)
		return false
	}
	s.accept(rt, id, body, rec, a)
	return true
}

func (s *Server) record(rec Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests.add(rec, rec.size())
}

// spawn runs f on a goroutine that Close waits for.
func (s *Server) spawn(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.workers.Add(1)
	go func() {
		defer s.workers.Done()
		f()
	}()
}

// sleep waits for d scaled by the time scale, or until the server closes;
// it reports whether the whole wait passed.
func (s *Server) sleep(d time.Duration) bool {
	t := time.NewTimer(time.Duration(float64(d) * s.cfg.timeScale))
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.closing:
		return false
	}
}

func (s *Server) isClosing() bool {
	select {
	case <-s.closing:
		return true
	default:
		return false
	}
}

// redact copies h with its Authorization value reduced to the scheme.
func redact(h http.Header) http.Header {
	out := h.Clone()
	if v := out.Get("Authorization"); v != "" {
		scheme, _, _ := strings.Cut(v, " ")
		out.Set("Authorization", scheme+" [REDACTED]")
	}
	return out
}

var errClosed = errors.New("messagestest: server closed")
