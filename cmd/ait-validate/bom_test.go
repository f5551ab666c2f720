package main

import (
	"strings"
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/cmd/internal/clitest"
)

// TestBOM: ait-validate reads CSV that starts with a byte-order mark (as
// ait-convert --bom writes it) and, with --bom, writes its CSV with one;
// JSON never has one.
func TestBOM(t *testing.T) {
	in := []byte(cli.ByteOrderMark + "External ID,Status,Metric Value,As Of Date,Comment\nA-1,On Track,0.5,2025-07-03,Déjà vu\n")
	for _, tt := range []struct {
		args []string
		in   []byte
		bom  bool
	}{
		{[]string{"--bom"}, in, true},
		{nil, in, false},
		{[]string{"--bom"}, []byte(`[{"externalId":"A-1","status":"On Track","asOfDate":"2025-07-03"}]`), false},
	} {
		r := clitest.Run(run, tt.in, tt.args...)
		if r.Code != 0 {
			t.Fatalf("%q: %s", tt.args, r)
		}
		if strings.HasPrefix(r.Stdout, cli.ByteOrderMark) != tt.bom || strings.Count(r.Stdout, cli.ByteOrderMark) > 1 {
			t.Errorf("%q: want a byte-order mark: %v\n%q", tt.args, tt.bom, r.Stdout)
		}
		if tt.bom && !strings.Contains(r.Stdout, "Déjà vu") {
			t.Errorf("%q: %q", tt.args, r.Stdout)
		}
	}
}
