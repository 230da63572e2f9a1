package messages

import (
	"fmt"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// leakGrace is how long the goroutines the tests started get to end once
// the last test has returned. goleak alone gives them about 0.4 s, which a
// loaded machine can miss: the read loop of a connection just closed may
// not have run yet. A goroutine that really leaked is still there after a
// minute, so the check loses nothing by waiting.
const leakGrace = time.Minute

// TestMain fails the package if any test leaves a goroutine behind: a
// response body never closed, a timer never stopped, a retry still waiting.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if err := findLeaks(leakGrace); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: errors on a successful test run: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

// findLeaks asks goleak until it finds no stray goroutine or grace has
// passed, and returns its last answer.
func findLeaks(grace time.Duration) error {
	deadline := time.Now().Add(grace)
	for {
		err := goleak.Find()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}
