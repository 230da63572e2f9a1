package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages"
)

func TestMarshalSetLeavesOutZeroFields(t *testing.T) {
	t.Parallel()
	in := messages.Inbound{
		MessageUUID: "u-1",
		Channel:     messages.ChannelWhatsApp,
		Timestamp:   time.Date(2026, 1, 2, 3, 4, 5, 600_000_000, time.UTC),
		Type:        "order",
		Media:       &messages.Media{Type: "image", URL: "https://example.com/i.jpg"},
		Attachments: []messages.Media{{Type: "vcard", URL: "https://example.com/c.vcf"}, {}},
		Button:      &messages.InboundButton{PayloadJSON: json.RawMessage(`{"a": [1, 2]}`)},
		Order: &messages.InboundOrder{CatalogID: "c", Items: []messages.InboundOrderItem{
			{ProductRetailerID: "p", Quantity: "2", ItemPrice: "9.99", Currency: "EUR"},
		}},
		MMSParticipants: []string{"447700900001"},
		SMS:             &messages.InboundSMS{NumMessages: 2},
	}
	b, err := marshalSet(in)
	require.NoError(t, err)
	assert.Equal(t, `{"MessageUUID":"u-1","Channel":"whatsapp","Timestamp":"2026-01-02T03:04:05.6Z","Type":"order",`+
		`"Media":{"Type":"image","URL":"https://example.com/i.jpg"},"Attachments":[{"Type":"vcard","URL":"https://example.com/c.vcf"},{}],`+
		`"Button":{"PayloadJSON":{"a":[1,2]}},"Order":{"CatalogID":"c","Items":[{"ProductRetailerID":"p","Quantity":"2","ItemPrice":"9.99","Currency":"EUR"}]},`+
		`"SMS":{"NumMessages":2},"MMSParticipants":["447700900001"]}`, string(b))
	assert.True(t, json.Valid(b))

	b, err = marshalSet(messages.Status{})
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(b))
	b, err = marshalSet((*messages.Status)(nil))
	require.NoError(t, err)
	assert.Equal(t, `null`, string(b))
}

func TestOneLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want string
	}{
		{errors.New("messages: sms: to: required"), "sms: to: required"},
		{fmt.Errorf("--key: %w", errors.New("messages: invalid private key: not PEM")), "--key: invalid private key: not PEM"},
		{errors.New("messages: 500: line one\nline two\r\nline three\rend"), "500: line one line two line three end"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, oneLine(tt.err))
	}
}

func TestShellQuote(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"http://127.0.0.1:8080":      "http://127.0.0.1:8080",
		"/tmp/messages-fake-1/p.key": "/tmp/messages-fake-1/p.key",
		"/tmp/my dir/p.key":          "'/tmp/my dir/p.key'",
		"it's":                       `'it'\''s'`,
		"$HOME":                      "'$HOME'",
		"":                           "''",
	}
	for in, want := range tests {
		assert.Equal(t, want, shellQuote(in), in)
	}
}
