package messagestest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
)

const smsBody = `{"channel":"sms","message_type":"text","to":"447700900000","from":"447700900001","text":"Hello from Vonage!","client_ref":"order-1"}`

func bearer(t testing.TB, s *Server) string {
	t.Helper()
	tok, err := s.Client().Token()
	require.NoError(t, err)
	return "Bearer " + tok
}

// call sends one raw request to the server.
func call(t testing.TB, s *Server, method, path, auth, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, b
}

// decodeProblem reads a problem-details answer and checks its shape.
func decodeProblem(t testing.TB, b []byte) problem {
	t.Helper()
	var p problem
	require.NoError(t, json.Unmarshal(b, &p), "answer is not JSON: %s", b)
	assert.NotEmpty(t, p.Type, "problem details incomplete: %s", b)
	assert.NotEmpty(t, p.Title, "problem details incomplete: %s", b)
	assert.NotEmpty(t, p.Detail, "problem details incomplete: %s", b)
	assert.Len(t, p.Instance, 32, "problem details incomplete: %s", b)
	return p
}

func signRS256(t testing.TB, keyPEM []byte, claims jwt.MapClaims, method jwt.SigningMethod) string {
	t.Helper()
	block, _ := pem.Decode(keyPEM)
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	require.NoError(t, err)
	tok, err := jwt.NewWithClaims(method, claims).SignedString(key)
	require.NoError(t, err)
	return "Bearer " + tok
}

func TestNewServerIdentity(t *testing.T) {
	t.Parallel()
	a, b := newTestServer(t), newTestServer(t)
	assert.True(t, isUUID(a.ApplicationID), "application ID %q: want a UUID", a.ApplicationID)
	assert.NotEqual(t, a.ApplicationID, b.ApplicationID, "want two fresh application IDs")
	assert.False(t, bytes.Equal(a.PrivateKey, b.PrivateKey), "two servers share a key") // bytes.Equal: a nil and an empty key are the same key
	block, _ := pem.Decode(a.PrivateKey)
	require.NotNil(t, block, "PrivateKey is not a PEM block")
	require.Equal(t, "PRIVATE KEY", block.Type, "PrivateKey is not a PKCS#8 PEM block")
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	require.NoError(t, err)
	assert.Equal(t, 2048, key.(interface{ Size() int }).Size()*8, "key bits")
	assert.True(t, strings.HasPrefix(a.URL, "http://127.0.0.1:"), "URL %q, want http://127.0.0.1:port", a.URL)
	assert.False(t, strings.HasSuffix(a.URL, "/"), "URL %q, want http://127.0.0.1:port", a.URL)
}

