package messagestest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The address rules: E.164 numbers, IDs, and each channel's senders and
// recipients.

// number checks an E.164 number without "+": 7 to 15 digits, no leading 0.
// A number that is right but for a leading "+" is told so.
func (c *checker) number(path, s string) {
	if s == "" {
		return // already reported as required
	}
	if rest, plus := strings.CutPrefix(s, "+"); plus && isE164(rest) {
		c.fail(path, "must be an E.164 number without a leading +, got %q", s)
		return
	}
	if !isE164(s) {
		c.fail(path, "must be an E.164 number of 7 to 15 digits without a leading + or 00, got %q", s)
	}
}

// isE164 reports 7 to 15 digits without a leading 0.
func isE164(s string) bool {
	if len(s) < 7 || len(s) > 15 || s[0] == '0' {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (c *checker) id(path, s string) {
	if n := utf8.RuneCountInString(s); s != "" && n > 50 {
		c.fail(path, "must be 1 to 50 characters, got %d", n)
	}
}

// smsSender checks an SMS sender: a number, or, when it holds a letter, an
// alphanumeric sender ID of up to 11 characters. "+447700900001" is a
// number with a "+", not a sender ID.
func (c *checker) smsSender(path, s string) {
	if !strings.ContainsFunc(s, isLetter) {
		c.number(path, s)
		return
	}
	if utf8.RuneCountInString(s) > 11 {
		c.fail(path, "an alphanumeric sender ID is at most 11 characters, got %q", s)
	}
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// rcsSender checks an RCS sender ID: v1 RCSSenderId says "Spaces are not
// permitted", which holds for every Unicode white space, not only " ".
func (c *checker) rcsSender(path, s string) {
	if strings.ContainsFunc(s, unicode.IsSpace) {
		c.fail(path, "an RCS sender ID has no spaces, got %q", s)
	}
}

type addrKind int

const (
	numberAddr addrKind = iota
	idAddr
	smsSenderAddr
	rcsSenderAddr
	mmsSenderAddr  // a number, or a 5 or 6 digit US short code
	whatsAppToAddr // a number, or a business-scoped user ID like "US.1349..."
	emailAddr      // a bare email address
)

func (c *checker) address(path, s string, k addrKind) {
	switch k {
	case numberAddr:
		c.number(path, s)
	case idAddr:
		c.id(path, s)
	case smsSenderAddr:
		c.smsSender(path, s)
	case rcsSenderAddr:
		c.rcsSender(path, s)
	case mmsSenderAddr:
		if len(s) < 5 || len(s) > 6 || strings.Trim(s, "0123456789") != "" {
			c.number(path, s)
		}
	case whatsAppToAddr:
		if !businessScopedID.MatchString(s) {
			c.number(path, s)
		}
	case emailAddr:
		c.emailAddress(path, s)
	}
}

// businessScopedID is a WhatsApp business-scoped user ID, as the v1 spec's
// examples spell one: a country code, a dot, and letters and digits
// ("US.13491208655302741918"), with "ENT." before them for a parent BSUID
// ("US.ENT.11815799212886844830").
var businessScopedID = regexp.MustCompile(`^[A-Z]{2}\.(ENT\.)?[0-9A-Za-z]+$`)
