package messages_test

import (
	"fmt"

	"github.com/gomessages/messages"
)

// A program with flags of its own lays them over the environment, then
// builds the client by NewClientFromEnv's rules.
func ExampleReadEnv() {
	vars := map[string]string{
		"NEXMO_APPLICATION_ID":    "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
		"VONAGE_PRIVATE_KEY_PATH": "/run/secrets/vonage.key",
		"VONAGE_BASE_URL":         "http://127.0.0.1:35681",
	}
	env := messages.ReadEnv(func(name string) string { return vars[name] })
	fmt.Println(env.ApplicationID, env.KeySource, env.PrivateKeyPath, env.BaseURL)

	keyFlag := "testdata/keys/pkcs8.pem" // as if from --key
	env.PrivateKeyPath, env.KeySource = keyFlag, "--key"
	client, err := env.NewClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("built a client for", client.APIVersion())

	// A key pasted where its file name belongs is named, never quoted.
	env.PrivateKeyPath = "-----BEGIN PRIVATE KEY-----\nMIIEvAIBADANBgkqhkiG9w0BAQEFAASC..."
	_, err = env.NewClient()
	fmt.Println(err)
	// Output:
	// aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee VONAGE_PRIVATE_KEY_PATH /run/secrets/vonage.key http://127.0.0.1:35681
	// built a client for v1
	// messages: --key: invalid private key: holds PEM text, not a file name: put the PEM in VONAGE_PRIVATE_KEY
}
