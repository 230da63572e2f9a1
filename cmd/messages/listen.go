package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gomessages/messages"
)

// eventLine is one line that listen prints: the kind of webhook, the path it
// came to, whether its signature was checked, the SDK's typed event (fields
// that are set, under their Go names) and the body as received.
type eventLine struct {
	Kind     string          `json:"kind"` // "inbound", "status" or "unknown"
	Path     string          `json:"path"`
	Verified bool            `json:"verified"`
	Event    json.RawMessage `json:"event,omitempty"`
	Raw      json.RawMessage `json:"raw"`
}

// printer writes whole lines to w, one at a time, from the handler's
// concurrent requests.
type printer struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *printer) line(l eventLine, event any) error {
	if event != nil {
		b, err := marshalSet(event)
		if err != nil {
			return err
		}
		l.Event = b
	}
	b, err := json.Marshal(l) // compacts Raw: a line is one line
	if err != nil {
		return err
	}
	b = safeJSON(b) // valid UTF-8, and no raw control characters
	p.mu.Lock()
	defer p.mu.Unlock()
	// An error fails the callback, so the sender is answered 500 and
	// delivers the webhook again rather than lose it.
	_, err = p.w.Write(append(b, '\n'))
	return err
}

// pathKey carries a request's path to the callbacks, which see only the
// event.
type pathKey struct{}

func runListen(ctx context.Context, std *stdio, args []string) error {
	fs := newFlagSet("listen",
		"listen [--addr 127.0.0.1:8080] (--secret S | --insecure)",
		"Serve the SDK's webhook handler on every path of --addr and print each inbound message\n"+
			"and message status as one JSON line on stdout: {\"kind\", \"path\", \"verified\", \"event\"\n"+
			"(the SDK's typed fields that are set), \"raw\" (the body)}. Webhooks without a valid\n"+
			"signature are refused with the handler's codes (401 forged, 503 unsigned, 400 unparsable)\n"+
			"and logged on stderr. Without a secret it refuses to start, unless --insecure.",
		`messages listen --addr 127.0.0.1:8080 --secret "$VONAGE_SIGNATURE_SECRET" | jq .event`)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on this `address`")
	secret := fs.String("secret", "", "the account's signature `secret` (default $VONAGE_SIGNATURE_SECRET)")
	insecure := fs.Bool("insecure", false, "accept webhooks without checking their signatures")
	rest, err := fs.parse(args, std.out)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("takes no arguments, got %d", len(rest))
	}
	switch {
	case *insecure && *secret != "":
		return usagef("--secret and --insecure: use one")
	case *insecure:
		// The variable is ignored: --insecure says what it means.
	case *secret == "":
		*secret, _ = std.env("VONAGE_SIGNATURE_SECRET")
		if *secret == "" {
			// Fail closed: an unset variable must never turn
			// verification off. The handler would answer every webhook
			// 500; refusing to start says so sooner.
			return usagef("no signature secret: use --secret or set VONAGE_SIGNATURE_SECRET, or --insecure to accept unsigned webhooks")
		}
	}

	out := &printer{w: std.out}
	verified := !*insecure
	h := messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret:    *secret,
		InsecureSkipVerify: *insecure,
		Logger:             slog.New(slog.NewTextHandler(std.err, &slog.HandlerOptions{Level: slog.LevelWarn})),
		OnInbound: func(ctx context.Context, in *messages.Inbound) error {
			ev := *in
			ev.Raw = nil
			return out.line(eventLine{Kind: "inbound", Path: pathOf(ctx), Verified: verified, Raw: in.Raw}, ev)
		},
		OnStatus: func(ctx context.Context, st *messages.Status) error {
			ev := *st
			ev.Raw = nil
			return out.line(eventLine{Kind: "status", Path: pathOf(ctx), Verified: verified, Raw: st.Raw}, ev)
		},
		OnUnknown: func(ctx context.Context, ev *messages.UnknownEvent) error {
			return out.line(eventLine{Kind: "unknown", Path: pathOf(ctx), Verified: verified, Raw: ev.Raw}, nil)
		},
	})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return usagef("--addr: %w", err)
	}
	srv := std.serverLimits().Server(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), pathKey{}, r.URL.Path)))
	}))
	if *insecure {
		fmt.Fprintln(std.err, "messages: listen: --insecure: webhook signatures are not checked")
	}
	fmt.Fprintf(std.err, "messages: listen: listening on http://%s\n", ln.Addr())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		_ = srv.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func pathOf(ctx context.Context) string {
	p, _ := ctx.Value(pathKey{}).(string)
	return p
}
