package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/internal/brokenkeys"
)

// TestNoOutputQuotesKeyMaterial runs jwt and send with broken keys in
// VONAGE_PRIVATE_KEY, broken values and files in VONAGE_PRIVATE_KEY_PATH
// and --key, and scans stdout and stderr for a run of 16 characters of the
// key's base64.
func TestNoOutputQuotesKeyMaterial(t *testing.T) {
	t.Parallel()
	_, pemBytes := writeKey(t)
	good := string(pemBytes)
	commands := map[string][]string{
		"jwt":  {"jwt"},
		"send": {"send", "sms", "--from", "Acme", "--to", "447700900000", "--text", "hi", "--base-url", "http://127.0.0.1:1"},
	}
	type run struct {
		how  string
		env  []string
		args []string
	}
	var runs []run
	for _, k := range brokenkeys.Keys(good) {
		runs = append(runs, run{"VONAGE_PRIVATE_KEY: " + k.Name, []string{"VONAGE_PRIVATE_KEY=" + k.Value}, nil})
	}
	for _, p := range brokenkeys.Paths(good, t.TempDir()) {
		runs = append(runs,
			run{"VONAGE_PRIVATE_KEY_PATH: " + p.Name, []string{"VONAGE_PRIVATE_KEY_PATH=" + p.Value}, nil},
			run{"--key: " + p.Name, nil, []string{"--key", p.Value}})
	}
	for name, cmd := range commands {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			refused := 0
			for _, r := range runs {
				env := baseEnv(t, append([]string{"VONAGE_APPLICATION_ID=app-1"}, r.env...)...)
				res := runCmd(t, env, "", append(append([]string{}, cmd...), r.args...)...)
				if res.code == exitUsage {
					refused++
				}
				assert.Empty(t, brokenkeys.Leak(res.stderr, good), "%s: stderr %q", r.how, res.stderr)
				assert.Empty(t, brokenkeys.Leak(res.stdout, good), "%s: stdout %q", r.how, res.stdout)
			}
			require.Greater(t, refused, len(runs)*3/4, "too few runs were refused for the scan to mean much")
		})
	}
}
