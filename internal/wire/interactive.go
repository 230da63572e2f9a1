package wire

// The custom payloads of WhatsApp interactive messages and authentication
// templates: the shapes of Meta's WhatsApp Cloud API "interactive" and
// "template" objects, which the Messages API passes through from its
// "custom" field.

// WhatsAppInteractive is a custom payload of type "interactive".
type WhatsAppInteractive struct {
	Type        string          `json:"type"` // "interactive"
	Interactive InteractiveBody `json:"interactive"`
}

// InteractiveBody is the "interactive" object: reply buttons or a list.
type InteractiveBody struct {
	Type   string             `json:"type"` // "button" or "list"
	Header *InteractiveHeader `json:"header,omitempty"`
	Body   InteractiveText    `json:"body"`
	Footer *InteractiveText   `json:"footer,omitempty"`
	Action InteractiveAction  `json:"action"`
}

// InteractiveHeader is a text header.
type InteractiveHeader struct {
	Type string `json:"type"` // "text"
	Text string `json:"text"`
}

// InteractiveText is a body or footer.
type InteractiveText struct {
	Text string `json:"text"`
}

// InteractiveAction holds the buttons of a button message, or the button
// label and sections of a list.
type InteractiveAction struct {
	Buttons  []InteractiveButton  `json:"buttons,omitempty"`
	Button   string               `json:"button,omitempty"`
	Sections []InteractiveSection `json:"sections,omitempty"`
}

// InteractiveButton is one reply button.
type InteractiveButton struct {
	Type  string           `json:"type"` // "reply"
	Reply InteractiveReply `json:"reply"`
}

// InteractiveReply is a reply button's ID and title.
type InteractiveReply struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// InteractiveSection is one section of a list.
type InteractiveSection struct {
	Title string           `json:"title,omitempty"`
	Rows  []InteractiveRow `json:"rows"`
}

// InteractiveRow is one row of a list section.
type InteractiveRow struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// WhatsAppTemplateCustom is a custom payload of type "template".
type WhatsAppTemplateCustom struct {
	Type     string               `json:"type"` // "template"
	Template TemplateCustomObject `json:"template"`
}

// TemplateCustomObject is the "template" object of a custom payload.
type TemplateCustomObject struct {
	Name       string              `json:"name"`
	Language   TemplateLanguage    `json:"language"`
	Components []TemplateComponent `json:"components"`
}

// TemplateLanguage is a template's language: policy and code ("en_US").
type TemplateLanguage struct {
	Policy string `json:"policy"`
	Code   string `json:"code"`
}

// TemplateComponent is a body or button component with its parameters.
type TemplateComponent struct {
	Type       string              `json:"type"`
	SubType    string              `json:"sub_type,omitempty"`
	Index      string              `json:"index,omitempty"`
	Parameters []TemplateParameter `json:"parameters"`
}

// TemplateParameter is a text parameter.
type TemplateParameter struct {
	Type string `json:"type"` // "text"
	Text string `json:"text"`
}
