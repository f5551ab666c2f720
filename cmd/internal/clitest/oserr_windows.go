package clitest

import (
	"strings"
	"syscall"
)

// unixErrors maps the Windows errors a scenario can meet to the Unix texts
// its golden file was written with: the same condition (errors.Is finds
// fs.ErrNotExist or fs.ErrPermission in both), in each system's words.
var unixErrors = []struct {
	windows syscall.Errno
	unix    string
}{
	{syscall.ERROR_FILE_NOT_FOUND, "no such file or directory"},
	{syscall.ERROR_PATH_NOT_FOUND, "no such file or directory"},
	{syscall.ERROR_ACCESS_DENIED, "permission denied"},
}

// asUnix rewrites the Windows text of the errors in unixErrors to the Unix
// text, so that one golden file holds on both. The Windows texts come from
// the system at run time: Windows and wine word them differently.
func asUnix(s string) string {
	for _, e := range unixErrors {
		s = strings.ReplaceAll(s, e.windows.Error(), e.unix)
	}
	return s
}
