package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// batchAPI is a stand-in for the API that counts each recipient it is sent
// and answers 202 with the UUID "u-" and the number, or the status refuse
// names for a recipient. The requests for lines past hold (the line is the
// recipient's number less 447700900000) wait for release.
type batchAPI struct {
	*httptest.Server
	mu       sync.Mutex
	counts   map[string]int
	refuse   map[string]int
	busy     map[string]bool // answered 429 once, then taken
	hold     int             // 0: none held
	arrivals chan string
	release  chan struct{}
	once     sync.Once
	total    int
}

func newBatchAPI(t *testing.T) *batchAPI {
	a := &batchAPI{counts: map[string]int{}, refuse: map[string]int{}, busy: map[string]bool{}, arrivals: make(chan string, 1<<16), release: make(chan struct{})}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			To string `json:"to"`
		}
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &body)
		a.mu.Lock()
		a.counts[body.To]++
		a.total++
		var line int
		_, _ = fmt.Sscanf(strings.TrimPrefix(body.To, "4477009"), "%d", &line)
		held := a.hold > 0 && line > a.hold
		status := a.refuse[body.To]
		if a.busy[body.To] {
			delete(a.busy, body.To)
			status = http.StatusTooManyRequests
		}
		a.mu.Unlock()
		a.arrivals <- body.To
		if held {
			select {
			case <-a.release:
			case <-r.Context().Done():
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(status)
			return
		}
		if status != 0 {
			w.WriteHeader(status)
			_, _ = io.WriteString(w, `{"title":"Unauthorized","detail":"Invalid credentials"}`)
			return
		}
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"message_uuid":"u-`+body.To+`"}`)
	}))
	t.Cleanup(func() { a.open(); a.Close() })
	return a
}

// open lets every held request and every later one through.
func (a *batchAPI) open() { a.once.Do(func() { close(a.release) }) }

func (a *batchAPI) snapshot() (map[string]int, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make(map[string]int, len(a.counts))
	for k, v := range a.counts {
		out[k] = v
	}
	return out, a.total
}

// waitArrivals waits until n requests have reached the API.
func (a *batchAPI) waitArrivals(t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case <-a.arrivals:
		case <-time.After(patience):
			require.Failf(t, "timed out", "waiting for %d requests at the API", n)
		}
	}
}

// batchEnv is an environment with credentials for the stand-in API.
func batchEnv(t *testing.T, api *batchAPI) []string {
	keyPath, _ := writeKey(t)
	return baseEnv(t, "VONAGE_APPLICATION_ID=app-1", "VONAGE_PRIVATE_KEY_PATH="+keyPath, "VONAGE_BASE_URL="+api.URL)
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

// number is the recipient of line i of the generated files.
func number(i int) string { return fmt.Sprintf("4477009%05d", i) }

func jsonLinesFile(t *testing.T, n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `{"to":"%s"}`+"\n", number(i))
	}
	return writeFile(t, "batch.jsonl", b.String())
}

var summaryRE = regexp.MustCompile(`^summary: \d+ sent, \d+ refused, \d+ invalid, \d+ unknown, \d+ not sent in \S+$`)

func TestBatchJSONLinesWithBadLines(t *testing.T) {
	t.Parallel()
	api := newBatchAPI(t)
	in := writeFile(t, "in.jsonl", strings.Join([]string{
		`{"to":"447700900001"}`,
		`{"to":"12ab","text":"own text"}`,
		``,
		`{"to":"447700900004","param":["x"]}`,
		`{"to":447700900005}`,
		`{"too":"447700900006"}`,
		`not json`,
		`{"to":"447700900008","channel":"mms"}`,
		`{"to":"447700900009","channel":"fax"}`,
		`{"to":"447700900010","image":"https://example.com/a.png","caption":"hi"}`,
	}, "\n")+"\n")
	res := runCmd(t, batchEnv(t, api), "", "send", "--batch", in, "--channel", "sms", "--from", "Acme", "--text", "default", "--progress-every", "0")
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Equal(t, `{"line":1,"to":"447700900001","outcome":"sent","message_uuid":"u-447700900001"}
{"line":2,"to":"12ab","outcome":"invalid","error":"line 2: sms: to: not an E.164 number: \"12ab\""}
{"line":4,"to":"447700900004","outcome":"invalid","error":"line 4: param goes with template, not text"}
{"line":5,"outcome":"invalid","error":"line 5: to: want a string"}
{"line":6,"outcome":"invalid","error":"line 6: unknown field \"too\""}
{"line":7,"outcome":"invalid","error":"line 7: not a JSON object: invalid character 'o' in literal null (expecting 'u')"}
{"line":8,"to":"447700900008","outcome":"invalid","error":"line 8: mms: from: not an E.164 number: \"Acme\""}
{"line":9,"to":"447700900009","outcome":"invalid","error":"line 9: channel: unknown \"fax\": use sms, mms, whatsapp, messenger, viber, rcs or email"}
{"line":10,"to":"447700900010","outcome":"invalid","error":"line 10: image: sms cannot carry it; it takes text"}
`, res.stdout)
	lines := strings.Split(strings.TrimSpace(res.stderr), "\n")
	require.Len(t, lines, 2, res.stderr)
	assert.Regexp(t, summaryRE, lines[0])
	assert.True(t, strings.HasPrefix(lines[0], "summary: 1 sent, 0 refused, 8 invalid, 0 unknown, 0 not sent in "), lines[0])
	assert.Equal(t, "messages: send: some lines were not sent: the results say why", lines[1])
	counts, total := api.snapshot()
	assert.Equal(t, map[string]int{"447700900001": 1}, counts)
	assert.Equal(t, 1, total)
}

func TestBatchCSVWithBadLines(t *testing.T) {
	t.Parallel()
	api := newBatchAPI(t)
	in := writeFile(t, "in.csv", "to,param,param\n"+
		"447700900001,a,b\n"+
		"447700900002,c\n"+
		"12ab,d,e\n"+
		"447700900004,,\n")
	res := runCmd(t, batchEnv(t, api), "", "send", "--batch", in, "--channel", "whatsapp", "--from", "447700900099",
		"--template", "reminder", "--locale", "en_GB", "--progress-every", "0")
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Equal(t, `{"line":2,"to":"447700900001","outcome":"sent","message_uuid":"u-447700900001"}
{"line":3,"outcome":"invalid","error":"line 3: wrong number of fields: the header has a column for each"}
{"line":4,"to":"12ab","outcome":"invalid","error":"line 4: whatsapp: to: not an E.164 number: \"12ab\""}
{"line":5,"to":"447700900004","outcome":"sent","message_uuid":"u-447700900004"}
`, res.stdout)
	counts, _ := api.snapshot()
	assert.Equal(t, map[string]int{"447700900001": 1, "447700900004": 1}, counts)

	t.Run("unknown column", func(t *testing.T) {
		bad := writeFile(t, "bad.csv", "to,txt\n447700900001,hi\n")
		res := runCmd(t, batchEnv(t, api), "", "send", "--batch", bad, "--channel", "sms", "--from", "Acme")
		assert.Equal(t, 1, res.code)
		assert.Empty(t, res.stdout)
		assert.Contains(t, res.stderr, `messages: send: line 1: unknown column "txt": columns are the send flags' names`)
	})
}

