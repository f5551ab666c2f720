//go:build !windows

package cli

import (
	"os/signal"
	"syscall"
)

// ignoreBrokenPipe makes a write to a closed pipe (stdout into `head -1`)
// return EPIPE, an error the run handles, cleaning up as it ends, instead
// of killing the process with SIGPIPE.
func ignoreBrokenPipe() { signal.Ignore(syscall.SIGPIPE) }
