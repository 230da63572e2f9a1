package main

import (
	"errors"
	"os"

	"github.com/gomessages/messages"
)

// credentials are an application's ID and private key, from flags or from
// the variables messages.NewClientFromEnv reads, in its order: a flag wins
// over the VONAGE_ name, which wins over the NEXMO_ one, and a key's PEM in
// VONAGE_PRIVATE_KEY wins over the file VONAGE_PRIVATE_KEY_PATH names.
type credentials struct {
	appID   string
	keyPath string
}

func (c *credentials) register(fs *flagSet) {
	fs.StringVar(&c.appID, "app-id", "", "the application's `ID` (default $VONAGE_APPLICATION_ID)")
	fs.StringVar(&c.keyPath, "key", "", "the `FILE` holding the application's private key, PEM\n(default $VONAGE_PRIVATE_KEY_PATH, or the PEM in $VONAGE_PRIVATE_KEY)")
}

// load returns the application ID, the key's PEM and where it came from, a
// flag or variable name for errors to name. Missing or unreadable
// credentials are usage errors. Errors never hold key material.
func (c *credentials) load(io *stdio) (appID string, pem []byte, source string, err error) {
	appID = c.appID
	if appID == "" {
		appID, _ = io.env("VONAGE_APPLICATION_ID", "NEXMO_APPLICATION_ID")
	}
	if appID == "" {
		return "", nil, "", usagef("no application ID: use --app-id or set VONAGE_APPLICATION_ID")
	}
	if c.keyPath != "" {
		pem, err = readKey(c.keyPath, "--key")
		return appID, pem, "--key", err
	}
	if v, name := io.env("VONAGE_PRIVATE_KEY", "NEXMO_PRIVATE_KEY"); v != "" {
		return appID, []byte(v), name, nil
	}
	if path, name := io.env("VONAGE_PRIVATE_KEY_PATH", "NEXMO_PRIVATE_KEY_PATH"); path != "" {
		pem, err = readKey(path, name)
		return appID, pem, name, err
	}
	return "", nil, "", usagef("no private key: use --key or set VONAGE_PRIVATE_KEY_PATH or VONAGE_PRIVATE_KEY")
}

func readKey(path, source string) ([]byte, error) {
	b, err := readFileLimited(path, maxKeyBytes, "more than any private key")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is named once, below
		}
		return nil, usagef("%s: reading %s: %w", source, path, err)
	}
	return b, nil
}

// keyError turns an invalid key into a usage error that names where the key
// came from; other errors pass unchanged.
func keyError(err error, source string) error {
	if errors.Is(err, messages.ErrInvalidKey) {
		return usagef("%s: %w", source, err)
	}
	return err
}

// host is the part of a client's options that picks where requests go.
type host struct {
	baseURL string
	region  string
	sandbox bool
}

func (h *host) register(fs *flagSet) {
	fs.StringVar(&h.baseURL, "base-url", "", "send to this `URL` instead of the API, such as a fake (default $VONAGE_BASE_URL)")
	fs.StringVar(&h.region, "region", "", "send through the regional host `eu|us|ap`")
	fs.BoolVar(&h.sandbox, "sandbox", false, "send through the Messages Sandbox")
}

// options returns the client options of the flags, or of VONAGE_BASE_URL
// when no flag picks a host.
func (h *host) options(io *stdio) ([]messages.Option, error) {
	picked := 0
	for _, set := range []bool{h.baseURL != "", h.region != "", h.sandbox} {
		if set {
			picked++
		}
	}
	switch {
	case picked > 1:
		return nil, usagef("--base-url, --region and --sandbox each pick the host: use one")
	case h.baseURL != "":
		return []messages.Option{messages.WithBaseURL(h.baseURL)}, nil
	case h.sandbox:
		return []messages.Option{messages.WithSandbox()}, nil
	case h.region != "":
		switch r := messages.Region(h.region); r {
		case messages.RegionEU, messages.RegionUS, messages.RegionAP:
			return []messages.Option{messages.WithRegion(r)}, nil
		}
		return nil, usagef("--region: want eu, us or ap, got %q", clip(h.region, 20))
	}
	if base, _ := io.env("VONAGE_BASE_URL"); base != "" {
		return []messages.Option{messages.WithBaseURL(base)}, nil
	}
	return nil, nil
}

// hostSource names what picked the base URL, for an error about it.
func (h *host) source() string {
	if h.baseURL != "" {
		return "--base-url"
	}
	return "VONAGE_BASE_URL"
}

// optionError turns a refused client option into a usage error. The only
// option a user can get wrong past the flag checks is the base URL.
func (h *host) optionError(err error) error {
	if errors.Is(err, messages.ErrInvalidOption) {
		return usagef("%s: %w", h.source(), err)
	}
	return err
}