func TestBatchCheckSendsNothingWhenALineIsWrong(t *testing.T) {
	t.Parallel()
	api := newBatchAPI(t)
	in := writeFile(t, "in.jsonl", `{"to":"447700900001"}`+"\n"+`{"to":"12ab"}`+"\n"+`{"to":"447700900003","text":""}`+"\n")
	res := runCmd(t, batchEnv(t, api), "", "send", "--batch", in, "--channel", "sms", "--from", "Acme", "--text", "hi", "--check")
	assert.Equal(t, 1, res.code)
	assert.Empty(t, res.stdout)
	assert.Equal(t, `messages: send: --check: 2 bad lines, nothing sent: line 2: sms: to: not an E.164 number: "12ab"; line 3: sms: text: must not be empty`+"\n", res.stderr)
	_, total := api.snapshot()
	assert.Equal(t, 0, total)
}

func TestBatchStopsOnBadCredentials(t *testing.T) {
	t.Parallel()
	api := newBatchAPI(t)
	api.refuse[number(3)] = http.StatusUnauthorized
	in := jsonLinesFile(t, 10)
	res := runCmd(t, batchEnv(t, api), "", "send", "--batch", in, "--channel", "sms", "--from", "Acme", "--text", "hi", "--concurrency", "1", "--progress-every", "0")
	assert.Equal(t, 1, res.code)
	assert.Equal(t, `{"line":1,"to":"447700900001","outcome":"sent","message_uuid":"u-447700900001"}
{"line":2,"to":"447700900002","outcome":"sent","message_uuid":"u-447700900002"}
{"line":3,"to":"447700900003","outcome":"refused","error":"401 Unauthorized: Invalid credentials"}
`, res.stdout)
	assert.Contains(t, res.stderr, "messages: send: stopped: the API refused the credentials; nothing more was sent")
	counts, _ := api.snapshot()
	assert.Equal(t, map[string]int{number(1): 1, number(2): 1, number(3): 1}, counts)
}

