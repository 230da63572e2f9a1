package messages

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// envOf is a getenv over a fixed set of variables.
func envOf(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestReadEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		vars map[string]string
		want Env
	}{
		{"nothing", nil, Env{}},
		{"VONAGE_ names", map[string]string{
			"VONAGE_APPLICATION_ID": "app-1", "VONAGE_PRIVATE_KEY_PATH": "key.pem", "VONAGE_BASE_URL": "http://127.0.0.1:9",
		}, Env{ApplicationID: "app-1", PrivateKeyPath: "key.pem", KeySource: "VONAGE_PRIVATE_KEY_PATH", BaseURL: "http://127.0.0.1:9"}},
		{"NEXMO_ names", map[string]string{
			"NEXMO_APPLICATION_ID": "app-2", "NEXMO_PRIVATE_KEY": "PEM",
		}, Env{ApplicationID: "app-2", PrivateKey: "PEM", KeySource: "NEXMO_PRIVATE_KEY"}},
		{"VONAGE_ wins, the PEM names the source", map[string]string{
			"VONAGE_APPLICATION_ID": "app-3", "NEXMO_APPLICATION_ID": "app-x",
			"NEXMO_PRIVATE_KEY": "PEM", "VONAGE_PRIVATE_KEY_PATH": "key.pem",
		}, Env{ApplicationID: "app-3", PrivateKey: "PEM", PrivateKeyPath: "key.pem", KeySource: "NEXMO_PRIVATE_KEY"}},
		{"blanks count as unset, values are trimmed", map[string]string{
			"VONAGE_APPLICATION_ID": " \t", "NEXMO_APPLICATION_ID": " app-4\n", "VONAGE_BASE_URL": "  ",
		}, Env{ApplicationID: "app-4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, ReadEnv(envOf(tt.vars)))
		})
	}
}

// TestNewClientFromEnvSendsToBaseURL is the way `messages fake` points a
// service at the fake: export the four variables, call NewClientFromEnv.
func TestNewClientFromEnvSendsToBaseURL(t *testing.T) {
	// t.Setenv forbids t.Parallel.
	for _, n := range []string{"VONAGE_APPLICATION_ID", "NEXMO_APPLICATION_ID", "VONAGE_PRIVATE_KEY", "NEXMO_PRIVATE_KEY", "NEXMO_PRIVATE_KEY_PATH"} {
		t.Setenv(n, "")
	}
	hits := make(chan string, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits <- r.Method + " " + r.URL.Path
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte(`{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"}`))
	}))
	defer srv.Close()
	t.Setenv("VONAGE_APPLICATION_ID", testAppID)
	t.Setenv("VONAGE_PRIVATE_KEY_PATH", filepath.Join("testdata", "keys", "pkcs8.pem"))
	t.Setenv("VONAGE_BASE_URL", srv.URL+"/fake")

	c, err := NewClientFromEnv()
	require.NoError(t, err)
	assert.Equal(t, srv.URL+"/fake", c.baseURL)
	// No live host is reachable from the tests: a send that ignored the
	// variable would fail here rather than reach the server.
	res, err := c.Send(context.Background(), SMS{From: "Acme", To: "447700900000", Text: "hi"})
	require.NoError(t, err)
	assert.Equal(t, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", res.MessageUUID)
	require.Len(t, hits, 1)
	assert.Equal(t, "POST /fake/v1/messages", <-hits)

	// An option that picks the host wins over the variable.
	for name, opt := range map[string]Option{
		"WithBaseURL": WithBaseURL("http://127.0.0.1:9"), "WithRegion": WithRegion(RegionEU), "WithSandbox": WithSandbox(),
	} {
		c, err := NewClientFromEnv(opt)
		require.NoError(t, err, name)
		assert.NotEqual(t, srv.URL+"/fake", c.baseURL, name)
	}

	t.Setenv("VONAGE_BASE_URL", "example.com")
	_, err = NewClientFromEnv()
	require.ErrorIs(t, err, ErrInvalidOption)
	assert.EqualError(t, err, `messages: VONAGE_BASE_URL: invalid option: base URL must be an absolute http or https URL, got "example.com"`)
}

func TestEnvKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	big := filepath.Join(dir, "big.pem")
	require.NoError(t, os.WriteFile(big, make([]byte, maxKeyFile+1), 0o600))
	pem := string(testKeyPEM(t))
	tests := []struct {
		name    string
		env     Env
		wantErr string // "" means the key is read
	}{
		{"the PEM", Env{PrivateKey: pem, PrivateKeyPath: "nope", KeySource: "VONAGE_PRIVATE_KEY"}, ""},
		{"a file", Env{PrivateKeyPath: filepath.Join("testdata", "keys", "pkcs8.pem"), KeySource: "VONAGE_PRIVATE_KEY_PATH"}, ""},
		{"neither", Env{}, "messages: invalid private key: missing: set VONAGE_PRIVATE_KEY or VONAGE_PRIVATE_KEY_PATH (or the NEXMO_ names)"},
		{"PEM in the path", Env{PrivateKeyPath: pem, KeySource: "VONAGE_PRIVATE_KEY_PATH"},
			"messages: VONAGE_PRIVATE_KEY_PATH: invalid private key: holds PEM text, not a file name: put the PEM in VONAGE_PRIVATE_KEY"},
		{"a missing file is named", Env{PrivateKeyPath: "testdata/keys/does-not-exist.pem", KeySource: "NEXMO_PRIVATE_KEY_PATH"},
			`messages: NEXMO_PRIVATE_KEY_PATH: invalid private key: reading "testdata/keys/does-not-exist.pem": no such file or directory`},
		{"a path like a key's body is not", Env{PrivateKeyPath: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", KeySource: "--key"},
			"messages: --key: invalid private key: reading the file it names: no such file or directory"},
		{"a directory", Env{PrivateKeyPath: dir, KeySource: "VONAGE_PRIVATE_KEY_PATH"},
			"messages: VONAGE_PRIVATE_KEY_PATH: invalid private key: " + pathForError(dir) + " is a directory, not a key file"},
		{"an oversized file", Env{PrivateKeyPath: big, KeySource: "VONAGE_PRIVATE_KEY_PATH"},
			"messages: VONAGE_PRIVATE_KEY_PATH: invalid private key: " + pathForError(big) + " is over 64 KiB: not a private key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.env.Key()
			if tt.wantErr == "" {
				require.NoError(t, err)
				assert.Equal(t, pem, string(got))
				return
			}
			require.ErrorIs(t, err, ErrInvalidKey)
			assert.EqualError(t, err, tt.wantErr)
		})
	}
}

func TestPathForError(t *testing.T) {
	t.Parallel()
	body := strings.Split(string(testKeyPEM(t)), "\n")[1]
	tests := map[string]string{
		body:                        "the file it names",
		"/keys/" + body[:30]:        "the file it names",
		body[20:40] + ".pem":        `"....pem"`,
		"key.pem\n" + body:          "the file it names",
		`key.pem\n` + body:          "the file it names",
		"private.key":               `"private.key"`,
		"/etc/vonage/private.key":   `"/etc/vonage/private.key"`,
		"testdata/keys/pkcs8.pem":   `"testdata/keys/pkcs8.pem"`,
		"/etc/vonage/privatekey":    "the file it names",
		"/home/Alice/Keys2/app.pem": `"/home/.../app.pem"`,
		body[:5] + "/" + body[5:20] + "/" + body[20:30] + "/" + body[30:50] + ".pem": `".../....pem"`,
		"/tmp/TestJWTRefusals4168287311/003/missing.key":                             `"/tmp/.../003/missing.key"`,
		"/home/alice/applicationprivatekey/key.pem":                                  `"/home/alice/applicationprivatekey/key.pem"`,
		"C:\\Users\\Alice\\AppData\\Roaming\\Vonage\\private.key":                    `"C:\\Users\\Alice\\AppData\\Roaming\\Vonage\\private.key"`,
	}
	for in, want := range tests {
		assert.Equal(t, want, pathForError(in), "%q", in)
	}
}
