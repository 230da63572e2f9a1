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

	"github.com/gomessages/messages/messagestest"
)

const uuidRE = `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`

// noCredentials clears the variables that would send the run to the live
// API. Tests that use it cannot run in parallel.
func noCredentials(t *testing.T) {
	for _, name := range []string{"VONAGE_APPLICATION_ID", "NEXMO_APPLICATION_ID", "WHATSAPP_NUMBER", "TO_NUMBER", "TEMPLATE_NAME", "TEMPLATE_PARAMS", "TEMPLATE_LOCALE", "VONAGE_REGION"} {
		t.Setenv(name, "")
	}
}

func TestRunsOnTheFake(t *testing.T) {
	noCredentials(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	var fake *messagestest.Server
	require.NoError(t, run(ctx, &out, func(s *messagestest.Server) { fake = s }), out.String())

	want := []string{
		`^No credentials set: running on the fake Messages API at http://127\.0\.0\.1:\d+$`,
		`^Sent template "verify": message UUID ` + uuidRE + `$`,
		`^Answer from 447700900000: "Yes, please send it again" \(message UUID (` + uuidRE + `)\)$`,
		`^Marked (` + uuidRE + `) read, replying indicator shown$`,
		`^Replied to (` + uuidRE + `): message UUID ` + uuidRE + `$`,
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, len(want), out.String())
	var answer []string
	for i, re := range want {
		m := regexp.MustCompile(re).FindStringSubmatch(lines[i])
		require.NotNil(t, m, "line %d %q does not match %s", i+1, lines[i], re)
		if len(m) > 1 {
			answer = append(answer, m[1])
		}
	}
	// The read mark and the reply both name the customer's answer.
	assert.Equal(t, answer[0], answer[1])
	assert.Equal(t, answer[0], answer[2])

	// The fake recorded the read mark with the replying indicator, sent
	// before the reply it announces.
	require.NotNil(t, fake)
	reqs := fake.Requests()
	require.Len(t, reqs, 3)
	update := reqs[1]
	assert.Equal(t, "update", update.Kind)
	assert.Equal(t, "/v1/messages/"+answer[0], update.Path)
	assert.Equal(t, 202, update.Status)
	assert.Equal(t, "read", update.UpdateStatus)
	assert.True(t, update.ReplyingIndicator)
	assert.JSONEq(t, `{"status":"read","replying_indicator":{"show":true,"type":"text"}}`, string(update.Body))
	assert.Equal(t, "message", reqs[2].Kind)
	assert.Equal(t, "Here it is again: your code is 2526.", reqs[2].Text)
}

func TestLiveNeedsTheSignatureSecret(t *testing.T) {
	noCredentials(t)
	t.Setenv("VONAGE_APPLICATION_ID", "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab")
	t.Setenv("VONAGE_SIGNATURE_SECRET", "")
	err := run(context.Background(), &bytes.Buffer{}, nil)
	require.EqualError(t, err, "set VONAGE_SIGNATURE_SECRET: the inbound webhook is verified with it")
}

func TestRunHonoursItsContext(t *testing.T) {
	noCredentials(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := run(ctx, &bytes.Buffer{}, nil)
	require.ErrorIs(t, err, context.Canceled)
	assert.True(t, strings.HasPrefix(err.Error(), "sending the template: "), err.Error())
}
