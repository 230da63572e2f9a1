package main

import (
	"errors"
	"strings"

	"github.com/gomessages/messages"
)

// credentials are an application's ID and private key, from flags or from
// the variables messages.ReadEnv reads, by its rules: a flag wins over the
// VONAGE_ name, which wins over the NEXMO_ one, and a key's PEM in
// VONAGE_PRIVATE_KEY wins over the file VONAGE_PRIVATE_KEY_PATH names.
type credentials struct {
	appID   string
	keyPath string
}

func (c *credentials) register(fs *flagSet) {
	fs.StringVar(&c.appID, "app-id", "", "the application's `ID` (default $VONAGE_APPLICATION_ID)")
	fs.StringVar(&c.keyPath, "key", "", "the `FILE` holding the application's private key, PEM\n(default $VONAGE_PRIVATE_KEY_PATH, or the PEM in $VONAGE_PRIVATE_KEY)")
}

// load returns the environment as messages.ReadEnv reads it, with the flags
// over it. A missing credential is a usage error.
func (c *credentials) load(std *stdio) (messages.Env, error) {
	env := messages.ReadEnv(std.getenv)
	if c.appID != "" {
		env.ApplicationID = c.appID
	}
	if env.ApplicationID == "" {
		return env, usagef("no application ID: use --app-id or set VONAGE_APPLICATION_ID")
	}
	if c.keyPath != "" {
		env.PrivateKey, env.PrivateKeyPath, env.KeySource = "", c.keyPath, "--key"
	}
	if env.PrivateKey == "" && env.PrivateKeyPath == "" {
		return env, usagef("no private key: use --key or set VONAGE_PRIVATE_KEY_PATH or VONAGE_PRIVATE_KEY")
	}
	return env, nil
}

// keyError turns an invalid key into a usage error; other errors pass
// unchanged. The SDK's errors about the environment's key already name
// where it came from; one from parsing PEM the CLI passed gets source.
func keyError(err error, source string) error {
	if !errors.Is(err, messages.ErrInvalidKey) {
		return err
	}
	if source != "" && !strings.HasPrefix(err.Error(), "messages: "+source+": ") {
		return usagef("%s: %w", source, err)
	}
	return usagef("%w", err)
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

// options returns the client options of the flags. With none,
// messages.Env.NewClient sends to VONAGE_BASE_URL when it is set.
func (h *host) options() ([]messages.Option, error) {
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
	return nil, nil
}

// optionError turns a refused client option into a usage error. The only
// option a user can get wrong past the flag checks is the base URL: from
// --base-url, named here, or from VONAGE_BASE_URL, which the SDK names.
func (h *host) optionError(err error) error {
	if !errors.Is(err, messages.ErrInvalidOption) {
		return err
	}
	if h.baseURL != "" {
		return usagef("--base-url: %w", err)
	}
	return usagef("%w", err)
}

// newClient builds the client of the credentials and host flags, with opts
// (the host's among them), turning a bad key or base URL into a usage error.
func newClient(std *stdio, c *credentials, h *host, opts []messages.Option) (*messages.Client, error) {
	cfg, err := c.load(std)
	if err != nil {
		return nil, err
	}
	client, err := cfg.NewClient(opts...)
	if err != nil {
		return nil, h.optionError(keyError(err, cfg.KeySource))
	}
	return client, nil
}
