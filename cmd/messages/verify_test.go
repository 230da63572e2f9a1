package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

func TestVerifyExitCodes(t *testing.T) {
	t.Parallel()
	const secret = "verify-secret"
	body := `{"message_uuid":"aaaaaaaa-0000-4000-8000-000000000000","status":"delivered","channel":"sms","to":"447700900000","from":"Acme","timestamp":"2026-01-02T03:04:05Z"}`
	bodyFile := filepath.Join(t.TempDir(), "body.json")
	require.NoError(t, os.WriteFile(bodyFile, []byte(body), 0o600))
	iat := time.Now().Truncate(time.Second)
	sign := func(secret string, iat time.Time) string {
		auth, err := messagestest.SignWebhook([]byte(body), secret, func(c *messages.SignatureClaims) error {
			c.APIKey, c.ApplicationID, c.JTI, c.IssuedAt = "abcd1234", "app-1", "jti-1", iat
			return nil
		})
		require.NoError(t, err)
		return auth
	}
	auth := sign(secret, iat)
	bare := strings.TrimPrefix(auth, "Bearer ")
	sum := sha256.Sum256([]byte(body))
	claims := `{"iss":"Vonage","api_key":"abcd1234","application_id":"app-1","jti":"jti-1","iat":"` + iat.UTC().Format(time.RFC3339) +
		`","payload_hash":"` + hex.EncodeToString(sum[:]) + `"}` + "\n"

	tests := []struct {
		name   string
		env    []string
		stdin  string
		args   []string
		code   int
		stdout string // exactly, or a prefix of it when it ends in no newline
		stderr string
	}{
		{"the header, body in a file", nil, "", []string{"--secret", secret, "--body", bodyFile, auth}, 0, claims, ""},
		{"the bare token, body on stdin", nil, body, []string{"--secret", secret, bare}, 0, claims, ""},
		{"the secret from the environment, token first", []string{"VONAGE_SIGNATURE_SECRET=" + secret}, body, []string{bare, "--body", "-"}, 0, claims, ""},
		{"another secret", nil, body, []string{"--secret", "other", bare}, 1, "", "messages: verify: webhook signature: invalid: not signed with the signature secret\n"},
		{"a changed body", nil, body + " ", []string{"--secret", secret, bare}, 1, "", "messages: verify: webhook signature: payload hash does not match the body\n"},
		{"an old token", nil, body, []string{"--secret", secret, sign(secret, iat.Add(-time.Hour))}, 1, "", "messages: verify: webhook signature: expired: iat: older than 5m0s\n"},
		{"an old token within --max-age", nil, body, []string{"--secret", secret, "--max-age", "2h", sign(secret, iat.Add(-time.Hour))}, 0, `{"iss":"Vonage"`, ""},
		{"not a token", nil, body, []string{"--secret", secret, "Bearer nonsense"}, 1, "", "messages: verify: webhook signature: invalid: malformed token\n"},
		{"no token", nil, body, []string{"--secret", secret}, 2, "", "messages: verify: no TOKEN: give the webhook's Authorization header\n"},
		{"two tokens", nil, body, []string{"--secret", secret, bare, bare}, 2, "", "messages: verify: one TOKEN, got 2 arguments\n"},
		{"no secret", nil, body, []string{bare}, 2, "", "messages: verify: no signature secret: use --secret or set VONAGE_SIGNATURE_SECRET\n"},
		{"no body file", nil, "", []string{"--secret", secret, "--body", bodyFile + ".missing", bare}, 2, "", "messages: verify: --body: open " + bodyFile + ".missing: no such file or directory\n"},
		{"a bad --max-age", nil, body, []string{"--secret", secret, "--max-age", "0s", bare}, 2, "", "messages: verify: --max-age: must be above 0, got 0s\n"},
	}
	for _, tt := range tests {
		r := runCmd(t, baseEnv(t, tt.env...), tt.stdin, append([]string{"verify"}, tt.args...)...)
		assert.Equal(t, tt.code, r.code, "%s: %s", tt.name, r.stderr)
		assert.Equal(t, tt.stderr, r.stderr, tt.name)
		if strings.HasSuffix(tt.stdout, "\n") || tt.stdout == "" {
			assert.Equal(t, tt.stdout, r.stdout, tt.name)
		} else {
			assert.True(t, strings.HasPrefix(r.stdout, tt.stdout), "%s: stdout %q", tt.name, r.stdout)
		}
		assert.NotContains(t, r.stderr, secret, "%s: the secret on stderr", tt.name)
		assert.NotContains(t, r.stderr, "eyJ", "%s: a token on stderr", tt.name)
	}

}
