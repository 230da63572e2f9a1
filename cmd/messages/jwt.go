package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/gomessages/messages"
)

func runJWT(_ context.Context, std *stdio, args []string) error {
	fs := newFlagSet("jwt",
		"jwt [--app-id ID] [--key FILE] [--ttl 15m] [--sub S] [--acl PATH]...",
		"Print an application JWT (RS256), as `nexmo jwt:generate` does, to call an API by hand.",
		`curl -H "Authorization: Bearer $(messages jwt --ttl 5m)" "$VONAGE_BASE_URL/v1/messages" ...`)
	var creds credentials
	creds.register(fs)
	ttl := fs.Duration("ttl", messages.DefaultTokenTTL, "how long the token is valid, at most 24h")
	sub := fs.String("sub", "", "the token's sub claim: the `user` it acts for")
	var acl stringList
	fs.Var(&acl, "acl", "limit the token to an API `PATH`, such as \"/*/messages/**\"; repeat for more")
	rest, err := fs.parse(args, std.out)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("takes no arguments, got %d", len(rest))
	}
	env, err := creds.load(std)
	if err != nil {
		return err
	}
	key, err := env.Key()
	if err != nil {
		return keyError(err, env.KeySource)
	}
	opts := []messages.TokenOption{messages.WithTTL(*ttl)}
	if *sub != "" {
		opts = append(opts, messages.WithSubject(*sub))
	}
	if len(acl) > 0 {
		opts = append(opts, messages.WithACL(acl...))
	}
	tok, err := messages.GenerateJWT(env.ApplicationID, key, opts...)
	if errors.Is(err, messages.ErrInvalidOption) {
		// The one token option a user can get wrong is the ttl.
		return usagef("--ttl: %w", err)
	}
	if err != nil {
		return keyError(err, env.KeySource)
	}
	_, err = fmt.Fprintln(std.out, tok)
	return err
}
