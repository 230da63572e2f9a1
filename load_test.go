package messages

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadNothingLostOrDuplicated sends 10 000 messages from 64 goroutines
// through one client to a local server that counts client_refs: every send
// must arrive exactly once and get its own UUID. -short sends 1 000.
func TestLoadNothingLostOrDuplicated(t *testing.T) {
	t.Parallel()
	total, workers := 10000, 64
	if testing.Short() {
		total = 1000
	}
	var mu sync.Mutex
	seen := make(map[string]int, total)
	var served atomic.Int64
	srv, base := newBasePathServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			ClientRef string `json:"client_ref"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			w.WriteHeader(http.StatusUnprocessableEntity)
			return
		}
		mu.Lock()
		seen[body.ClientRef]++
		mu.Unlock()
		n := served.Add(1)
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintf(w, `{"message_uuid":"00000000-0000-4000-8000-%012d"}`, n)
	}))
	defer srv.Close()
	c := newTestClient(t, WithBaseURL(base), WithTokenReuse(time.Minute))
	defer c.CloseIdleConnections()

	refs := make(chan int)
	uuids := make([]string, total)
	var wg sync.WaitGroup
	var failures atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range refs {
				res, err := c.Send(context.Background(), SMS{From: fromNumber, To: toNumber, Text: "load", ClientRef: "ref-" + strconv.Itoa(i)})
				if !assert.NoError(t, err, "send %d", i) {
					failures.Add(1)
					continue
				}
				uuids[i] = res.MessageUUID
			}
		}()
	}
	for i := range total {
		refs <- i
	}
	close(refs)
	wg.Wait()

	require.Zero(t, failures.Load(), "sends failed")
	// Lengths, not assert.Len, which would print thousands of entries.
	require.Equal(t, total, int(served.Load()), "requests the server handled")
	require.Equal(t, total, len(seen), "distinct refs the server saw")
	for i := range total {
		assert.Equal(t, 1, seen["ref-"+strconv.Itoa(i)], "times ref-%d arrived", i)
	}
	unique := make(map[string]bool, total)
	for _, u := range uuids {
		unique[u] = true
	}
	assert.Equal(t, total, len(unique), "distinct UUIDs returned")
}

// memoryDoer answers every request in memory, so a send loop measures the
// client alone.
type memoryDoer struct{ reply []byte }

func (d memoryDoer) Do(r *http.Request) (*http.Response, error) {
	io.Copy(io.Discard, r.Body)
	r.Body.Close()
	return &http.Response{StatusCode: http.StatusAccepted, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(d.reply))}, nil
}

// TestHeapStaysFlat shows the client keeps no per-message state: the live
// heap after many sends is what it was after the first few. It sends
// MESSAGES_SOAK_SENDS messages (default 20 000; the note's run used
// 1 000 000).
func TestHeapStaysFlat(t *testing.T) {
	sends := 20000
	if v := os.Getenv("MESSAGES_SOAK_SENDS"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err, "MESSAGES_SOAK_SENDS=%q: want a number of at least 1000", v)
		require.GreaterOrEqual(t, n, 1000, "MESSAGES_SOAK_SENDS=%q: want a number of at least 1000", v)
		sends = n
	}
	c := newTestClient(t, WithHTTPClient(memoryDoer{reply: acceptedReply}), WithTokenReuse(time.Minute))
	ctx := context.Background()
	send := func(n int) {
		for i := range n {
			_, err := c.Send(ctx, SMS{From: fromNumber, To: toNumber, Text: "soak", ClientRef: strconv.Itoa(i)})
			require.NoError(t, err)
		}
	}
	heap := func() runtime.MemStats {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m
	}
	send(1000) // warm up pools and caches
	before := heap()
	send(sends)
	after := heap()
	t.Logf("%d sends: HeapAlloc %d -> %d bytes, HeapObjects %d -> %d, TotalAlloc grew %d MB, NumGC %d",
		sends, before.HeapAlloc, after.HeapAlloc, before.HeapObjects, after.HeapObjects,
		(after.TotalAlloc-before.TotalAlloc)>>20, after.NumGC-before.NumGC)
	// Any per-message state would grow by at least tens of bytes a send.
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	assert.LessOrEqual(t, grew, int64(512<<10), "bytes the live heap grew by over %d sends", sends)
}
