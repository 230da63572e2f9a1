package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTopLevelUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r := runCmd(t, baseEnv(t), "", args...)
		assert.Equal(t, 0, r.code, "%v", args)
		assert.Empty(t, r.stderr, "%v", args)
		for _, c := range commands {
			assert.Contains(t, r.stdout, "  messages "+c.usage+"\n        "+c.about+"\n", "%v", args)
		}
		assert.Contains(t, r.stdout, "Exit codes: 0 done, 1 refused or failed, 2 usage.")
	}
	tests := []struct {
		args   []string
		stderr string
	}{
		{nil, "messages: no command: use jwt, send, listen, fake, verify or media (messages --help says more)\n"},
		{[]string{"sned", "sms"}, "messages: unknown command \"sned\": use jwt, send, listen, fake, verify or media\n"},
		{[]string{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"}, "messages: unknown command \"eyJhbGciOiJIUzI1NiJ9...\": use jwt, send, listen, fake, verify or media\n"},
	}
	for _, tt := range tests {
		assert.Equal(t, result{code: 2, stderr: tt.stderr}, runCmd(t, baseEnv(t), "", tt.args...), "%v", tt.args)
	}
}

// TestHelpShowsFlagsAndAnExample checks that --help on every command shows
// the flags the README lists for it and an example, on stdout, exiting 0.
func TestHelpShowsFlagsAndAnExample(t *testing.T) {
	t.Parallel()
	flags := map[string][]string{
		"jwt":    {"--app-id ID", "--key FILE", "--ttl duration", "--sub user", "--acl PATH"},
		"send":   {"--from number", "--to number", "--text text", "--image URL", "--audio URL", "--video URL", "--file URL", "--template NAME", "--param parameter", "--locale locale", "--html HTML", "--subject subject", "--api version", "--region eu|us|ap", "--sandbox", "--base-url URL", "--app-id ID", "--key FILE"},
		"listen": {"--addr address", "--secret secret", "--insecure"},
		"fake":   {"--addr address", "--status-url URL", "--inbound-url URL"},
		"verify": {"--secret secret", "--body FILE"},
	}
	for _, c := range commands {
		for _, h := range []string{"--help", "-h"} {
			r := runCmd(t, baseEnv(t), "", c.name, h)
			assert.Equal(t, 0, r.code, c.name)
			assert.Empty(t, r.stderr, c.name)
			assert.True(t, strings.HasPrefix(r.stdout, "usage: messages "+c.name+" "), "%s: %q", c.name, r.stdout)
			assert.Contains(t, r.stdout, "\nflags:\n", c.name)
			assert.Contains(t, r.stdout, "\nexample:\n  ", c.name)
			for _, f := range flags[c.name] {
				assert.Contains(t, r.stdout, "\n  "+f+"\n", "%s: flag %s", c.name, f)
			}
		}
	}
}

