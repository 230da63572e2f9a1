package messages

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gomessages/messages/internal/spectest"
)

// capturePatch runs call on a mocked global client and returns the body of
// the one PATCH it sent.
func capturePatch(t *testing.T, call func(*Client) error) string {
	t.Helper()
	c, mt := mockClient(t)
	var body []byte
	mt.RegisterResponder(http.MethodPatch, "https://api.nexmo.com/v1/messages/"+quotedUUID, func(r *http.Request) (*http.Response, error) {
		body, _ = io.ReadAll(r.Body)
		return httpmock.NewStringResponse(http.StatusAccepted, ""), nil
	})
	require.NoError(t, call(c))
	return string(body)
}

func TestUpdateRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		opts     []Option
		region   Region
		revoke   bool
		wantURL  string
		wantBody string
	}{
		{"mark read global", nil, RegionGlobal, false, "https://api.nexmo.com/v1/messages/" + quotedUUID, `{"status":"read"}`},
		{"mark read eu", nil, RegionEU, false, "https://api-eu.vonage.com/v1/messages/" + quotedUUID, `{"status":"read"}`},
		{"revoke us", nil, RegionUS, true, "https://api-us.vonage.com/v1/messages/" + quotedUUID, `{"status":"revoked"}`},
		{"revoke ap", nil, RegionAP, true, "https://api-ap.vonage.com/v1/messages/" + quotedUUID, `{"status":"revoked"}`},
		{"client region, global call uses the client's host", []Option{WithRegion(RegionEU)}, RegionGlobal, false, "https://api-eu.vonage.com/v1/messages/" + quotedUUID, `{"status":"read"}`},
		{"client region, call region wins", []Option{WithRegion(RegionEU)}, RegionAP, true, "https://api-ap.vonage.com/v1/messages/" + quotedUUID, `{"status":"revoked"}`},
		{"custom base for every region", []Option{WithBaseURL("http://127.0.0.1:9999/fake/")}, RegionEU, false, "http://127.0.0.1:9999/fake/v1/messages/" + quotedUUID, `{"status":"read"}`},
		{"sandbox for every region", []Option{WithSandbox()}, RegionUS, true, "https://messages-sandbox.nexmo.com/v1/messages/" + quotedUUID, `{"status":"revoked"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := append([]Option{WithUserAgent("test-suite/1"), WithClock(fixedClock)}, tt.opts...)
			c, mt := mockClient(t, opts...)
			var got *http.Request
			var body []byte
			mt.RegisterResponder(http.MethodPatch, tt.wantURL, func(r *http.Request) (*http.Response, error) {
				got = r
				body, _ = io.ReadAll(r.Body)
				return httpmock.NewStringResponse(http.StatusAccepted, ""), nil
			})
			var err error
			if tt.revoke {
				err = c.Revoke(context.Background(), quotedUUID, tt.region)
			} else {
				err = c.MarkRead(context.Background(), quotedUUID, tt.region)
			}
			require.NoError(t, err)
			require.Equal(t, 1, mt.GetTotalCallCount(), "calls: %v", mt.GetCallCountInfo())
			assert.Equal(t, http.MethodPatch, got.Method)
			assert.Equal(t, tt.wantURL, got.URL.String())
			assert.Equal(t, tt.wantBody, string(body))
			tok := assertRequestHeaders(t, got.Header, "test-suite/1")
			_, claims := parseTestToken(t, tok)
			assert.Equal(t, testAppID, claims["application_id"])
			assert.Equal(t, float64(fixedNow.Unix()), claims["iat"])
		})
	}
}

func TestUpdateValidatesBeforeIO(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		version APIVersion
		uuid    string
		region  Region
		want    []fieldWant
		wantMsg string
	}{
		{"empty uuid", V1, "", RegionGlobal, []fieldWant{{"message_uuid", `not a UUID: ""`}}, `messages: message_uuid: not a UUID: ""`},
		{"short uuid", V1, "aaaaaaaa-bbbb-4ccc-8ddd-0123456789a", RegionGlobal, []fieldWant{{"message_uuid", `not a UUID: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789a"`}}, ""},
		{"path injection", V1, "../../v1/account", RegionEU, []fieldWant{{"message_uuid", `not a UUID: "../../v1/account"`}}, ""},
		{"not hex", V1, "gggggggg-bbbb-4ccc-8ddd-0123456789ab", RegionEU, []fieldWant{{"message_uuid", `not a UUID: "gggggggg-bbbb-4ccc-8ddd-0123456789ab"`}}, ""},
		{"unknown region", V1, quotedUUID, Region("mars"), []fieldWant{{"region", `unknown region "mars": use RegionEU, RegionUS, RegionAP or RegionGlobal`}}, ""},
		{"v0.1 has no update", V0_1, quotedUUID, RegionGlobal, []fieldWant{{"status", "updating a message is not supported by API version v0.1"}},
			"messages: status: updating a message is not supported by API version v0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := mockClient(t, WithAPIVersion(tt.version))
			markRead := func(ctx context.Context, uuid string, region Region) error { return c.MarkRead(ctx, uuid, region) }
			for _, call := range []func(context.Context, string, Region) error{markRead, c.Revoke} {
				err := call(context.Background(), tt.uuid, tt.region)
				var ve *ValidationError
				require.ErrorAs(t, err, &ve)
				require.ErrorIs(t, err, ErrInvalidMessage)
				assert.Equal(t, tt.want, fieldWants(t, ve.Errors))
				if tt.wantMsg != "" {
					assert.EqualError(t, err, tt.wantMsg)
				}
			}
			assert.Zero(t, mt.GetTotalCallCount(), "requests sent")
		})
	}
}

