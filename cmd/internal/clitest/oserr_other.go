//go:build !windows

package clitest

// asUnix returns s: the golden files hold the Unix texts of errors.
func asUnix(s string) string { return s }
