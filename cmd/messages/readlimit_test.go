package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestReadsAreBounded feeds an endless file and an oversized stdin to
// every input the command reads: each is refused once past its limit,
// with the limit named.
func TestReadsAreBounded(t *testing.T) {
	t.Parallel()
	const app = "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"
	tests := []struct {
		name  string
		env   []string
		stdin string
		args  []string
		want  string
	}{
		{"body file", nil, "", []string{"verify", "--secret", "s", "--body", "/dev/zero", "TOKEN"},
			"messages: verify: --body: larger than 1048576 bytes, the most a webhook's body can be\n"},
		{"body stdin", nil, strings.Repeat("x", 1<<20+1), []string{"verify", "--secret", "s", "TOKEN"},
			"messages: verify: --body: stdin: larger than 1048576 bytes, the most a webhook's body can be\n"},
		{"key flag", nil, "", []string{"jwt", "--app-id", app, "--key", "/dev/zero"},
			"messages: jwt: --key: invalid private key: the file it names is over 64 KiB: not a private key\n"},
		{"key variable", []string{"VONAGE_APPLICATION_ID=" + app, "VONAGE_PRIVATE_KEY_PATH=/dev/zero"}, "", []string{"send", "sms", "--from", "447700900001", "--to", "447700900000", "--text", "hi"},
			"messages: send: VONAGE_PRIVATE_KEY_PATH: invalid private key: the file it names is over 64 KiB: not a private key\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCmd(t, baseEnv(t, tt.env...), tt.stdin, tt.args...)
			assert.Equal(t, result{code: exitUsage, stderr: tt.want}, r)
		})
	}
}
