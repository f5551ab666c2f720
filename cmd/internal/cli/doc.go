// Package cli holds what the aitkit binaries share: the exit-code table,
// flag helpers for repeated flags, progress on a terminal, usage text taken
// from a command's doc comment, and output files that are written atomically
// and only committed when the run succeeds.
package cli
