// Command messages is the Messages API from a terminal: it mints a JWT,
// sends a message, prints the webhooks that arrive once their signatures
// hold, runs a fake of the API for tests in any language, and checks a
// webhook signature.
//
//	go install github.com/gomessages/messages/cmd/messages@latest
//
//	messages jwt    [--app-id ID] [--key FILE] [--ttl 15m] [--sub S] [--acl PATH]...
//	messages send   CHANNEL --from F --to T (--text S | --image URL | --audio URL | --video URL | --file URL | --vcard URL | --template NAME [--param P]... --locale L)
//	messages listen [--addr 127.0.0.1:8080] (--secret S | --insecure)
//	messages fake   [--addr 127.0.0.1:0] [--status-url URL] [--inbound-url URL]
//	messages verify [--secret S] [--body FILE] TOKEN
//	messages media  get URL [-o FILE]
//
// Credentials come from flags or from the variables NewClientFromEnv reads
// (VONAGE_APPLICATION_ID with VONAGE_PRIVATE_KEY_PATH or VONAGE_PRIVATE_KEY,
// or the NEXMO_ names); the host from --base-url or VONAGE_BASE_URL; the
// signature secret from --secret or VONAGE_SIGNATURE_SECRET. `messages
// COMMAND --help` shows a command's flags and an example.
//
// Exit codes: 0 done; 1 refused (a validation error, an API error, a bad
// signature) or failed; 2 usage (a bad flag or --addr, a missing,
// unreadable or oversized credential). An error is one line on stderr; keys, secrets and tokens never
// reach it.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// The exit codes.
const (
	exitOK      = 0
	exitRefused = 1
	exitUsage   = 2
)

func main() {
	// The first SIGINT or SIGTERM cancels ctx, so listen and fake shut down
	// and send gives up its call; a second one kills as usual.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

// stdio is what a command reads and writes, and its environment; tests
// give their own.
type stdio struct {
	in     io.Reader
	out    io.Writer
	err    io.Writer
	getenv func(string) string
	// limits bounds the servers of listen; nil means defaultLimits.
	// Tests shorten them.
	limits *serverLimits
}

// env returns the first of the variables that is set, trimmed, and its name.
func (s *stdio) env(names ...string) (value, name string) {
	for _, n := range names {
		if v := strings.TrimSpace(s.getenv(n)); v != "" {
			return v, n
		}
	}
	return "", ""
}

// A command is one of the binary's verbs.
type command struct {
	name  string
	usage string // after "messages "
	about string
	run   func(ctx context.Context, std *stdio, args []string) error
}

var commands = []command{
	{"jwt", "jwt    [--app-id ID] [--key FILE] [--ttl 15m] [--sub S] [--acl PATH]...",
		"print an application JWT (like `nexmo jwt:generate`)", runJWT},
	{"send", "send   CHANNEL --from F --to T (--text S | --image URL | --audio URL | --video URL | --file URL\n" +
		"                | --vcard URL | --template NAME [--param P]... --locale L)\n" +
		"                [--api v1|v0.1] [--region eu|us|ap | --sandbox | --base-url URL]",
		"send one message; print the API's answer as JSON", runSend},
	{"listen", "listen [--addr 127.0.0.1:8080] (--secret S | --insecure)",
		"print each verified webhook as one JSON line", runListen},
	{"fake", "fake   [--addr 127.0.0.1:0] [--status-url URL] [--inbound-url URL]",
		"run a fake Messages API until interrupted; print its export line", runFake},
	{"verify", "verify [--secret S] [--body FILE] TOKEN",
		"exit 0 when a webhook signature holds, 1 when not", runVerify},
	{"media", "media  get URL [-o FILE]",
		"download an inbound message's media, with the app's JWT only for the API's hosts", runMedia},
}

// run runs the command args name and returns the exit code.
func run(ctx context.Context, args []string, std *stdio) int {
	if len(args) == 0 {
		fmt.Fprintln(std.err, "messages: no command: use jwt, send, listen, fake, verify or media (messages --help says more)")
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		printTopHelp(std.out)
		return exitOK
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, std, args[1:])
		if errors.Is(err, errHelp) {
			return exitOK
		}
		if err == nil {
			return exitOK
		}
		fmt.Fprintf(std.err, "messages: %s: %s\n", c.name, oneLine(err))
		var ce *cliError
		if errors.As(err, &ce) {
			return ce.code
		}
		return exitRefused
	}
	// The name is not echoed in full: a mistyped line may hold a token.
	fmt.Fprintf(std.err, "messages: unknown command %q: use jwt, send, listen, fake, verify or media\n", clip(args[0], 20))
	return exitUsage
}

func printTopHelp(w io.Writer) {
	fmt.Fprintln(w, "messages: the Messages API from a terminal.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "usage:")
	for _, c := range commands {
		fmt.Fprintf(w, "  messages %s\n        %s\n", c.usage, c.about)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Credentials come from --app-id and --key, or VONAGE_APPLICATION_ID with")
	fmt.Fprintln(w, "VONAGE_PRIVATE_KEY_PATH or VONAGE_PRIVATE_KEY (or the NEXMO_ names); the host")
	fmt.Fprintln(w, "from --base-url or VONAGE_BASE_URL; the signature secret from --secret or")
	fmt.Fprintln(w, "VONAGE_SIGNATURE_SECRET.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Exit codes: 0 done, 1 refused or failed, 2 usage. `messages COMMAND --help`")
	fmt.Fprintln(w, "shows a command's flags and an example.")
}

// cliError is an error with its exit code.
type cliError struct {
	code int
	err  error
}

func (e *cliError) Error() string { return e.err.Error() }
func (e *cliError) Unwrap() error { return e.err }

// usagef is a usage error: exit code 2.
func usagef(format string, args ...any) error {
	return &cliError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// errHelp ends a command that printed its help: exit code 0.
var errHelp = errors.New("help requested")

// oneLine renders err for stderr: without the SDK's own "messages: "
// prefix, which the command's prefix replaces, and on one line whatever a
// server put in its error text, with its other control characters escaped.
func oneLine(err error) string {
	s := err.Error()
	for strings.HasPrefix(s, "messages: ") {
		s = strings.TrimPrefix(s, "messages: ")
	}
	s = strings.ReplaceAll(s, ": messages: ", ": ")
	return escapeControls(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s))
}

// clip shortens s to n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "..."
}
