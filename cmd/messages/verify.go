package main

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gomessages/messages"
)

// verifiedClaims is what verify prints when the signature holds.
type verifiedClaims struct {
	Issuer        string    `json:"iss"`
	APIKey        string    `json:"api_key,omitempty"`
	ApplicationID string    `json:"application_id,omitempty"`
	JTI           string    `json:"jti,omitempty"`
	IssuedAt      time.Time `json:"iat"`
	PayloadHash   string    `json:"payload_hash"`
}

func runVerify(_ context.Context, std *stdio, args []string) error {
	fs := newFlagSet("verify",
		"verify [--secret S] [--body FILE] [--max-age 5m] TOKEN",
		"Check a webhook's signature: TOKEN (its Authorization header, with or without \"Bearer \")\n"+
			"must be an HS256 JWT signed with the secret, issued by Vonage within --max-age of now, whose\n"+
			"payload_hash is the SHA-256 of the body. Exit 0 and print the token's claims as JSON when it\n"+
			"holds; exit 1 when it does not.",
		`messages verify --secret "$VONAGE_SIGNATURE_SECRET" --body body.json "$TOKEN"`)
	secret := fs.String("secret", "", "the account's signature `secret` (default $VONAGE_SIGNATURE_SECRET)")
	bodyFile := fs.String("body", "-", "the `FILE` holding the webhook's body exactly as received; - reads stdin")
	maxAge := fs.Duration("max-age", messages.DefaultSignatureMaxAge, "how far the token's iat may be from now, either way")
	rest, err := fs.parse(args, std.out)
	if err != nil {
		return err
	}
	switch {
	case len(rest) == 0:
		return usagef("no TOKEN: give the webhook's Authorization header")
	case len(rest) > 1:
		// Not echoed: the arguments may hold the token.
		return usagef("one TOKEN, got %d arguments", len(rest))
	}
	if *secret == "" {
		*secret, _ = std.env("VONAGE_SIGNATURE_SECRET")
	}
	if *secret == "" {
		return usagef("no signature secret: use --secret or set VONAGE_SIGNATURE_SECRET")
	}
	if *maxAge <= 0 {
		return usagef("--max-age: must be above 0, got %s", *maxAge)
	}
	const why = "the most a webhook's body can be"
	var body []byte
	if *bodyFile == "-" {
		body, err = readLimited(std.in, maxBodyBytes, why)
		if err != nil {
			return usagef("--body: stdin: %w", err)
		}
	} else if body, err = readFileLimited(*bodyFile, maxBodyBytes, why); err != nil {
		return usagef("--body: %w", err)
	}
	claims, err := messages.VerifySignature(rest[0], body, *secret, messages.WithMaxAge(*maxAge))
	if err != nil {
		return err
	}
	b, err := json.Marshal(verifiedClaims{
		Issuer: claims.Issuer, APIKey: claims.APIKey, ApplicationID: claims.ApplicationID,
		JTI: claims.JTI, IssuedAt: claims.IssuedAt.UTC(), PayloadHash: claims.PayloadHash,
	})
	if err != nil {
		return err
	}
	_, err = std.out.Write(append(safeJSON(b), '\n'))
	return err
}
