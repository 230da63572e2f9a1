package messages

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gomessages/messages/internal/wire"
)

// The interactive WhatsApp content types go out as the Messages API's
// "custom" message type, whose payload is WhatsApp's own object: Vonage's
// "Working with WhatsApp Interactive Messages" guide
// (developer.vonage.com/messages/concepts/working-with-whatsapp-interactive-messages)
// sends them so, and Meta's WhatsApp Cloud API pages give each shape and
// its limits (see limits.go). A customer's answer comes back as an inbound
// message of type "reply" (Inbound.Reply: the button's or row's ID and
// title) or, for a template's quick-reply button, "button".
// WhatsApp delivers them only inside the 24-hour customer-care window,
// except AuthTemplate, which is a template. v1 only.

// InteractiveButtons is a WhatsApp message with 1 to 3 reply buttons under
// a body of up to 1024 characters, an optional text header and footer of
// up to 60 characters each. Each button has an ID (up to 256 characters,
// unique in the message), which the customer's answer carries back as
// Inbound.Reply.ID, and a title (up to 20 characters, unique in the
// message). Limits: Meta's "Interactive reply buttons messages" page.
type InteractiveButtons struct {
	Header  string // optional text header
	Body    string
	Footer  string // optional
	Buttons []ReplyButton
}

// ReplyButton is one button of InteractiveButtons.
type ReplyButton struct {
	ID    string
	Title string
}

// InteractiveList is a WhatsApp message whose button (a label of up to 20
// characters) opens a list of 1 to 10 sections holding 1 to 10 rows in
// all, under a body of up to 4096 characters and an optional text header
// and footer of up to 60 characters each. A section's title (up to 24
// characters) is required when there is more than one section. Each row
// has an ID (up to 200 characters), which the customer's pick carries back
// as Inbound.Reply.ID, a title (up to 24) and an optional description (up
// to 72). Limits: Meta's "Interactive list messages" page.
type InteractiveList struct {
	Header   string // optional text header
	Body     string
	Footer   string // optional
	Button   string
	Sections []ListSection
}

// ListSection is one section of an InteractiveList.
type ListSection struct {
	Title string
	Rows  []ListRow
}

// ListRow is one row of a ListSection.
type ListRow struct {
	ID          string
	Title       string
	Description string // optional
}

// AuthTemplate sends a one-time code with an approved WhatsApp
// authentication template that has a copy-code button: the preset text
// "<code> is your verification code." and a button that copies the code.
// Name is the template's name, Locale its language ("en_US"; "en-US" is
// sent as "en_US", the form the custom payload takes), and Code the code of
// up to 15 characters, which fills both the body and the button. Limits
// and shape: Meta's "Copy code authentication templates" and
// "Authentication templates" pages; Vonage's support article on the custom
// object for templates gives the language object's form.
type AuthTemplate struct {
	Name   string
	Locale string
	Code   string
}

func (InteractiveButtons) messageContent()  {}
func (InteractiveList) messageContent()     {}
func (AuthTemplate) messageContent()        {}
func (InteractiveButtons) whatsAppContent() {}
func (InteractiveList) whatsAppContent()    {}
func (AuthTemplate) whatsAppContent()       {}

// customContent is WhatsApp content that goes out as a custom payload
// built from typed fields.
type customContent interface {
	customPayload(chk *checker) json.RawMessage
}

// marshalCustom renders a payload whose fields are all strings, so it
// cannot fail.
func marshalCustom(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("messages: marshalling a custom payload: " + err.Error())
	}
	return b
}

func (b InteractiveButtons) customPayload(chk *checker) json.RawMessage {
	const js, gs = "custom.interactive", "InteractiveButtons"
	body := interactiveFrame(chk, js, gs, b.Header, b.Body, b.Footer, limits.waButtonsBody)
	body.Type = "button"
	if n := len(b.Buttons); !limits.waButtons.contains(n) {
		chk.fail(goNamed(js+".action.buttons", gs+".Buttons"), "must hold %d to %d buttons, got %d", limits.waButtons.min, limits.waButtons.max, n)
	}
	ids, titles := map[string]int{}, map[string]int{}
	for i, btn := range b.Buttons {
		jf := fmt.Sprintf("%s.action.buttons[%d].reply", js, i)
		gf := fmt.Sprintf("%s.Buttons[%d]", gs, i)
		chk.length(goNamed(jf+".id", gf+".ID"), btn.ID, limits.waButtonID, true)
		chk.length(goNamed(jf+".title", gf+".Title"), btn.Title, limits.waButtonTitle, true)
		if j, dup := ids[btn.ID]; dup && btn.ID != "" {
			chk.fail(goNamed(jf+".id", gf+".ID"), "repeats button %d's id %q: each button's id must be unique", j, btn.ID)
		}
		if j, dup := titles[btn.Title]; dup && btn.Title != "" {
			chk.fail(goNamed(jf+".title", gf+".Title"), "repeats button %d's title %q: each button's title must be unique", j, btn.Title)
		}
		ids[btn.ID], titles[btn.Title] = i, i
		body.Action.Buttons = append(body.Action.Buttons, wire.InteractiveButton{Type: "reply", Reply: wire.InteractiveReply{ID: btn.ID, Title: btn.Title}})
	}
	return marshalCustom(wire.WhatsAppInteractive{Type: "interactive", Interactive: body})
}

