package messages

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOptionFamiliesRefuseNilAndBadOptions: in every option family a nil
// option and a bad one are an ErrInvalidOption from the call that receives
// them, with the exact text, and nothing is sent. StepOption and
// MarkReadOption have no constructor that can fail, so their bad option is
// one written here that returns an error: the call must return it.
func TestOptionFamiliesRefuseNilAndBadOptions(t *testing.T) {
	t.Parallel()
	refuse := optionError("refused by the test")
	badStep := StepOption(func(*stepSettings) error { return refuse })
	badMarkRead := MarkReadOption(func(*markReadSettings) error { return refuse })
	sms := SMS{From: fromNumber, To: toNumber, Text: "hi"}
	viber := Viber{From: viberID, To: toNumber, Content: Text("hi")}
	body := []byte(statusBody)
	auth := signWebhook(t, body, webhookSecret, webhookNow)

	tests := []struct {
		name string
		call func(t *testing.T) error
		want string
	}{
		{"Option nil", func(t *testing.T) error {
			_, err := NewClient(testAppID, testKeyPEM(t), WithTimeout(time.Second), nil)
			return err
		}, "messages: invalid option: option 1 is nil"},
		{"Option bad", func(t *testing.T) error {
			_, err := NewClient(testAppID, testKeyPEM(t), WithTimeout(-time.Second))
			return err
		}, "messages: invalid option: timeout must not be negative, got -1s"},
		{"TokenOption nil, GenerateJWT", func(t *testing.T) error {
			_, err := GenerateJWT(testAppID, testKeyPEM(t), WithSubject("alice"), nil)
			return err
		}, "messages: invalid option: token option 1 is nil"},
		{"TokenOption nil, Client.Token", func(t *testing.T) error {
			_, err := newTestClient(t).Token(nil)
			return err
		}, "messages: invalid option: token option 0 is nil"},
		{"TokenOption bad", func(t *testing.T) error {
			_, err := GenerateJWT(testAppID, testKeyPEM(t), WithTTL(0))
			return err
		}, "messages: invalid option: token ttl must be above 0 and at most 24h0m0s, got 0s"},
		{"VerifyOption nil", func(*testing.T) error {
			_, err := VerifySignature(auth, body, webhookSecret, WithVerifyClock(webhookClock), nil)
			return err
		}, "messages: invalid option: verify option 1 is nil"},
		{"VerifyOption bad", func(*testing.T) error {
			_, err := VerifySignature(auth, body, webhookSecret, WithMaxAge(0))
			return err
		}, "messages: invalid option: WithMaxAge needs a duration above 0, got 0s"},
		{"StepOption nil, primary", func(t *testing.T) error {
			return sendRefused(t, V0_1, Step(viber, FailoverWhen(FailoverRead, time.Minute), nil), sms)
		}, "messages: invalid option: step option 1 is nil, in the Step of the primary message"},
		{"StepOption nil, fallback", func(t *testing.T) error {
			return sendRefused(t, V0_1, viber, Step(sms, nil), viber)
		}, "messages: invalid option: step option 0 is nil, in the Step of failover[0]"},
		{"StepOption nil, before the v1 check", func(t *testing.T) error {
			return sendRefused(t, V1, Step(viber, nil), sms)
		}, "messages: invalid option: step option 0 is nil, in the Step of the primary message"},
		{"StepOption bad", func(t *testing.T) error {
			return sendRefused(t, V0_1, viber, sms, Step(viber, badStep))
		}, "messages: invalid option: refused by the test, in the Step of failover[1]"},
		{"EachOption nil", func(t *testing.T) error {
			_, err := newTestClient(t).SendEach(t.Context(), slices.Values([]Message{sms}), WithConcurrency(2), nil)
			return err
		}, "messages: invalid option: send each option 1 is nil"},
		{"EachOption bad", func(t *testing.T) error {
			_, err := newTestClient(t).SendEach(t.Context(), slices.Values([]Message{sms}), WithConcurrency(0))
			return err
		}, "messages: invalid option: concurrency must be at least 1, got 0"},
		{"MarkReadOption nil", func(t *testing.T) error {
			return markReadRefused(t, WithReplyingIndicator(), nil)
		}, "messages: invalid option: mark read option 1 is nil"},
		{"MarkReadOption bad", func(t *testing.T) error {
			return markReadRefused(t, badMarkRead)
		}, "messages: invalid option: refused by the test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.call(t)
			require.ErrorIs(t, err, ErrInvalidOption)
			assert.EqualError(t, err, tt.want)
		})
	}
}

// sendRefused calls SendWithFailover on a mock and checks nothing was sent.
func sendRefused(t *testing.T, v APIVersion, primary Message, fallbacks ...Message) error {
	c, mt := mockClient(t, WithAPIVersion(v))
	res, err := c.SendWithFailover(t.Context(), primary, fallbacks...)
	assert.Nil(t, res)
	assert.Zero(t, mt.GetTotalCallCount(), "a refused call sends nothing")
	return err
}

// markReadRefused calls MarkRead on a mock and checks nothing was sent.
func markReadRefused(t *testing.T, opts ...MarkReadOption) error {
	c, mt := mockClient(t)
	err := c.MarkRead(t.Context(), quotedUUID, RegionGlobal, opts...)
	assert.Zero(t, mt.GetTotalCallCount(), "a refused call sends nothing")
	return err
}
