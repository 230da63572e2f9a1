package messages

import (
	"strings"
	"testing"
	"time"
)

// TestSMSValidation checks every SMS rule on both versions.
func TestSMSValidation(t *testing.T) {
	t.Parallel()
	runValidationCases(t, smsValidationCases())
}

// smsValidationCases returns every SMS case: TestSMSValidation runs them,
// and TestValidatorsAgree runs them through messagestest too.
func smsValidationCases() []validationCase {
	return []validationCase{
		{"sms empty", V1, SMS{}, []fieldWant{
			{"to", "required"}, {"from", "required"}, {"text", "must not be empty"},
		}},
		{"sms bad fields", V1, SMS{From: "VonageAlerts1", To: "0123", Text: long(3201), ClientRef: long(101), WebhookURL: "example.com/status", WebhookVersion: "v2", TTL: 10 * time.Second, Encoding: "utf8"}, []fieldWant{
			{"client_ref", "longer than 100 characters: 101"},
			{"webhook_url", `not an absolute http or https URL: "example.com/status"`},
			{"webhook_version", `must be one of v0.1, v1, got "v2"`},
			{"to", `not an E.164 number: "0123"`},
			{"from", "sender ID longer than 11 characters"},
			{"text", "longer than 3200 characters: 3201"},
			{"ttl", "must be 20 to 604800 seconds, got 10"},
			{"sms.encoding_type (Encoding)", `must be one of text, unicode, auto, got "utf8"`},
		}},
		// Vonage's sender ID guide names no character set, so none is enforced.
		{"sms sender id takes any characters", V1, SMS{From: "Vonage & Co", To: toNumber, Text: "hi", TTL: 1500 * time.Millisecond}, []fieldWant{
			{"ttl", "must be whole seconds, got 1.5s"},
		}},
		{"sms text counts characters not bytes", V1, SMS{From: fromNumber, To: toNumber, Text: strings.Repeat("é", 3200)}, nil},
		{"sms v0.1 limits and v1-only fields", V0_1, SMS{From: fromNumber, To: toNumber, Text: long(1001), ClientRef: long(41), WebhookURL: "https://example.com", TTL: time.Minute, Encoding: SMSEncodingText, TrustedRecipient: true}, []fieldWant{
			{"client_ref", "longer than 40 characters: 41"},
			{"webhook_url", "not supported by API version v0.1"},
			{"ttl", "not supported by API version v0.1"},
			{"sms.encoding_type (Encoding)", "not supported by API version v0.1"},
			{"trusted_recipient", "not supported by API version v0.1"},
			{"text", "longer than 1000 characters: 1001"},
		}},
	}
}