func TestSendUsageErrors(t *testing.T) {
	t.Parallel()
	keyPath, _ := writeKey(t)
	creds := []string{"VONAGE_APPLICATION_ID=app-1", "VONAGE_PRIVATE_KEY_PATH=" + keyPath}
	sms := []string{"send", "sms", "--from", "Acme", "--to", "447700900000"}
	email := []string{"send", "email", "--from", "no-reply@yourdomain.com", "--to", "user@example.com", "--subject", "Hello"}
	tests := []struct {
		env    []string
		args   []string
		stderr string
	}{
		{creds, []string{"send"}, "no CHANNEL: use sms, mms, whatsapp, messenger, viber, rcs or email"},
		{creds, []string{"send", "fax", "--text", "hi"}, `unknown CHANNEL "fax": use sms, mms, whatsapp, messenger, viber, rcs or email`},
		{creds, []string{"send", "sms", "rcs", "--text", "hi"}, "one CHANNEL, got 2 arguments"},
		{creds, sms, "no content: give --text, --image, --audio, --video, --file, --vcard, --template or --html"},
		{creds, append(sms, "--text", "hi", "--image", "https://example.com/i.jpg"), "--text and --image: give one content, not 2"},
		{creds, append(sms, "--image", "https://example.com/i.jpg"), "sms cannot carry --image; it takes --text"},
		{creds, []string{"send", "messenger", "--template", "t"}, "messenger cannot carry --template; it takes --text, --image, --audio, --video, --file"},
		{creds, []string{"send", "rcs", "--vcard", "https://example.com/c.vcf"}, "rcs cannot carry --vcard; it takes --text, --image, --video, --file"},
		{creds, append(sms, "--text", "hi", "--caption", "c"), "--caption goes with --image, --audio, --video, --file or --vcard, not --text"},
		{creds, []string{"send", "whatsapp", "--image", "https://example.com/i.jpg", "--param", "p"}, "--param goes with --template, not --image"},
		{creds, []string{"send", "viber", "--file", "https://example.com/f", "--duration", "3s"}, "--duration goes with --video, not --file"},
		{creds, []string{"send", "sms", "--to", "447700900000", "--text", "hi"}, "--from: required"},
		{creds, append(sms, "--html", "<p>hi</p>"), "sms cannot carry --html; it takes --text"},
		{creds, append(sms, "--text", "hi", "--html", "<p>hi</p>"), "sms cannot carry --text with --html; it takes --text"},
		{creds, append(sms, "--text", "hi", "--subject", "Hello"), "--subject goes with email, not sms"},
		{creds, append(email, "--image", "https://example.com/i.jpg"), "email cannot carry --image; it takes --text, --html"},
		{creds, append(email, "--text", "hi", "--html", "<p>hi</p>", "--image", "https://example.com/i.jpg"), "--text and --image and --html: give one content, not 3"},
		{creds, append(email, "--text", "hi", "--html", "<p>hi</p>", "--caption", "c"), "--caption goes with --image, --audio, --video, --file or --vcard, not --text with --html"},
		{creds, []string{"send", "email", "--from", "no-reply@yourdomain.com", "--to", "user@example.com", "--text", "hi"}, "--subject: required"},
		{creds, []string{"send", "email", "--from", "no-reply@yourdomain.com", "--to", "user@example.com", "--subject", "", "--text", "hi"}, "--subject: required"},
		{creds, append(sms, "--text", "hi", "--api", "v2"), `--api: want v1 or v0.1, got "v2"`},
		{creds, append(sms, "--text", "hi", "--region", "mars"), `--region: want eu, us or ap, got "mars"`},
		{creds, append(sms, "--text", "hi", "--region", "eu", "--sandbox"), "--base-url, --region and --sandbox each pick the host: use one"},
		{creds, append(sms, "--text", "hi", "--base-url", "ftp://example.com"), `--base-url: invalid option: base URL must be an absolute http or https URL, got "ftp://example.com"`},
		{append(creds, "VONAGE_BASE_URL=example.com"), append(sms, "--text", "hi"), `VONAGE_BASE_URL: invalid option: base URL must be an absolute http or https URL, got "example.com"`},
		{creds, append(sms, "--text", "hi", "--timeout", "-1s"), "--timeout: must not be negative, got -1s"},
		{creds, append(sms, "--text", "hi", "--bogus"), "flag provided but not defined: -bogus (messages send --help lists the flags)"},
		{creds, append(sms, "--text"), "flag needs an argument: -text (messages send --help lists the flags)"},
		{nil, append(sms, "--text", "hi"), "no application ID: use --app-id or set VONAGE_APPLICATION_ID"},
	}
	for _, tt := range tests {
		r := runCmd(t, baseEnv(t, tt.env...), "", tt.args...)
		assert.Equal(t, result{code: 2, stderr: "messages: send: " + tt.stderr + "\n"}, r, "%v", tt.args)
	}
}

func TestFakeUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"--status-url", "ftp://example.com"}, 2, `messages: fake: --status-url: want an absolute http or https URL, got "ftp://example.com"`},
		{[]string{"--inbound-url", "/inbound"}, 2, `messages: fake: --inbound-url: want an absolute http or https URL, got "/inbound"`},
		{[]string{"now"}, 2, "messages: fake: takes no arguments, got 1"},
		{[]string{"--key-file", "/nonexistent/dir/key"}, 2, "messages: fake: --key-file: open /nonexistent/dir/key: no such file or directory"},
		{[]string{"--addr", "nowhere"}, 2, "messages: fake: --addr: listen tcp: address nowhere: missing port in address"},
	}
	for _, tt := range tests {
		r := runCmd(t, baseEnv(t), "", append([]string{"fake"}, tt.args...)...)
		assert.Equal(t, result{code: tt.code, stderr: tt.stderr + "\n"}, r, "%v", tt.args)
	}
}

// TestNoKeyOrTokenOnStderr runs send against an API that echoes the
// request's Authorization header in its error, on one line and across
// several, and checks that stderr holds neither the token nor the key.
func TestNoKeyOrTokenOnStderr(t *testing.T) {
	t.Parallel()
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusUnauthorized)
		auth := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		_, _ = io.WriteString(w, `{"type":"https://example.com/401","title":"Unauthorized","detail":"token `+auth+` refused\nsee the logs"}`)
	}))
	defer echo.Close()
	keyPath, pemBytes := writeKey(t)
	env := baseEnv(t, "VONAGE_APPLICATION_ID=app-1", "VONAGE_PRIVATE_KEY_PATH="+keyPath, "VONAGE_BASE_URL="+echo.URL)
	r := runCmd(t, env, "", "send", "sms", "--from", "Acme", "--to", "447700900000", "--text", "hi")
	assert.Equal(t, result{code: 1, stderr: "messages: send: 401 Unauthorized: token [REDACTED] refused see the logs\n"}, r)
	for _, line := range strings.Split(string(pemBytes), "\n")[1:3] {
		assert.NotContains(t, r.stderr, line)
	}
	assert.NotContains(t, r.stderr, "eyJ")
}
