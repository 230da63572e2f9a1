package messages

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"strings"
)

// keyError wraps ErrInvalidKey with the reason. It never holds key material.
func keyError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidKey, fmt.Sprintf(format, args...))
}

// parsePrivateKey reads an unencrypted RSA key in PKCS#1 or PKCS#8 PEM.
// Keys pasted into environment variables often carry literal "\n"; those
// are turned back into newlines.
func parsePrivateKey(pemBytes []byte) (*rsa.PrivateKey, error) {
	if len(strings.TrimSpace(string(pemBytes))) == 0 {
		return nil, keyError("missing: pass the PEM contents of the application's private key")
	}
	if !strings.Contains(string(pemBytes), "\n") && strings.Contains(string(pemBytes), `\n`) {
		pemBytes = []byte(strings.ReplaceAll(string(pemBytes), `\n`, "\n"))
	}
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		return nil, undecodablePEM(string(pemBytes))
	}
	if block.Type == "ENCRYPTED PRIVATE KEY" || block.Headers["Proc-Type"] != "" {
		return nil, keyError("encrypted: decrypt it first, for example with openssl pkey -in key.pem -out plain.pem")
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, keyError("malformed PKCS#1 key")
		}
		return checkKeySize(k)
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, keyError("malformed PKCS#8 key")
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, keyError("not an RSA key (%T): the Messages API signs with RS256", k)
		}
		return checkKeySize(rk)
	default:
		if !isPEMLabel(block.Type) {
			return nil, keyError("the PEM block's label is not a private key's: want PRIVATE KEY or RSA PRIVATE KEY")
		}
		return nil, keyError("PEM block %q is not an RSA private key", block.Type)
	}
}

// minKeyBits is the shortest RSA key RS256 allows: "A key of size 2048
// bits or larger MUST be used" (RFC 7518, section 3.3). A shorter key
// parsed, then failed every send with "signing failed".
const minKeyBits = 2048

// checkKeySize refuses an RSA key shorter than minKeyBits.
func checkKeySize(k *rsa.PrivateKey) (*rsa.PrivateKey, error) {
	if bits := k.N.BitLen(); bits < minKeyBits {
		return nil, keyError("RSA key of %d bits is too short: RS256 needs at least %d bits (RFC 7518, section 3.3); make a new key for the application", bits, minKeyBits)
	}
	return k, nil
}

// undecodablePEM says why pem.Decode found no block. A key with the right
// BEGIN line but a broken body was cut or altered in copying, which is a
// different fix from a value that is not PEM at all. It names the block's
// type and never its contents.
func undecodablePEM(text string) error {
	_, rest, found := strings.Cut(text, "-----BEGIN ")
	if !found {
		return keyError("not PEM: expected a block starting with -----BEGIN PRIVATE KEY-----")
	}
	typ, body, found := strings.Cut(rest, "-----")
	if !found || !isPEMLabel(typ) {
		// A BEGIN line that lost its closing dashes runs into the key's
		// body: typ then holds key material and is never quoted.
		return keyError("not PEM: the -----BEGIN line is incomplete")
	}
	body, _, found = strings.Cut(body, "-----END "+typ+"-----")
	if !found {
		return keyError("PEM block %q has no -----END %s----- line: the key was cut short", typ, typ)
	}
	b64 := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, body)
	if _, err := base64.StdEncoding.DecodeString(b64); err != nil {
		return keyError("PEM block %q has a -----BEGIN line but its base64 body is broken: the key was cut or altered in copying", typ)
	}
	return keyError("PEM block %q could not be decoded: check its -----BEGIN and -----END lines and headers", typ)
}

// isPEMLabel reports whether typ reads as a PEM label ("RSA PRIVATE KEY"):
// capitals, digits and single spaces, at most 40 characters. Only such a
// label is quoted in an error; anything else may be part of a key.
func isPEMLabel(typ string) bool {
	if typ == "" || len(typ) > 40 || typ[0] == ' ' || typ[len(typ)-1] == ' ' || strings.Contains(typ, "  ") {
		return false
	}
	for _, r := range typ {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != ' ' {
			return false
		}
	}
	return true
}

// checkApplicationID refuses an ID that cannot name an application. A
// blank one usually comes from an environment variable set to spaces or a
// stray line break; caught here, it is not a 401 at the first send.
func checkApplicationID(id string) error {
	switch {
	case id == "":
		return optionError("application ID is empty")
	case strings.TrimSpace(id) == "":
		return optionError("application ID is blank: it holds only whitespace")
	}
	return nil
}
