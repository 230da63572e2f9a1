package messages

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gomessages/messages/internal/whsign"
)

// The Pair benchmarks time a baseline and the SDK in the same loop,
// alternating which goes first, and report the median time of each and
// the ratio of the medians. A shared machine's load drifts over seconds
// and preempts single calls, far more than the gaps measured; two calls a
// few microseconds apart see the same load, and a median ignores the
// calls a preemption hit:
//
//	go test -run='^$' -bench=Pair -benchmem -count=5 .
//
// ns/op and the allocations cover both calls; base-ns and sdk-ns are the
// medians, sdk/base their ratio.

// pairSamples is how many of the last calls the medians are taken over.
const pairSamples = 1 << 14

// benchPair runs base and sdk once each per iteration.
func benchPair(b *testing.B, base, sdk func() error) {
	b.Helper()
	tBase := make([]time.Duration, pairSamples)
	tSDK := make([]time.Duration, pairSamples)
	run := func(f func() error, into []time.Duration, i int) {
		start := time.Now()
		if err := f(); err != nil {
			b.Fatal(err)
		}
		into[i%pairSamples] = time.Since(start)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for ; b.Loop(); n++ {
		if n%2 == 0 {
			run(base, tBase, n)
			run(sdk, tSDK, n)
		} else {
			run(sdk, tSDK, n)
			run(base, tBase, n)
		}
	}
	b.StopTimer()
	mBase, mSDK := median(tBase[:min(n, pairSamples)]), median(tSDK[:min(n, pairSamples)])
	b.ReportMetric(float64(mBase.Nanoseconds()), "base-ns")
	b.ReportMetric(float64(mSDK.Nanoseconds()), "sdk-ns")
	b.ReportMetric(float64(mSDK)/float64(mBase), "sdk/base")
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkPairSendTokenReuse: a raw net/http POST of a prebuilt body and
// token, against Send with WithTokenReuse, to the same local server.
func BenchmarkPairSendTokenReuse(b *testing.B) {
	benchPairSend(b, benchServer(b), false, WithTokenReuse(time.Minute))
}

// BenchmarkPairSendFreshToken: a raw POST minting its token with the same
// signer, against Send minting a fresh token per request (the default).
func BenchmarkPairSendFreshToken(b *testing.B) { benchPairSend(b, benchServer(b), true) }

// BenchmarkPairSendFreshTokenRTT2ms: Send with WithTokenReuse (no
// signature at all) against Send minting a fresh token per request, to a
// server that answers 2 ms later, as an API across a network does. A
// ratio near 1 means the signature was made while the request before it
// waited for its answer.
func BenchmarkPairSendFreshTokenRTT2ms(b *testing.B) {
	_, base := newBasePathServer(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		time.Sleep(2 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		w.Write(acceptedReply)
	}))
	reuse := newTestClient(b, WithBaseURL(base), WithTokenReuse(time.Minute))
	fresh := newTestClient(b, WithBaseURL(base))
	ctx := context.Background()
	benchPair(b,
		func() error { _, err := reuse.Send(ctx, benchMessage); return err },
		func() error { _, err := fresh.Send(ctx, benchMessage); return err })
}

func benchPairSend(b *testing.B, base string, mintEach bool, opts ...Option) {
	c := newTestClient(b, append(opts, WithBaseURL(base))...)
	body, err := c.encode(benchMessage)
	if err != nil {
		b.Fatal(err)
	}
	token, err := c.Token()
	if err != nil {
		b.Fatal(err)
	}
	hc := &http.Client{Transport: newTransport()}
	url := base + "/v1/messages"
	ctx := context.Background()
	benchPair(b,
		func() error { return rawPOST(hc, url, body, c, mintEach, token) },
		func() error { _, err := c.Send(ctx, benchMessage); return err })
}

// BenchmarkPairVerifySignature: HMAC-SHA256 of the token's signing input
// and SHA-256 of the body (the crypto floor), against VerifySignature.
func BenchmarkPairVerifySignature(b *testing.B) {
	body := benchInboundBody(b)
	auth := signWebhook(b, body, webhookSecret, webhookNow, func(c *whsign.Claims) { c.APIKey = webhookAPIKey })
	token := strings.TrimPrefix(auth, "Bearer ")
	signingInput := []byte(token[:strings.LastIndexByte(token, '.')])
	key := []byte(webhookSecret)
	clock := WithVerifyClock(webhookClock)
	benchPair(b,
		func() error {
			mac := hmac.New(sha256.New, key)
			mac.Write(signingInput)
			_ = mac.Sum(nil)
			_ = sha256.Sum256(body)
			return nil
		},
		func() error { _, err := VerifySignature(auth, body, webhookSecret, clock); return err })
}
