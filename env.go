package messages

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The environment variables ReadEnv reads. Where a field has two, the
// VONAGE_ name wins over the NEXMO_ one.
const (
	envApplicationID  = "VONAGE_APPLICATION_ID"   // or NEXMO_APPLICATION_ID
	envPrivateKey     = "VONAGE_PRIVATE_KEY"      // or NEXMO_PRIVATE_KEY
	envPrivateKeyPath = "VONAGE_PRIVATE_KEY_PATH" // or NEXMO_PRIVATE_KEY_PATH
	envBaseURL        = "VONAGE_BASE_URL"
)

// Env is the client configuration NewClientFromEnv reads from environment
// variables. ReadEnv fills it; a program with other sources too, such as
// command-line flags, may overwrite fields before calling Key or NewClient,
// so that one set of rules reads the environment everywhere.
type Env struct {
	// ApplicationID is VONAGE_APPLICATION_ID, or NEXMO_APPLICATION_ID.
	ApplicationID string
	// PrivateKey is the PEM text of the application's private key, from
	// VONAGE_PRIVATE_KEY or NEXMO_PRIVATE_KEY. It wins over PrivateKeyPath.
	PrivateKey string
	// PrivateKeyPath names the file holding the PEM, from
	// VONAGE_PRIVATE_KEY_PATH or NEXMO_PRIVATE_KEY_PATH.
	PrivateKeyPath string
	// KeySource is what errors about the key name as its origin: the
	// variable ReadEnv found PrivateKey or PrivateKeyPath in, or whatever a
	// caller that sets them names, such as a flag "--key".
	KeySource string
	// BaseURL is VONAGE_BASE_URL: the host to send to instead of the API,
	// such as the fake `messages fake` runs, which exports it.
	BaseURL string
}

// ReadEnv reads the variables of Env through getenv, os.Getenv when nil.
// Values are trimmed; a variable set to blanks counts as unset. It reads no
// file: Key does.
func ReadEnv(getenv func(string) string) Env {
	if getenv == nil {
		getenv = os.Getenv
	}
	first := func(names ...string) (string, string) {
		for _, n := range names {
			if v := strings.TrimSpace(getenv(n)); v != "" {
				return v, n
			}
		}
		return "", ""
	}
	var e Env
	e.ApplicationID, _ = first(envApplicationID, "NEXMO_APPLICATION_ID")
	e.BaseURL, _ = first(envBaseURL)
	var pemName, pathName string
	e.PrivateKey, pemName = first(envPrivateKey, "NEXMO_PRIVATE_KEY")
	e.PrivateKeyPath, pathName = first(envPrivateKeyPath, "NEXMO_PRIVATE_KEY_PATH")
	e.KeySource = pathName
	if e.PrivateKey != "" {
		e.KeySource = pemName
	}
	return e
}

// NewClientFromEnv builds a client from environment variables:
//
//   - VONAGE_APPLICATION_ID (or NEXMO_APPLICATION_ID), required;
//   - VONAGE_PRIVATE_KEY (or NEXMO_PRIVATE_KEY) holding the key's PEM, or
//     else VONAGE_PRIVATE_KEY_PATH (or NEXMO_PRIVATE_KEY_PATH) naming its
//     file; the PEM wins over the path;
//   - VONAGE_BASE_URL, the host to send to instead of the API, as
//     `messages fake` exports it, so that a service pointed at a fake never
//     sends to the live API.
//
// A VONAGE_ name wins over its NEXMO_ twin. A WithBaseURL, WithRegion or
// WithSandbox among opts wins over VONAGE_BASE_URL: code that names its host
// means it. It is ReadEnv(os.Getenv).NewClient(opts...).
func NewClientFromEnv(opts ...Option) (*Client, error) {
	return ReadEnv(os.Getenv).NewClient(opts...)
}

// NewClient builds a client from e, as NewClientFromEnv does: the
// application ID and key of e, and WithBaseURL(e.BaseURL) unless opts pick a
// host themselves (WithBaseURL, WithRegion or WithSandbox win).
func (e Env) NewClient(opts ...Option) (*Client, error) {
	if e.ApplicationID == "" {
		return nil, optionError("%s (or NEXMO_APPLICATION_ID) is not set", envApplicationID)
	}
	key, err := e.Key()
	if err != nil {
		return nil, err
	}
	if e.BaseURL != "" && !picksHost(opts) {
		if err := WithBaseURL(e.BaseURL)(&settings{}); err != nil {
			return nil, &sourceError{envBaseURL, err}
		}
		opts = append([]Option{WithBaseURL(e.BaseURL)}, opts...)
	}
	c, err := NewClient(e.ApplicationID, key, opts...)
	if errors.Is(err, ErrInvalidKey) {
		return nil, &sourceError{e.KeySource, err}
	}
	return c, err
}

