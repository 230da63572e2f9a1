// Command webhook-server receives the Messages API's inbound-message and
// message-status webhooks, checks their signatures and logs them.
//
// Set VONAGE_SIGNATURE_SECRET to the account's signature secret and PORT to
// listen elsewhere than 8080, then point the application's inbound and
// status URLs at /webhooks/inbound and /webhooks/status.
//
// Without the secret the handler fails closed: it answers every webhook
// 500, and the API re-delivers them for up to 24 hours, until the server
// is restarted with the secret. To accept unsigned (and so forgeable)
// webhooks while trying things out on your own machine, pass -insecure.
//
//	VONAGE_SIGNATURE_SECRET=... go run ./examples/webhook-server
//	go run ./examples/webhook-server -insecure
package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gomessages/messages"
)

func main() {
	insecure := flag.Bool("insecure", false, "accept webhooks without checking signatures when VONAGE_SIGNATURE_SECRET is unset (local development only)")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	secret := os.Getenv("VONAGE_SIGNATURE_SECRET")
	if secret == "" && !*insecure {
		logger.Error("VONAGE_SIGNATURE_SECRET is not set: every webhook will be answered 500 until it is; pass -insecure to accept unsigned webhooks locally")
	}

	h := messages.NewWebhookHandler(messages.WebhookConfig{
		SignatureSecret:    secret,
		InsecureSkipVerify: *insecure,
		Dedupe:             10 * time.Minute,
		Logger:             logger,
		OnInbound: func(ctx context.Context, in *messages.Inbound) error {
			logger.InfoContext(ctx, "inbound", "channel", in.Channel, "from", in.From,
				"type", in.Type, "text", in.Text, "uuid", in.MessageUUID)
			return nil
		},
		OnStatus: func(ctx context.Context, st *messages.Status) error {
			attrs := []any{"channel", st.Channel, "to", st.To, "status", st.Status, "uuid", st.MessageUUID}
			if st.Error != nil {
				attrs = append(attrs, "error", st.Error.Detail+st.Error.Reason)
			}
			logger.InfoContext(ctx, "status", attrs...)
			return nil
		},
	})

	mux := http.NewServeMux()
	mux.Handle("/webhooks/inbound", h)
	mux.Handle("/webhooks/status", h)

	addr := ":8080"
	if port := os.Getenv("PORT"); port != "" {
		addr = ":" + port
	}
	srv := newServer(addr, mux)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}()

	logger.Info("listening", "addr", addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Error("server failed", "error", err)
		os.Exit(1)
	}
}

// newServer serves h on addr with every connection bounded: without these,
// a client that sends its request a byte at a time, or never reads the
// answer, holds a connection (and a goroutine) for as long as it likes.
func newServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,  // the request line and headers
		ReadTimeout:       30 * time.Second,  // the whole request, body included (at most 1 MiB)
		WriteTimeout:      60 * time.Second,  // from the end of the headers to the end of the answer: covers the callback
		IdleTimeout:       120 * time.Second, // a kept-alive connection with no request
		MaxHeaderBytes:    64 << 10,          // the API's headers are a few hundred bytes; Go's default is 1 MiB
	}
}
