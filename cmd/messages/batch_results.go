package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"

	"github.com/gomessages/messages"
)

// resultLine is one line of a batch's results: the input line it answers,
// the recipient, and the message's UUID or why there is none. Outcome is
// messages.SendOutcome's text: sent, invalid, refused, not sent or unknown.
type resultLine struct {
	Line        int    `json:"line"`
	To          string `json:"to,omitempty"`
	Outcome     string `json:"outcome"`
	MessageUUID string `json:"message_uuid,omitempty"`
	WorkflowID  string `json:"workflow_id,omitempty"`
	Error       string `json:"error,omitempty"`
}

// answered reports the outcomes a resumed run does not send again: the API
// took the message, refused it, or may have taken it.
func answered(outcome string) bool {
	switch outcome {
	case messages.OutcomeSent.String(), messages.OutcomeRefused.String(), messages.OutcomeUnknown.String():
		return true
	}
	return false
}

// lineSet is a set of line numbers, one bit each, so that resuming a run of
// a million lines holds 125 kB, not a map of a million entries.
type lineSet []uint64

func (s *lineSet) add(n int) {
	for n/64 >= len(*s) {
		*s = append(*s, 0)
	}
	(*s)[n/64] |= 1 << (n % 64)
}

func (s lineSet) has(n int) bool {
	return n/64 < len(s) && s[n/64]&(1<<(n%64)) != 0
}

// outcomeSending is the outcome of a write-ahead mark: the line's message
// was handed to the sender, and its request may have gone out. A run with
// --out writes the mark, in one write, before the message can be sent; the
// line's final result follows it. A mark with no result after it means the
// run was killed (SIGKILL, a crash) while the message was in flight.
const outcomeSending = "sending"

// errInFlightBefore is the error of a line an earlier run marked as sending
// and never answered: it may have been sent, so it is not sent again.
const errInFlightBefore = "outcome unknown: an earlier run was stopped while this message was in flight; it is not sent again: check by hand whether it arrived"

// earlier is what a resumed run takes from an earlier results file: the
// lines it answered, how many, and the lines it marked as sending but never
// answered, in line order.
type earlier struct {
	answered lineSet
	count    int
	inFlight []resultLine
}

// readAnswered reads an earlier results file. A last line cut short (a run
// killed mid-write) is ignored; any other line that is not a result is an
// error. Besides one bit per line, it holds the marks not yet followed by a
// result: at most --concurrency a run.
func readAnswered(path string) (earlier, error) {
	var e earlier
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return e, nil // nothing ran yet
	}
	if err != nil {
		return e, usagef("--resume: %w", err)
	}
	defer f.Close()
	open := map[int]string{} // line to recipient, of marks with no result yet
	br := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		b, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return earlier{}, fmt.Errorf("--resume: %s: line %d: longer than a result", path, n)
		}
		complete := err == nil
		if err != nil && !errors.Is(err, io.EOF) {
			return earlier{}, fmt.Errorf("--resume: %s: %w", path, err)
		}
		if t := bytes.TrimSpace(b); len(t) > 0 {
			var r resultLine
			if jerr := json.Unmarshal(t, &r); jerr != nil || r.Line < 1 || r.Outcome == "" {
				if !complete {
					break
				}
				return earlier{}, fmt.Errorf("--resume: %s: line %d: not a result line", path, n)
			}
			if r.Outcome == outcomeSending {
				open[r.Line] = r.To
			} else {
				delete(open, r.Line)
			}
			if answered(r.Outcome) && !e.answered.has(r.Line) {
				e.answered.add(r.Line)
				e.count++
			}
		}
		if !complete {
			break
		}
	}
	for line, to := range open {
		if !e.answered.has(line) {
			e.inFlight = append(e.inFlight, resultLine{Line: line, To: to, Outcome: messages.OutcomeUnknown.String(), Error: errInFlightBefore})
		}
	}
	slices.SortFunc(e.inFlight, func(a, b resultLine) int { return a.Line - b.Line })
	return e, nil
}

// resultOf renders one SendEach result, or a line that never became a
// message.
func resultOf(line int, to string, lineErr error, r messages.SendResult) resultLine {
	out := resultLine{Line: line, To: to}
	if lineErr != nil {
		out.Outcome = messages.OutcomeInvalid.String()
		out.Error = lineErr.Error()
		return out
	}
	out.Outcome = r.Outcome.String()
	switch r.Outcome {
	case messages.OutcomeSent:
		out.MessageUUID, out.WorkflowID = r.Response.MessageUUID, r.Response.WorkflowID
	case messages.OutcomeUnknown:
		out.Error = "outcome unknown: " + oneLine(r.Err)
	case messages.OutcomeInvalid:
		out.Error = fmt.Sprintf("line %d: %s", line, oneLine(r.Err))
	default:
		out.Error = oneLine(r.Err)
	}
	return out
}

// resultsWriter writes the results, and with marks (a --out file to
// resume from) a write-ahead mark for each line before it can be sent.
type resultsWriter struct {
	mu    sync.Mutex
	w     io.Writer
	marks bool
}

// mark writes line's "sending" mark, when r writes marks. It returns once
// the mark is with the operating system: a kill after that leaves it in
// the file.
func (r *resultsWriter) mark(line int, to string) error {
	if !r.marks {
		return nil
	}
	return r.result(resultLine{Line: line, To: to, Outcome: outcomeSending})
}

// result writes one result line.
func (r *resultsWriter) result(res resultLine) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return writeResult(r.w, res)
}

// writeResult writes one result line with one write, so that a run killed
// at any moment leaves whole lines behind (and a resume ignores a cut one).
func writeResult(w io.Writer, r resultLine) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