func TestAcceptRecordsDecodedRequest(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	status, header, body := call(t, s, http.MethodPost, "/v1/messages", bearer(t, s), smsBody)
	require.Equal(t, http.StatusAccepted, status, "%s", body)
	var reply map[string]string
	require.NoError(t, json.Unmarshal(body, &reply), "reply %s, want {\"message_uuid\": uuid}", body)
	require.Len(t, reply, 1, "reply %s, want {\"message_uuid\": uuid}", body)
	require.True(t, isUUID(reply["message_uuid"]), "reply %s, want {\"message_uuid\": uuid}", body)
	assert.True(t, isUUID(header.Get("X-Request-Id")), "headers %v", header)
	assert.Equal(t, "application/json", header.Get("Content-Type"), "headers %v", header)
	reqs := s.Requests()
	require.Len(t, reqs, 1, "requests recorded")
	r := reqs[0]
	r.Time, r.Header = time.Time{}, nil
	want := Request{
		Method: "POST", Path: "/v1/messages", Version: "v1", Kind: "message",
		Channel: messages.ChannelSMS, MessageType: "text", From: Sender, To: Phone,
		Text: "Hello from Vonage!", ClientRef: "order-1", Body: []byte(smsBody),
		MessageUUID: reply["message_uuid"], Status: http.StatusAccepted,
	}
	assert.Equal(t, want, r, "recorded")
	assert.Equal(t, "Bearer [REDACTED]", reqs[0].Header.Get("Authorization"), "recorded Authorization")
	// The copy is the caller's: changing it changes nothing recorded.
	reqs[0].Body[0] = 'X'
	assert.Equal(t, byte('{'), s.Requests()[0].Body[0], "Requests returned the server's own body slice")
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithBasicAuth(APIKey, APISecret))
	other := newTestServer(t)
	now := time.Now()
	claims := func(mod func(jwt.MapClaims)) jwt.MapClaims {
		c := jwt.MapClaims{"application_id": s.ApplicationID, "iat": now.Unix(), "exp": now.Add(time.Minute).Unix(), "jti": "a-b-c"}
		if mod != nil {
			mod(c)
		}
		return c
	}
	tests := []struct {
		name, auth string
		detail     string // "" for accepted
	}{
		{"jwt", bearer(t, s), ""},
		{"hand-made jwt", signRS256(t, s.PrivateKey, claims(nil), jwt.SigningMethodRS256), ""},
		{"basic", "Basic a2V5MTpzZWNyZXQx", ""},
		{"none", "", "no Authorization header: send a Bearer JWT or, if enabled, basic auth"},
		{"garbage", "Bearer not.a.jwt", "the JWT is malformed"},
		{"other key", signRS256(t, other.PrivateKey, claims(nil), jwt.SigningMethodRS256), "the JWT is not signed with the application's private key"},
		{"expired", signRS256(t, s.PrivateKey, claims(func(c jwt.MapClaims) {
			c["iat"], c["exp"] = now.Add(-time.Hour).Unix(), now.Add(-time.Minute).Unix()
		}), jwt.SigningMethodRS256), "the JWT has expired"},
		{"future iat", signRS256(t, s.PrivateKey, claims(func(c jwt.MapClaims) { c["iat"] = now.Add(time.Hour).Unix() }), jwt.SigningMethodRS256), "the JWT is not valid yet"},
		{"no exp", signRS256(t, s.PrivateKey, claims(func(c jwt.MapClaims) { delete(c, "exp") }), jwt.SigningMethodRS256), "the JWT has no exp claim"},
		{"no jti", signRS256(t, s.PrivateKey, claims(func(c jwt.MapClaims) { delete(c, "jti") }), jwt.SigningMethodRS256), "the JWT has no jti claim"},
		{"other app", signRS256(t, s.PrivateKey, claims(func(c jwt.MapClaims) { c["application_id"] = other.ApplicationID }), jwt.SigningMethodRS256), "the JWT's application_id is not this application's"},
		{"PS256", signRS256(t, s.PrivateKey, claims(nil), jwt.SigningMethodPS256), "the JWT is signed with PS256, not RS256"},
		{"basic wrong secret", "Basic a2V5MTpzZWNyZXQy", "wrong API key or secret"},
		{"basic malformed", "Basic !!!", "malformed basic auth"},
		{"HS256", "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo", "the JWT is signed with HS256, not RS256"},
		{"digest", "Digest abc", "unknown Authorization scheme Digest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, _, body := call(t, s, http.MethodPost, "/v1/messages", tt.auth, smsBody)
			if tt.detail == "" {
				require.Equal(t, http.StatusAccepted, status, "%s", body)
				return
			}
			require.Equal(t, http.StatusUnauthorized, status, "%s", body)
			p := decodeProblem(t, body)
			assert.Equal(t, tt.detail, p.Detail, "problem %+v", p)
			assert.Equal(t, "You did not provide correct credentials.", p.Title, "problem %+v", p)
			assert.Equal(t, "https://developer.vonage.com/api-errors/#unathorized", p.Type, "problem %+v", p)
		})
	}
}

func TestBasicAuthNeedsTheOption(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	status, _, body := call(t, s, http.MethodPost, "/v1/messages", "Basic a2V5MTpzZWNyZXQx", smsBody)
	if assert.Equal(t, http.StatusUnauthorized, status, "%s", body) {
		assert.Equal(t, "basic auth is not enabled on this server (see WithBasicAuth)", decodeProblem(t, body).Detail)
	}
}

type invalidCase struct {
	name, path, body string
	status           int
	title            string
	params           []ip
}

func runInvalid(t *testing.T, cases []invalidCase) {
	t.Helper()
	s := newTestServer(t)
	auth := bearer(t, s)
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, header, body := call(t, s, http.MethodPost, tt.path, auth, tt.body)
			require.Equal(t, tt.status, status, "%s", body)
			assert.Equal(t, "application/problem+json", header.Get("Content-Type"), "headers %v", header)
			assert.True(t, isUUID(header.Get("X-Request-Id")), "headers %v", header)
			p := decodeProblem(t, body)
			assert.Equal(t, tt.title, p.Title, "title")
			assert.Equal(t, tt.params, p.InvalidParameters, "invalid_parameters")
		})
	}
}

