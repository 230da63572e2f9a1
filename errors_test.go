package messages

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestAPIErrorReadsAsOneSentence pins how the parts of a problem are
// joined: no title that only repeats the status text, no ".:" between
// sentences, and the wait named when Retry-After asked for one.
func TestAPIErrorReadsAsOneSentence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  APIError
		want string
	}{
		{"title repeats status text in another case", APIError{StatusCode: 404, Title: "not found.", Detail: "No such message."},
			"messages: 404 Not Found: No such message"},
		{"title and detail are sentences", APIError{StatusCode: 401, Title: "You did not provide correct credentials.", Detail: "the JWT has expired."},
			"messages: 401 Unauthorized: You did not provide correct credentials: the JWT has expired"},
		{"reasons lose their full stops", APIError{StatusCode: 422, Title: "Invalid params.", InvalidParameters: []InvalidParameter{{"to", "is required."}, {"text", "is too long."}}},
			"messages: 422 Unprocessable Entity: Invalid params (to is required, text is too long)"},
		{"retry after whole seconds", APIError{StatusCode: 429, Title: "Rate Limit Hit", RetryAfter: 3 * time.Second},
			"messages: 429 Too Many Requests: Rate Limit Hit; retry after 3s"},
		{"retry after a date rounds to the second", APIError{StatusCode: 503, Title: "Service Unavailable", RetryAfter: 89600 * time.Millisecond, Instance: "i"},
			"messages: 503 Service Unavailable; retry after 1m30s [instance i]"},
		{"retry after under a second", APIError{StatusCode: 429, RetryAfter: 300 * time.Millisecond},
			"messages: 429 Too Many Requests; retry after 300ms"},
		{"no problem details", APIError{StatusCode: 502, Body: []byte("<html>"), RetryAfter: time.Minute},
			"messages: 502 Bad Gateway: 6-byte body without problem details; retry after 1m0s"},
		{"a long detail is cut", APIError{StatusCode: 400, Title: strings.Repeat("t", 201), Detail: strings.Repeat("d", 499) + "é" + strings.Repeat("d", 1<<20)},
			"messages: 400 Bad Request: " + strings.Repeat("t", 200) + "... (1 more bytes): " + strings.Repeat("d", 499) + "... (1048578 more bytes)"},
		{"many parameters are counted", APIError{StatusCode: 422, InvalidParameters: manyParams(12)},
			"messages: 422 Unprocessable Entity (p0 bad, p1 bad, p2 bad, p3 bad, p4 bad, p5 bad, p6 bad, p7 bad, p8 bad, p9 bad, and 2 more)"},
		{"long parameters and instance are cut", APIError{StatusCode: 422, InvalidParameters: []InvalidParameter{{strings.Repeat("n", 101), strings.Repeat("r", 101)}}, Instance: strings.Repeat("i", 101)},
			"messages: 422 Unprocessable Entity (" + strings.Repeat("n", 100) + "... (1 more bytes) " + strings.Repeat("r", 100) + "... (1 more bytes)) [instance " + strings.Repeat("i", 100) + "... (1 more bytes)]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
}

func manyParams(n int) []InvalidParameter {
	out := make([]InvalidParameter, n)
	for i := range out {
		out[i] = InvalidParameter{fmt.Sprintf("p%d", i), "bad."}
	}
	return out
}
