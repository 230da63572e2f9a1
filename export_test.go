package messages

import "strings"

// GoldenCase exposes a golden case to the external test package, which can
// import messagestest (this package cannot: messagestest imports it).
type GoldenCase struct {
	Name    string
	Version APIVersion
	Msg     Message
}

// GoldenCases returns every golden case.
func GoldenCases() []GoldenCase {
	out := make([]GoldenCase, len(goldenCases))
	for i, gc := range goldenCases {
		out[i] = GoldenCase{gc.name, gc.version, gc.msg}
	}
	return out
}

// SpecRejectedBodies returns request bodies the API's specs reject, each
// breaking one rule, by version.
func SpecRejectedBodies() map[APIVersion][]string {
	out := driftBodies()
	for v, bodies := range channelDriftBodies() {
		out[v] = append(out[v], bodies...)
	}
	return out
}

// token mints (or reuses) a token as a request would and returns it
// without its "Bearer " prefix.
func (ts *tokenSource) token() (string, error) {
	h, err := ts.header()
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(h[0], "Bearer "), nil
}
