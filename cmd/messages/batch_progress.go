package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows how a batch goes on stderr: a bar on a terminal, a plain
// line every interval elsewhere (a log file, CI), so that neither gets the
// other's form.
type progress struct {
	total  int64 // lines to send, or -1 when unknown (stdin)
	start  time.Time
	done   atomic.Int64
	failed atomic.Int64

	bar *progressbar.ProgressBar // on a terminal

	w        io.Writer // elsewhere
	stop     chan struct{}
	finished sync.WaitGroup
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newProgress(w io.Writer, total int64, interval time.Duration) *progress {
	p := &progress{total: total, start: time.Now(), w: w, stop: make(chan struct{})}
	if isTerminal(w) {
		p.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("failed 0"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("msg"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30),
		)
		return p
	}
	if interval <= 0 {
		return p
	}
	p.finished.Add(1)
	go func() {
		defer p.finished.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				fmt.Fprintln(p.w, p.line())
			}
		}
	}()
	return p
}

// add counts one result, failed unless sent.
func (p *progress) add(failed bool) {
	p.done.Add(1)
	if failed {
		p.failed.Add(1)
	}
	if p.bar != nil {
		if failed {
			p.bar.Describe(fmt.Sprintf("failed %d", p.failed.Load()))
		}
		_ = p.bar.Add(1)
	}
}

// line is the plain progress line: done, failed, total, rate and time left.
func (p *progress) line() string {
	done, failed := p.done.Load(), p.failed.Load()
	elapsed := time.Since(p.start)
	rate := float64(done) / elapsed.Seconds()
	s := fmt.Sprintf("progress: %d done, %d failed", done, failed)
	if p.total >= 0 {
		s += fmt.Sprintf(" of %d", p.total)
	}
	s += fmt.Sprintf(", %.0f/s", rate)
	if p.total >= 0 && rate > 0 && done < p.total {
		left := time.Duration(float64(p.total-done) / rate * float64(time.Second))
		s += fmt.Sprintf(", about %s left", left.Round(time.Second))
	}
	return s
}

// close ends the bar or the ticker; the summary follows on its own line.
func (p *progress) close() {
	if p.bar != nil {
		_ = p.bar.Exit()
		fmt.Fprintln(p.w)
		return
	}
	close(p.stop)
	p.finished.Wait()
}
