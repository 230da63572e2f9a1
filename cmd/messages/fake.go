package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/gomessages/messages/messagestest"
)

func runFake(ctx context.Context, std *stdio, args []string) error {
	fs := newFlagSet("fake",
		"fake [--addr 127.0.0.1:0] [--status-url URL] [--inbound-url URL] [--secret S] [--key-file FILE] [--secure-media]",
		"Run a fake Messages API (the SDK's messagestest) on --addr until SIGINT or SIGTERM. It\n"+
			"writes the application's private key to a file and prints, once it is serving, one line:\n"+
			"  export VONAGE_APPLICATION_ID=... VONAGE_PRIVATE_KEY_PATH=... VONAGE_BASE_URL=... VONAGE_SIGNATURE_SECRET=...\n"+
			"It checks each request as the API does (JWT, body), answers 202, and posts signed status\n"+
			"webhooks (submitted, delivered, read) to --status-url or the message's webhook_url.\n"+
			"To have a customer write in, POST a JSON message to "+messagestest.InboundPath+"; it is\n"+
			"posted, signed, to --inbound-url:\n"+
			"  curl -d '{\"channel\":\"sms\",\"from\":\"447700900000\",\"to\":\"447700900001\",\"text\":\"hi\"}' \"$VONAGE_BASE_URL"+messagestest.InboundPath+"\"\n"+
			"The body takes \"text\", \"media\" {\"type\",\"url\",\"caption\"} or \"location\" {\"lat\",\"long\"};\n"+
			"the answer is {\"message_uuid\": ...}. Media given as \"media_body\" (base64) instead of a url\n"+
			"is served by the fake at $VONAGE_BASE_URL"+messagestest.MediaPath+"ID, for `messages media get`.",
		"messages fake --status-url http://127.0.0.1:8080/status --inbound-url http://127.0.0.1:8080/inbound > fake.env &")
	addr := fs.String("addr", "127.0.0.1:0", "listen on this `address`; port 0 picks a free one")
	statusURL := fs.String("status-url", "", "post status webhooks to this `URL`")
	inboundURL := fs.String("inbound-url", "", "post inbound messages to this `URL`")
	secret := fs.String("secret", "", "sign webhooks with this `secret` (default a random one, printed)")
	keyFile := fs.String("key-file", "", "write the private key to `FILE` (default a temporary file, removed on exit)")
	secureMedia := fs.Bool("secure-media", false, "serve inbound media only with the application's JWT (Secure Inbound Media)")
	rest, err := fs.parse(args, std.out)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("takes no arguments, got %d", len(rest))
	}
	if err := checkWebhookURLs(*statusURL, *inboundURL); err != nil {
		return err
	}
	if *secret == "" {
		if *secret, err = randomSecret(); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return usagef("--addr: %w", err)
	}
	srv := messagestest.NewServer(fakeOptions(ln, *secret, *statusURL, *inboundURL, *secureMedia)...)
	defer srv.Close()

	path, cleanup, err := writeFakeKey(*keyFile, srv.PrivateKey)
	defer cleanup()
	if err != nil {
		return err
	}

	_, err = fmt.Fprintf(std.out, "export VONAGE_APPLICATION_ID=%s VONAGE_PRIVATE_KEY_PATH=%s VONAGE_BASE_URL=%s VONAGE_SIGNATURE_SECRET=%s\n",
		shellQuote(srv.ApplicationID), shellQuote(path), shellQuote(srv.URL), shellQuote(*secret))
	if err != nil {
		return err
	}
	fmt.Fprintf(std.err, "messages: fake: serving %s until interrupted\n", srv.URL)
	<-ctx.Done()
	return nil
}

// checkWebhookURLs refuses a --status-url or --inbound-url that is set but
// not an absolute http or https URL.
func checkWebhookURLs(statusURL, inboundURL string) error {
	for _, f := range []struct{ name, value string }{{"status-url", statusURL}, {"inbound-url", inboundURL}} {
		if f.value == "" {
			continue
		}
		if u, err := url.Parse(f.value); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("--%s: want an absolute http or https URL, got %q", f.name, f.value)
		}
	}
	return nil
}

// randomSecret is the signature secret when --secret is not given.
func randomSecret() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

func fakeOptions(ln net.Listener, secret, statusURL, inboundURL string, secureMedia bool) []messagestest.ServerOption {
	opts := []messagestest.ServerOption{
		messagestest.WithListener(ln),
		messagestest.WithSignatureSecret(secret),
		messagestest.WithInboundEndpoint(),
	}
	if statusURL != "" {
		opts = append(opts, messagestest.WithStatusURL(statusURL))
	}
	if inboundURL != "" {
		opts = append(opts, messagestest.WithInboundURL(inboundURL))
	}
	if secureMedia {
		opts = append(opts, messagestest.WithSecureMedia())
	}
	return opts
}

// writeFakeKey writes the private key to keyFile, or to a temporary file when
// keyFile is empty, and gives the file's absolute path. cleanup, never nil,
// removes the temporary directory.
func writeFakeKey(keyFile string, key []byte) (path string, cleanup func(), err error) {
	cleanup = func() {}
	path = keyFile
	if path == "" {
		dir, err := os.MkdirTemp("", "messages-fake-")
		if err != nil {
			return "", cleanup, err
		}
		cleanup = func() { os.RemoveAll(dir) }
		path = filepath.Join(dir, "private.key")
	}
	if path, err = filepath.Abs(path); err != nil {
		return "", cleanup, err
	}
	if err := os.WriteFile(path, key, 0o600); err != nil {
		if keyFile != "" {
			return "", cleanup, usagef("--key-file: %w", err)
		}
		return "", cleanup, err
	}
	return path, cleanup, nil
}

// shellQuote quotes s for a POSIX shell when it needs it, so that the
// export line can be eval'd or sourced whatever the temporary directory is
// called.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@%+=,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
