package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gomessages/messages"
)

// maxLineBytes bounds one line of a batch file: a message's fields are far
// smaller, so a longer line is a broken file, not a message.
const maxLineBytes = 1 << 20

// fieldNames are the names a batch line may use: the send flags' names,
// and channel.
var fieldNames = []string{
	"channel", "from", "to", "subject", "client-ref", "webhook-url",
	"text", "image", "audio", "video", "file", "vcard", "template", "html",
	"param", "locale", "caption", "name", "thumb-url", "duration", "file-size",
}

// record is one line of a batch file: its number in the file (1-based),
// its fields by name and its template parameters in order.
type record struct {
	line   int
	fields map[string]string
	params []string
}

// recordReader reads a batch file one record at a time. A bad line is a
// *lineError and reading goes on; any other error ends the file.
type recordReader interface {
	next() (record, error)
}

// lineError is a problem with one line: "line 42: to: required".
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

func lineErrorf(line int, format string, args ...any) *lineError {
	return &lineError{line: line, msg: fmt.Sprintf(format, args...)}
}

// newRecordReader picks the format: format when given ("jsonl" or "csv"),
// else JSON lines when the first byte that is not blank is "{", else CSV.
func newRecordReader(r io.Reader, format string) (recordReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if format == "" {
		format = "csv"
		peek, _ := br.Peek(4096)
		if t := bytes.TrimLeft(peek, " \t\r\n"); len(t) > 0 && t[0] == '{' {
			format = "jsonl"
		}
	}
	switch format {
	case "jsonl":
		sc := bufio.NewScanner(br)
		sc.Buffer(make([]byte, 0, 64<<10), maxLineBytes)
		return &jsonLines{sc: sc}, nil
	case "csv":
		return newCSVReader(br)
	}
	return nil, usagef("--format: want jsonl or csv, got %q", clip(format, 20))
}

// jsonLines reads one JSON object a line; blank lines are skipped.
type jsonLines struct {
	sc   *bufio.Scanner
	line int
}

func (j *jsonLines) next() (record, error) {
	for j.sc.Scan() {
		j.line++
		b := bytes.TrimSpace(j.sc.Bytes())
		if len(b) == 0 {
			continue
		}
		return parseJSONLine(j.line, b)
	}
	if err := j.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return record{}, fmt.Errorf("line %d: longer than %d bytes", j.line+1, maxLineBytes)
		}
		return record{}, err
	}
	return record{}, io.EOF
}

func parseJSONLine(line int, b []byte) (record, error) {
	rec := record{line: line, fields: map[string]string{}}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return rec, lineErrorf(line, "not a JSON object: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	// Sorted, so that the first of several problems is always the same one.
	names := make([]string, 0, len(raw))
	for name := range raw {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		v := raw[name]
		if !slices.Contains(fieldNames, name) {
			return rec, lineErrorf(line, "unknown field %q", clip(name, 30))
		}
		if name == "param" {
			var list []string
			if json.Unmarshal(v, &list) == nil {
				rec.params = list
				continue
			}
		}
		if name == "file-size" || name == "duration" {
			var n json.Number
			if json.Unmarshal(v, &n) == nil {
				rec.fields[name] = n.String()
				continue
			}
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			want := "a string"
			if name == "param" {
				want = "a string or an array of strings"
			}
			return rec, lineErrorf(line, "%s: want %s", name, want)
		}
		if name == "param" {
			rec.params = []string{s}
			continue
		}
		rec.fields[name] = s
	}
	return rec, nil
}

// csvRecords reads CSV whose header row names the fields; "param" may be
// several columns, which fill the template's parameters in order. An empty
// cell is a missing field.
type csvRecords struct {
	r      *csv.Reader
	header []string
}

func newCSVReader(r io.Reader) (*csvRecords, error) {
	cr := csv.NewReader(&lineLimit{r: r})
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("line 1: no header row")
	}
	if err != nil {
		return nil, fmt.Errorf("line 1: header: %w", csvCause(err))
	}
	header = slices.Clone(header)
	for i, name := range header {
		name = strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))
		header[i] = name
		if !slices.Contains(fieldNames, name) {
			return nil, fmt.Errorf("line 1: unknown column %q: columns are the send flags' names (%s)", clip(name, 30), strings.Join(fieldNames, ", "))
		}
		if name != "param" && slices.Index(header[:i], name) >= 0 {
			return nil, fmt.Errorf("line 1: column %q twice", name)
		}
	}
	cr.FieldsPerRecord = len(header)
	return &csvRecords{r: cr, header: header}, nil
}

