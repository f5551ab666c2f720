//go:build !windows

package submit

import (
	"errors"
	"syscall"
)

// refused tells whether err is a connection the other side refused.
func refused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }
