package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/cmd/internal/clitest"
)

// TestBOM: with --bom, CSV output starts with one UTF-8 byte-order mark
// (standard output, -o FILE, several inputs joined); JSON never has one,
// and without --bom nothing changes.
func TestBOM(t *testing.T) {
	tracker := filepath.Join("..", "..", "testdata", "xlsx", "tracker.xlsx")
	dir := t.TempDir()
	for _, tt := range []struct {
		name string
		args []string
		bom  bool
	}{
		{"csv", []string{"--bom", "-f", "csv", tracker}, true},
		{"csv without", []string{"-f", "csv", tracker}, false},
		{"json", []string{"--bom", tracker}, false},
		{"joined", []string{"--bom", "-f", "csv", tracker, tracker}, true},
		{"file", []string{"--bom", "-o", filepath.Join(dir, "out.csv"), tracker}, true},
	} {
		r := clitest.Run(run, nil, tt.args...)
		out := r.Stdout
		if tt.name == "file" {
			b, _ := os.ReadFile(filepath.Join(dir, "out.csv"))
			out = string(b)
		}
		if r.Code != 0 {
			t.Fatalf("%s: %s", tt.name, r)
		}
		if got := strings.HasPrefix(out, cli.ByteOrderMark); got != tt.bom || strings.Count(out, cli.ByteOrderMark) > 1 {
			t.Errorf("%s: %d byte-order marks, at the start: %v; want one: %v\n%.80q", tt.name, strings.Count(out, cli.ByteOrderMark), got, tt.bom, out)
		}
		if tt.bom && !strings.HasPrefix(strings.TrimPrefix(out, cli.ByteOrderMark), "External ID,Status,") {
			t.Errorf("%s: the header does not follow the mark: %.80q", tt.name, out)
		}
	}
}
