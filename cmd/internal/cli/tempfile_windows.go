package cli

// ignoreBrokenPipe: Windows has no SIGPIPE; a write to a closed pipe is an
// error already.
func ignoreBrokenPipe() {}