// readResults reads a results file: line number to final outcomes, in
// order, and line number to how many "sending" marks it has.
func readResults(t *testing.T, path string) (finals map[int][]string, marks map[int]int) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	finals, marks = map[int][]string{}, map[int]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r resultLine
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r), sc.Text())
		if r.Outcome == outcomeSending {
			marks[r.Line]++
			continue
		}
		finals[r.Line] = append(finals[r.Line], r.Outcome)
	}
	require.NoError(t, sc.Err())
	return finals, marks
}

// TestBatchKillAndResumeSendsEachLineOnce stops a run with SIGTERM (what
// `kill` sends) while messages are in flight, then resumes it from its
// results: the API sees every line exactly once.
func TestBatchKillAndResumeSendsEachLineOnce(t *testing.T) {
	t.Parallel()
	const n, passed, conc = 400, 120, 8
	api := newBatchAPI(t)
	api.hold = passed
	in := jsonLinesFile(t, n)
	out := filepath.Join(t.TempDir(), "results.jsonl")
	env := batchEnv(t, api)
	args := []string{"send", "--batch", in, "--channel", "sms", "--from", "Acme", "--text", "hi", "--concurrency", fmt.Sprint(conc), "--out", out, "--resume", out, "--progress-every", "0"}
	p := start(t, env, args...)
	api.waitArrivals(t, passed+conc) // the first 120 answered, 8 held in flight
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	assert.Equal(t, "interrupted: sending no more; waiting for the messages in flight (a second Ctrl-C kills)", p.next(t, p.stderr, "the interrupt notice"))
	api.open()
	code, _, stderr := p.wait(t)
	assert.Equal(t, exitInterrupted, code, strings.Join(stderr, "\n"))
	if b, err := os.ReadFile(out); err == nil && strings.Contains(string(b), "unknown") {
		t.Logf("first run results:\n%s\nstderr:\n%s", b, strings.Join(stderr, "\n"))
	}
	first, _ := readResults(t, out)
	assert.Len(t, first, passed+conc, "results of the first run: those answered and those in flight")

	res := runCmd(t, env, "", args...)
	assert.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, fmt.Sprintf("resume: %d lines answered before are skipped", passed+conc))

	counts, total := api.snapshot()
	assert.Equal(t, n, total, "requests at the API")
	for i := 1; i <= n; i++ {
		assert.Equal(t, 1, counts[number(i)], "sends of line %d", i)
	}
	all, marks := readResults(t, out)
	require.Len(t, all, n)
	for line, outcomes := range all {
		assert.Equal(t, []string{"sent"}, outcomes, "line %d", line)
		assert.Equal(t, 1, marks[line], "marks of line %d", line)
	}
	t.Logf("kill and resume: first run answered %d lines, second %d; the API got %d requests for %d lines", len(first), n-len(first), total, n)
}

