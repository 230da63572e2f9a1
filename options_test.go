package messages

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientResolvesHosts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []Option
		want string
	}{
		{"default", nil, "https://api.nexmo.com/v1/messages"},
		{"v0.1", []Option{WithAPIVersion(V0_1)}, "https://api.nexmo.com/v0.1/messages"},
		{"eu", []Option{WithRegion(RegionEU)}, "https://api-eu.vonage.com/v1/messages"},
		{"us", []Option{WithRegion(RegionUS)}, "https://api-us.vonage.com/v1/messages"},
		{"ap", []Option{WithRegion(RegionAP)}, "https://api-ap.vonage.com/v1/messages"},
		{"sandbox", []Option{WithSandbox()}, "https://messages-sandbox.nexmo.com/v1/messages"},
		{"base url with path", []Option{WithBaseURL("http://127.0.0.1:8080/api/")}, "http://127.0.0.1:8080/api/v1/messages"},
		{"order does not matter", []Option{WithBaseURL("http://localhost:1"), WithAPIVersion(V0_1)}, "http://localhost:1/v0.1/messages"},
		{"order does not matter, reversed", []Option{WithAPIVersion(V0_1), WithBaseURL("http://localhost:1")}, "http://localhost:1/v0.1/messages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newTestClient(t, tt.opts...)
			assert.Equal(t, tt.want, c.sendURL)
		})
	}
}

func TestNewClientRejectsBadOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    []Option
		wantErr string
	}{
		{"nil option", []Option{nil}, "option 0 is nil"},
		{"relative base", []Option{WithBaseURL("/v1")}, "absolute http or https URL"},
		{"ftp base", []Option{WithBaseURL("ftp://example.com")}, "absolute http or https URL"},
		{"base with query", []Option{WithBaseURL("https://example.com?a=1")}, "query or fragment"},
		{"unknown region", []Option{WithRegion("mars")}, `unknown region "mars"`},
		{"region and sandbox", []Option{WithRegion(RegionEU), WithSandbox()}, "use one"},
		{"base and region", []Option{WithRegion(RegionEU), WithBaseURL("https://x.example")}, "use one"},
		{"version", []Option{WithAPIVersion("v2")}, `unknown API version "v2"`},
		{"nil http client", []Option{WithHTTPClient(nil)}, "nil HTTP client"},
		{"negative timeout", []Option{WithTimeout(-time.Second)}, "must not be negative"},
		{"user agent newline", []Option{WithUserAgent("a\r\nX-Evil: 1")}, "user agent must not contain control characters such as line breaks, got U+000D at byte 1"},
		{"user agent nul", []Option{WithUserAgent("app\x00")}, "user agent must not contain control characters such as line breaks, got U+0000 at byte 3"},
		{"user agent escape", []Option{WithUserAgent("app/1 \x1b[31m")}, "got U+001B at byte 6"},
		{"user agent del", []Option{WithUserAgent("app\x7f")}, "got U+007F at byte 3"},
		{"nil logger", []Option{WithLogger(nil)}, "nil logger"},
		{"zero ttl", []Option{WithTokenTTL(0)}, "token ttl"},
		{"long ttl", []Option{WithTokenTTL(48 * time.Hour)}, "token ttl"},
		{"negative reuse", []Option{WithTokenReuse(-1)}, "must not be negative"},
		{"reuse margin over ttl", []Option{WithTokenReuse(time.Hour), WithTokenTTL(time.Minute)}, "shorter than the token ttl"},
		{"basic auth half", []Option{WithBasicAuth("key", "")}, "both an API key and a secret"},
		{"nil clock", []Option{WithClock(nil)}, "nil clock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewClient(testAppID, testKeyPEM(t), tt.opts...)
			require.ErrorIs(t, err, ErrInvalidOption)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestNewClientNeedsCredentials(t *testing.T) {
	t.Parallel()
	for id, want := range map[string]string{
		"":       "messages: invalid option: application ID is empty",
		" ":      "messages: invalid option: application ID is blank: it holds only whitespace",
		"\t\r\n": "messages: invalid option: application ID is blank: it holds only whitespace",
	} {
		_, err := NewClient(id, testKeyPEM(t))
		assert.ErrorIs(t, err, ErrInvalidOption, "app ID %q", id)
		assert.EqualError(t, err, want, "app ID %q", id)
		if id != "" {
			// An empty ID is how basic auth alone is asked for.
			_, err = NewClient(id, nil, WithBasicAuth(basicAuthKey, basicAuthSecret))
			assert.ErrorIs(t, err, ErrInvalidOption, "app ID %q with basic auth", id)
			assert.EqualError(t, err, want, "app ID %q with basic auth", id)
		}
		_, err = GenerateJWT(id, testKeyPEM(t))
		assert.ErrorIs(t, err, ErrInvalidOption, "GenerateJWT app ID %q", id)
		assert.EqualError(t, err, want, "GenerateJWT app ID %q", id)
	}
	_, err := NewClient(testAppID, nil)
	assert.ErrorIs(t, err, ErrInvalidKey, "nil key")
	c, err := NewClient("", nil, WithBasicAuth(basicAuthKey, basicAuthSecret))
	require.NoError(t, err, "basic auth without a key")
	_, err = c.Token()
	assert.Error(t, err, "Token with basic auth only")
}

func TestNewClientDefaults(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithUserAgent("my-app/2.0"), WithLogger(slog.Default()))
	assert.Equal(t, DefaultTimeout, c.timeout)
	assert.True(t, strings.HasPrefix(c.userAgent, "gomessages/"+Version+" go"), "user agent %q", c.userAgent)
	assert.True(t, strings.HasSuffix(c.userAgent, " my-app/2.0"), "user agent %q", c.userAgent)
	require.IsType(t, &http.Client{}, c.httpClient)
	require.IsType(t, &http.Transport{}, c.httpClient.(*http.Client).Transport)
	tr := c.httpClient.(*http.Client).Transport.(*http.Transport)
	assert.GreaterOrEqual(t, tr.MaxIdleConnsPerHost, 64, "MaxIdleConnsPerHost: too few for a busy service")
	assert.Equal(t, DefaultTokenTTL, c.tokens.ttl)
	assert.False(t, c.tokens.reuse, "want a fresh token per request")
}

func TestNewClientFromEnv(t *testing.T) {
	// t.Setenv forbids t.Parallel.
	for _, n := range []string{"VONAGE_APPLICATION_ID", "NEXMO_APPLICATION_ID", "VONAGE_PRIVATE_KEY", "NEXMO_PRIVATE_KEY", "VONAGE_PRIVATE_KEY_PATH", "NEXMO_PRIVATE_KEY_PATH"} {
		t.Setenv(n, "")
	}
	_, err := NewClientFromEnv()
	require.ErrorIs(t, err, ErrInvalidOption, "no env")
	assert.Contains(t, err.Error(), "VONAGE_APPLICATION_ID", "no env")
	t.Setenv("NEXMO_APPLICATION_ID", testAppID)
	_, err = NewClientFromEnv()
	assert.ErrorIs(t, err, ErrInvalidKey, "no key")
	t.Setenv("NEXMO_PRIVATE_KEY_PATH", "testdata/keys/does-not-exist.pem")
	_, err = NewClientFromEnv()
	require.ErrorIs(t, err, ErrInvalidKey, "missing file")
	assert.Contains(t, err.Error(), "does-not-exist.pem", "missing file")
	t.Setenv("NEXMO_PRIVATE_KEY_PATH", "testdata/keys/pkcs1.pem")
	c, err := NewClientFromEnv(WithAPIVersion(V0_1))
	require.NoError(t, err, "NEXMO_ names")
	assert.Equal(t, testAppID, c.tokens.signer.appID)
	assert.Equal(t, V0_1, c.version)
	t.Setenv("VONAGE_APPLICATION_ID", "vonage-app")
	t.Setenv("VONAGE_PRIVATE_KEY", string(readTestdata(t, "keys", "pkcs8.pem")))
	c, err = NewClientFromEnv()
	require.NoError(t, err, "VONAGE_ names")
	assert.Equal(t, "vonage-app", c.tokens.signer.appID, "VONAGE_ names must win")
}
