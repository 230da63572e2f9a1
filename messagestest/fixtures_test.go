package messagestest

// The values the package's tests share, defined once. They are exported so
// that the external tests (package messagestest_test) use them under the
// same names; like everything in a _test.go file, they exist only in test
// builds. The examples keep their literals: they are documentation.
const (
	// Phone is the number the tests send to.
	Phone = "447700900000"
	// Sender is the number the tests send from.
	Sender = "447700900001"
	// ViberID is the Viber service ID the tests send from.
	ViberID = "654321"
	// PageID is the Facebook page the tests send Messenger messages from.
	PageID = "1234567890123456"
	// UserPSID is the page-scoped ID of the Messenger user they go to.
	UserPSID = "9876543210987654"
	// MessageUUID is a well-formed message UUID that a test picks itself,
	// not one a server issued.
	MessageUUID = "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"
	// Secret is the signature secret webhooks are signed with.
	Secret = "e2e-signature-secret"
	// APIKey and APISecret are the basic-auth credentials. The tables of
	// server_test.go send them base64-encoded: "Basic a2V5MTpzZWNyZXQx".
	APIKey    = "key1"
	APISecret = "secret1"
)
