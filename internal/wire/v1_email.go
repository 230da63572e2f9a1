package wire

// HTML is the "html" object of a v1 email of message type html.
type HTML struct {
	Body string `json:"body"`
}

// V1EmailOptions is the v1 "email" object: the subject, the display names,
// the header enums and the copies.
type V1EmailOptions struct {
	Subject     string         `json:"subject"`
	ToName      string         `json:"to_name,omitempty"`
	FromName    string         `json:"from_name,omitempty"`
	Importance  string         `json:"importance,omitempty"`
	Priority    string         `json:"priority,omitempty"`
	Sensitivity string         `json:"sensitivity,omitempty"`
	CC          []EmailAddress `json:"cc,omitempty"`
	BCC         []EmailAddress `json:"bcc,omitempty"`
}

// EmailAddress is one entry of email.cc or email.bcc.
type EmailAddress struct {
	Address string `json:"address"`
	Name    string `json:"name,omitempty"`
}
