package messagestest

import (
	"net/http"
	"time"
)

// serverLimits bounds what one client can hold of the server: a
// connection (a body trickled a byte at a time held one for hours before
// these) and the memory of the record.
type serverLimits struct {
	readHeader, read, write, idle time.Duration
	maxHeaderBytes                int
	recordCount, recordBytes      int
}

// The defaults. A send's body is at most 1 MiB (maxBody), which any
// client of a loopback server sends well within read; write leaves room
// for WithLatency, which holds the answer back on purpose.
var defaultLimits = serverLimits{
	readHeader:     10 * time.Second,
	read:           30 * time.Second,
	write:          30 * time.Second,
	idle:           2 * time.Minute,
	maxHeaderBytes: 64 << 10,
	recordCount:    10_000,
	recordBytes:    64 << 20,
}

// withDefaults fills the zero fields of l from defaultLimits, and makes
// the write timeout outlast latency, the delay the server adds itself.
func (l serverLimits) withDefaults(latency time.Duration) serverLimits {
	d := defaultLimits
	for _, f := range []struct{ v, def *time.Duration }{
		{&l.readHeader, &d.readHeader}, {&l.read, &d.read}, {&l.write, &d.write}, {&l.idle, &d.idle},
	} {
		if *f.v == 0 {
			*f.v = *f.def
		}
	}
	if l.maxHeaderBytes == 0 {
		l.maxHeaderBytes = d.maxHeaderBytes
	}
	if l.recordCount == 0 {
		l.recordCount = d.recordCount
	}
	if l.recordBytes == 0 {
		l.recordBytes = d.recordBytes
	}
	l.write += latency
	return l
}

// server is an http.Server for h with the limits.
func (l serverLimits) server(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.readHeader,
		ReadTimeout:       l.read,
		WriteTimeout:      l.write,
		IdleTimeout:       l.idle,
		MaxHeaderBytes:    l.maxHeaderBytes,
	}
}

// record is a bounded list of what the server saw: past maxCount items or
// maxBytes of their sizes, the oldest are dropped. The Server's lock
// guards it.
type record[T any] struct {
	items    []T
	sizes    []int
	bytes    int
	dropped  int // how many were dropped since the last reset
	maxCount int
	maxBytes int
}

func (r *record[T]) setLimits(l serverLimits) { r.maxCount, r.maxBytes = l.recordCount, l.recordBytes }

func (r *record[T]) add(item T, size int) {
	r.items = append(r.items, item)
	r.sizes = append(r.sizes, size)
	r.bytes += size
	var zero T
	for len(r.items) > r.maxCount || (r.bytes > r.maxBytes && len(r.items) > 1) {
		// Zeroed so its body is freed now; append frees the array's
		// dropped head when it next grows.
		r.items[0] = zero
		r.bytes -= r.sizes[0]
		r.items, r.sizes = r.items[1:], r.sizes[1:]
		r.dropped++
	}
}

func (r *record[T]) reset() {
	r.items, r.sizes, r.bytes, r.dropped = nil, nil, 0, 0
}

// size is about what r holds in memory: its body, header and steps.
func (r Request) size() int {
	n := len(r.Body) + len(r.Text) + 256
	for k, vs := range r.Header {
		n += len(k)
		for _, v := range vs {
			n += len(v)
		}
	}
	for _, s := range r.Failover {
		n += s.size()
	}
	return n
}

func (w Webhook) size() int { return len(w.Body) + len(w.URL) + 64 }
