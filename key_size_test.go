package messages

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShortRSAKeysAreRefused: a key under 2048 bits parsed, and then every
// send failed with "signing failed"; NewClient and GenerateJWT now say why
// at once.
func TestShortRSAKeysAreRefused(t *testing.T) {
	t.Parallel()
	for _, bits := range []int{512, 1024} {
		pem := readTestdata(t, "keys", fmt.Sprintf("rsa%d.pem", bits))
		want := fmt.Sprintf("messages: invalid private key: RSA key of %d bits is too short: RS256 needs at least 2048 bits (RFC 7518, section 3.3); make a new key for the application", bits)

		_, err := NewClient(testAppID, pem)
		require.ErrorIs(t, err, ErrInvalidKey, "NewClient, %d bits", bits)
		assert.EqualError(t, err, want, "NewClient")

		_, err = GenerateJWT(testAppID, pem)
		require.ErrorIs(t, err, ErrInvalidKey, "GenerateJWT, %d bits", bits)
		assert.EqualError(t, err, want, "GenerateJWT")
	}
}