// ip is an invalid_parameters entry; a local type keeps the tables short.
type ip = invalidParameterDTO

func TestRefusesInvalidV1Bodies(t *testing.T) {
	t.Parallel()
	const params = "Invalid params"
	runInvalid(t, []invalidCase{
		{"empty object", "/v1/messages", `{}`, 422, params, []ip{
			{"channel", "is required"}, {"message_type", "is required"}, {"to", "is required"}, {"from", "is required"},
		}},
		{"unknown channel", "/v1/messages", `{"channel":"telegram","message_type":"text","to":"447700900000","from":"x","text":"hi"}`, 422, "Unsupported channel", []ip{
			{"channel", `unsupported channel "telegram": must be one of sms, mms, rcs, whatsapp, messenger, viber_service, email`},
		}},
		{"sms", "/v1/messages", `{"channel":"sms","message_type":"image","to":"+447700900000","from":"VeryLongSenderID","ttl":5,"client_ref":"` + strings.Repeat("r", 101) + `","webhook_url":"/status","webhook_version":"v2"}`, 422, params, []ip{
			{"client_ref", "longer than 100 characters: 101"},
			{"webhook_url", `must be an absolute http or https URL, got "/status"`},
			{"webhook_version", `must be one of v0.1, v1, got "v2"`},
			{"to", `must be an E.164 number without a leading +, got "+447700900000"`},
			{"from", `an alphanumeric sender ID is at most 11 characters, got "VeryLongSenderID"`},
			{"ttl", "must be 20 to 604800, got 5"},
			{"message_type", `sms takes text, got "image"`},
		}},
		{"sms text", "/v1/messages", `{"channel":"sms","message_type":"text","to":"447700900000","from":"447700900001","text":"` + strings.Repeat("a", 3201) + `","sms":{"encoding_type":"utf8"}}`, 422, params, []ip{
			{"text", "longer than 3200 characters: 3201"},
			{"sms.encoding_type", `must be one of text, unicode, auto, got "utf8"`},
		}},
		{"empty text", "/v1/messages", `{"channel":"sms","message_type":"text","to":"447700900000","from":"447700900001","text":"","ttl":"600"}`, 422, params, []ip{
			{"ttl", "must be an integer"}, {"text", "must not be empty"},
		}},
		// A sender with a "+" is a number written with its "+", not an
		// alphanumeric sender ID over 11 characters.
		{"sms sender with a plus", "/v1/messages", `{"channel":"sms","message_type":"text","to":"447700900000","from":"+447700900001","text":"hi"}`, 422, params, []ip{
			{"from", `must be an E.164 number without a leading +, got "+447700900001"`},
		}},
		{"sms sender that is no number", "/v1/messages", `{"channel":"sms","message_type":"text","to":"447700900000","from":"+44 7700-900001","text":"hi"}`, 422, params, []ip{
			{"from", `must be an E.164 number of 7 to 15 digits without a leading + or 00, got "+44 7700-900001"`},
		}},
		{"viber video", "/v1/messages", `{"channel":"viber_service","message_type":"video","to":"447700900000","from":"` + strings.Repeat("v", 51) + `","video":{"url":"https://example.com/v.mp4","caption":""},"viber_service":{"duration":"601","category":"spam","ttl":10}}`, 422, params, []ip{
			{"from", "must be 1 to 50 characters, got 51"},
			{"video.caption", "must not be empty"},
			{"viber_service.duration", `must be a whole number from 1 to 600, got "601"`},
			{"viber_service.file_size", "is required"},
			{"video.thumb_url", "is required"},
			{"viber_service.category", `must be one of transaction, promotion, got "spam"`},
			{"viber_service.ttl", "must be 30 to 259200, got 10"},
		}},
		{"whatsapp sticker and reaction", "/v1/messages", `{"channel":"whatsapp","message_type":"sticker","to":"US.13491208655302741918","from":"447700900001","sticker":{"url":"https://example.com/s.webp","id":"abc"}}`, 422, params, []ip{
			{"sticker", "must hold exactly one of url and id"},
		}},
		{"whatsapp reaction without emoji", "/v1/messages", `{"channel":"whatsapp","message_type":"reaction","to":"447700900000","from":"447700900001","reaction":{"action":"react"},"context":{"message_uuid":"u"}}`, 422, params, []ip{
			{"reaction.emoji", "is required"},
		}},
		{"rcs card and suggestions", "/v1/messages", `{"channel":"rcs","message_type":"card","to":"447700900000","from":"Vonage","card":{"title":"t","text":"x","suggestions":[{"type":"open_url","text":"` + strings.Repeat("s", 26) + `","postback_data":"p","url":"https://example.com"},{"type":"wave","text":"t","postback_data":"p"}]},"rcs":{"category":"marketing","card_orientation":"DIAGONAL"}}`, 422, params, []ip{
			{"rcs.category", `must be one of authentication, transaction, promotion, service-request, acknowledgement, got "marketing"`},
			{"rcs.card_orientation", `must be one of VERTICAL, HORIZONTAL, got "DIAGONAL"`},
			{"card.media_url", "is required"},
			{"card.suggestions[0].text", "longer than 25 characters: 26"},
			{"card.suggestions[0].description", "is required"},
			{"card.suggestions[1].type", `unknown suggestion type "wave"`},
		}},
		{"rcs carousel of one", "/v1/messages", `{"channel":"rcs","message_type":"carousel","to":"447700900000","from":"Vonage","carousel":{"cards":[{"title":"t","text":"x","media_url":"https://example.com/a.jpg"}]}}`, 422, params, []ip{
			{"carousel.cards", "must hold 2 to 10 cards, got 1"},
		}},
		{"viber video without options", "/v1/messages", `{"channel":"viber_service","message_type":"video","to":"447700900000","from":"654321","video":{"url":"https://example.com/v.mp4","thumb_url":"https://example.com/t.jpg"}}`, 422, params, []ip{
			{"viber_service", "is required for a video: duration and file_size"},
		}},
		{"viber action", "/v1/messages", `{"channel":"viber_service","message_type":"text","to":"447700900000","from":"654321","text":"hi","viber_service":{"action":{"url":"ftp://x","text":"` + strings.Repeat("b", 31) + `"}}}`, 422, params, []ip{
			{"viber_service.action.url", `must be an absolute http or https URL, got "ftp://x"`},
			{"viber_service.action.text", "longer than 30 characters: 31"},
		}},
		{"messenger", "/v1/messages", `{"channel":"messenger","message_type":"text","to":"","from":"1234","text":"` + strings.Repeat("m", 641) + `","messenger":{"category":"message_tag"}}`, 422, params, []ip{
			{"to", "must not be empty"},
			{"text", "longer than 640 characters: 641"},
			{"messenger.tag", "is required when category is message_tag"},
		}},
		{"media url", "/v1/messages", `{"channel":"messenger","message_type":"image","to":"1","from":"2","image":{"caption":"` + strings.Repeat("c", 3001) + `"}}`, 422, params, []ip{
			{"image.url", "is required"},
			{"image.caption", "longer than 3000 characters: 3001"},
		}},
		{"media missing", "/v1/messages", `{"channel":"whatsapp","message_type":"file","to":"447700900000","from":"447700900001","file":"https://example.com/f.pdf"}`, 422, params, []ip{
			{"file", "must be an object"},
		}},
		{"wrong types", "/v1/messages", `{"channel":7,"message_type":true,"to":["1"],"from":null}`, 422, params, []ip{
			{"channel", "must be a string"}, {"message_type", "must be a string"}, {"to", "must be a string"}, {"from", "is required"},
		}},
		{"failover", "/v1/messages", `{"channel":"sms","message_type":"text","to":"447700900000","from":"447700900001","text":"hi","failover":[{"channel":"viber_service","message_type":"text","to":"12","from":"654321","text":"hi","failover":[]},"x"]}`, 422, params, []ip{
			{"failover[0].failover", "a failover message cannot have its own failover"},
			{"failover[0].to", `must be an E.164 number of 7 to 15 digits without a leading + or 00, got "12"`},
			{"failover[1]", "must be an object"},
		}},
		{"failover empty", "/v1/messages", `{"channel":"sms","message_type":"text","to":"447700900000","from":"447700900001","text":"hi","failover":[]}`, 422, params, []ip{
			{"failover", "must hold at least one message"},
		}},
		{"whatsapp template", "/v1/messages", `{"channel":"whatsapp","message_type":"template","to":"447700900000","from":"447700900001","template":{}}`, 422, params, []ip{
			{"template.name", "is required"}, {"whatsapp", "is required"},
		}},
	})
}

