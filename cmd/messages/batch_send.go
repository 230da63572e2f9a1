package main

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gomessages/messages"
)

// pending is what the results need of a line SendEach is sending: its
// number, recipient, and the error when it never became a message.
type pending struct {
	line int
	to   string
	err  error
}

// refusedCredentials reports whether the API refused r for its
// credentials, which no later line gets past.
func refusedCredentials(r messages.SendResult) bool {
	return (r.Outcome == messages.OutcomeNotSent || r.Outcome == messages.OutcomeRefused) &&
		(errors.Is(r.Err, messages.ErrUnauthorized) || errors.Is(r.Err, messages.ErrForbidden))
}

// sendBatch sends the source's lines through SendEach and writes a result
// for each. It stops reading the file when ctx ends or a 401 or 403 stops
// the run, and lets what is in flight finish and be written.
func sendBatch(ctx context.Context, std *stdio, client *messages.Client, src *batchSource, out *resultsWriter, inFlight []resultLine, prog *progress, concurrency int) error {
	var (
		mu      sync.Mutex
		queue   []pending // lines handed to SendEach, not yet answered
		stopped atomic.Bool
		readErr error
		markErr error
	)
	counts := map[string]int{}
	var writeErr error
	// The lines an earlier run left in flight are answered first: unknown.
	for _, r := range inFlight {
		counts[r.Outcome]++
		if writeErr == nil {
			writeErr = out.result(r)
		}
	}
	msgs := iter.Seq[messages.Message](func(yield func(messages.Message) bool) {
		readErr = src.lines(func(it item) bool {
			if ctx.Err() != nil || stopped.Load() {
				return false
			}
			p := pending{line: it.rec.line, to: it.rec.fields["to"], err: it.err}
			var msg messages.Message
			if p.err == nil {
				msg, p.err = src.d.build(it.rec)
				if p.to == "" {
					p.to = src.d.env.to
				}
			}
			if p.err == nil {
				// Without its mark, a line killed in flight would be sent again.
				if markErr = out.mark(p.line, p.to); markErr != nil {
					return false
				}
			}
			mu.Lock()
			queue = append(queue, p)
			mu.Unlock()
			// A line that is not a message goes through as nil, which
			// SendEach reports invalid in its place; its result says why.
			return yield(msg)
		})
	})
	results, err := client.SendEach(ctx, msgs, messages.WithConcurrency(concurrency))
	if err != nil {
		return err
	}
	// Say at once that the signal was heard: the wait for the messages in
	// flight can take up to --timeout.
	noticed := make(chan struct{})
	stopNotice := context.AfterFunc(ctx, func() {
		defer close(noticed)
		signal.Reset(os.Interrupt, syscall.SIGTERM) // the next one kills
		fmt.Fprintln(std.err, "interrupted: sending no more; waiting for the messages in flight (a second Ctrl-C kills)")
	})

	for _, r := range results {
		mu.Lock()
		p := queue[0]
		queue = queue[1:]
		mu.Unlock()
		res := resultOf(p.line, p.to, p.err, r)
		counts[res.Outcome]++
		prog.add(res.Outcome != messages.OutcomeSent.String())
		if refusedCredentials(r) {
			stopped.Store(true)
		}
		if writeErr == nil {
			writeErr = out.result(res)
		}
	}
	prog.close()
	if !stopNotice() {
		<-noticed // the notice comes before the summary
	}
	summary := fmt.Sprintf("summary: %d sent, %d refused, %d invalid, %d unknown, %d not sent in %s",
		counts["sent"], counts["refused"], counts["invalid"], counts["unknown"], counts["not sent"], time.Since(prog.start).Round(time.Millisecond))
	fmt.Fprintln(std.err, summary)
	switch {
	case writeErr != nil:
		return fmt.Errorf("writing results: %w", writeErr)
	case markErr != nil:
		return fmt.Errorf("writing results: %w; nothing more was sent", markErr)
	case ctx.Err() != nil:
		return &cliError{code: exitInterrupted, err: errors.New("interrupted: the messages in flight finished and their results are written; --resume goes on")}
	case readErr != nil:
		return fmt.Errorf("reading the batch: %w", readErr)
	case stopped.Load():
		return errors.New("stopped: the API refused the credentials; nothing more was sent")
	case counts["sent"] != int(prog.done.Load()) || len(inFlight) > 0:
		return errors.New("some lines were not sent: the results say why")
	}
	return nil
}
