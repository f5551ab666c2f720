package main

import (
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/clitest"
)

// TestMain keeps the tests away from the user's own configuration file.
func TestMain(m *testing.M) { clitest.Main(m) }