func TestRefusesInvalidNestedBodies(t *testing.T) {
	t.Parallel()
	const params = "Invalid params"
	runInvalid(t, []invalidCase{
		{"v0.1 empty", "/v0.1/messages", `{}`, 400, params, []ip{{"from", "is required"}, {"to", "is required"}, {"message", "is required"}}},
		{"v0.1 unknown channel", "/v0.1/messages", `{"from":{"type":"rcs","id":"x"},"to":{"type":"rcs","number":"447700900000"},"message":{"content":{"type":"text","text":"hi"}}}`, 400, "Unsupported channel", []ip{
			{"from.type", `unsupported channel "rcs": must be one of messenger, mms, sms, viber_service_msg, whatsapp`},
			{"to.type", `unsupported channel "rcs": must be one of messenger, mms, sms, viber_service_msg, whatsapp`},
		}},
		{"v0.1 sms", "/v0.1/messages", `{"from":{"type":"sms","number":"447700900001"},"to":{"type":"sms","number":"0447700900000"},"message":{"content":{"type":"text","text":"` + strings.Repeat("a", 1001) + `"}},"client_ref":"` + strings.Repeat("r", 41) + `"}`, 400, params, []ip{
			{"client_ref", "longer than 40 characters: 41"},
			{"to.number", `must be an E.164 number of 7 to 15 digits without a leading + or 00, got "0447700900000"`},
			{"message.content.text", "longer than 1000 characters: 1001"},
		}},
		{"v0.1 mismatch", "/v0.1/messages", `{"from":{"type":"sms","number":"447700900001"},"to":{"type":"messenger","id":"1"},"message":{"content":{"type":"image","image":{"url":"x"}},"messenger":{"category":"other"}}}`, 400, params, []ip{
			{"from.type", `must match to.type "messenger", got "sms"`},
			{"from.id", "is required"},
			{"message.content.image.url", `must be an absolute http or https URL, got "x"`},
			{"message.messenger.category", `must be one of response, update, message_tag, got "other"`},
		}},
		{"beta has no mms", "/beta/messages", `{"from":{"type":"mms","number":"447700900001"},"to":{"type":"mms","number":"447700900000"},"message":{"content":{"type":"image","image":{"url":"https://example.com/i.jpg"}}}}`, 400, "Unsupported channel", []ip{
			{"from.type", `unsupported channel "mms": must be one of messenger, sms, viber_service_msg, whatsapp`},
			{"to.type", `unsupported channel "mms": must be one of messenger, sms, viber_service_msg, whatsapp`},
		}},
		{"dispatch", "/v0.1/dispatch", `{"template":"chain","workflow":[{"from":{"type":"viber_service_msg","id":"654321"},"to":{"type":"viber_service_msg","number":"447700900000"},"message":{"content":{"type":"text","text":"hi"},"viber_service_msg":{"ttl":90000}}},{"from":{"type":"sms","number":"447700900001"},"to":{"type":"sms","number":"447700900000"},"message":{"content":{"type":"text","text":"hi"}},"failover":{"expiry_time":600,"condition_status":"read"}}]}`, 400, params, []ip{
			{"template", `must be failover, got "chain"`},
			{"workflow[0].message.viber_service_msg.ttl", "must be 30 to 86400, got 90000"},
			{"workflow[0].failover", "is required on every message but the last"},
			{"workflow[1].failover", "the last message takes no failover"},
		}},
		{"dispatch rule", "/beta/workflows", `{"template":"failover","workflow":[{"from":{"type":"messenger","id":"1"},"to":{"type":"messenger","id":"2"},"message":{"content":{"type":"text","text":"hi"}},"failover":{"expiry_time":5,"condition_status":"seen"}},{"from":{"type":"sms","number":"447700900001"},"to":{"type":"sms","number":"447700900000"},"message":{"content":{"type":"text","text":"hi"}}}]}`, 400, params, []ip{
			{"workflow[0].failover.expiry_time", "must be 15 to 86400, got 5"},
			{"workflow[0].failover.condition_status", `must be one of delivered, read, got "seen"`},
		}},
		{"dispatch one step", "/v0.1/dispatch", `{"template":"failover","workflow":[]}`, 400, params, []ip{
			{"workflow", "must be an array of at least two messages"},
		}},
	})
}

