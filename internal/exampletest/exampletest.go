// Package exampletest holds the checks every program in examples/ shares,
// so each example's test is one call and the programs stay free of it.
package exampletest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/messagestest"
)

// SendsWhereBaseURLPoints runs an example's newClient the way `messages
// fake` is used, with the variables it exports, and fails t unless a send
// through that client reaches the fake, never the live API.
func SendsWhereBaseURLPoints(t *testing.T, newClient func() (*messages.Client, func(), error)) {
	t.Helper()
	srv := messagestest.NewServer()
	defer srv.Close()
	keyPath := filepath.Join(t.TempDir(), "private.key")
	require.NoError(t, os.WriteFile(keyPath, srv.PrivateKey, 0o600))
	t.Setenv("NEXMO_APPLICATION_ID", "")
	t.Setenv("VONAGE_PRIVATE_KEY", "")
	t.Setenv("VONAGE_APPLICATION_ID", srv.ApplicationID)
	t.Setenv("VONAGE_PRIVATE_KEY_PATH", keyPath)
	t.Setenv("VONAGE_BASE_URL", srv.URL)

	client, done, err := newClient()
	require.NoError(t, err)
	defer done()
	_, err = client.Send(context.Background(), messages.SMS{From: "Acme", To: "447700900000", Text: "hi"})
	require.NoError(t, err)
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, 202, reqs[0].Status)
	assert.Equal(t, "hi", reqs[0].Text)
}
