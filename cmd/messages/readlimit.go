package main

import (
	"fmt"
	"io"
	"os"

	"github.com/gomessages/messages"
)

// What the command reads is bounded: without a limit, --body /dev/zero
// grew to 500 MB in 3 seconds. (Key files are read, bounded, by the SDK's
// messages.ReadEnv.)

// maxBodyBytes is the most verify reads of a webhook's body: the SDK's
// handler refuses a larger one.
const maxBodyBytes = messages.DefaultWebhookMaxBodyBytes

// errTooLarge says what was larger than limit, and why that is the limit.
type errTooLarge struct {
	limit int64
	why   string
}

func (e *errTooLarge) Error() string {
	return fmt.Sprintf("larger than %d bytes, %s", e.limit, e.why)
}

// readLimited reads all of r, or fails once it holds more than limit
// bytes, reading at most one byte more.
func readLimited(r io.Reader, limit int64, why string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &errTooLarge{limit: limit, why: why}
	}
	return b, nil
}

// readFileLimited is readLimited on the file at path.
func readFileLimited(path string, limit int64, why string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f, limit, why)
}