// TestBatchSIGKILLAndResumeSendsNothingTwice kills a run with SIGKILL
// (nothing is flushed, no result of the messages in flight is written) while
// the stand-in holds exactly conc requests, then resumes it: the lines in
// flight are reported unknown and not sent again, every other line is sent
// once.
func TestBatchSIGKILLAndResumeSendsNothingTwice(t *testing.T) {
	t.Parallel()
	const n, passed, conc = 40, 10, 4
	api := newBatchAPI(t)
	api.hold = passed
	in := jsonLinesFile(t, n)
	out := filepath.Join(t.TempDir(), "results.jsonl")
	env := batchEnv(t, api)
	args := []string{"send", "--batch", in, "--channel", "sms", "--from", "Acme", "--text", "hi", "--concurrency", fmt.Sprint(conc), "--out", out, "--resume", out, "--progress-every", "0"}
	p := start(t, env, args...)
	// The first 10 are answered; 11 to 14 are held, and with them in flight
	// SendEach's window is full, so line 15 is not taken.
	api.waitArrivals(t, passed+conc)
	require.NoError(t, p.cmd.Process.Kill())
	code, _, _ := p.wait(t)
	assert.Equal(t, -1, code, "killed by a signal")
	first, marks := readResults(t, out)
	assert.Len(t, first, passed, "results of the first run: only those answered")
	assert.Len(t, marks, passed+conc, "marks of the first run: those answered and those in flight")

	api.open() // the second run's requests are not held
	res := runCmd(t, env, "", args...)
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, fmt.Sprintf("resume: %d lines answered before are skipped\n", passed))
	assert.Contains(t, res.stderr, fmt.Sprintf("resume: %d lines were in flight when an earlier run was stopped: reported unknown, not sent again\n", conc))
	assert.Contains(t, res.stderr, fmt.Sprintf("summary: %d sent, 0 refused, 0 invalid, %d unknown, 0 not sent in ", n-passed-conc, conc))
	assert.Contains(t, res.stderr, "messages: send: some lines were not sent: the results say why")

	counts, total := api.snapshot()
	assert.Equal(t, n, total, "requests at the API over both runs")
	for i := 1; i <= n; i++ {
		assert.Equal(t, 1, counts[number(i)], "sends of line %d", i)
	}
	all, marks := readResults(t, out)
	require.Len(t, all, n)
	for i := 1; i <= n; i++ {
		want := []string{"sent"}
		if i > passed && i <= passed+conc {
			want = []string{"unknown"}
		}
		assert.Equal(t, want, all[i], "line %d", i)
		assert.Equal(t, 1, marks[i], "marks of line %d", i)
	}
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	for i := passed + 1; i <= passed+conc; i++ {
		assert.Contains(t, string(b), fmt.Sprintf(`{"line":%d,"to":"%s","outcome":"unknown","error":"outcome unknown: an earlier run was stopped while this message was in flight; it is not sent again: check by hand whether it arrived"}`+"\n", i, number(i)))
	}

	// A third run finds every line answered and sends nothing.
	res = runCmd(t, env, "", args...)
	assert.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, fmt.Sprintf("resume: %d lines answered before are skipped\n", n))
	_, total = api.snapshot()
	assert.Equal(t, n, total)
}

func TestReadAnsweredMarks(t *testing.T) {
	t.Parallel()
	unknown := func(line int, to string) resultLine {
		return resultLine{Line: line, To: to, Outcome: "unknown", Error: errInFlightBefore}
	}
	for _, tc := range []struct {
		name     string
		file     string
		answered []int
		inFlight []resultLine
	}{
		{"answered after its mark", `{"line":1,"to":"a","outcome":"sending"}` + "\n" + `{"line":1,"to":"a","outcome":"sent","message_uuid":"u"}` + "\n", []int{1}, nil},
		{"not sent after its mark is sent again", `{"line":1,"to":"a","outcome":"sending"}` + "\n" + `{"line":1,"to":"a","outcome":"not sent","error":"x"}` + "\n", nil, nil},
		{"marked again after not sent", `{"line":1,"to":"a","outcome":"not sent","error":"x"}` + "\n" + `{"line":1,"to":"a","outcome":"sending"}` + "\n", nil, []resultLine{unknown(1, "a")}},
		{"in flight, in line order", `{"line":3,"to":"c","outcome":"sending"}` + "\n" + `{"line":2,"to":"b","outcome":"sending"}` + "\n" + `{"line":1,"to":"a","outcome":"sent"}` + "\n",
			[]int{1}, []resultLine{unknown(2, "b"), unknown(3, "c")}},
		{"reported unknown before is answered", `{"line":2,"to":"b","outcome":"sending"}` + "\n" + `{"line":2,"to":"b","outcome":"unknown","error":"x"}` + "\n", []int{2}, nil},
		{"a mark cut short was never sent", `{"line":1,"to":"a","outcome":"sent"}` + "\n" + `{"line":2,"to":"b","outco`, []int{1}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := readAnswered(writeFile(t, "results.jsonl", tc.file))
			require.NoError(t, err)
			var got []int
			for line := 1; line <= 3; line++ {
				if e.answered.has(line) {
					got = append(got, line)
				}
			}
			assert.Equal(t, tc.answered, got)
			assert.Equal(t, len(tc.answered), e.count)
			assert.Equal(t, tc.inFlight, e.inFlight)
		})
	}
}

