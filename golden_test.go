package messages

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func goldenPath(gc goldenCase) string {
	return filepath.Join("testdata", "golden", string(gc.version), gc.name+".json")
}

// encodeCase renders a golden case's body as Send would, indented.
func encodeCase(t *testing.T, gc goldenCase) []byte {
	t.Helper()
	c := newTestClient(t, WithAPIVersion(gc.version))
	body, err := c.encode(gc.msg)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return indentJSON(t, body)
}

func TestGoldenRequestBodies(t *testing.T) {
	t.Parallel()
	for _, gc := range goldenCases {
		t.Run(string(gc.version)+"/"+gc.name, func(t *testing.T) {
			t.Parallel()
			got := encodeCase(t, gc)
			path := goldenPath(gc)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("body differs from %s\ngot:\n%s\nwant:\n%s", path, got, want)
			}
		})
	}
}

// TestGoldenFilesAreAllUsed keeps testdata/golden free of stale bodies that
// no case checks any more.
func TestGoldenFilesAreAllUsed(t *testing.T) {
	if *update {
		return // the files are being written right now
	}
	t.Parallel()
	used := map[string]bool{}
	for _, gc := range goldenCases {
		used[goldenPath(gc)] = true
	}
	for _, fc := range failoverCases {
		used[fc.path()] = true
	}
	for _, uc := range updateCases {
		used[uc.path()] = true
	}
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden files found")
	}
	for _, f := range files {
		if !used[f] {
			t.Errorf("%s matches no golden case", f)
		}
	}
}

// indentJSON renders a body as its golden file holds it.
func indentJSON(t *testing.T, body []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := json.Indent(&out, body, "", "  "); err != nil {
		t.Fatal(err)
	}
	out.WriteByte('\n')
	return out.Bytes()
}
