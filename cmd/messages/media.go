package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gomessages/messages"
)

func runMedia(ctx context.Context, std *stdio, args []string) error {
	fs := newFlagSet("media",
		"media get URL [-o FILE] [--base-url URL]",
		"Download the media an inbound message links to (its media URL) and write it to FILE, or\n"+
			"to stdout without -o. The application's JWT goes with the request only to the API's own\n"+
			"hosts (and the --base-url host, for a fake), as Secure Inbound Media needs; any other\n"+
			"URL, such as a CDN's, is fetched without it. A 404 means the media has expired.",
		"messages media get https://api-eu.nexmo.com/v3/media/6882bbe2-fe14-4e2f-910f-652beee058d4 -o photo.jpg")
	var creds credentials
	creds.register(fs)
	var h host
	h.register(fs)
	out := fs.String("o", "", "write the media to `FILE` instead of stdout")
	maxBytes := fs.Int64("max-bytes", messages.DefaultMediaMaxBytes, "refuse media larger than this many `bytes`")
	timeout := fs.Duration("timeout", messages.DefaultTimeout, "give up waiting for the answer after this long")
	rest, err := fs.parse(args, std.out)
	if err != nil {
		return err
	}
	switch {
	case len(rest) == 0 || rest[0] != "get":
		return usagef("want: media get URL [-o FILE]")
	case len(rest) != 2:
		return usagef("media get takes one URL, got %d arguments", len(rest)-1)
	}
	opts, err := h.options()
	if err != nil {
		return err
	}
	opts = append(opts, messages.WithTimeout(*timeout), messages.WithMediaMaxBytes(*maxBytes), messages.WithUserAgent("messages-cli"))
	client, err := newClient(std, &creds, &h, opts)
	if err != nil {
		return err
	}
	defer client.CloseIdleConnections()
	f, err := client.DownloadMedia(ctx, rest[1])
	if err != nil {
		// The SDK's "messages: media: " would repeat the command's prefix.
		return errors.New(strings.TrimPrefix(oneLine(err), "media: "))
	}
	defer f.Body.Close()
	if *out == "" {
		_, err = copyMedia(std.out, f.Body)
		return err
	}
	return writeMedia(*out, f, std)
}

// writeMedia writes the media to a temporary file beside path and renames
// it into place once whole, so a failed download never leaves a cut file
// where the caller looks.
func writeMedia(path string, f *messages.MediaFile, std *stdio) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part-*")
	if err != nil {
		return usagef("-o: %w", err)
	}
	n, err := copyMedia(tmp, f.Body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	fmt.Fprintf(std.err, "messages: media: wrote %d bytes of %s to %s\n", n, orUnknown(f.ContentType), path)
	return nil
}

func copyMedia(w io.Writer, r io.Reader) (int64, error) { return io.Copy(w, r) }

func orUnknown(s string) string {
	if s == "" {
		return "unknown type"
	}
	return s
}
