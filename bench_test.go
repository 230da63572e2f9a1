package messages

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"runtime"
	"testing"
	"time"
)

// The benchmarks run a baseline beside the SDK in one run so the ratios mean
// something on a noisy machine:
//
//	go test -run='^$' -bench=. -benchmem -count=5 .
//
// (a) BenchmarkBaselineRawPOST: net/http POSTing a prebuilt body with a
// prebuilt token to a local keep-alive server: the floor.
// (b) BenchmarkSendTokenReuse: Send with WithTokenReuse.
// (c) BenchmarkSendFreshToken: Send minting a token per request (default).
// (d) BenchmarkMintJWT: minting alone.
// (e) BenchmarkBaselineRawPOSTMinting: (a) with a token minted per request.
//
// For steadier ratios, interleave short runs:
//
//	for i in $(seq 8); do go test -run='^$' -bench='Raw|Send|Mint' -benchmem -count=1 .; done

// benchServer answers every request as the API takes a message and returns
// its base URL.
func benchServer(b *testing.B) string {
	b.Helper()
	_, base := newBasePathServer(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		w.Write(acceptedReply)
	}))
	return base
}

var benchMessage = SMS{From: fromNumber, To: toNumber, Text: "Hello from Vonage!", ClientRef: "bench"}

func BenchmarkBaselineRawPOST(b *testing.B) { benchRawPOST(b, false) }

// BenchmarkBaselineRawPOSTMinting is (a) minting a token per request with
// the same signer: the floor for (c). It is not (a) + (d): after 1.6 ms of
// RSA work the idle connection's goroutines must be woken again, which a
// tight loop of (a) never pays.
func BenchmarkBaselineRawPOSTMinting(b *testing.B) { benchRawPOST(b, true) }

func benchRawPOST(b *testing.B, mintEach bool) {
	base := benchServer(b)
	c := newTestClient(b)
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
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := rawPOST(hc, url, body, c, mintEach, token); err != nil {
			b.Fatal(err)
		}
	}
}

// rawPOST is one baseline request: net/http POSTing body with token, or
// with a token minted by c's signer when mintEach is set.
func rawPOST(hc *http.Client, url string, body []byte, c *Client, mintEach bool, token string) error {
	if mintEach {
		var err error
		if token, err = c.tokens.signer.mint(time.Now(), DefaultTokenTTL, nil); err != nil {
			return err
		}
	}
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, url, bytes.NewReader(body))
	// The same header set the SDK sends: the floor for the same request.
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		return errors.New(resp.Status)
	}
	return nil
}

func benchSend(b *testing.B, opts ...Option) {
	base := benchServer(b)
	c := newTestClient(b, append(opts, WithBaseURL(base))...)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Send(ctx, benchMessage); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSendTokenReuse(b *testing.B) { benchSend(b, WithTokenReuse(time.Minute)) }

// BenchmarkSendTokenReuseNoTimeout is (b) without the default 30 s call
// timeout: the difference is the cost of the timer context.WithTimeout
// arms for each call.
func BenchmarkSendTokenReuseNoTimeout(b *testing.B) {
	benchSend(b, WithTokenReuse(time.Minute), WithTimeout(0))
}

func BenchmarkSendFreshToken(b *testing.B) { benchSend(b) }

// BenchmarkSendFreshTokenC16 is (c) with 16 goroutines sending at once,
// beside BenchmarkBaselineRawPOSTMintingC16, (e) the same way.
func BenchmarkSendFreshTokenC16(b *testing.B) {
	base := benchServer(b)
	c := newTestClient(b, WithBaseURL(base))
	ctx := context.Background()
	b.ReportAllocs()
	b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Send(ctx, benchMessage); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkBaselineRawPOSTMintingC16(b *testing.B) {
	base := benchServer(b)
	c := newTestClient(b)
	body, err := c.encode(benchMessage)
	if err != nil {
		b.Fatal(err)
	}
	hc := &http.Client{Transport: newTransport()}
	url := base + "/v1/messages"
	b.ReportAllocs()
	b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := rawPOST(hc, url, body, c, true, ""); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkMintJWT(b *testing.B) {
	c := newTestClient(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.tokens.token(); err != nil {
			b.Fatal(err)
		}
	}
}
