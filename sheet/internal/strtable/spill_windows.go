//go:build windows

package strtable

const removeOpenFiles = false
