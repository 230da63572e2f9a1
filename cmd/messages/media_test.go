package main

import (
	"encoding/base64"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

func TestMediaGetFromTheFake(t *testing.T) {
	t.Parallel()
	rcv := newHooks(t)
	f := startFake(t, "--inbound-url", rcv.URL+"/inbound", "--secure-media")
	data := []byte("%PDF-1.7 a receipt")
	require.Equal(t, http.StatusOK, post(t, http.MethodPost, f.baseURL+messagestest.InboundPath, "",
		`{"channel":"whatsapp","from":"447700900000","to":"447700900001","media":{"type":"file","name":"receipt.pdf"},"media_body":"`+
			base64.StdEncoding.EncodeToString(data)+`","media_content_type":"application/pdf"}`))
	rcv.mu.Lock()
	require.Len(t, rcv.got, 1)
	in, err := messages.ParseInbound(rcv.got[0].body)
	rcv.mu.Unlock()
	require.NoError(t, err)
	require.NotNil(t, in.Media)
	assert.Regexp(t, `^`+f.baseURL+`/v3/media/`+uuidRE+`$`, in.Media.URL)

	// To stdout, then to a file.
	res := runCmd(t, f.env(t), "", "media", "get", in.Media.URL)
	assert.Equal(t, result{stdout: string(data), code: 0}, res)
	out := filepath.Join(t.TempDir(), "receipt.pdf")
	res = runCmd(t, f.env(t), "", "media", "get", in.Media.URL, "-o", out)
	assert.Equal(t, result{stderr: "messages: media: wrote 18 bytes of application/pdf to " + out + "\n", code: 0}, res)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, data, got)

	// Media the fake does not have: the API's 404, exit 1, no file.
	missing := filepath.Join(t.TempDir(), "missing.pdf")
	res = runCmd(t, f.env(t), "", "media", "get", f.baseURL+"/v3/media/gone", "-o", missing)
	assert.Equal(t, 1, res.code)
	assert.Regexp(t, `^messages: media: 127\.0\.0\.1:\d+ has no such media: it has expired or never existed: 404 Not Found: no media gone: it has expired or never existed \[instance [0-9a-f]{32}\]\n$`, res.stderr)
	assert.NoFileExists(t, missing)

	// Too large for --max-bytes: exit 1, no file.
	res = runCmd(t, f.env(t), "", "media", "get", in.Media.URL, "-o", missing, "--max-bytes", "10")
	assert.Equal(t, 1, res.code)
	assert.Regexp(t, `^messages: media: too large: 127\.0\.0\.1:\d+ says 18 bytes, above the cap of 10 \(see WithMediaMaxBytes\)\n$`, res.stderr)
	assert.NoFileExists(t, missing)
}

func TestMediaUsage(t *testing.T) {
	t.Parallel()
	for args, want := range map[string]string{
		"":        "messages: media: want: media get URL [-o FILE]\n",
		"put x":   "messages: media: want: media get URL [-o FILE]\n",
		"get":     "messages: media: media get takes one URL, got 0 arguments\n",
		"get a b": "messages: media: media get takes one URL, got 2 arguments\n",
	} {
		var argv []string
		if args != "" {
			argv = strings.Fields(args)
		}
		res := runCmd(t, baseEnv(t), "", append([]string{"media"}, argv...)...)
		assert.Equal(t, result{stderr: want, code: exitUsage}, res, args)
	}
}
