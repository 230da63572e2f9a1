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

const (
	uuidRE     = `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`
	workflowRE = `[1-9A-HJ-NP-Za-km-z]{55}`
)

func TestStoryOnTheFakeAPI(t *testing.T) {
	t.Parallel()
	// The story takes well under a second; the bound only ends one that hangs,
	// so it is generous enough for a loaded machine under -race.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out bytes.Buffer
	err := run(ctx, &out, func(string) string { return "" })
	require.NoError(t, err, "story: output so far:\n%s", out.String())
	want := []string{
		`^No credentials set: running on the fake Messages API at http://127\.0\.0\.1:\d+$`,
		`^Webhooks go to http://127\.0\.0\.1:\d+, signed with the application's signature secret$`,
		`^Sent SMS: message UUID (` + uuidRE + `)$`,
		`^Sent Viber text: message UUID (` + uuidRE + `)$`,
		`^Sent Messenger text: message UUID (` + uuidRE + `)$`,
		`^Sent Messenger image: message UUID (` + uuidRE + `)$`,
		`^Receipts for SMS (` + uuidRE + `): submitted -> delivered$`,
		`^Receipts for Viber text (` + uuidRE + `): submitted -> delivered -> read$`,
		`^Receipts for Messenger text (` + uuidRE + `): submitted -> delivered -> read$`,
		`^Receipts for Messenger image (` + uuidRE + `): submitted -> delivered -> read$`,
		`^Inbound SMS from 447700900000: "Thanks, see you soon!" \(message UUID ` + uuidRE + `\)$`,
		`^Sent Viber with SMS failover: workflow (` + workflowRE + `), message UUID (` + uuidRE + `)$`,
		`^Failover step 1 of 2, Viber (` + uuidRE + `): rejected$`,
		`^Failover step 2 of 2, SMS (` + uuidRE + `): submitted -> delivered$`,
		`^Done: every message was accepted and every webhook verified\.$`,
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, len(want), "output:\n%s", out.String())
	groups := make([][]string, len(lines))
	for i, re := range want {
		m := regexp.MustCompile(re).FindStringSubmatch(lines[i])
		require.NotNil(t, m, "line %d %q does not match %s", i+1, lines[i], re)
		groups[i] = m
	}
	// Each receipt line names the message its send line printed.
	for i := 0; i < 4; i++ {
		assert.Equal(t, groups[i+2][1], groups[i+6][1], "receipts line %d names another message than its send line", i+7)
	}
	assert.Equal(t, groups[11][2], groups[12][1], "failover step 1 is not the workflow's message")
	assert.NotEqual(t, groups[12][1], groups[13][1], "the SMS step reused the Viber step's UUID")
}

func TestCredentialsWithoutNumbersIsAClearError(t *testing.T) {
	t.Parallel()
	env := map[string]string{"VONAGE_APPLICATION_ID": "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", "FROM_NUMBER": "447700900001"}
	err := run(context.Background(), &bytes.Buffer{}, func(k string) string { return env[k] })
	want := "an application ID is set: also set FROM_NUMBER and TO_NUMBER to send a real SMS, or unset it to run on the fake API"
	assert.EqualError(t, err, want)
}

func TestStoryHonoursItsDeadline(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := story(ctx, &bytes.Buffer{})
	assert.ErrorContains(t, err, "context canceled", "want a context error")
}

// TestSendsWhereVONAGE_BASE_URLPoints runs the quickstart with the variables
// `messages fake` exports: its SMS goes to the fake, never to the live API.
func TestSendsWhereVONAGE_BASE_URLPoints(t *testing.T) {
	t.Parallel()
	srv := messagestest.NewServer()
	defer srv.Close()
	vars := map[string]string{
		"VONAGE_APPLICATION_ID": srv.ApplicationID,
		"VONAGE_PRIVATE_KEY":    string(srv.PrivateKey),
		"VONAGE_BASE_URL":       srv.URL,
		"FROM_NUMBER":           "447700900001",
		"TO_NUMBER":             "447700900000",
	}
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, func(name string) string { return vars[name] }))
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "447700900000", reqs[0].To)
	assert.Regexp(t, `^SMS sent to 447700900000: message UUID `+uuidRE+"\n$", out.String())
}
