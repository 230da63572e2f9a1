package messages

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func buttons(n int) []ReplyButton {
	var out []ReplyButton
	for i := range n {
		out = append(out, ReplyButton{ID: fmt.Sprint("id", i), Title: fmt.Sprint("Title ", i)})
	}
	return out
}

func rows(n int) []ListRow {
	var out []ListRow
	for i := range n {
		out = append(out, ListRow{ID: fmt.Sprint("row", i), Title: fmt.Sprint("Row ", i)})
	}
	return out
}

func TestInteractiveValidation(t *testing.T) {
	t.Parallel()
	long := func(n int) string { return strings.Repeat("x", n) }
	cases := []struct {
		name    string
		content WhatsAppContent
		want    string
	}{
		{"buttons at their limits", InteractiveButtons{Header: long(60), Body: long(1024), Footer: long(60),
			Buttons: []ReplyButton{{ID: long(256), Title: long(20)}, {ID: "b", Title: "B"}, {ID: "c", Title: "C"}}}, ""},
		{"no buttons", InteractiveButtons{Body: "b"},
			"messages: whatsapp: custom.interactive.action.buttons (InteractiveButtons.Buttons): must hold 1 to 3 buttons, got 0"},
		{"four buttons", InteractiveButtons{Body: "b", Buttons: buttons(4)},
			"messages: whatsapp: custom.interactive.action.buttons (InteractiveButtons.Buttons): must hold 1 to 3 buttons, got 4"},
		{"empty body and button", InteractiveButtons{Buttons: []ReplyButton{{}}},
			"messages: whatsapp: custom.interactive.body.text (InteractiveButtons.Body): required; custom.interactive.action.buttons[0].reply.id (InteractiveButtons.Buttons[0].ID): required; custom.interactive.action.buttons[0].reply.title (InteractiveButtons.Buttons[0].Title): required"},
		{"too long", InteractiveButtons{Header: long(61), Body: long(1025), Footer: long(61), Buttons: []ReplyButton{{ID: long(257), Title: long(21)}}},
			"messages: whatsapp: custom.interactive.header.text (InteractiveButtons.Header): must be 1 to 60 characters, got 61; custom.interactive.body.text (InteractiveButtons.Body): must be 1 to 1024 characters, got 1025; custom.interactive.footer.text (InteractiveButtons.Footer): must be 1 to 60 characters, got 61; custom.interactive.action.buttons[0].reply.id (InteractiveButtons.Buttons[0].ID): must be 1 to 256 characters, got 257; custom.interactive.action.buttons[0].reply.title (InteractiveButtons.Buttons[0].Title): must be 1 to 20 characters, got 21"},
		{"titles counted in characters", InteractiveButtons{Body: "b", Buttons: []ReplyButton{{ID: "a", Title: strings.Repeat("é", 20)}}}, ""},
		{"repeated id and title", InteractiveButtons{Body: "b", Buttons: []ReplyButton{{ID: "a", Title: "Yes"}, {ID: "a", Title: "Yes"}}},
			`messages: whatsapp: custom.interactive.action.buttons[1].reply.id (InteractiveButtons.Buttons[1].ID): repeats button 0's id "a": each button's id must be unique; custom.interactive.action.buttons[1].reply.title (InteractiveButtons.Buttons[1].Title): repeats button 0's title "Yes": each button's title must be unique`},

		{"list at its limits", InteractiveList{Header: long(60), Body: long(4096), Footer: long(60), Button: long(20),
			Sections: []ListSection{{Title: long(24), Rows: []ListRow{{ID: long(200), Title: long(24), Description: long(72)}}}, {Title: "s", Rows: rows(9)}}}, ""},
		{"one section needs no title", InteractiveList{Body: "b", Button: "Pick", Sections: []ListSection{{Rows: rows(10)}}}, ""},
		{"empty list", InteractiveList{},
			"messages: whatsapp: custom.interactive.body.text (InteractiveList.Body): required; custom.interactive.action.button (InteractiveList.Button): required; custom.interactive.action.sections (InteractiveList.Sections): must hold 1 to 10 sections, got 0"},
		{"eleven rows in all", InteractiveList{Body: "b", Button: "Pick", Sections: []ListSection{{Title: "a", Rows: rows(6)}, {Title: "b", Rows: rows(5)}}},
			"messages: whatsapp: custom.interactive.action.sections (InteractiveList.Sections): must hold at most 10 rows in all, got 11"},
		{"eleven sections", InteractiveList{Body: "b", Button: "Pick", Sections: func() []ListSection {
			var s []ListSection
			for i := range 11 {
				s = append(s, ListSection{Title: fmt.Sprint(i), Rows: rows(1)})
			}
			return s
		}()},
			"messages: whatsapp: custom.interactive.action.sections (InteractiveList.Sections): must hold 1 to 10 sections, got 11; custom.interactive.action.sections (InteractiveList.Sections): must hold at most 10 rows in all, got 11"},
		{"untitled sections and bad rows", InteractiveList{Body: "b", Button: long(21), Sections: []ListSection{{Rows: []ListRow{{ID: long(201), Title: long(25), Description: long(73)}}}, {}}},
			"messages: whatsapp: custom.interactive.action.button (InteractiveList.Button): must be 1 to 20 characters, got 21; custom.interactive.action.sections[0].title (InteractiveList.Sections[0].Title): required; custom.interactive.action.sections[0].rows[0].id (InteractiveList.Sections[0].Rows[0].ID): must be 1 to 200 characters, got 201; custom.interactive.action.sections[0].rows[0].title (InteractiveList.Sections[0].Rows[0].Title): must be 1 to 24 characters, got 25; custom.interactive.action.sections[0].rows[0].description (InteractiveList.Sections[0].Rows[0].Description): must be 1 to 72 characters, got 73; custom.interactive.action.sections[1].title (InteractiveList.Sections[1].Title): required; custom.interactive.action.sections[1].rows (InteractiveList.Sections[1].Rows): required: a section holds at least one row"},

		{"auth template", AuthTemplate{Name: "verify", Locale: "en_GB", Code: long(15)}, ""},
		{"empty auth template", AuthTemplate{},
			"messages: whatsapp: custom.template.name (AuthTemplate.Name): required; custom.template.language.code (AuthTemplate.Locale): required; custom.template.components[0].parameters[0].text (AuthTemplate.Code): required"},
		{"long code", AuthTemplate{Name: "verify", Locale: "en", Code: long(16)},
			"messages: whatsapp: custom.template.components[0].parameters[0].text (AuthTemplate.Code): must be 1 to 15 characters, got 16"},
	}
	c := newTestClient(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := c.encode(WhatsApp{From: fromNumber, To: toNumber, Content: tc.content})
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrInvalidMessage)
			assert.EqualError(t, err, tc.want)
		})
	}
}

func TestInteractiveV01(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, WithAPIVersion(V0_1))
	for _, content := range []WhatsAppContent{InteractiveButtons{}, InteractiveList{}, AuthTemplate{}, &AuthTemplate{}} {
		_, err := c.encode(WhatsApp{From: fromNumber, To: toNumber, Content: content})
		assert.EqualError(t, err, "messages: whatsapp: custom: not supported by API version v0.1", "%T", content)
	}
}

func TestInteractiveAnswerOnlyOnWhatsApp(t *testing.T) {
	t.Parallel()
	in := &Inbound{Channel: ChannelRCS, From: toNumber, To: rcsAgent}
	_, err := in.Answer(InteractiveButtons{})
	assert.EqualError(t, err, "messages: invalid message: answer: rcs cannot carry messages.InteractiveButtons")
}
