package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
)

const uuidRE = `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`

// exportRE is the line fake prints once it serves.
var exportRE = regexp.MustCompile(`^export VONAGE_APPLICATION_ID=(` + uuidRE + `) VONAGE_PRIVATE_KEY_PATH=(/\S+) VONAGE_BASE_URL=(http://127\.0\.0\.1:\d+) VONAGE_SIGNATURE_SECRET=(\S+)$`)

// fake is a running `messages fake` and what its export line said.
type fake struct {
	*proc
	appID, keyPath, baseURL, secret string
}

// env is the environment the export line sets up, over a clean one.
func (f *fake) env(t *testing.T, extra ...string) []string {
	return baseEnv(t, append([]string{
		"VONAGE_APPLICATION_ID=" + f.appID,
		"VONAGE_PRIVATE_KEY_PATH=" + f.keyPath,
		"VONAGE_BASE_URL=" + f.baseURL,
		"VONAGE_SIGNATURE_SECRET=" + f.secret,
	}, extra...)...)
}

func startFake(t *testing.T, args ...string) *fake {
	t.Helper()
	p := start(t, baseEnv(t), append([]string{"fake"}, args...)...)
	line := p.next(t, p.stdout, "the export line")
	m := exportRE.FindStringSubmatch(line)
	require.NotNil(t, m, "export line %q", line)
	assert.Equal(t, "messages: fake: serving "+m[3]+" until interrupted", p.next(t, p.stderr, "the serving line"))
	return &fake{proc: p, appID: m[1], keyPath: m[2], baseURL: m[3], secret: m[4]}
}

// hooks records the webhooks posted to it, as they came.
type hooks struct {
	*httptest.Server
	mu      sync.Mutex
	got     []hook
	changed chan struct{}
}

type hook struct {
	path, auth string
	body       []byte
}

func newHooks(t *testing.T) *hooks {
	h := &hooks{changed: make(chan struct{}, 1)}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.got = append(h.got, hook{r.URL.Path, r.Header.Get("Authorization"), b})
		h.mu.Unlock()
		select {
		case h.changed <- struct{}{}:
		default:
		}
	}))
	t.Cleanup(h.Close)
	return h
}

// statuses waits for n status webhooks about uuid and returns them.
func (h *hooks) statuses(t *testing.T, uuid string, n int) []hook {
	t.Helper()
	deadline := time.After(patience)
	for {
		var out []hook
		h.mu.Lock()
		for _, k := range h.got {
			if st, err := messages.ParseStatus(k.body); err == nil && st.MessageUUID == uuid {
				out = append(out, k)
			}
		}
		h.mu.Unlock()
		if len(out) >= n {
			return out
		}
		select {
		case <-h.changed:
		case <-deadline:
			require.Failf(t, "timed out", "%d of %d status webhooks for %s arrived", len(out), n, uuid)
		}
	}
}

