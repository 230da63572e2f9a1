// Package brokenkeys makes broken private keys and key paths out of a good
// key, and finds key material in what a program printed, for the tests
// that hold the SDK and the CLI to quoting no key in any error or output.
package brokenkeys

import (
	"encoding/pem"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Case is one broken value: a key's PEM text, or a path.
type Case struct {
	Name  string
	Value string
}

// Body is the base64 of the first PEM block in goodPEM, on one line.
func Body(goodPEM string) string {
	block, _ := pem.Decode([]byte(goodPEM))
	if block == nil {
		panic("brokenkeys: the good key is not PEM")
	}
	var b strings.Builder
	for _, line := range strings.Split(goodPEM, "\n") {
		if line != "" && !strings.HasPrefix(line, "-----") {
			b.WriteString(strings.TrimSpace(line))
		}
	}
	return b.String()
}

// Keys returns broken versions of goodPEM, a PEM block labelled PRIVATE KEY
// or RSA PRIVATE KEY: cut short, on one line, with lost dashes, wrong
// labels, bad base64 and the like. Some of them still parse (a key is not
// broken by an extra line); callers check only what is printed.
func Keys(goodPEM string) []Case {
	block, _ := pem.Decode([]byte(goodPEM))
	if block == nil {
		panic("brokenkeys: the good key is not PEM")
	}
	label := block.Type
	body := Body(goodPEM)
	begin, end := "-----BEGIN "+label+"-----", "-----END "+label+"-----"
	lines := strings.Split(strings.TrimSpace(goodPEM), "\n")
	inner := strings.Join(lines[1:len(lines)-1], "\n")
	wrap := func(b, e, text string) string { return b + "\n" + text + "\n" + e + "\n" }
	flipped := []byte(body)
	flipped[len(flipped)/2] ^= 0x20 // one letter's case: valid base64, wrong DER
	cases := []Case{
		{"cut at a quarter", goodPEM[:len(goodPEM)/4]},
		{"cut at half", goodPEM[:len(goodPEM)/2]},
		{"cut before the END line", strings.TrimSuffix(strings.TrimSpace(goodPEM), end)},
		{"cut inside the END line", strings.TrimSpace(goodPEM)[:len(strings.TrimSpace(goodPEM))-8]},
		{"body cut short", wrap(begin, end, inner[:len(inner)/2])},
		{"one line", begin + body + end},
		{"one line with spaces", begin + " " + body + " " + end},
		{"one line, BEGIN lost its closing dashes", "-----BEGIN " + label + body + end},
		{"one line, BEGIN lost its closing dashes, escaped newlines", "-----BEGIN " + label + `\n` + strings.ReplaceAll(inner, "\n", `\n`) + `\n` + end},
		{"BEGIN lost its closing dashes", "-----BEGIN " + label + "\n" + inner + "\n" + end},
		{"BEGIN lost its leading dashes", "BEGIN " + label + "-----\n" + inner + "\n" + end},
		{"no dashes at all", "BEGIN " + label + "\n" + inner + "\nEND " + label},
		{"no END line", begin + "\n" + inner + "\n"},
		{"no BEGIN line", inner + "\n" + end + "\n"},
		{"END label differs", wrap(begin, "-----END RSA PUBLIC KEY-----", inner)},
		{"label PUBLIC KEY", wrap("-----BEGIN PUBLIC KEY-----", "-----END PUBLIC KEY-----", inner)},
		{"label CERTIFICATE", wrap("-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----", inner)},
		{"label EC PRIVATE KEY", wrap("-----BEGIN EC PRIVATE KEY-----", "-----END EC PRIVATE KEY-----", inner)},
		{"label in small letters", wrap("-----BEGIN private key-----", "-----END private key-----", inner)},
		{"label made of the body", wrap("-----BEGIN "+body[:40]+"-----", "-----END "+body[:40]+"-----", inner)},
		{"PKCS#1 label on the other kind", wrap("-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", inner)},
		{"PKCS#8 label on the other kind", wrap("-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", inner)},
		{"encrypted header", begin + "\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\n" + inner + "\n" + end + "\n"},
		{"bad base64 character", wrap(begin, end, strings.Replace(inner, inner[10:11], "*", 1))},
		{"a line dropped", wrap(begin, end, strings.Join(append(append([]string{}, lines[1:3]...), lines[4:len(lines)-1]...), "\n"))},
		{"one letter flipped", wrap(begin, end, string(flipped))},
		{"base64 only", body},
		{"base64 on lines only", inner},
		{"base64 doubled", body + body},
		{"CRLF, cut short", strings.ReplaceAll(goodPEM[:len(goodPEM)*2/3], "\n", "\r\n")},
		{"quoted", `"` + strings.ReplaceAll(goodPEM, "\n", `\n`) + `"`},
		{"key then garbage", goodPEM + "garbage " + body[:32]},
	}
	return cases
}

// Paths returns values that belong in a key file's path variable or flag
// but hold something else: the PEM itself, the key's base64, and paths to
// a directory, a missing file, an empty file and a file per broken key of
// Keys, written under dir.
func Paths(goodPEM, dir string) []Case {
	body := Body(goodPEM)
	oneLine := strings.ReplaceAll(strings.TrimSpace(goodPEM), "\n", `\n`)
	cases := []Case{
		{"the PEM in the path", goodPEM},
		{"the PEM on one line in the path", oneLine},
		{"the PEM's base64 in the path", body},
		{"a line of base64 in the path", body[:64]},
		{"a line of base64 and .pem in the path", body[64:128] + ".pem"},
		{"a directory", dir},
		{"a missing file named like the key", filepath.Join(dir, body[:40])},
		{"a missing file", filepath.Join(dir, "missing.pem")},
	}
	empty := filepath.Join(dir, "empty.pem")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		panic(err)
	}
	cases = append(cases, Case{"an empty file", empty})
	for i, k := range Keys(goodPEM) {
		p := filepath.Join(dir, "broken-"+strconv.Itoa(i)+".pem")
		if err := os.WriteFile(p, []byte(k.Value), 0o600); err != nil {
			panic(err)
		}
		cases = append(cases, Case{"a file: " + k.Name, p})
	}
	return cases
}

// Window is how long a run of a key's base64 counts as quoting the key.
const Window = 16

// Leak returns the first run of Window characters of the key's base64
// that out holds, or "" when it holds none. Line breaks, spaces and their
// escapes in out are dropped first, so that a key quoted across lines or
// with %q is found too.
func Leak(out, goodPEM string) string {
	body := Body(goodPEM)
	windows := make(map[string]bool, len(body))
	for i := 0; i+Window <= len(body); i++ {
		windows[body[i:i+Window]] = true
	}
	flat := strings.NewReplacer(`\r`, "", `\n`, "", "\r", "", "\n", "", " ", "", "\t", "").Replace(out)
	for i := 0; i+Window <= len(flat); i++ {
		if windows[flat[i:i+Window]] {
			return flat[i : i+Window]
		}
	}
	return ""
}
