package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJWTVerifiesWithThePublicKey(t *testing.T) {
	t.Parallel()
	keyPath, pemBytes := writeKey(t)
	tests := []struct {
		name  string
		env   []string
		args  []string
		appID string
		ttl   float64
		extra map[string]any
	}{
		{"flags", nil, []string{"--app-id", "app-1", "--key", keyPath, "--ttl", "5m", "--sub", "alice", "--acl", "/*/messages/**", "--acl", "/v1/calls/**"},
			"app-1", 300, map[string]any{"sub": "alice", "acl": map[string]any{"paths": map[string]any{"/*/messages/**": map[string]any{}, "/v1/calls/**": map[string]any{}}}}},
		{"the PEM in VONAGE_PRIVATE_KEY", []string{"VONAGE_APPLICATION_ID=app-2", "VONAGE_PRIVATE_KEY=" + string(pemBytes)}, nil, "app-2", 900, nil},
		{"the NEXMO_ names", []string{"NEXMO_APPLICATION_ID=app-3", "NEXMO_PRIVATE_KEY_PATH=" + keyPath}, nil, "app-3", 900, nil},
		{"VONAGE_ wins over NEXMO_", []string{"VONAGE_APPLICATION_ID=app-4", "NEXMO_APPLICATION_ID=app-x", "VONAGE_PRIVATE_KEY_PATH=" + keyPath}, nil, "app-4", 900, nil},
		{"a flag wins over the variables", []string{"VONAGE_APPLICATION_ID=app-x", "VONAGE_PRIVATE_KEY=not a key"}, []string{"--app-id", "app-5", "--key", keyPath}, "app-5", 900, nil},
	}
	for _, tt := range tests {
		r := runCmd(t, baseEnv(t, tt.env...), "", append([]string{"jwt"}, tt.args...)...)
		require.Equal(t, 0, r.code, "%s: %s", tt.name, r.stderr)
		assert.Empty(t, r.stderr, tt.name)
		token, ok := strings.CutSuffix(r.stdout, "\n")
		require.True(t, ok && !strings.Contains(token, "\n"), "%s: one line: %q", tt.name, r.stdout)
		claims := verifyToken(t, token)
		assert.Equal(t, tt.appID, claims["application_id"], tt.name)
		assert.Equal(t, tt.ttl, claims["exp"].(float64)-claims["iat"].(float64), tt.name)
		assert.Regexp(t, "^"+uuidRE+"$", claims["jti"], tt.name)
		for k, v := range tt.extra {
			assert.Equal(t, v, claims[k], "%s: %s", tt.name, k)
		}
		if tt.extra == nil {
			assert.NotContains(t, claims, "sub", tt.name)
			assert.NotContains(t, claims, "acl", tt.name)
		}
	}
}

func TestJWTRefusals(t *testing.T) {
	t.Parallel()
	keyPath, pemBytes := writeKey(t)
	notPEM := filepath.Join(t.TempDir(), "not.pem")
	require.NoError(t, os.WriteFile(notPEM, []byte("hello"), 0o600))
	missing := filepath.Join("testdata", "missing.key") // relative: quoted whole
	tests := []struct {
		env    []string
		args   []string
		stderr string
	}{
		{nil, []string{"--key", keyPath}, "messages: jwt: no application ID: use --app-id or set VONAGE_APPLICATION_ID\n"},
		{nil, []string{"--app-id", "app-1"}, "messages: jwt: no private key: use --key or set VONAGE_PRIVATE_KEY_PATH or VONAGE_PRIVATE_KEY\n"},
		{nil, []string{"--app-id", "app-1", "--key", missing}, "messages: jwt: --key: invalid private key: reading \"" + missing + "\": no such file or directory\n"},
		{nil, []string{"--app-id", "app-1", "--key", notPEM}, "messages: jwt: --key: invalid private key: not PEM: expected a block starting with -----BEGIN PRIVATE KEY-----\n"},
		{[]string{"VONAGE_APPLICATION_ID=app-1", "VONAGE_PRIVATE_KEY=nope"}, nil, "messages: jwt: VONAGE_PRIVATE_KEY: invalid private key: not PEM: expected a block starting with -----BEGIN PRIVATE KEY-----\n"},
		{[]string{"VONAGE_APPLICATION_ID=app-1", "VONAGE_PRIVATE_KEY_PATH=" + missing}, nil, "messages: jwt: VONAGE_PRIVATE_KEY_PATH: invalid private key: reading \"" + missing + "\": no such file or directory\n"},
		{nil, []string{"--app-id", "app-1", "--key", keyPath, "--ttl", "48h"}, "messages: jwt: --ttl: invalid option: token ttl must be above 0 and at most 24h0m0s, got 48h0m0s\n"},
		{nil, []string{"--app-id", "app-1", "--key", keyPath, "--ttl", "soon"}, "messages: jwt: invalid value \"soon\" for flag -ttl: parse error (messages jwt --help lists the flags)\n"},
		{nil, []string{"--app-id", "app-1", "--key", keyPath, "extra"}, "messages: jwt: takes no arguments, got 1\n"},
	}
	for _, tt := range tests {
		r := runCmd(t, baseEnv(t, tt.env...), "", append([]string{"jwt"}, tt.args...)...)
		assert.Equal(t, result{stderr: tt.stderr, code: 2}, r, "%v %v", tt.env, tt.args)
		assert.NotContains(t, r.stderr, strings.Split(string(pemBytes), "\n")[1], "key material on stderr")
	}
}