func TestBatchShard(t *testing.T) {
	t.Parallel()
	api := newBatchAPI(t)
	in := jsonLinesFile(t, 10)
	env := batchEnv(t, api)
	var results []string
	for _, shard := range []string{"1/3", "2/3", "3/3"} {
		res := runCmd(t, env, "", "send", "--batch", in, "--channel", "sms", "--from", "Acme", "--text", "hi", "--shard", shard, "--progress-every", "0")
		require.Equal(t, 0, res.code, res.stderr)
		var lines []string
		for _, l := range strings.Split(strings.TrimSpace(res.stdout), "\n") {
			var r resultLine
			require.NoError(t, json.Unmarshal([]byte(l), &r))
			lines = append(lines, fmt.Sprint(r.Line))
		}
		results = append(results, strings.Join(lines, ","))
	}
	assert.Equal(t, []string{"1,4,7,10", "2,5,8", "3,6,9"}, results)
	counts, total := api.snapshot()
	assert.Equal(t, 10, total)
	assert.Len(t, counts, 10)
}

func TestBatchProgressOnAPipe(t *testing.T) {
	t.Parallel()
	api := newBatchAPI(t)
	api.hold = 1 // the first line is answered, the rest wait
	in := jsonLinesFile(t, 3)
	p := start(t, batchEnv(t, api), "send", "--batch", in, "--channel", "sms", "--from", "Acme", "--text", "hi", "--progress-every", "10ms")
	api.waitArrivals(t, 3)
	line := p.next(t, p.stderr, "a progress line")
	assert.Regexp(t, `^progress: [01] done, 0 failed of 3, \d+/s(, about \S+ left)?$`, line)
	api.open()
	code, _, stderr := p.wait(t)
	assert.Equal(t, 0, code)
	require.NotEmpty(t, stderr)
	assert.Regexp(t, summaryRE, stderr[len(stderr)-1])
	assert.True(t, strings.HasPrefix(stderr[len(stderr)-1], "summary: 3 sent, "), stderr[len(stderr)-1])
	for _, l := range stderr {
		assert.NotContains(t, l, "\r", "no carriage returns off a terminal")
		assert.NotContains(t, l, "\x1b", "no escape codes off a terminal")
		if !strings.HasPrefix(l, "summary: ") {
			assert.Regexp(t, `^progress: \d done, 0 failed of 3, \d+/s(, about \S+ left)?$`, l)
		}
	}
}

// wait returns the process's exit code once it has ended by itself, and
// the lines left unread on stdout and stderr.
func (p *proc) wait(t *testing.T) (code int, stdout, stderr []string) {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(patience):
		require.Failf(t, "timed out", "the process did not end; its output was:\n%s", p.output())
	}
	for l := range p.stdout {
		stdout = append(stdout, l)
	}
	for l := range p.stderr {
		stderr = append(stderr, l)
	}
	return p.cmd.ProcessState.ExitCode(), stdout, stderr
}

