package messages

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
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
			if c.sendURL != tt.want {
				t.Errorf("send URL %q, want %q", c.sendURL, tt.want)
			}
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
		{"user agent newline", []Option{WithUserAgent("a\r\nX-Evil: 1")}, "line breaks"},
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
			if !errors.Is(err, ErrInvalidOption) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("got %v, want ErrInvalidOption saying %q", err, tt.wantErr)
			}
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
		if _, err := NewClient(id, testKeyPEM(t)); !errors.Is(err, ErrInvalidOption) || err.Error() != want {
			t.Errorf("app ID %q: got %v, want %q", id, err, want)
		}
		if _, err := NewClient(id, nil, WithBasicAuth("abcd1234", "s3cret")); id != "" && (!errors.Is(err, ErrInvalidOption) || err.Error() != want) {
			t.Errorf("app ID %q with basic auth: got %v, want %q", id, err, want)
		}
		if _, err := GenerateJWT(id, testKeyPEM(t)); !errors.Is(err, ErrInvalidOption) || err.Error() != want {
			t.Errorf("GenerateJWT app ID %q: got %v, want %q", id, err, want)
		}
	}
	if _, err := NewClient(testAppID, nil); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("nil key: got %v", err)
	}
	c, err := NewClient("", nil, WithBasicAuth("abcd1234", "s3cret"))
	if err != nil {
		t.Fatalf("basic auth without a key: %v", err)
	}
	if _, err := c.Token(); err == nil {
		t.Error("Token with basic auth only: want an error")
	}
}

func TestNewClientDefaults(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithUserAgent("my-app/2.0"), WithLogger(slog.Default()))
	if c.timeout != DefaultTimeout {
		t.Errorf("timeout %s, want %s", c.timeout, DefaultTimeout)
	}
	if !strings.HasPrefix(c.userAgent, "gomessages/"+Version+" go") || !strings.HasSuffix(c.userAgent, " my-app/2.0") {
		t.Errorf("user agent %q", c.userAgent)
	}
	tr := c.httpClient.(*http.Client).Transport.(*http.Transport)
	if tr.MaxIdleConnsPerHost < 64 {
		t.Errorf("MaxIdleConnsPerHost %d: too few for a busy service", tr.MaxIdleConnsPerHost)
	}
	if c.tokens.ttl != DefaultTokenTTL || c.tokens.reuse {
		t.Errorf("tokens: ttl %s reuse %v, want %s and a fresh token per request", c.tokens.ttl, c.tokens.reuse, DefaultTokenTTL)
	}
}

func TestNewClientFromEnv(t *testing.T) {
	// t.Setenv forbids t.Parallel.
	for _, n := range []string{"VONAGE_APPLICATION_ID", "NEXMO_APPLICATION_ID", "VONAGE_PRIVATE_KEY", "NEXMO_PRIVATE_KEY", "VONAGE_PRIVATE_KEY_PATH", "NEXMO_PRIVATE_KEY_PATH"} {
		t.Setenv(n, "")
	}
	if _, err := NewClientFromEnv(); !errors.Is(err, ErrInvalidOption) || !strings.Contains(err.Error(), "VONAGE_APPLICATION_ID") {
		t.Errorf("no env: got %v", err)
	}
	t.Setenv("NEXMO_APPLICATION_ID", testAppID)
	if _, err := NewClientFromEnv(); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("no key: got %v", err)
	}
	t.Setenv("NEXMO_PRIVATE_KEY_PATH", "testdata/keys/does-not-exist.pem")
	if _, err := NewClientFromEnv(); !errors.Is(err, ErrInvalidKey) || !strings.Contains(err.Error(), "does-not-exist.pem") {
		t.Errorf("missing file: got %v", err)
	}
	t.Setenv("NEXMO_PRIVATE_KEY_PATH", "testdata/keys/pkcs1.pem")
	c, err := NewClientFromEnv(WithAPIVersion(V0_1))
	if err != nil {
		t.Fatalf("NEXMO_ names: %v", err)
	}
	if c.tokens.signer.appID != testAppID || c.version != V0_1 {
		t.Errorf("client: app %q version %q", c.tokens.signer.appID, c.version)
	}
	t.Setenv("VONAGE_APPLICATION_ID", "vonage-app")
	t.Setenv("VONAGE_PRIVATE_KEY", string(readTestdata(t, "keys", "pkcs8.pem")))
	c, err = NewClientFromEnv()
	if err != nil {
		t.Fatalf("VONAGE_ names: %v", err)
	}
	if c.tokens.signer.appID != "vonage-app" {
		t.Errorf("VONAGE_ names must win, got app %q", c.tokens.signer.appID)
	}
}
