package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What the command prints may hold a server's text, or a webhook's. Left
// raw, an escape sequence in it would drive the terminal (recolour,
// retitle, move the cursor), so control characters are printed escaped.

// escapeControls returns s with each control character written as \xNN or
// \uNNNN, and each byte that is not UTF-8 as \xNN.
func escapeControls(s string) string {
	if !strings.ContainsFunc(s, needsEscape) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && needsEscape(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// needsEscape reports a control character: C0, DEL or C1.
func needsEscape(r rune) bool { return unicode.IsControl(r) }

// safeJSON makes a JSON line safe for a terminal with the same meaning:
// DEL and the C1 controls (which encoding/json leaves raw) become \u
// escapes, and bytes that are not UTF-8 (which a webhook's raw body may
// hold) become \ufffd, as encoding/json decodes them. Both can occur only
// inside strings, where the escapes are valid JSON; C0 controls cannot
// occur raw in JSON at all.
func safeJSON(b []byte) []byte {
	if utf8.Valid(b) && !strings.ContainsFunc(string(b), needsEscape) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = append(out, `\ufffd`...)
		case needsEscape(r):
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}