func TestRefusesGarbage(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	auth := bearer(t, s)
	for _, tt := range []struct {
		path, body string
		status     int
		detail     string
	}{
		{"/v1/messages", "", 422, "the body is not valid JSON: EOF"},
		{"/v1/messages", "{", 422, "the body is not valid JSON: unexpected EOF"},
		{"/v1/messages", "[1]", 422, "the body is not a JSON object"},
		{"/v1/messages", "{} {}", 422, "the body holds more than one JSON value"},
		{"/v0.1/messages", "\x00\xff", 400, "the body is not valid JSON: invalid character '\\x00' looking for beginning of value"},
		{"/v0.1/dispatch", "null", 400, "the body is not a JSON object"},
		{"/v1/messages/aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", "nope", 0, ""},
	} {
		method := http.MethodPost
		if strings.Count(tt.path, "/") == 3 {
			method, tt.status, tt.detail = http.MethodPatch, 422, "the body is not valid JSON: invalid character 'o' in literal null (expecting 'u')"
		}
		status, _, body := call(t, s, method, tt.path, auth, tt.body)
		if !assert.Equal(t, tt.status, status, "%s %q", tt.path, tt.body) {
			continue
		}
		p := decodeProblem(t, body)
		assert.Equal(t, "The request body did not contain valid JSON", p.Title, "%s %q", tt.path, tt.body)
		assert.Equal(t, tt.detail, p.Detail, "%s %q", tt.path, tt.body)
	}
}

