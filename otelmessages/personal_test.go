package otelmessages

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
)

// The personal things the test sends; none may reach telemetry.
const (
	personalFrom    = "447700900123"
	personalTo      = "447700900456"
	personalText    = "Dear Alice, your code is 8812"
	personalURL     = "https://cdn.example.com/private/alice-passport.jpg"
	personalCaption = "Alice's passport"
	personalRef     = "alice-account-77"
	personalBadTo   = "+44 7700 900789 ext"
)

// TestNoPersonalDataInTelemetry sends numbers, text, media URLs and client
// references through calls that succeed, fail validation (whose error
// quotes the number) and are refused, and receives an inbound webhook
// whose callback fails with the text in its error; then it reads every
// span name, status, event and attribute, and every metric point, and
// finds none of what was sent.
func TestNoPersonalDataInTelemetry(t *testing.T) {
	t.Parallel()
	tm := newTelemetry(t)
	srv, c := newFake(t, tm.obs)
	ctx := context.Background()

	_, err := c.Send(ctx, messages.SMS{From: personalFrom, To: personalTo, Text: personalText, ClientRef: personalRef})
	require.NoError(t, err)
	_, err = c.Send(ctx, messages.WhatsApp{From: personalFrom, To: personalTo, Content: messages.Image{URL: personalURL, Caption: personalCaption}})
	require.NoError(t, err)
	_, err = c.SendWithFailover(ctx,
		messages.Viber{From: "AliceShop", To: personalTo, Content: messages.Text(personalText)},
		messages.SMS{From: personalFrom, To: personalTo, Text: personalText})
	require.NoError(t, err)
	_, err = c.Send(ctx, messages.SMS{From: personalFrom, To: personalBadTo, Text: personalText})
	require.ErrorContains(t, err, "900789", "the validation error quotes the number; telemetry must not")
	srv.FailNext(http.StatusUnprocessableEntity, 0)
	_, err = c.Send(ctx, messages.SMS{From: personalFrom, To: personalTo, Text: personalText})
	require.ErrorIs(t, err, messages.ErrInvalidRequest)
	require.Error(t, c.MarkRead(ctx, personalTo, messages.RegionGlobal), "a number where a UUID belongs")

	h := messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret: webhookSecret,
		OnInbound: func(_ context.Context, in *messages.Inbound) error {
			return errors.New("could not store " + in.Text + " from " + in.From)
		},
		Observer: tm.obs,
	})
	inbound := `{"channel":"whatsapp","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"` + personalTo +
		`","from":"` + personalFrom + `","timestamp":"2025-02-03T12:14:25Z","message_type":"image","image":{"url":"` + personalURL +
		`","caption":"` + personalCaption + `"}}`
	require.Equal(t, http.StatusInternalServerError, postWebhook(t, h, inbound, webhookSecret))
	text := `{"channel":"sms","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"` + personalTo +
		`","from":"` + personalFrom + `","timestamp":"2025-02-03T12:14:25Z","message_type":"text","text":"` + personalText + `"}`
	require.Equal(t, http.StatusInternalServerError, postWebhook(t, h, text, webhookSecret))

	all := tm.everything(t)
	require.Greater(t, len(all), 50, "telemetry was recorded")
	for _, s := range all {
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
		for _, p := range []string{personalText, personalURL, personalCaption, personalRef, "Alice", "passport", "cdn.example.com"} {
			assert.NotContains(t, s, p)
		}
		for _, n := range []string{personalFrom, personalTo, "7700900789"} {
			assert.NotContains(t, digits, n[len(n)-10:], "a phone number in %q", s)
		}
	}
}
