package messagestest

// WhatsApp's limits on interactive messages, as Meta's Cloud API pages
// "Interactive reply buttons messages" and "Interactive list messages"
// state them; WhatsApp refuses a payload past them, so the fake does too.
// They are kept here, apart from the SDK's table, so that the fake does not
// share the SDK's mistakes.
const (
	waMaxButtons      = 3
	waButtonIDMax     = 256
	waButtonTitleMax  = 20
	waButtonsBodyMax  = 1024
	waListBodyMax     = 4096
	waHeaderFooterMax = 60
	waListButtonMax   = 20
	waMaxSections     = 10
	waMaxRows         = 10
	waSectionTitleMax = 24
	waRowIDMax        = 200
	waRowTitleMax     = 24
	waRowDescMax      = 72
)

// whatsAppCustom checks the interactive payloads of a WhatsApp custom
// message, reply buttons and lists, against WhatsApp's limits. Other
// custom payloads (templates, other interactive types) pass as objects.
func (c *checker) whatsAppCustom(custom object) {
	if custom == nil {
		return
	}
	if t, _ := c.str(custom, "type", "custom.type"); t != "interactive" {
		return
	}
	in := c.requiredObj(custom, "interactive", "custom.interactive")
	if in == nil {
		return
	}
	typ, _ := c.str(in, "type", "custom.interactive.type")
	if typ != "button" && typ != "list" {
		return
	}
	c.interactiveTexts(in, typ)
	action := c.requiredObj(in, "action", "custom.interactive.action")
	if action == nil {
		return
	}
	if typ == "button" {
		c.replyButtons(action)
		return
	}
	c.listSections(action)
}

// interactiveTexts checks the body text, required and at most as long as
// the type allows, and the header and footer texts.
func (c *checker) interactiveTexts(in object, typ string) {
	bodyMax := waButtonsBodyMax
	if typ == "list" {
		bodyMax = waListBodyMax
	}
	if body := c.requiredObj(in, "body", "custom.interactive.body"); body != nil {
		c.text(body, "text", "custom.interactive.body.text", bodyMax)
	}
	for _, part := range []string{"header", "footer"} {
		if o, ok := c.obj(in, part, "custom.interactive."+part); ok {
			if s, ok := c.str(o, "text", "custom.interactive."+part+".text"); ok {
				c.maxLen("custom.interactive."+part+".text", s, waHeaderFooterMax)
			}
		}
	}
}

// replyButtons checks the buttons of a reply-buttons action: how many,
// and each one's reply id and title.
func (c *checker) replyButtons(action object) {
	buttons := c.array(action, "buttons", "custom.interactive.action.buttons", 1, waMaxButtons)
	c.objects("custom.interactive.action.buttons", buttons, func(path string, button object) {
		if r := c.requiredObj(button, "reply", path+".reply"); r != nil {
			c.text(r, "id", path+".reply.id", waButtonIDMax)
			c.text(r, "title", path+".reply.title", waButtonTitleMax)
		}
	})
}

// listSections checks a list action: its button text, its sections (a
// title each when there are more than one) and their rows, and the rows
// of all sections together.
func (c *checker) listSections(action object) {
	c.text(action, "button", "custom.interactive.action.button", waListButtonMax)
	sections := c.array(action, "sections", "custom.interactive.action.sections", 1, waMaxSections)
	rows := 0
	c.objects("custom.interactive.action.sections", sections, func(path string, section object) {
		if len(sections) > 1 {
			c.text(section, "title", path+".title", waSectionTitleMax)
		} else if t, ok := c.str(section, "title", path+".title"); ok {
			c.maxLen(path+".title", t, waSectionTitleMax)
		}
		rows += c.listRows(section, path)
	})
	if rows > waMaxRows {
		c.fail("custom.interactive.action.sections", "more than %d rows in all: %d", waMaxRows, rows)
	}
}

// listRows checks the rows of the section at path, each one's id, title
// and description, and returns how many it holds.
func (c *checker) listRows(section object, path string) int {
	list := c.array(section, "rows", path+".rows", 1, waMaxRows)
	c.objects(path+".rows", list, func(rp string, row object) {
		c.text(row, "id", rp+".id", waRowIDMax)
		c.text(row, "title", rp+".title", waRowTitleMax)
		if d, ok := c.str(row, "description", rp+".description"); ok {
			c.maxLen(rp+".description", d, waRowDescMax)
		}
	})
	return len(list)
}

// array reads a required array of least to most items.
func (c *checker) array(o object, field, path string, least, most int) []any {
	v, present := o[field]
	if !present || v == nil {
		c.fail(path, "is required")
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		c.fail(path, "must be an array")
		return nil
	}
	if len(list) < least || len(list) > most {
		c.fail(path, "must hold %d to %d items, got %d", least, most, len(list))
	}
	return list
}