func TestUpdateAcceptsUpperCaseUUID(t *testing.T) {
	t.Parallel()
	const uuid = "AAAAAAAA-BBBB-4CCC-8DDD-0123456789AB" // quotedUUID in upper case
	c, mt := mockClient(t)
	mt.RegisterResponder(http.MethodPatch, "https://api.nexmo.com/v1/messages/"+uuid, httpmock.NewStringResponder(http.StatusAccepted, ""))
	require.NoError(t, c.MarkRead(context.Background(), uuid, RegionGlobal))
}

func TestUpdateErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		is     error
		want   APIError
	}{
		{"401", 401, string(readTestdata(t, "errors", "401-missing-credentials.json")), ErrUnauthorized, APIError{
			StatusCode: 401, Type: "https://developer.vonage.com/api-errors/#unathorized", Title: "You did not provide correct credentials.",
			Detail: "Check that you're using the correct credentials, and that your account has this feature enabled", Instance: "bf0ca0bf927b3b52e3cb03217e1a1ddf",
		}},
		{"422", 422, string(readTestdata(t, "errors", "422-invalid-params.json")), ErrInvalidRequest, APIError{
			StatusCode: 422, Type: "https://developer.vonage.com/api-errors/messages#1150", Title: "Invalid params",
			Detail: "The value of one or more parameters is invalid.", Instance: "bf0ca0bf927b3b52e3cb03217e1a1ddf",
			InvalidParameters: []InvalidParameter{{"image.url", "is required."}},
		}},
		{"404 empty", 404, "", ErrNotFound, APIError{StatusCode: 404}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := mockClient(t)
			mt.RegisterResponder(http.MethodPatch, "https://api-eu.vonage.com/v1/messages/"+quotedUUID, httpmock.NewStringResponder(tt.status, tt.body))
			err := c.Revoke(context.Background(), quotedUUID, RegionEU)
			var ae *APIError
			require.ErrorAs(t, err, &ae)
			require.ErrorIs(t, err, tt.is)
			ae.Body = nil
			assert.Equal(t, tt.want, *ae)
		})
	}
}

func TestUpdateHonoursContext(t *testing.T) {
	t.Parallel()
	c, mt := mockClient(t)
	mt.RegisterResponder(http.MethodPatch, "https://api.nexmo.com/v1/messages/"+quotedUUID, httpmock.NewStringResponder(http.StatusAccepted, ""))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, c.MarkRead(ctx, quotedUUID, RegionGlobal), context.Canceled)
}

// TestMarkReadWithReplyingIndicator checks the exact body, that the spec's
// WhatsApp branch of the update takes it, and that a nil option
// is refused before any I/O rather than skipped.
func TestMarkReadWithReplyingIndicator(t *testing.T) {
	t.Parallel()
	body := capturePatch(t, func(c *Client) error {
		return c.MarkRead(t.Context(), quotedUUID, RegionGlobal, WithReplyingIndicator())
	})
	assert.Equal(t, `{"status":"read","replying_indicator":{"show":true,"type":"text"}}`, body)

	doc := spectest.Load(t, spectest.V1Update.File)
	schema, err := spectest.RequestSchema(doc, spectest.V1Update)
	require.NoError(t, err)
	require.Len(t, schema.OneOf, 2)
	whatsApp := schema.OneOf[0].Value
	require.Equal(t, "WhatsApp", whatsApp.Title)
	var value any
	require.NoError(t, json.Unmarshal([]byte(body), &value))
	assert.NoError(t, whatsApp.VisitJSON(value), "the WhatsApp branch takes the replying indicator")
}
