package messages

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// updateCase is a PATCH body the client sends, kept as a golden file.
type updateCase struct {
	name string
	call func(*Client) error
}

func (uc updateCase) path() string {
	return filepath.Join("testdata", "golden", "v1", "update-"+uc.name+".json")
}

var updateCases = []updateCase{
	{"read", func(c *Client) error { return c.MarkRead(context.Background(), quotedUUID, RegionGlobal) }},
	{"read-replying-indicator", func(c *Client) error {
		return c.MarkRead(context.Background(), quotedUUID, RegionGlobal, WithReplyingIndicator())
	}},
	{"revoked", func(c *Client) error { return c.Revoke(context.Background(), quotedUUID, RegionGlobal) }},
}

func TestGoldenUpdateBodies(t *testing.T) {
	t.Parallel()
	for _, uc := range updateCases {
		t.Run(uc.name, func(t *testing.T) {
			t.Parallel()
			var got bytes.Buffer
			require.NoError(t, json.Indent(&got, []byte(capturePatch(t, uc.call)), "", "  "))
			got.WriteByte('\n')
			if *update {
				require.NoError(t, os.WriteFile(uc.path(), got.Bytes(), 0o644))
				return
			}
			want, err := os.ReadFile(uc.path())
			require.NoError(t, err, "run go test -update to create it")
			assert.Equal(t, string(want), got.String())
		})
	}
}