func (c *csvRecords) next() (record, error) {
	row, err := c.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) && !errors.Is(err, errLineTooLong) {
			return record{line: pe.StartLine}, lineErrorf(pe.StartLine, "%s", csvCause(err))
		}
		return record{}, err
	}
	line, _ := c.r.FieldPos(0)
	rec := record{line: line, fields: map[string]string{}}
	for i, v := range row {
		if v == "" {
			continue
		}
		if c.header[i] == "param" {
			rec.params = append(rec.params, v)
			continue
		}
		rec.fields[c.header[i]] = v
	}
	return rec, nil
}

// csvCause is a CSV error without the position the line number already
// gives.
func csvCause(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return errors.New("wrong number of fields: the header has a column for each")
		}
		return pe.Err
	}
	return err
}

var errLineTooLong = fmt.Errorf("a line is longer than %d bytes", maxLineBytes)

// lineLimit fails a read once a line runs past maxLineBytes, so a file
// without line breaks is not read whole into memory by the CSV reader.
type lineLimit struct {
	r   io.Reader
	run int
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, b := range p[:n] {
		if b == '\n' {
			l.run = 0
			continue
		}
		l.run++
		if l.run > maxLineBytes {
			return 0, errLineTooLong
		}
	}
	return n, err
}

// defaults are the batch's flags: a line's missing fields come from them.
type defaults struct {
	channel string
	env     envelope
	cf      contentFlags
	isSet   func(name string) bool
}

// setters put a line's field into the message's parts.
var setters = map[string]func(e *envelope, cf *contentFlags, v string) error{
	"from":        func(e *envelope, _ *contentFlags, v string) error { e.from = v; return nil },
	"to":          func(e *envelope, _ *contentFlags, v string) error { e.to = v; return nil },
	"subject":     func(e *envelope, _ *contentFlags, v string) error { e.subject = v; return nil },
	"client-ref":  func(e *envelope, _ *contentFlags, v string) error { e.clientRef = v; return nil },
	"webhook-url": func(e *envelope, _ *contentFlags, v string) error { e.webhookURL = v; return nil },
	"text":        func(_ *envelope, cf *contentFlags, v string) error { cf.text = v; return nil },
	"image":       func(_ *envelope, cf *contentFlags, v string) error { cf.image = v; return nil },
	"audio":       func(_ *envelope, cf *contentFlags, v string) error { cf.audio = v; return nil },
	"video":       func(_ *envelope, cf *contentFlags, v string) error { cf.video = v; return nil },
	"file":        func(_ *envelope, cf *contentFlags, v string) error { cf.file = v; return nil },
	"vcard":       func(_ *envelope, cf *contentFlags, v string) error { cf.vcard = v; return nil },
	"template":    func(_ *envelope, cf *contentFlags, v string) error { cf.template = v; return nil },
	"html":        func(_ *envelope, cf *contentFlags, v string) error { cf.html = v; return nil },
	"locale":      func(_ *envelope, cf *contentFlags, v string) error { cf.locale = v; return nil },
	"caption":     func(_ *envelope, cf *contentFlags, v string) error { cf.caption = v; return nil },
	"name":        func(_ *envelope, cf *contentFlags, v string) error { cf.name = v; return nil },
	"thumb-url":   func(_ *envelope, cf *contentFlags, v string) error { cf.thumbURL = v; return nil },
	"duration": func(_ *envelope, cf *contentFlags, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			if n, nerr := strconv.Atoi(v); nerr == nil {
				d, err = time.Duration(n)*time.Second, nil
			}
		}
		if err != nil {
			return fmt.Errorf("not a duration such as 30s: %q", clip(v, 20))
		}
		cf.duration = d
		return nil
	},
	"file-size": func(_ *envelope, cf *contentFlags, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("not a whole number of MB: %q", clip(v, 20))
		}
		cf.fileSize = n
		return nil
	},
}

