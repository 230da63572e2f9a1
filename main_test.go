package messages

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any test leaves a goroutine behind: a
// response body never closed, a timer never stopped, a retry still waiting.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
