package messages

import (
	"fmt"
	"regexp"

	"github.com/gomessages/messages/internal/wire"
)

// EmailImportance is the Importance header of an email, which mail clients
// may use to sort and flag it.
type EmailImportance string

// The importances of v1's email.importance.
const (
	EmailImportanceHigh   EmailImportance = "High"
	EmailImportanceNormal EmailImportance = "Normal"
	EmailImportanceLow    EmailImportance = "Low"
)

// EmailPriority is the Priority header of an email.
type EmailPriority string

// The priorities of v1's email.priority.
const (
	EmailPriorityNonUrgent EmailPriority = "Non-urgent"
	EmailPriorityNormal    EmailPriority = "Normal"
	EmailPriorityUrgent    EmailPriority = "Urgent"
)

// EmailSensitivity is the Sensitivity header of an email.
type EmailSensitivity string

// The sensitivities of v1's email.sensitivity.
const (
	EmailSensitivityPersonal            EmailSensitivity = "Personal"
	EmailSensitivityPrivate             EmailSensitivity = "Private"
	EmailSensitivityCompanyConfidential EmailSensitivity = "Company-Confidential"
)

// EmailAddress is a carbon-copy (CC) or blind-carbon-copy (BCC) recipient:
// Address, required, and an optional display Name of 1 to 100 characters.
type EmailAddress struct {
	Address string
	Name    string
}

// Email is an email (a beta channel of the API). From is the sender's
// address, on a domain Vonage has verified for the account; To is the
// recipient's address. Both are bare addresses: a display name goes in
// FromName or ToName (1 to 100 characters each), never in From or To.
// Subject is required.
//
// Importance, Priority and Sensitivity set the email's headers of those
// names; empty leaves each out. Email is v1 only.
type Email struct {
	From    string
	To      string
	Subject string
	Content EmailContent

	ToName   string
	FromName string
	CC       []EmailAddress
	BCC      []EmailAddress

	Importance  EmailImportance
	Priority    EmailPriority
	Sensitivity EmailSensitivity

	ClientRef      string
	WebhookURL     string
	WebhookVersion string
}

// MessageChannel returns ChannelEmail.
func (Email) MessageChannel() Channel { return ChannelEmail }

func (m Email) encodeV1(chk *checker) wire.V1Message {
	env := chk.envelope(m.ClientRef, m.WebhookURL, m.WebhookVersion)
	w := wire.V1Message{
		Channel:  string(ChannelEmail),
		To:       chk.emailAddress("to", m.To),
		From:     chk.emailAddress("from", m.From),
		Envelope: env,
		Email: &wire.V1EmailOptions{
			Subject:  chk.required(goNamed("email.subject", "Subject"), m.Subject),
			ToName:   chk.length(goNamed("email.to_name", "ToName"), m.ToName, limits.emailName, false),
			FromName: chk.length(goNamed("email.from_name", "FromName"), m.FromName, limits.emailName, false),
			Importance: chk.oneOf(goNamed("email.importance", "Importance"), string(m.Importance),
				string(EmailImportanceHigh), string(EmailImportanceNormal), string(EmailImportanceLow)),
			Priority: chk.oneOf(goNamed("email.priority", "Priority"), string(m.Priority),
				string(EmailPriorityNonUrgent), string(EmailPriorityNormal), string(EmailPriorityUrgent)),
			Sensitivity: chk.oneOf(goNamed("email.sensitivity", "Sensitivity"), string(m.Sensitivity),
				string(EmailSensitivityPersonal), string(EmailSensitivityPrivate), string(EmailSensitivityCompanyConfidential)),
			CC:  chk.emailCopies("email.cc", "CC", m.CC),
			BCC: chk.emailCopies("email.bcc", "BCC", m.BCC),
		},
	}
	content := derefContent(m.Content)
	switch ct := content.(type) {
	case Text:
		w.MessageType, w.Text = "text", chk.text("text", string(ct), limits.emailText)
	case HTML:
		w.MessageType, w.HTML = "html", &wire.HTML{Body: chk.text(goNamed("html.body", "HTML"), string(ct), limits.emailText)}
	case EmailParts:
		w.MessageType, w.Content = "content", chk.emailParts(ct)
	default:
		chk.contentMissing(content)
	}
	return w
}

func (m Email) encodeV01(chk *checker) wire.V01Message {
	chk.v1Only("channel", true)
	return wire.V01Message{}
}

// emailAddressRE is the pattern v1 gives email.cc[].address and
// email.bcc[].address; limits.go says why from and to follow it too.
var emailAddressRE = regexp.MustCompile(`^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$`)

// emailAddress checks a bare email address: no display name, no brackets.
func (c *checker) emailAddress(field, s string) string {
	switch {
	case s == "":
		c.fail(field, "required")
	case !emailAddressRE.MatchString(s):
		c.fail(field, "not an email address: %q", s)
	}
	return s
}

// emailCopies checks email.cc or email.bcc at field, whose Go path is
// goField: each entry's address, and its name when given.
func (c *checker) emailCopies(field, goField string, list []EmailAddress) []wire.EmailAddress {
	if len(list) == 0 {
		return nil
	}
	out := make([]wire.EmailAddress, len(list))
	for i, a := range list {
		f, g := fmt.Sprintf("%s[%d]", field, i), fmt.Sprintf("%s[%d]", goField, i)
		out[i] = wire.EmailAddress{
			Address: c.emailAddress(goNamed(f+".address", g+".Address"), a.Address),
			Name:    c.length(goNamed(f+".name", g+".Name"), a.Name, limits.emailName, false),
		}
	}
	return out
}

// emailParts renders an email's text and HTML parts as its content array,
// the text first: multipart/alternative lists the part a client should
// prefer last (RFC 2046, section 5.1.4).
func (c *checker) emailParts(p EmailParts) []wire.ContentItem {
	var out []wire.ContentItem
	if p.Text != "" {
		out = append(out, wire.ContentItem{Type: "text", Text: p.Text})
	}
	if p.HTML != "" {
		out = append(out, wire.ContentItem{Type: "html", Body: p.HTML})
	}
	if len(out) == 0 {
		c.fail("content", "needs a text part, an HTML part or both")
	}
	return out
}
