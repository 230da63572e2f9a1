package messagestest

import (
	"strings"
	"testing"
)

func TestRefusesInteractivePastWhatsAppLimits(t *testing.T) {
	t.Parallel()
	const params = "Invalid params"
	wa := func(custom string) string {
		return `{"channel":"whatsapp","message_type":"custom","to":"447700900000","from":"447700900001","custom":` + custom + `}`
	}
	btn := func(id, title string) string {
		return `{"type":"reply","reply":{"id":"` + id + `","title":"` + title + `"}}`
	}
	row := func(id string) string { return `{"id":"` + id + `","title":"t"}` }
	runInvalid(t, []invalidCase{
		{"four buttons", "/v1/messages", wa(`{"type":"interactive","interactive":{"type":"button","body":{"text":"b"},"action":{"buttons":[` +
			btn("1", "a") + `,` + btn("2", "b") + `,` + btn("3", "c") + `,` + btn("4", "d") + `]}}}`), 422, params, []ip{
			{"custom.interactive.action.buttons", "must hold 1 to 3 items, got 4"},
		}},
		{"long button parts", "/v1/messages", wa(`{"type":"interactive","interactive":{"type":"button","header":{"type":"text","text":"` + strings.Repeat("h", 61) + `"},"body":{"text":"` + strings.Repeat("b", 1025) + `"},"action":{"buttons":[` +
			btn(strings.Repeat("i", 257), strings.Repeat("t", 21)) + `]}}}`), 422, params, []ip{
			{"custom.interactive.body.text", "longer than 1024 characters: 1025"},
			{"custom.interactive.header.text", "longer than 60 characters: 61"},
			{"custom.interactive.action.buttons[0].reply.id", "longer than 256 characters: 257"},
			{"custom.interactive.action.buttons[0].reply.title", "longer than 20 characters: 21"},
		}},
		{"list with eleven rows and an untitled section", "/v1/messages", wa(`{"type":"interactive","interactive":{"type":"list","body":{"text":"b"},"action":{"button":"Pick","sections":[` +
			`{"rows":[` + strings.Repeat(row("r")+",", 5) + row("r") + `]},{"title":"s","rows":[` + strings.Repeat(row("r")+",", 4) + row("r") + `]}]}}}`), 422, params, []ip{
			{"custom.interactive.action.sections[0].title", "is required"},
			{"custom.interactive.action.sections", "more than 10 rows in all: 11"},
		}},
		{"list without button or rows", "/v1/messages", wa(`{"type":"interactive","interactive":{"type":"list","body":{"text":"b"},"action":{"sections":[{"rows":[]}]}}}`), 422, params, []ip{
			{"custom.interactive.action.button", "is required"},
			{"custom.interactive.action.sections[0].rows", "must hold 1 to 10 items, got 0"},
		}},
	})
}
