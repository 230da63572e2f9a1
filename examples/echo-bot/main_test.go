package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const uuidRE = `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`

func TestConversationOnTheFakeAPI(t *testing.T) {
	t.Parallel()
	// The conversation takes well under a second; the bound only ends one
	// that hangs.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out bytes.Buffer
	err := run(ctx, &out, func(string) string { return "" })
	require.NoError(t, err, "output so far:\n%s", out.String())
	want := []string{
		`^No credentials set: playing a conversation on the fake Messages API at http://127\.0\.0\.1:\d+$`,
		`^<- whatsapp text from 447700900001: "Hi, my bike is broken"$`,
		`^   marked read in region global$`,
		`^-> whatsapp: 2 reply buttons, quoting (` + uuidRE + `) \(message UUID (` + uuidRE + `)\)$`,
		`^<- whatsapp reply from 447700900001: tapped "Send a photo" \(photo\)$`,
		`^   marked read in region global$`,
		`^-> whatsapp: "Great: send us a photo of what needs fixing\." \(message UUID ` + uuidRE + `\)$`,
		`^<- whatsapp image from 447700900001: image "bike\.png"$`,
		`^   marked read in region global$`,
		`^   saved 2056 bytes of image/png \("bike\.png"\) to a temporary file$`,
		`^-> whatsapp: "Thanks for the image, 2056 bytes safely received\.", quoting ` + uuidRE + ` \(message UUID ` + uuidRE + `\)$`,
		`^<- sms text from 447700900001: "Is the shop open on Sunday\?"$`,
		`^-> sms: "You said: Is the shop open on Sunday\?" \(message UUID ` + uuidRE + `\)$`,
		`^<- messenger text from 9876543210: "Thanks!"$`,
		`^-> messenger: "You said: Thanks!" \(message UUID ` + uuidRE + `\)$`,
		`^Done: 5 answers sent, 3 messages marked read, 1 media file downloaded with the application's token\.$`,
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, len(want), "output:\n%s", out.String())
	for i, re := range want {
		assert.Regexp(t, regexp.MustCompile(re), lines[i])
	}
}

func TestLiveNeedsASecret(t *testing.T) {
	t.Parallel()
	env := map[string]string{"VONAGE_APPLICATION_ID": "app"}
	err := run(context.Background(), &bytes.Buffer{}, func(k string) string { return env[k] })
	assert.EqualError(t, err, "VONAGE_SIGNATURE_SECRET is not set: the bot verifies every webhook")
}
