package messagestest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gomessages/messages/internal/uuid"
)

// FuzzCheckBodies feeds any bytes to the body checks of every endpoint:
// they must answer with problems, never panic.
func FuzzCheckBodies(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "golden", "*", "*.json"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{smsBody, `{"failover":[1,{},null]}`, `{"workflow":[{"failover":{"expiry_time":1e99}},{}],"template":1}`, `{"from":{"type":"sms","number":7},"message":{"content":{"type":"image","image":[]}}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		o, err := decodeObject(body)
		if err != nil {
			return
		}
		checkV1(o)
		checkV01(o, false)
		checkV01(o, true)
		checkDispatch(o)
		steps, c := checkV1(o)
		if len(c.errs) == 0 {
			for _, m := range steps {
				m.uuid = uuid.New()
				statusBody(m, "delivered", &workflowLink{id: "w", item: 1, total: 1}, time.Time{})
			}
		}
	})
}
