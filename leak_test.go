package messages

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/internal/brokenkeys"
)

// TestNoErrorQuotesKeyMaterial feeds broken keys and key paths to every
// way in (NewClient, GenerateJWT, the PEM and path variables through
// ReadEnv, as NewClientFromEnv reads them) and scans each error for a run
// of 16 characters of the key's base64.
func TestNoErrorQuotesKeyMaterial(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"pkcs8.pem", "pkcs1.pem"} {
		good := string(readTestdata(t, "keys", file))
		require.Empty(t, brokenkeys.Leak("messages: invalid private key: not PEM", good), "the scan itself")
		require.NotEmpty(t, brokenkeys.Leak(`got "`+strings.ReplaceAll(good, "\n", `\n`)+`"`, good), "the scan itself")
		check := func(how string, err error) {
			t.Helper()
			if err == nil {
				return
			}
			assert.Empty(t, brokenkeys.Leak(err.Error(), good), "%s %s: %s", file, how, err)
		}
		errs := 0
		for _, k := range brokenkeys.Keys(good) {
			_, err := NewClient(testAppID, []byte(k.Value))
			check("NewClient: "+k.Name, err)
			_, err = GenerateJWT(testAppID, []byte(k.Value))
			check("GenerateJWT: "+k.Name, err)
			for _, name := range []string{"VONAGE_PRIVATE_KEY", "NEXMO_PRIVATE_KEY"} {
				_, err = ReadEnv(envOf(map[string]string{"VONAGE_APPLICATION_ID": testAppID, name: k.Value})).NewClient()
				check(name+": "+k.Name, err)
			}
			if err != nil {
				errs++
			}
		}
		for _, p := range brokenkeys.Paths(good, t.TempDir()) {
			for _, name := range []string{"VONAGE_PRIVATE_KEY_PATH", "NEXMO_PRIVATE_KEY_PATH"} {
				env := ReadEnv(envOf(map[string]string{"VONAGE_APPLICATION_ID": testAppID, name: p.Value}))
				_, err := env.Key()
				check(name+" Key: "+p.Name, err)
				_, err = env.NewClient()
				check(name+": "+p.Name, err)
				if err != nil {
					errs++
				}
			}
		}
		assert.Greater(t, errs, 60, "%s: too few of the broken keys were refused for the scan to mean much", file)
	}
}
