package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gomessages/messages"
	"github.com/gomessages/messages/redisstore"
)

// exitInterrupted is the exit code after Ctrl-C (128 + SIGINT), as shells
// report it.
const exitInterrupted = 130

// wantsBatch reports whether send was asked for a batch: --batch among
// the flags (before any "--").
func wantsBatch(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "batch" {
			return true
		}
	}
	return false
}

// batchFlags are send --batch's own flags.
type batchFlags struct {
	file, out, resume, format string
	channel                   string
	concurrency               int
	rate                      float64
	burst                     int
	redisAddr, rateKey        string
	shard                     string
	check                     bool
	progressEvery             time.Duration
}

func runBatch(ctx context.Context, std *stdio, args []string) error {
	fs := newFlagSet("send",
		"send --batch FILE|- [--out FILE] [--resume FILE] [--check] [--concurrency N] [--rate N [--burst N]]\n"+
			"       [--redis ADDR --rate-key KEY] [--shard i/n] [--channel C] [send's flags as defaults]",
		"Send every line of FILE (or stdin, with -): JSON lines whose fields are send's flag names\n"+
			"({\"channel\":\"sms\",\"from\":...,\"to\":...,\"text\":...}, \"param\" a string or an array), or CSV\n"+
			"with a header row of those names (\"param\" may repeat). Flags give the defaults for a\n"+
			"line's missing fields. One JSON result a line goes to stdout or --out (appended):\n"+
			"{\"line\":N,\"to\":...,\"outcome\":\"sent\",\"message_uuid\":...}, or the outcome (invalid,\n"+
			"refused, not sent, unknown) and the error. With --out, each line's message is first\n"+
			"marked {\"line\":N,\"to\":...,\"outcome\":\"sending\"} in the file. --resume skips the lines\n"+
			"an earlier results file answered (sent, refused or unknown), and reports a line marked\n"+
			"but never answered (a run killed while it was in flight) as unknown, without sending it:\n"+
			"nothing is sent twice. A 401 or 403 stops the run; Ctrl-C stops sending, waits for the\n"+
			"messages in flight, writes their results, and exits 130. Exit 0 when every line was sent, else 1.",
		"messages send --batch reminders.jsonl --channel sms --from Acme --out results.jsonl --resume results.jsonl\n"+
			"messages send --batch people.csv --channel whatsapp --from 447700900001 --template reminder --locale en_GB --out results.jsonl\n"+
			"messages send --batch big.jsonl --shard 1/2 --redis 127.0.0.1:6379 --rate-key acme --rate 30 --out part1.jsonl")
	var creds credentials
	creds.register(fs)
	var h host
	h.register(fs)
	var d defaults
	d.cf.register(fs)
	fs.StringVar(&d.env.from, "from", "", "the default sender")
	fs.StringVar(&d.env.to, "to", "", "the default recipient")
	fs.StringVar(&d.env.subject, "subject", "", "the default email `subject`")
	fs.StringVar(&d.env.clientRef, "client-ref", "", "the default `reference` the status webhooks carry back")
	fs.StringVar(&d.env.webhookURL, "webhook-url", "", "the default status webhook `URL` (v1)")
	api := fs.String("api", "v1", "the wire `version`: v1 or v0.1")
	timeout := fs.Duration("timeout", messages.DefaultTimeout, "give up on one message after this long")
	var b batchFlags
	fs.StringVar(&b.file, "batch", "", "send the messages of `FILE`, or of stdin with -")
	fs.StringVar(&b.channel, "channel", "", "the default `channel`: "+channelNames())
	fs.StringVar(&b.format, "format", "", "the file's `format`, jsonl or csv (default: jsonl when it starts with {)")
	fs.StringVar(&b.out, "out", "", "append the results to `FILE` (default stdout)")
	fs.StringVar(&b.resume, "resume", "", "skip the lines that the results `FILE` of an earlier run answered")
	fs.BoolVar(&b.check, "check", false, "check every line first; send nothing when one is wrong")
	fs.IntVar(&b.concurrency, "concurrency", messages.DefaultConcurrency, "send at most `N` messages at once")
	fs.Float64Var(&b.rate, "rate", 0, "send at most `N` messages a second (default no limit)")
	fs.IntVar(&b.burst, "burst", 1, "let `N` messages go at once before --rate paces them")
	fs.StringVar(&b.redisAddr, "redis", "", "share --rate through the Redis server at `ADDR` (host:port)")
	fs.StringVar(&b.rateKey, "rate-key", "messages-cli:rate", "the Redis `key` that processes sharing one rate use")
	fs.StringVar(&b.shard, "shard", "", "send only lines i, i+n, i+2n... of the file (`i/n`, 1 <= i <= n)")
	fs.DurationVar(&b.progressEvery, "progress-every", 5*time.Second, "off a terminal, print a progress line this `often` (0: never)")
	rest, err := fs.parse(args, std.out)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("--batch takes no CHANNEL argument (use --channel or a channel field), got %q", clip(rest[0], 20))
	}
	d.channel = b.channel
	d.isSet = fs.isSet
	shardI, shardN, err := parseShard(b.shard)
	if err != nil {
		return err
	}
	if err := b.validate(*timeout); err != nil {
		return err
	}
	version, err := parseVersion(*api)
	if err != nil {
		return err
	}
	opts, err := h.options()
	if err != nil {
		return err
	}
	opts = append(opts, messages.WithAPIVersion(version), messages.WithTimeout(*timeout),
		messages.WithUserAgent("messages-cli"), messages.WithTokenReuse(time.Minute),
		// A 429 waits for its Retry-After (up to 10 s) and a connection never
		// made is tried again; nothing that may have been sent is.
		messages.WithRetry(messages.RetryPolicy{MaxAttempts: 5}))
	rateOpts, closeRedis, err := b.rateOptions()
	defer closeRedis()
	if err != nil {
		return err
	}
	opts = append(opts, rateOpts...)

	before, err := b.answered()
	if err != nil {
		return err
	}
	skip := before.answered
	for _, r := range before.inFlight {
		skip.add(r.Line) // reported unknown below, never sent again
	}
	src := batchSource{file: b.file, stdin: std.in, format: b.format, shardI: shardI, shardN: shardN, skip: skip, d: &d}
	if b.check {
		if err := src.check(version); err != nil {
			return err
		}
	}
	client, err := newClient(std, &creds, &h, opts)
	if err != nil {
		return err
	}
	defer client.CloseIdleConnections()

	out, closeOut, err := b.results(std.out)
	if err != nil {
		return err
	}
	defer closeOut()
	total, err := src.total()
	if err != nil {
		return err
	}
	if before.count > 0 {
		fmt.Fprintf(std.err, "resume: %d lines answered before are skipped\n", before.count)
	}
	if n := len(before.inFlight); n > 0 {
		fmt.Fprintf(std.err, "resume: %d lines were in flight when an earlier run was stopped: reported unknown, not sent again\n", n)
	}
	w := &resultsWriter{w: out, marks: b.out != ""}
	return sendBatch(ctx, std, client, &src, w, before.inFlight, newProgress(std.err, total, b.progressEvery), b.concurrency)
}

