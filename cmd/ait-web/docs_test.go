package main

import (
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/clitest"
)

// TestFlagsDocumented: -h, docs/ait-web.md, the configuration keys, the
// manual page and the completion scripts all name the same flags.
func TestFlagsDocumented(t *testing.T) {
	clitest.CheckFlags(t, run, name, "../../docs/ait-web.md")
}