func TestUnknownEndpoints(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	auth := bearer(t, s)
	for _, tt := range [][2]string{{"GET", "/v1/messages"}, {"POST", "/v2/messages"}, {"PATCH", "/v1/messages"}, {"POST", "/v1/messages/x/y"}, {"DELETE", "/beta/workflows"}} {
		status, _, body := call(t, s, tt[0], tt[1], auth, smsBody)
		if assert.Equal(t, http.StatusNotFound, status, "%s %s: %s", tt[0], tt[1], body) {
			assert.Equal(t, "no "+tt[0]+" "+tt[1]+" in the Messages API", decodeProblem(t, body).Detail, "%s %s", tt[0], tt[1])
		}
	}
}

func TestUpdate(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	auth := bearer(t, s)
	status, _, body := call(t, s, http.MethodPatch, "/v1/messages/"+MessageUUID, auth, `{"status":"read"}`)
	require.Equal(t, http.StatusAccepted, status, "%q", body)
	require.Empty(t, body, "want 202 with no body")
	r := s.Requests()[0]
	assert.Equal(t, "update", r.Kind, "recorded")
	assert.Equal(t, MessageUUID, r.MessageUUID, "recorded")
	assert.Equal(t, "read", r.UpdateStatus, "recorded")
	assert.Equal(t, http.StatusAccepted, r.Status, "recorded")
	status, _, body = call(t, s, http.MethodPatch, "/v1/messages/not-a-uuid", auth, `{"status":"deleted"}`)
	require.Equal(t, http.StatusUnprocessableEntity, status, "%s", body)
	want := []invalidParameterDTO{{"message_uuid", `must be a UUID, got "not-a-uuid"`}, {"status", `must be read or revoked, got "deleted"`}}
	assert.Equal(t, want, decodeProblem(t, body).InvalidParameters, "problems")
}

