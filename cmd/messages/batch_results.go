package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

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

// readAnswered reads an earlier results file and returns the lines it
// answered. A last line cut short (a run killed mid-write) is ignored; any
// other line that is not a result is an error.
func readAnswered(path string) (lineSet, int, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, nil // nothing ran yet
	}
	if err != nil {
		return nil, 0, usagef("--resume: %w", err)
	}
	defer f.Close()
	var set lineSet
	count := 0
	br := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		b, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, 0, fmt.Errorf("--resume: %s: line %d: longer than a result", path, n)
		}
		complete := err == nil
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, 0, fmt.Errorf("--resume: %s: %w", path, err)
		}
		if t := bytes.TrimSpace(b); len(t) > 0 {
			var r resultLine
			if jerr := json.Unmarshal(t, &r); jerr != nil || r.Line < 1 || r.Outcome == "" {
				if !complete {
					break
				}
				return nil, 0, fmt.Errorf("--resume: %s: line %d: not a result line", path, n)
			}
			if answered(r.Outcome) && !set.has(r.Line) {
				set.add(r.Line)
				count++
			}
		}
		if !complete {
			break
		}
	}
	return set, count, nil
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
