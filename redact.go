package messages

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"
)

// redacted replaces a secret in error bodies and texts.
const redacted = "[REDACTED]"

// redactions are the secrets a client holds beyond its tokens: what a
// server might echo back in an error body, and what its base URL carries.
type redactions struct {
	// secrets are scrubbed from error bodies: the Basic credential as
	// sent (base64), decoded ("key:secret"), and the secret alone; and a
	// password in the base URL, as written and unescaped.
	secrets [][]byte
	// base and shownBase are the base URL and the same with its password
	// replaced, for errors and logs that name an endpoint.
	base, shownBase string
}

func newRedactions(base, basicKey, basicSecret string) redactions {
	r := redactions{base: base, shownBase: base}
	if basicSecret != "" {
		pair := basicKey + ":" + basicSecret
		r.add(base64.StdEncoding.EncodeToString([]byte(pair)), pair, basicSecret)
	}
	if u, err := url.Parse(base); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			r.shownBase = u.Redacted()
			r.add(pw, url.PathEscape(pw), url.QueryEscape(pw))
		}
	}
	return r
}

func (r *redactions) add(secrets ...string) {
	for _, s := range secrets {
		if s != "" {
			r.secrets = append(r.secrets, []byte(s))
		}
	}
}

// body returns b with the request's token, if any, and every secret the
// client holds replaced. Longer secrets go first: the decoded pair holds
// the secret alone.
func (r *redactions) body(b []byte, token string) []byte {
	if token != "" {
		b = bytes.ReplaceAll(b, []byte(token), []byte(redacted))
	}
	for _, s := range r.secrets {
		b = bytes.ReplaceAll(b, s, []byte(redacted))
	}
	return b
}

// url returns endpoint with the base URL's password replaced.
func (r *redactions) url(endpoint string) string {
	if r.shownBase == r.base {
		return endpoint
	}
	if rest, ok := strings.CutPrefix(endpoint, r.base); ok {
		return r.shownBase + rest
	}
	return endpoint
}
