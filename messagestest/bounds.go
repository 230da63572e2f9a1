package messagestest

import (
	"time"

	"github.com/gomessages/messages/internal/httpbound"
)

// serverLimits bounds what one client can hold of the server: a
// connection (a body trickled a byte at a time held one for hours before
// these) and the memory of the record.
type serverLimits struct {
	httpbound.Limits
	recordCount, recordBytes int
}

// The defaults. A send's body is at most 1 MiB (maxBody), which any
// client of a loopback server sends well within read; write leaves room
// for WithLatency, which holds the answer back on purpose.
var defaultLimits = serverLimits{
	Limits: httpbound.Limits{
		ReadHeader:     10 * time.Second,
		Read:           30 * time.Second,
		Write:          30 * time.Second,
		Idle:           2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
	},
	recordCount: 10_000,
	recordBytes: 64 << 20,
}

// withDefaults fills the zero fields of l from defaultLimits, and makes
// the write timeout outlast latency, the delay the server adds itself.
func (l serverLimits) withDefaults(latency time.Duration) serverLimits {
	d := defaultLimits
	for _, f := range []struct{ v, def *time.Duration }{
		{&l.ReadHeader, &d.ReadHeader}, {&l.Read, &d.Read}, {&l.Write, &d.Write}, {&l.Idle, &d.Idle},
	} {
		if *f.v == 0 {
			*f.v = *f.def
		}
	}
	if l.MaxHeaderBytes == 0 {
		l.MaxHeaderBytes = d.MaxHeaderBytes
	}
	if l.recordCount == 0 {
		l.recordCount = d.recordCount
	}
	if l.recordBytes == 0 {
		l.recordBytes = d.recordBytes
	}
	l.Write += latency
	return l
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
