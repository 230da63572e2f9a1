package messages

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePrivateKey(t *testing.T) {
	t.Parallel()
	pkcs8 := string(readTestdata(t, "keys", "pkcs8.pem"))
	tests := []struct {
		name    string
		pem     string
		wantErr string // substring; "" means the key parses
	}{
		{"pkcs1", string(readTestdata(t, "keys", "pkcs1.pem")), ""},
		{"pkcs8", pkcs8, ""},
		{"escaped newlines from an env file", strings.ReplaceAll(pkcs8, "\n", `\n`), ""},
		{"empty", "", "missing"},
		{"blank", " \n\t", "missing"},
		{"not pem", "hello", "not PEM"},
		{"encrypted pkcs8", string(readTestdata(t, "keys", "encrypted.pem")), "encrypted"},
		{"encrypted legacy", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAA\n-----END RSA PRIVATE KEY-----\n", "encrypted"},
		{"ec sec1", string(readTestdata(t, "keys", "ec.pem")), `"EC PRIVATE KEY" is not an RSA private key`},
		{"ec pkcs8", string(readTestdata(t, "keys", "ec-pkcs8.pem")), "not an RSA key (*ecdsa.PrivateKey)"},
		{"public key", string(readTestdata(t, "keys", "public.pem")), `"PUBLIC KEY" is not an RSA private key`},
		{"truncated body", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg==\n-----END PRIVATE KEY-----\n", "malformed PKCS#8"},
		{"broken base64", "-----BEGIN PRIVATE KEY-----\nMIIE*vQIBADANBg==\n-----END PRIVATE KEY-----\n", `PEM block "PRIVATE KEY" has a -----BEGIN line but its base64 body is broken`},
		{"altered in copying", strings.Replace(pkcs8, "\n", "\n#", 3), `PEM block "PRIVATE KEY" has a -----BEGIN line but its base64 body is broken`},
		{"cut short", pkcs8[:len(pkcs8)/2], `PEM block "PRIVATE KEY" has no -----END PRIVATE KEY----- line`},
		{"begin line cut", "-----BEGIN RSA PRIV", "not PEM: the -----BEGIN line is incomplete"},
		{"truncated pkcs1", "-----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADANBg==\n-----END RSA PRIVATE KEY-----\n", "malformed PKCS#1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			key, err := parsePrivateKey([]byte(tt.pem))
			if tt.wantErr == "" {
				require.NoError(t, err)
				require.NotNil(t, key)
				return
			}
			require.ErrorIs(t, err, ErrInvalidKey)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.NotContains(t, err.Error(), "MII", "error leaks key material")
		})
	}
}
