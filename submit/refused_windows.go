package submit

import (
	"errors"
	"syscall"

	"golang.org/x/sys/windows"
)

// refused tells whether err is a connection the other side refused. On
// Windows that is WSAECONNREFUSED (10061), which syscall.ECONNREFUSED (an
// errno of Go's own invention there) does not match.
func refused(err error) bool {
	return errors.Is(err, windows.WSAECONNREFUSED) || errors.Is(err, syscall.ECONNREFUSED)
}
