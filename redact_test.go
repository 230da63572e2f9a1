package messages

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBasicCredentialIsRedacted: a server that echoes the Basic header,
// and the credential decoded, in its error body; neither the body, the
// error text nor the log holds the secret after.
func TestBasicCredentialIsRedacted(t *testing.T) {
	t.Parallel()
	const key, secret = "abcd1234", "s3cr3tValue-42"
	_, base := newBasePathServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		raw, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(auth, "Basic "))
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"title":"Unauthorized","detail":"bad `+auth+` = `+string(raw)+`, secret `+secret+`"}`)
	}))
	var logs bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := NewClient("", nil, WithBasicAuth(key, secret), WithBaseURL(base), WithLogger(logger))
	require.NoError(t, err)
	_, err = c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "bad Basic [REDACTED] = [REDACTED], secret [REDACTED]", apiErr.Detail)
	for name, text := range map[string]string{"error": err.Error(), "body": string(apiErr.Body), "log": logs.String()} {
		assert.NotContains(t, text, secret, name)
		assert.NotContains(t, text, base64.StdEncoding.EncodeToString([]byte(key+":"+secret)), name)
	}
}

// TestBaseURLPasswordIsRedacted: a password in the base URL shows in no
// error or log line, whether the server answered or could not be reached.
func TestBaseURLPasswordIsRedacted(t *testing.T) {
	t.Parallel()
	const password = "hunter2-p@ss"
	srv, _ := newBasePathServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `{"title":"Server Error","detail":"proxy said `+password+`"}`)
	}))
	withPassword := strings.Replace(srv.URL, "http://", "http://user:hunter2-p%40ss@", 1) + baseURLPath
	var logs bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))

	c := newTestClient(t, WithBaseURL(withPassword), WithLogger(logger))
	_, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "proxy said [REDACTED]", apiErr.Detail)
	texts := []string{err.Error(), string(apiErr.Body)}

	srv.Close() // now the server cannot be reached
	_, err = c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "hi"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "messages: POST http://user:xxxxx@127.0.0.1:", "the endpoint is named, without its password")
	texts = append(texts, err.Error(), logs.String())
	for _, text := range texts {
		assert.NotContains(t, text, "hunter2")
	}
}
