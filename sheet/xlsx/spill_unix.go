//go:build !windows

package xlsx

const removeOpenFiles = true
