package cli

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/windows"
)

// anonymousTemp creates a temporary file that Windows deletes when its
// handle closes, however the process ends.
func anonymousTemp() (*os.File, error) {
	for range 100 {
		name := filepath.Join(os.TempDir(), "aitkit-"+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		p, err := windows.UTF16PtrFromString(name)
		if err != nil {
			return nil, err
		}
		h, err := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE,
			windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE, nil,
			windows.CREATE_NEW, windows.FILE_ATTRIBUTE_TEMPORARY|windows.FILE_FLAG_DELETE_ON_CLOSE, 0)
		if errors.Is(err, windows.ERROR_FILE_EXISTS) {
			continue
		}
		if err != nil {
			return nil, &os.PathError{Op: "create", Path: name, Err: err}
		}
		return os.NewFile(uintptr(h), name), nil
	}
	return nil, errors.New("no free temporary file name")
}

// ignoreBrokenPipe: Windows has no SIGPIPE; a write to a closed pipe is an
// error already.
func ignoreBrokenPipe() {}
