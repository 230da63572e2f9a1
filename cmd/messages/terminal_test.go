package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEscapeControls(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"plain, with é":                "plain, with é",
		"\x1b[31mred\x1b[0m":           `\x1b[31mred\x1b[0m`,
		"title\x1b]0;pwned\x07":        `title\x1b]0;pwned\x07`,
		"c1 \u009b31m and del \x7f":    `c1 \u009b31m and del \x7f`,
		"not utf-8: \xff\xfe":          `not utf-8: \xff\xfe`,
		"tab\there, nul\x00":           `tab\x09here, nul\x00`,
		"a line break stays for now\n": `a line break stays for now\x0a`,
	}
	for in, want := range tests {
		assert.Equal(t, want, escapeControls(in), "%q", in)
	}
}

func TestSafeJSON(t *testing.T) {
	t.Parallel()
	in := []byte("{\"text\":\"a\xffb\u009b[31mc\x7f\",\"ok\":\"é\\u001b\"}")
	out := safeJSON(in)
	assert.Equal(t, `{"text":"a\ufffdb\u009b[31mc\u007f","ok":"é\u001b"}`, string(out))
	var a, b map[string]string
	require.NoError(t, json.Unmarshal(in, &a))
	require.NoError(t, json.Unmarshal(out, &b))
	assert.Equal(t, a, b, "the same meaning")
}

// TestServerTextIsEscapedOnStderr: an API error whose detail holds escape
// sequences reaches the terminal escaped.
func TestServerTextIsEscapedOnStderr(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusUnprocessableEntity)
		_, _ = io.WriteString(w, `{"title":"Invalid \u001b[2J","detail":"see \u001b]0;pwned\u0007 \u009b31m"}`)
	}))
	defer srv.Close()
	keyPath, _ := writeKey(t)
	env := baseEnv(t, "VONAGE_APPLICATION_ID=app-1", "VONAGE_PRIVATE_KEY_PATH="+keyPath, "VONAGE_BASE_URL="+srv.URL)
	r := runCmd(t, env, "", "send", "sms", "--from", "Acme", "--to", "447700900000", "--text", "hi")
	assert.Equal(t, result{code: 1, stderr: `messages: send: 422 Unprocessable Entity: Invalid \x1b[2J: see \x1b]0;pwned\x07 \u009b31m` + "\n"}, r)
}

// TestListenPrintsSafeLines: a webhook whose body holds bytes that are not
// UTF-8, DEL and a C1 control is printed as a valid UTF-8 JSON line with
// no raw control character.
func TestListenPrintsSafeLines(t *testing.T) {
	t.Parallel()
	l, url := startListen(t, baseEnv(t), "--insecure")
	body := "{\"message_uuid\":\"cccccccc-0000-4000-8000-000000000000\",\"channel\":\"sms\",\"from\":\"447700900000\",\"to\":\"447700900001\",\"text\":\"a\xffb\u009b[31mc\x7f\",\"timestamp\":\"2026-01-02T03:04:05Z\"}"
	require.Equal(t, http.StatusOK, post(t, http.MethodPost, url+"/inbound", "", body))
	line := l.next(t, l.stdout, "the inbound message")
	assert.True(t, utf8.ValidString(line), "not UTF-8: %q", line)
	assert.True(t, json.Valid([]byte(line)), "not JSON: %q", line)
	assert.False(t, strings.ContainsFunc(line, unicode.IsControl), "a raw control character: %q", line)
	got := parseLine(t, line)
	assert.Equal(t, `{"MessageUUID":"cccccccc-0000-4000-8000-000000000000","Channel":"sms","From":"447700900000","To":"447700900001","Timestamp":"2026-01-02T03:04:05Z","Type":"text","Text":"a�b\u009b[31mc\u007f"}`, string(got.Event))
	code, _, _ := l.stop(t, syscall.SIGTERM)
	assert.Equal(t, 0, code)
}