// TestUpdateReplyingIndicator checks the fake takes the WhatsApp replying
// indicator on a read update, records it, and refuses it as the spec does.
func TestUpdateReplyingIndicator(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	auth := bearer(t, s)
	status, _, body := call(t, s, http.MethodPatch, "/v1/messages/"+MessageUUID, auth, `{"status":"read","replying_indicator":{"show":true,"type":"text"}}`)
	require.Equal(t, http.StatusAccepted, status, "%s", body)
	r := s.Requests()[0]
	assert.Equal(t, "read", r.UpdateStatus)
	assert.True(t, r.ReplyingIndicator)

	tests := []struct {
		body string
		want []invalidParameterDTO
	}{
		{`{"status":"revoked","replying_indicator":{"show":true,"type":"text"}}`, []invalidParameterDTO{{"replying_indicator", "only a read update shows a replying indicator"}}},
		{`{"status":"read","replying_indicator":{"type":"text"}}`, []invalidParameterDTO{{"replying_indicator.show", "is required and must be a boolean"}}},
		{`{"status":"read","replying_indicator":{"show":true}}`, []invalidParameterDTO{{"replying_indicator.type", "is required"}}},
		{`{"status":"read","replying_indicator":{"show":true,"type":"audio"}}`, []invalidParameterDTO{{"replying_indicator.type", `must be one of text, got "audio"`}}},
		{`{"status":"read","replying_indicator":true}`, []invalidParameterDTO{{"replying_indicator", "must be an object"}}},
	}
	for _, tt := range tests {
		status, _, body := call(t, s, http.MethodPatch, "/v1/messages/"+MessageUUID, auth, tt.body)
		require.Equal(t, http.StatusUnprocessableEntity, status, tt.body)
		assert.Equal(t, tt.want, decodeProblem(t, body).InvalidParameters, tt.body)
	}
}

func TestFailNext(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	auth := bearer(t, s)
	s.FailNext(http.StatusTooManyRequests, 1500*time.Millisecond)
	status, header, body := call(t, s, http.MethodPost, "/v1/messages", auth, smsBody)
	require.Equal(t, http.StatusTooManyRequests, status, "%s", body)
	require.Equal(t, "2", header.Get("Retry-After"))
	assert.Equal(t, "Rate Limit Hit", decodeProblem(t, body).Title, "problem")
	s.FailNext(http.StatusInternalServerError, 0)
	status, header, body = call(t, s, http.MethodPost, "/v0.1/messages", "", "not even checked")
	require.Equal(t, http.StatusInternalServerError, status, "%s", body)
	require.Empty(t, header.Get("Retry-After"))
	require.Equal(t, "messagestest: failure injected with FailNext", decodeProblem(t, body).Detail)
	status, _, _ = call(t, s, http.MethodPost, "/v1/messages", auth, smsBody)
	assert.Equal(t, http.StatusAccepted, status, "the request after the failure")
	var got []int
	for _, r := range s.Requests() {
		got = append(got, r.Status)
	}
	assert.Equal(t, []int{429, 500, 202}, got, "recorded statuses")
}

// TestLatencyHonoursTheClientsContext: a client that gives up during the
// latency gets no answer and is recorded with status 0; one that waits is
// answered no sooner than the latency. The test gives up for the client
// once the whole request is on the wire, and that server's latency is two
// minutes, twice the longest the test looks for the record: neither a slow
// client nor a slow server can change the outcome, and a server that
// ignored the hang-up still lets the test end, failed.
func TestLatencyHonoursTheClientsContext(t *testing.T) {
	t.Parallel()
	sms := messages.SMS{From: Sender, To: Phone, Text: "hi"}

	held := newTestServer(t, WithLatency(2*time.Minute))
	sent := make(chan struct{})
	var once sync.Once
	transport := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &requestSentConn{Conn: conn, sent: func() { once.Do(func() { close(sent) }) }}, nil
	}}
	defer transport.CloseIdleConnections()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := held.Client(messages.WithHTTPClient(&http.Client{Transport: transport})).Send(ctx, sms)
		done <- err
	}()
	select {
	case <-sent:
	case err := <-done:
		require.Failf(t, "the call ended before its request was sent", "err %v", err)
	}
	cancel()
	require.ErrorIs(t, <-done, context.Canceled, "want the cancellation")
	// The server records the request when it notices the hang-up, on its
	// own time: the minute only bounds a machine that is very slow.
	var reqs []Request
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		if reqs = held.Requests(); len(reqs) > 0 || time.Now().After(deadline) {
			break
		}
	}
	if assert.Len(t, reqs, 1, "given up: recorded") {
		assert.Equal(t, 0, reqs[0].Status, "given up: recorded %+v", reqs)
	}

	slow := newTestServer(t, WithLatency(300*time.Millisecond))
	start := time.Now()
	_, err := slow.Client().Send(context.Background(), sms)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond, "answered before the latency")
	// Recorded before the answer is written, so already there.
	reqs = slow.Requests()
	if assert.Len(t, reqs, 1, "answered: recorded") {
		assert.Equal(t, http.StatusAccepted, reqs[0].Status, "answered: recorded %+v", reqs)
	}
}

