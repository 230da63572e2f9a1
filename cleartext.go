package messages

import (
	"log/slog"
	"net"
	"net/url"
	"strings"
)

// warnCleartext logs one warning when base is http:// to a host that is
// not loopback: every request then carries its token in clear.
func warnCleartext(logger *slog.Logger, base, shown string) {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" || isLoopback(u.Hostname()) {
		return
	}
	if logger == nil {
		logger = slog.Default()
	}
	logger.Warn("messages: the base URL is http:// to a host that is not loopback: every request's credentials go in clear; use https://",
		slog.String("base_url", shown))
}

// isLoopback reports whether host names this machine: localhost (RFC 6761
// reserves it and its subdomains) or a loopback IP.
func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