func TestSendReachesTheFakeOnEveryChannel(t *testing.T) {
	t.Parallel()
	rcv := newHooks(t)
	f := startFake(t, "--status-url", rcv.URL+"/status")
	assert.Regexp(t, `/messages-fake-\d+/private\.key$`, f.keyPath)
	const (
		number = "447700900000"
		sender = "447700900001"
		img    = "https://example.com/i.jpg"
		media  = "https://example.com/m"
	)
	tests := []struct {
		args    []string
		channel messages.Channel
		typ     string // the message_type the fake recorded, seen in the body
		reads   bool   // the channel has read receipts
	}{
		{[]string{"sms", "--from", "Acme", "--to", "+44 7700 900000", "--text", "Your code is 1234", "--client-ref", "order-1"}, messages.ChannelSMS, "text", false},
		{[]string{"sms", "--api", "v0.1", "--from", sender, "--to", number, "--text", "hi"}, messages.ChannelSMS, "text", false},
		{[]string{"mms", "--from", sender, "--to", number, "--image", img, "--caption", "look"}, messages.ChannelMMS, "image", false},
		{[]string{"mms", "--from", sender, "--to", number, "--audio", media + ".mp3"}, messages.ChannelMMS, "audio", false},
		{[]string{"mms", "--from", sender, "--to", number, "--video", media + ".mp4"}, messages.ChannelMMS, "video", false},
		{[]string{"mms", "--from", sender, "--to", number, "--file", media + ".pdf"}, messages.ChannelMMS, "file", false},
		{[]string{"mms", "--from", sender, "--to", number, "--vcard", media + ".vcf"}, messages.ChannelMMS, "vcard", false},
		{[]string{"mms", "--from", sender, "--to", number, "--text", "hi"}, messages.ChannelMMS, "text", false},
		{[]string{"whatsapp", "--from", sender, "--to", number, "--text", "hi"}, messages.ChannelWhatsApp, "text", true},
		{[]string{"whatsapp", "--from", sender, "--to", number, "--image", img, "--caption", "look"}, messages.ChannelWhatsApp, "image", true},
		{[]string{"whatsapp", "--from", sender, "--to", number, "--audio", media + ".mp3"}, messages.ChannelWhatsApp, "audio", true},
		{[]string{"whatsapp", "--from", sender, "--to", number, "--video", media + ".mp4", "--caption", "watch"}, messages.ChannelWhatsApp, "video", true},
		{[]string{"whatsapp", "--from", sender, "--to", number, "--file", media + ".pdf", "--name", "m.pdf"}, messages.ChannelWhatsApp, "file", true},
		{[]string{"whatsapp", "--from", sender, "--to", number, "--template", "verify", "--param", "1234", "--param", "10", "--locale", "en_GB"}, messages.ChannelWhatsApp, "template", true},
		{[]string{"whatsapp", "--api", "v0.1", "--from", sender, "--to", number, "--template", "ns:verify", "--param", "1234", "--locale", "en_GB"}, messages.ChannelWhatsApp, "template", true},
		{[]string{"messenger", "--from", "1234567890", "--to", "9876543210", "--text", "hi"}, messages.ChannelMessenger, "text", true},
		{[]string{"messenger", "--from", "1234567890", "--to", "9876543210", "--image", img}, messages.ChannelMessenger, "image", true},
		{[]string{"messenger", "--from", "1234567890", "--to", "9876543210", "--audio", media + ".mp3"}, messages.ChannelMessenger, "audio", true},
		{[]string{"messenger", "--from", "1234567890", "--to", "9876543210", "--video", media + ".mp4"}, messages.ChannelMessenger, "video", true},
		{[]string{"messenger", "--from", "1234567890", "--to", "9876543210", "--file", media + ".zip"}, messages.ChannelMessenger, "file", true},
		{[]string{"viber", "--from", "654321", "--to", number, "--text", "hi"}, messages.ChannelViber, "text", true},
		{[]string{"viber_service", "--from", "654321", "--to", number, "--image", img, "--caption", "look"}, messages.ChannelViber, "image", true},
		{[]string{"viber", "--from", "654321", "--to", number, "--video", media + ".mp4", "--thumb-url", img, "--duration", "30s", "--file-size", "5"}, messages.ChannelViber, "video", true},
		{[]string{"viber", "--from", "654321", "--to", number, "--file", media + ".pdf", "--name", "m.pdf"}, messages.ChannelViber, "file", true},
		{[]string{"viber", "--api", "v0.1", "--from", "654321", "--to", number, "--image", img}, messages.ChannelViber, "image", true},
		{[]string{"rcs", "--from", "Acme", "--to", number, "--text", "hi"}, messages.ChannelRCS, "text", true},
		{[]string{"rcs", "--from", "Acme", "--to", number, "--image", img}, messages.ChannelRCS, "image", true},
		{[]string{"rcs", "--from", "Acme", "--to", number, "--video", media + ".mp4"}, messages.ChannelRCS, "video", true},
		{[]string{"rcs", "--from", "Acme", "--to", number, "--file", media + ".pdf"}, messages.ChannelRCS, "file", true},
		{[]string{"email", "--from", "no-reply@yourdomain.com", "--to", "user@example.com", "--subject", "Hi", "--text", "hi"}, messages.ChannelEmail, "text", true},
		{[]string{"email", "--from", "no-reply@yourdomain.com", "--to", "user@example.com", "--subject", "Hi", "--html", "<p>hi</p>"}, messages.ChannelEmail, "html", true},
		{[]string{"email", "--from", "no-reply@yourdomain.com", "--to", "user@example.com", "--subject", "Hi", "--text", "hi", "--html", "<p>hi</p>"}, messages.ChannelEmail, "content", true},
		// Flags before the channel read as well.
		{[]string{"--text", "hi", "--from", "Acme", "--to", number, "sms"}, messages.ChannelSMS, "text", false},
	}
	resultRE := regexp.MustCompile(`^\{"message_uuid":"(` + uuidRE + `)","request_id":"` + uuidRE + `"\}\n$`)
	for _, tt := range tests {
		name := strings.Join(tt.args, " ")
		r := runCmd(t, f.env(t), "", append([]string{"send"}, tt.args...)...)
		require.Equal(t, result{code: 0}, result{code: r.code, stderr: r.stderr}, name)
		m := resultRE.FindStringSubmatch(r.stdout)
		require.NotNil(t, m, "%s: stdout %q", name, r.stdout)
		want := []messages.MessageStatus{messages.StatusSubmitted, messages.StatusDelivered}
		if tt.reads {
			want = append(want, messages.StatusRead)
		}
		got := rcv.statuses(t, m[1], len(want))
		var seq []messages.MessageStatus
		for _, k := range got {
			// Signed with the secret the export line printed.
			_, err := messages.VerifySignature(k.auth, k.body, f.secret)
			require.NoError(t, err, name)
			st, err := messages.ParseStatus(k.body)
			require.NoError(t, err)
			assert.Equal(t, tt.channel, st.Channel, name)
			assert.Equal(t, "/status", k.path, name)
			seq = append(seq, st.Status)
		}
		assert.Equal(t, want, seq, name)
	}

	// Each send went out as typed: the fake checked each body against its
	// version's schema (it answers 422 otherwise), and the webhooks carry
	// back what identifies the message.
	var first map[string]any
	rcv.mu.Lock()
	require.NoError(t, json.Unmarshal(rcv.got[0].body, &first))
	rcv.mu.Unlock()
	assert.Equal(t, "order-1", first["client_ref"])
	assert.Equal(t, number, first["to"])

	code, stdout, stderr := f.stop(t, syscall.SIGTERM)
	assert.Equal(t, 0, code)
	assert.Empty(t, stdout, "nothing after the export line")
	assert.Empty(t, stderr)
	_, err := os.Stat(f.keyPath)
	assert.ErrorIs(t, err, os.ErrNotExist, "the temporary key outlived the fake")
}

