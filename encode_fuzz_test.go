package messages

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzEncode feeds arbitrary field values to every v1 and v0.1 encoder:
// nothing may panic, and whatever passes validation must be JSON that keeps
// the text as given.
func FuzzEncode(f *testing.F) {
	f.Add("447700900001", "+44 7700 900000", "hello", "ref", "https://example.com/a.png", int64(60), uint8(0))
	f.Add("Vonage", "0044 7700-900000", "héllo 🎉", "", "http://x", int64(0), uint8(5))
	f.Add("", "", "", "", "", int64(-1), uint8(9))
	v1 := newTestClient(f)
	v01 := newTestClient(f, WithAPIVersion(V0_1))
	f.Fuzz(func(t *testing.T, from, to, text, ref, url string, ttl int64, kind uint8) {
		d := time.Duration(ttl) * time.Second
		msgs := []Message{
			SMS{From: from, To: to, Text: text, ClientRef: ref, TTL: d},
			Viber{From: from, To: to, Content: Text(text), TTL: d},
			Viber{From: from, To: to, Content: Image{URL: url, Caption: text}},
			Viber{From: from, To: to, Content: Video{URL: url, ThumbURL: url, Duration: d, FileSize: int(kind)}},
			Messenger{From: from, To: to, Content: File{URL: url}, Tag: text, Category: MessengerCategory(ref)},
			WhatsApp{From: from, To: to, Content: Text(text)},
			MMS{From: from, To: to, Content: VCard{URL: url}},
			MMS{From: from, To: to, Content: Attachments{Image{URL: url, Caption: text}, &VCard{URL: url}, File{URL: url, Caption: ref}}[:int(kind)%4], TTL: d},
			RCS{From: from, To: to, Content: Text(text)},
			WhatsApp{From: from, To: to, Content: Template{Name: text, Parameters: []string{ref, url}, Locale: ref, Policy: TemplatePolicy(ref)}},
			WhatsApp{From: from, To: to, Content: Sticker{URL: url, ID: ref}, Context: &ReplyTo{MessageUUID: ref}},
			WhatsApp{From: from, To: to, Content: Reaction{Action: ReactionAction(ref), Emoji: text}},
			WhatsApp{From: from, To: to, Content: Location{Lat: float64(ttl), Long: float64(kind), Name: text, Address: ref}},
			WhatsApp{From: from, To: to, Content: Custom(text)},
			RCS{From: from, To: to, Content: Custom(text), TTL: d},
			RCS{From: from, To: to, Content: Text(text), Suggestions: []RCSSuggestion{
				RCSSuggestedReply{Text: text, PostbackData: ref},
				RCSSuggestedDial{Text: ref, PostbackData: ref, PhoneNumber: to, FallbackURL: url},
				RCSSuggestedViewLocation{Text: ref, PostbackData: ref, Latitude: float64(ttl), Longitude: float64(ttl)},
				RCSSuggestedOpenURL{Text: ref, PostbackData: ref, URL: url, Description: text},
			}},
			RCS{From: from, To: to, Content: Card{Title: text, Text: ref, MediaURL: url, Orientation: CardOrientation(ref)}},
			RCS{From: from, To: to, Content: Carousel{Cards: make([]Card, int(kind)%12)}},
			MMS{From: from, To: to, Content: Image{URL: url, Caption: text}, TTL: d},
		}
		msg := msgs[int(kind)%len(msgs)]
		for _, c := range []*Client{v1, v01} {
			body, err := c.encode(msg)
			if err != nil {
				continue
			}
			var v map[string]any
			if err := json.Unmarshal(body, &v); err != nil {
				t.Fatalf("%T on %s: encoded body is not JSON: %v", msg, c.version, err)
			}
			if t, ok := msg.(SMS); ok && utf8.ValidString(t.Text) && !strings.Contains(string(body), mustJSON(t.Text)) {
				panic("the text did not survive encoding: " + string(body))
			}
			if m, ok := msg.(MMS); ok {
				if list, ok := m.Content.(Attachments); ok && len(v["content"].([]any)) != len(list) {
					t.Fatalf("%d attachments became %s", len(list), body)
				}
			}
		}
	})
}

func mustJSON(s string) string {
	b, _ := json.Marshal(s)
	return strings.Trim(string(b), `"`)
}

// FuzzAPIError reads arbitrary error bodies and Retry-After values.
func FuzzAPIError(f *testing.F) {
	f.Add(422, []byte(`{"type":"t","title":"Invalid params","invalid_parameters":[{"name":"to","reason":"bad"}]}`), "7")
	f.Add(429, []byte(`<html>`), "Wed, 21 Oct 2015 07:28:00 GMT")
	f.Add(500, []byte(`{"invalid_parameters":{"x":1}}`), "-5")
	f.Fuzz(func(t *testing.T, status int, body []byte, retryAfter string) {
		h := http.Header{}
		h.Set("Retry-After", retryAfter)
		e := newAPIError(status, h, body, fixedNow)
		if e.RetryAfter < 0 || e.RetryAfter > 24*time.Hour {
			t.Fatalf("RetryAfter %s from %q", e.RetryAfter, retryAfter)
		}
		_ = e.Error()
	})
}
