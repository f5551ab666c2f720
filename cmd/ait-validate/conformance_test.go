package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/aitkit/aitkit/internal/conformance"
)

// TestConformance checks every body of the conformance table as a user's
// file: ait-validate gives the API's verdict, the same errors of the same
// records (its messages may add a hint after the API's), except where the
// table says it differs on purpose.
func TestConformance(t *testing.T) {
	conformance.TestFiles(t, func(t *testing.T, path, statuses string) (int, []byte) {
		args := []string{"--report", "json", "--ids", conformance.IDs}
		if statuses != "" {
			args = append(args, "--statuses", statuses)
		}
		var out, errb bytes.Buffer
		code := run(context.Background(), append(args, path), nil, &out, &errb)
		if code != 0 && code != 1 {
			t.Logf("stderr: %s", errb.String())
		}
		return code, out.Bytes()
	})
}