// picksHost reports whether opts pick the host. A nil or failing option is
// left for NewClient to report.
func picksHost(opts []Option) bool {
	var s settings
	for _, o := range opts {
		if o != nil {
			_ = o(&s)
		}
	}
	return s.baseURL != "" || s.region != nil || s.sandbox
}

// maxKeyFile bounds the read of a key file: an RSA key of 16384 bits takes
// about 13 KB of PEM, so a larger file is something else, such as /dev/zero.
const maxKeyFile = 64 << 10

// Key returns the PEM of e's private key: PrivateKey, or the contents of the
// file PrivateKeyPath names, read up to 64 KiB. It refuses a path that holds
// PEM text itself, a directory and an oversized file. Its errors match
// ErrInvalidKey, name KeySource, and never quote key material: a path that
// looks like part of a key is not quoted either.
func (e Env) Key() ([]byte, error) {
	if e.PrivateKey != "" {
		return []byte(e.PrivateKey), nil
	}
	if e.PrivateKeyPath == "" {
		return nil, keyError("missing: set %s or %s (or the NEXMO_ names)", envPrivateKey, envPrivateKeyPath)
	}
	b, err := readKeyFile(e.PrivateKeyPath)
	if err != nil {
		return nil, &sourceError{e.KeySource, err}
	}
	return b, nil
}

// readKeyFile reads a key file, bounded, with errors that say what is wrong
// without quoting anything that may be key material.
func readKeyFile(path string) ([]byte, error) {
	if strings.Contains(path, "-----") {
		return nil, keyError("holds PEM text, not a file name: put the PEM in %s", envPrivateKey)
	}
	name := pathForError(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: reading %s: %w", ErrInvalidKey, name, unwrapPathError(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, keyError("%s is a directory, not a key file", name)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading %s: %w", ErrInvalidKey, name, unwrapPathError(err))
	}
	if len(b) > maxKeyFile {
		return nil, keyError("%s is over %d KiB: not a private key", name, maxKeyFile>>10)
	}
	return b, nil
}

// unwrapPathError drops the *os.PathError layer, whose text repeats the
// path, which the caller names once, or not at all.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// pathForError renders a key path for an error without risking key
// material, which a path variable sometimes holds by mistake. A value
// without a dot, or with a line break, is not quoted at all: base64 has no
// dot, and file names mostly do ("key.pem"). Otherwise it is quoted with
// what could be a key's base64 cut to "...": a run of directories whose
// names are letters and digits of mixed kinds ("Keys2", "Alice"), and any
// run of 16 or more letters and digits of mixed kinds elsewhere:
// "/tmp/TestX2904582/001/key.pem" reads "/tmp/.../001/key.pem".
func pathForError(path string) string {
	if !strings.Contains(path, ".") || strings.ContainsAny(path, "\r\n") || strings.Contains(path, `\n`) {
		return "the file it names"
	}
	parts := strings.Split(path, "/")
	out := make([]string, 0, len(parts))
	for i, part := range parts {
		last := i == len(parts)-1
		if !last && strings.IndexFunc(part, func(r rune) bool { return !isBase64Char(r) }) < 0 && mixesClasses(part) {
			if len(out) == 0 || out[len(out)-1] != "..." {
				out = append(out, "...")
			}
			continue
		}
		out = append(out, elideRuns(part))
	}
	return strconv.Quote(strings.Join(out, "/"))
}

// elideRuns cuts each run of 16 or more base64 characters of mixed kinds
// in s to "...".
func elideRuns(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		n := strings.IndexFunc(s, func(r rune) bool { return !isBase64Char(r) })
		if n < 0 {
			n = len(s)
		}
		if run := s[:n]; len(run) >= 16 && mixesClasses(run) {
			b.WriteString("...")
		} else {
			b.WriteString(run)
		}
		s = s[n:]
		if s != "" {
			_, size := utf8.DecodeRuneInString(s)
			b.WriteString(s[:size])
			s = s[size:]
		}
	}
	return b.String()
}

// isBase64Char reports a character of a base64 run, path separators aside.
func isBase64Char(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '='
}

// mixesClasses reports whether s has two of capitals, small letters and
// digits.
func mixesClasses(s string) bool {
	upper := strings.IndexFunc(s, func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0
	lower := strings.IndexFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' }) >= 0
	digit := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0
	return upper && lower || upper && digit || lower && digit
}

// sourceError names where a bad value came from, a variable or a flag:
// "messages: VONAGE_PRIVATE_KEY_PATH: invalid private key: ...". It matches
// what it wraps.
type sourceError struct {
	source string
	err    error
}

func (e *sourceError) Error() string {
	msg := strings.TrimPrefix(e.err.Error(), "messages: ")
	if e.source == "" {
		return "messages: " + msg
	}
	return "messages: " + e.source + ": " + msg
}

func (e *sourceError) Unwrap() error { return e.err }
