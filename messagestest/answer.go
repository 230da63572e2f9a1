package messagestest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"

	"github.com/gomessages/messages"
)

// answer is the reply being built for one request.
type answer struct {
	status    int
	body      []byte
	header    http.Header
	requestID string
	invalid   []messages.InvalidParameter
	start     func() // what to play once the answer is out
}

// problem is an RFC 7807 problem-details body as the API sends it.
type problem struct {
	Type              string                `json:"type"`
	Title             string                `json:"title"`
	Detail            string                `json:"detail"`
	Instance          string                `json:"instance"`
	InvalidParameters []invalidParameterDTO `json:"invalid_parameters,omitempty"`
}

type invalidParameterDTO struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

func (a *answer) problem(status int, p problem) {
	if p.Instance == "" {
		p.Instance = newInstance()
	}
	a.status = status
	a.body, _ = json.Marshal(p)
	a.header = http.Header{"Content-Type": {"application/problem+json"}}
	for _, ip := range p.InvalidParameters {
		a.invalid = append(a.invalid, messages.InvalidParameter(ip))
	}
}

func (a *answer) invalidParams(status int, errs []messages.InvalidParameter) {
	p := problem{
		Type:   "https://developer.vonage.com/api-errors/messages#1150",
		Title:  "Invalid params",
		Detail: "The value of one or more parameters is invalid.",
	}
	for _, e := range errs {
		p.InvalidParameters = append(p.InvalidParameters, invalidParameterDTO(e))
	}
	a.problem(status, p)
}

func (a *answer) accepted(v any) {
	a.status = http.StatusAccepted
	a.header = http.Header{"Content-Type": {"application/json"}}
	if v != nil {
		a.body, _ = json.Marshal(v)
	}
}

func (a *answer) write(w http.ResponseWriter) {
	for k, v := range a.header {
		w.Header()[k] = v
	}
	w.Header().Set("X-Request-Id", a.requestID)
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// newInstance returns a trace ID shaped like the API's: 32 hex digits.
func newInstance() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