// validate refuses flags that cannot go together or are out of range.
func (b *batchFlags) validate(timeout time.Duration) error {
	switch {
	case b.file == "":
		return usagef("--batch: want a FILE or -")
	case b.concurrency < 1:
		return usagef("--concurrency: want at least 1, got %d", b.concurrency)
	case b.rate < 0:
		return usagef("--rate: must not be negative, got %v", b.rate)
	case b.burst < 1:
		return usagef("--burst: want at least 1, got %d", b.burst)
	case b.redisAddr != "" && b.rate == 0:
		return usagef("--redis shares --rate: give --rate too")
	case b.check && b.file == "-":
		return usagef("--check reads the file twice: give a FILE, not stdin")
	case timeout < 0:
		return usagef("--timeout: must not be negative, got %s", timeout)
	}
	return nil
}

// rateOptions are the client options of --rate, alone or shared through
// --redis. closeRedis, never nil, closes the Redis client.
func (b *batchFlags) rateOptions() (opts []messages.Option, closeRedis func(), err error) {
	closeRedis = func() {}
	if b.rate > 0 && b.redisAddr == "" {
		opts = append(opts, messages.WithRateLimit(b.rate, b.burst))
	}
	if b.redisAddr != "" {
		rdb := redis.NewClient(&redis.Options{Addr: b.redisAddr})
		closeRedis = func() { rdb.Close() }
		lim, err := redisstore.NewLimiter(rdb, b.rateKey, b.rate, b.burst)
		if err != nil {
			return nil, closeRedis, usagef("--redis: %w", err)
		}
		opts = append(opts, messages.WithLimiter(lim))
	}
	return opts, closeRedis, nil
}

// answered is what the --resume file says: the lines it answered, how
// many, and those it left in flight.
func (b *batchFlags) answered() (earlier, error) {
	if b.resume == "" {
		return earlier{}, nil
	}
	return readAnswered(b.resume)
}

// results is where the results go: --out, opened for appending, else
// stdout. closeOut closes the file.
func (b *batchFlags) results(stdout io.Writer) (out io.Writer, closeOut func(), err error) {
	if b.out == "" {
		return stdout, func() {}, nil
	}
	f, err := os.OpenFile(b.out, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, usagef("--out: %w", err)
	}
	return f, func() { f.Close() }, nil
}

func parseVersion(api string) (messages.APIVersion, error) {
	switch api {
	case "v1", "1":
		return messages.V1, nil
	case "v0.1", "0.1":
		return messages.V0_1, nil
	}
	return "", usagef("--api: want v1 or v0.1, got %q", clip(api, 20))
}

// parseShard reads --shard i/n; no shard is 1/1.
func parseShard(s string) (i, n int, err error) {
	if s == "" {
		return 1, 1, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return 0, 0, usagef("--shard: want i/n with 1 <= i <= n, such as 1/2, got %q", clip(s, 20))
	}
	return i, n, nil
}
