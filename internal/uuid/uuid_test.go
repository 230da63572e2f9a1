package uuid

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

var v4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewIsARandomVersion4UUID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := New()
		assert.Regexp(t, v4, id)
		assert.False(t, seen[id], "repeated %s", id)
		seen[id] = true
	}
}
