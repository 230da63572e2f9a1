package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/gomessages/messages"
)

// batchSource reads the batch's lines: those of its shard, less those an
// earlier run answered.
type batchSource struct {
	file           string
	stdin          io.Reader
	format         string
	shardI, shardN int
	skip           lineSet
	d              *defaults
}

func (s *batchSource) open() (io.Reader, func(), error) {
	if s.file == "-" {
		return s.stdin, func() {}, nil
	}
	f, err := os.Open(s.file)
	if err != nil {
		return nil, nil, usagef("--batch: %w", err)
	}
	return f, func() { f.Close() }, nil
}

// item is one line of the shard: its record, or why it is not one.
type item struct {
	rec record
	err error
}

// lines yields the shard's lines not answered before, and a final error
// when the file cannot be read on (a broken line or a read error).
func (s *batchSource) lines(yield func(item) bool) error {
	r, closeFile, err := s.open()
	if err != nil {
		return err
	}
	defer closeFile()
	rr, err := newRecordReader(r, s.format)
	if err != nil {
		return err
	}
	for k := 0; ; k++ {
		rec, err := rr.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var le *lineError
		if err != nil && !errors.As(err, &le) {
			return err
		}
		if k%s.shardN != s.shardI-1 || s.skip.has(rec.line) {
			continue
		}
		if !yield(item{rec: rec, err: err}) {
			return nil
		}
	}
}

// count is how many lines this run will send (or report as bad).
func (s *batchSource) count() (int, error) {
	n := 0
	err := s.lines(func(item) bool { n++; return true })
	return n, err
}

// check builds and validates every line without sending any, and lists
// the problems (the first 20) when there are some.
func (s *batchSource) check(version messages.APIVersion) error {
	// A client whose requests never leave: SendEach validates each message
	// as it would for real, and the fake answer only ends each send.
	dry, err := messages.NewClient("", nil, messages.WithBasicAuth("check", "check"),
		messages.WithAPIVersion(version), messages.WithHTTPClient(dryRun{}))
	if err != nil {
		return err
	}
	var problems []string
	bad := 0
	note := func(msg string) {
		bad++
		if len(problems) < 20 {
			problems = append(problems, msg)
		}
	}
	err = s.lines(func(it item) bool {
		if it.err != nil {
			note(it.err.Error())
			return true
		}
		msg, err := s.d.build(it.rec)
		if err != nil {
			note(err.Error())
			return true
		}
		seq, err := dry.SendEach(context.Background(), func(y func(messages.Message) bool) { y(msg) }, messages.WithConcurrency(1))
		if err != nil {
			note(err.Error())
			return true
		}
		for _, r := range seq {
			if r.Outcome == messages.OutcomeInvalid {
				note(fmt.Sprintf("line %d: %s", it.rec.line, oneLine(r.Err)))
			}
		}
		return true
	})
	if err != nil {
		return err
	}
	if bad == 0 {
		return nil
	}
	more := ""
	if bad > len(problems) {
		more = fmt.Sprintf("; and %d more", bad-len(problems))
	}
	return fmt.Errorf("--check: %d bad lines, nothing sent: %s%s", bad, strings.Join(problems, "; "), more)
}

// dryRun answers every request as the API accepts a message, without
// sending it anywhere.
type dryRun struct{}

func (dryRun) Do(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusAccepted, Header: http.Header{},
		Body: io.NopCloser(strings.NewReader(`{"message_uuid":"00000000-0000-4000-8000-000000000000"}`)), Request: r}, nil
}

// total counts the lines to send, for the progress; -1 for stdin, which
// can be read only once.
func (s *batchSource) total() (int64, error) {
	if s.file == "-" {
		return -1, nil
	}
	n, err := s.count()
	if err != nil {
		return 0, err
	}
	return int64(n), nil
}