// requestSentConn calls sent once a whole HTTP request, body included, has
// gone through Write: from then on the server gets all of it, whatever the
// client does with the connection. (httptrace's WroteRequest is too early
// for this: it runs before the transport flushes its buffer.)
type requestSentConn struct {
	net.Conn
	sent func()
	mu   sync.Mutex
	buf  bytes.Buffer
}

func (c *requestSentConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.mu.Lock()
	c.buf.Write(p[:n])
	whole := isWholeRequest(c.buf.Bytes())
	c.mu.Unlock()
	if whole {
		c.sent()
	}
	return n, err
}

// isWholeRequest reports whether b holds a complete request, head and body.
func isWholeRequest(b []byte) bool {
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(b)))
	if err != nil {
		return false
	}
	_, err = io.Copy(io.Discard, req.Body)
	return err == nil
}

func TestReset(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	auth := bearer(t, s)
	s.SetOutcome(Phone, messages.ChannelSMS, Rejected)
	call(t, s, http.MethodPost, "/v1/messages", auth, smsBody)
	s.FailNext(500, 0)
	s.Reset()
	assert.Empty(t, s.Requests(), "requests after Reset")
	assert.Equal(t, Read, s.outcome(messages.ChannelSMS, Phone), "outcome after Reset")
	status, _, _ := call(t, s, http.MethodPost, "/v1/messages", auth, smsBody)
	assert.Equal(t, http.StatusAccepted, status, "FailNext survived Reset")
}

func TestOutcomes(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithDefaultOutcome(Delivered))
	s.SetOutcome("+44 7700 900000", messages.ChannelViber, Rejected)
	for _, tt := range []struct {
		ch   messages.Channel
		to   string
		want Outcome
	}{
		{messages.ChannelViber, "447700900000", Rejected},
		{messages.ChannelViber, "00447700900000", Rejected},
		{messages.ChannelSMS, "447700900000", Delivered},
		{messages.ChannelViber, "447700900001", Delivered},
	} {
		assert.Equal(t, tt.want, s.outcome(tt.ch, tt.to), "%s %s", tt.ch, tt.to)
	}
	s.SetOutcome(Phone, messages.ChannelViber, Outcome(0))
	assert.Equal(t, Delivered, s.outcome(messages.ChannelViber, Phone), "after clearing")
	assert.Equal(t, "Outcome(9)", Outcome(9).String())
	assert.Equal(t, "never delivered", NeverDelivered.String())
	want := map[Outcome][]messages.MessageStatus{
		Read:           {"submitted", "delivered", "read"},
		Delivered:      {"submitted", "delivered"},
		Rejected:       {"rejected"},
		Undeliverable:  {"submitted", "undeliverable"},
		NeverDelivered: {"submitted"},
	}
	for o, seq := range want {
		assert.Equal(t, seq, statuses(o, messages.ChannelMessenger), "%s on messenger", o)
	}
	assert.Equal(t, []messages.MessageStatus{"submitted", "delivered"}, statuses(Read, messages.ChannelSMS), "read on sms")
}

func TestConcurrentRequests(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	c := s.Client()
	var wg sync.WaitGroup
	uuids := make([]string, 40)
	for i := range uuids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := c.Send(context.Background(), messages.SMS{From: Sender, To: Phone, Text: "hi"})
			if err == nil {
				uuids[i] = res.MessageUUID
			}
			s.Requests()
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, r := range s.Requests() {
		seen[r.MessageUUID] = true
	}
	for _, u := range uuids {
		assert.NotEmpty(t, u, "a send failed")
		assert.True(t, seen[u], "uuid %q not recorded", u)
	}
	assert.Len(t, seen, 40, "distinct UUIDs")
}

func TestWhatsAppToParentBSUIDIsAccepted(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	body := `{"channel":"whatsapp","message_type":"text","to":"US.ENT.11815799212886844830","from":"447700900001","text":"hi"}`
	status, _, answer := call(t, s, http.MethodPost, "/v1/messages", bearer(t, s), body)
	assert.Equal(t, http.StatusAccepted, status, "%s", answer)
}