func TestBatchProgressBarOnATerminal(t *testing.T) {
	t.Parallel()
	api := newBatchAPI(t)
	api.refuse[number(2)] = http.StatusUnprocessableEntity
	in := jsonLinesFile(t, 3)
	cmd := exec.Command(binary, "send", "--batch", in, "--channel", "sms", "--from", "Acme", "--text", "hi")
	cmd.Env = batchEnv(t, api)
	var stdout strings.Builder
	cmd.Stdout = &stdout
	ptmx, tty, err := pty.Open()
	require.NoError(t, err)
	defer ptmx.Close()
	cmd.Stderr = tty
	require.NoError(t, cmd.Start())
	tty.Close() // the child holds its own copy
	screen := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(ptmx) // ends with EIO once the child has closed the terminal
		screen <- string(b)
	}()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case <-waited:
	case <-time.After(patience):
		_ = cmd.Process.Kill()
		require.Fail(t, "the batch did not end")
	}
	var out string
	select {
	case out = <-screen:
	case <-time.After(patience):
		require.Fail(t, "the terminal was not closed")
	}
	assert.Equal(t, 1, cmd.ProcessState.ExitCode())
	assert.Contains(t, out, "\r", "the bar redraws its line")
	assert.Regexp(t, `failed 1 +100% \|[^|]+\| \(3/3, \d+ msg/s\)`, out, "done, failed, total and rate")
	assert.Contains(t, out, "summary: 2 sent, 1 refused, 0 invalid, 0 unknown, 0 not sent in ")
	assert.NotContains(t, out, "progress: ", "no plain lines on a terminal")
	assert.Equal(t, 3, strings.Count(stdout.String(), "\n"))
}

// TestBatchShardsShareOneRedisRate runs two shards of one file at once,
// sharing a rate of 20 a second with a burst of 5 through Redis, as the
// fleet test does: in any window the two together send at most the burst
// plus 20 a second, however slow the machine (slowness only lowers it).
func TestBatchShardsShareOneRedisRate(t *testing.T) {
	t.Parallel()
	addr := os.Getenv("MESSAGES_REDIS_ADDR")
	if addr == "" {
		t.Skip("MESSAGES_REDIS_ADDR is not set: no Redis to share a rate through")
	}
	const perSecond, burst = 20, 5
	api := newBatchAPI(t)
	in := jsonLinesFile(t, 2000)
	env := batchEnv(t, api)
	key := fmt.Sprintf("messages-cli-test:%d", time.Now().UnixNano())
	began := time.Now()
	var procs []*proc
	for _, shard := range []string{"1/2", "2/2"} {
		procs = append(procs, start(t, env, "send", "--batch", in, "--channel", "sms", "--from", "Acme", "--text", "hi",
			"--shard", shard, "--concurrency", "8", "--rate", fmt.Sprint(perSecond), "--burst", fmt.Sprint(burst),
			"--redis", addr, "--rate-key", key, "--progress-every", "0"))
	}
	api.waitArrivals(t, 60)
	_, sent := api.snapshot()
	elapsed := time.Since(began)
	for _, p := range procs {
		code, _, stderr := p.stop(t, syscall.SIGTERM)
		assert.Equal(t, exitInterrupted, code, strings.Join(stderr, "\n"))
	}
	most := burst + int(perSecond*elapsed.Seconds()) + 1
	assert.LessOrEqual(t, sent, most, "sends in %s by two shards sharing %d/s", elapsed, perSecond)
	counts, _ := api.snapshot()
	for to, n := range counts {
		assert.Equal(t, 1, n, "sends to %s", to)
	}
	t.Logf("two shards sharing %d/s (burst %d) through Redis: %d sends in %s, at most %d allowed", perSecond, burst, sent, elapsed.Round(time.Millisecond), most)
}

func TestBatchWaitsOutA429(t *testing.T) {
	t.Parallel()
	api := newBatchAPI(t)
	api.busy[number(2)] = true
	in := jsonLinesFile(t, 3)
	res := runCmd(t, batchEnv(t, api), "", "send", "--batch", in, "--channel", "sms", "--from", "Acme", "--text", "hi", "--progress-every", "0")
	assert.Equal(t, 0, res.code, res.stderr)
	assert.Equal(t, `{"line":1,"to":"447700900001","outcome":"sent","message_uuid":"u-447700900001"}
{"line":2,"to":"447700900002","outcome":"sent","message_uuid":"u-447700900002"}
{"line":3,"to":"447700900003","outcome":"sent","message_uuid":"u-447700900003"}
`, res.stdout)
	counts, _ := api.snapshot()
	assert.Equal(t, map[string]int{number(1): 1, number(2): 2, number(3): 1}, counts, "the 429 and its retry")
}