func (l InteractiveList) customPayload(chk *checker) json.RawMessage {
	const js, gs = "custom.interactive", "InteractiveList"
	body := interactiveFrame(chk, js, gs, l.Header, l.Body, l.Footer, limits.waListBody)
	body.Type = "list"
	body.Action.Button = chk.length(goNamed(js+".action.button", gs+".Button"), l.Button, limits.waListButton, true)
	if n := len(l.Sections); !limits.waListSections.contains(n) {
		chk.fail(goNamed(js+".action.sections", gs+".Sections"), "must hold %d to %d sections, got %d", limits.waListSections.min, limits.waListSections.max, n)
	}
	rows := 0
	for i, s := range l.Sections {
		jf := fmt.Sprintf("%s.action.sections[%d]", js, i)
		gf := fmt.Sprintf("%s.Sections[%d]", gs, i)
		chk.length(goNamed(jf+".title", gf+".Title"), s.Title, limits.waListSectionTitle, len(l.Sections) > 1)
		if len(s.Rows) == 0 {
			chk.fail(goNamed(jf+".rows", gf+".Rows"), "required: a section holds at least one row")
		}
		sec := wire.InteractiveSection{Title: s.Title}
		for j, r := range s.Rows {
			rf := fmt.Sprintf("%s.rows[%d]", jf, j)
			gr := fmt.Sprintf("%s.Rows[%d]", gf, j)
			chk.length(goNamed(rf+".id", gr+".ID"), r.ID, limits.waListRowID, true)
			chk.length(goNamed(rf+".title", gr+".Title"), r.Title, limits.waListRowTitle, true)
			chk.length(goNamed(rf+".description", gr+".Description"), r.Description, limits.waListRowDescription, false)
			sec.Rows = append(sec.Rows, wire.InteractiveRow(r))
		}
		rows += len(s.Rows)
		body.Action.Sections = append(body.Action.Sections, sec)
	}
	if rows > limits.waListRows {
		chk.fail(goNamed(js+".action.sections", gs+".Sections"), "must hold at most %d rows in all, got %d", limits.waListRows, rows)
	}
	return marshalCustom(wire.WhatsAppInteractive{Type: "interactive", Interactive: body})
}

// interactiveFrame checks and renders what buttons and lists share: a text
// header, a body and a footer.
func interactiveFrame(chk *checker, js, gs, header, body, footer string, bodyLimit span) wire.InteractiveBody {
	var b wire.InteractiveBody
	if chk.length(goNamed(js+".header.text", gs+".Header"), header, limits.waInteractiveHeader, false) != "" {
		b.Header = &wire.InteractiveHeader{Type: "text", Text: header}
	}
	b.Body.Text = chk.length(goNamed(js+".body.text", gs+".Body"), body, bodyLimit, true)
	if chk.length(goNamed(js+".footer.text", gs+".Footer"), footer, limits.waInteractiveFooter, false) != "" {
		b.Footer = &wire.InteractiveText{Text: footer}
	}
	return b
}

func (a AuthTemplate) customPayload(chk *checker) json.RawMessage {
	const js, gs = "custom.template", "AuthTemplate"
	name := chk.required(goNamed(js+".name", gs+".Name"), a.Name)
	locale := strings.ReplaceAll(chk.required(goNamed(js+".language.code", gs+".Locale"), a.Locale), "-", "_")
	code := chk.length(goNamed(js+".components[0].parameters[0].text", gs+".Code"), a.Code, limits.waAuthCode, true)
	param := []wire.TemplateParameter{{Type: "text", Text: code}}
	return marshalCustom(wire.WhatsAppTemplateCustom{Type: "template", Template: wire.TemplateCustomObject{
		Name:     name,
		Language: wire.TemplateLanguage{Policy: string(TemplateDeterministic), Code: locale},
		Components: []wire.TemplateComponent{
			{Type: "body", Parameters: param},
			// The copy-code button is created as type OTP and sent as a URL
			// button at index 0, with the code as its parameter (Meta's
			// "Copy code authentication templates").
			{Type: "button", SubType: "url", Index: "0", Parameters: param},
		},
	}})
}