// build makes rec's message: the defaults, with the line's fields over
// them. A line that gives a content kind (text, image...) replaces the
// defaults' kind rather than adding a second one. The error names the line
// and the field.
func (d *defaults) build(rec record) (messages.Message, error) {
	env, cf, lineHasKind, err := d.flags(rec)
	if err != nil {
		return nil, err
	}
	isSet := d.isSetOn(rec, lineHasKind)
	ch, err := d.channelOf(rec)
	if err != nil {
		return nil, err
	}
	kind, content, err := cf.content(isSet)
	if err != nil {
		return nil, lineErrorf(rec.line, "%s", strings.ReplaceAll(err.Error(), "--", ""))
	}
	msg, ok := ch.build(env, content)
	if !ok {
		return nil, lineErrorf(rec.line, "%s: %s cannot carry it; it takes %s", kind, ch.name, strings.ReplaceAll(carries(ch), "--", ""))
	}
	if isSet("subject") && msg.MessageChannel() != messages.ChannelEmail {
		return nil, lineErrorf(rec.line, "subject: goes with email, not %s", ch.name)
	}
	for _, f := range []struct {
		name, value string
		needed      bool
	}{{"from", env.from, true}, {"to", env.to, true}, {"subject", env.subject, msg.MessageChannel() == messages.ChannelEmail}} {
		if f.needed && f.value == "" {
			return nil, lineErrorf(rec.line, "%s: required", f.name)
		}
	}
	return msg, nil
}

// flags are the defaults with rec's fields over them; lineHasKind reports
// whether rec gives a content kind, which replaces the defaults' one.
func (d *defaults) flags(rec record) (env envelope, cf contentFlags, lineHasKind bool, err error) {
	env, cf = d.env, d.cf
	cf.params = slices.Clone(cf.params)
	for _, k := range kinds {
		if _, ok := rec.fields[k]; ok {
			lineHasKind = true
		}
	}
	if lineHasKind {
		var empty contentFlags
		cf.text, cf.image, cf.audio, cf.video, cf.file, cf.vcard, cf.template, cf.html =
			empty.text, empty.image, empty.audio, empty.video, empty.file, empty.vcard, empty.template, empty.html
	}
	for name, v := range rec.fields {
		if set := setters[name]; set != nil {
			if err := set(&env, &cf, v); err != nil {
				return env, cf, false, lineErrorf(rec.line, "%s: %s", name, err)
			}
		}
	}
	if rec.params != nil {
		cf.params = rec.params
	}
	return env, cf, lineHasKind, nil
}

// isSetOn reports whether a flag is set for rec: by the line, else by the
// command line, unless the line gives a content kind of its own.
func (d *defaults) isSetOn(rec record, lineHasKind bool) func(name string) bool {
	return func(name string) bool {
		if name == "param" && rec.params != nil {
			return true
		}
		if _, ok := rec.fields[name]; ok {
			return true
		}
		if lineHasKind && (slices.Contains(kinds, name)) {
			return false
		}
		return d.isSet(name)
	}
}

// channelOf is rec's channel: the line's, else --channel.
func (d *defaults) channelOf(rec record) (channel, error) {
	chName := d.channel
	if v, ok := rec.fields["channel"]; ok {
		chName = v
	}
	if chName == "" {
		return channel{}, lineErrorf(rec.line, "channel: required (a column, a field or --channel): use %s", channelNames())
	}
	ch, ok := findChannel(chName)
	if !ok {
		return channel{}, lineErrorf(rec.line, "channel: unknown %q: use %s", clip(chName, 20), channelNames())
	}
	return ch, nil
}
