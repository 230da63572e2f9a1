package messages

import (
	"bytes"
	"net/url"
	"strings"
)

// mediaTokenHosts are the API's own hosts, the only ones besides the
// client's base URL host that receive the application's JWT with a media
// download. They are matched exactly: a name that merely contains one
// (api.nexmo.com.evil.test, evil-nexmo.com) gets no token. The regional
// nexmo.com hosts are the ones messages-v1.yml uses in its media URL
// examples (https://api-eu.nexmo.com/v3/media/...), the vonage.com ones the
// regional hosts of DESIGN.md and options.go.
var mediaTokenHosts = map[string]bool{
	"api.nexmo.com":              true,
	"api-eu.nexmo.com":           true,
	"api-us.nexmo.com":           true,
	"api-ap.nexmo.com":           true,
	"api-eu.vonage.com":          true,
	"api-us.vonage.com":          true,
	"api-ap.vonage.com":          true,
	"messages-sandbox.nexmo.com": true,
}

// tokenAllowed reports whether the JWT may go with a request for u, the
// hop after first in a chain of redirects (or first itself). The token goes
// only to one of mediaTokenHosts over https on the default port, or to the
// client's base URL host and port over https, or over http when that host
// is a loopback address; never to a host other than first's, and never
// over http once a hop was https.
func (c *Client) tokenAllowed(u, first *url.URL, sawHTTPS bool) bool {
	if !strings.EqualFold(u.Host, first.Host) || (sawHTTPS && u.Scheme != "https") {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if u.Scheme == "https" && mediaTokenHosts[host] && (u.Port() == "" || u.Port() == "443") {
		return true
	}
	base, err := url.Parse(c.baseURL)
	if err != nil || base.Host == "" {
		return false
	}
	if host != strings.ToLower(base.Hostname()) || effectivePort(u) != effectivePort(base) {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		return base.Scheme == "http" && isLoopback(host)
	}
	return false
}

// effectivePort is u's port, or the default of its scheme.
func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}

// redactToken replaces token in body, should a server echo it.
func redactToken(body []byte, token string) []byte {
	if token == "" {
		return body
	}
	return bytes.ReplaceAll(body, []byte(token), []byte("[REDACTED]"))
}