func TestSendRefusals(t *testing.T) {
	t.Parallel()
	f := startFake(t)
	tests := []struct {
		name   string
		env    []string
		args   []string
		stderr string // a regular expression for the one line
	}{
		{"the SDK's checks name every bad field", nil,
			[]string{"send", "viber", "--from", "654321", "--to", "12ab", "--video", "https://example.com/v.mp4"},
			`^messages: send: viber_service: to: not an E\.164 number: "12ab"; video\.thumb_url: required; viber_service\.duration \(Video\.Duration\): must be whole seconds from 1 to 600, got 0s; viber_service\.file_size \(Video\.FileSize\): must be 1 to 200 MB, got 0\n$`},
		{"a template needs its locale", nil,
			[]string{"send", "whatsapp", "--from", "447700900001", "--to", "447700900000", "--template", "verify"},
			`^messages: send: whatsapp: whatsapp\.locale \(Template\.Locale\): required\n$`},
		{"v0.1 has no RCS", nil,
			[]string{"send", "rcs", "--api", "v0.1", "--from", "Acme", "--to", "447700900000", "--text", "hi"},
			`^messages: send: rcs: channel: not supported by API version v0\.1[^\n]*\n$`},
		{"the API refuses another application's token", []string{"VONAGE_APPLICATION_ID=00000000-0000-4000-8000-000000000000"},
			[]string{"send", "sms", "--from", "Acme", "--to", "447700900000", "--text", "hi"},
			`^messages: send: 401 Unauthorized: You did not provide correct credentials: the JWT's application_id is not this application's \[instance [0-9a-f]{32}\]\n$`},
	}
	for _, tt := range tests {
		r := runCmd(t, f.env(t, tt.env...), "", tt.args...)
		assert.Equal(t, 1, r.code, tt.name)
		assert.Empty(t, r.stdout, tt.name)
		assert.Regexp(t, tt.stderr, r.stderr, tt.name)
	}
}

func TestFakeWithAKeyFileKeepsIt(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/app.key"
	f := startFake(t, "--key-file", path, "--secret", "s3cret")
	assert.Equal(t, path, f.keyPath)
	assert.Equal(t, "s3cret", f.secret)
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "a private key is for its owner only")
	// SIGINT stops it as SIGTERM does.
	code, _, _ := f.stop(t, syscall.SIGINT)
	assert.Equal(t, 0, code)
	_, err = os.Stat(path)
	assert.NoError(t, err, "the key file the user named is theirs to keep")
}

func TestFakeTakesATokenMadeByJWT(t *testing.T) {
	t.Parallel()
	f := startFake(t)
	r := runCmd(t, f.env(t), "", "jwt", "--ttl", "1m")
	require.Equal(t, 0, r.code, r.stderr)
	body := `{"channel":"sms","message_type":"text","from":"Acme","to":"447700900000","text":"by hand"}`
	call := func(auth string) int {
		req, err := http.NewRequest(http.MethodPost, f.baseURL+"/v1/messages", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", auth)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusAccepted, call("Bearer "+strings.TrimSuffix(r.stdout, "\n")))
	assert.Equal(t, http.StatusUnauthorized, call("Bearer "+strings.TrimSuffix(r.stdout, "\n")+"x"), "a forged token passed")
}
