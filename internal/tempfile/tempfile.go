// Package tempfile creates temporary files that have no name: the system
// frees them when they are closed or the process ends, however it ends (a
// closed pipe, Ctrl-C, SIGTERM, kill -9). They hold what waits for the end
// of a run: spooled output, sorted runs, a workbook's marks.
package tempfile

import "os"

// New creates a temporary file in dir ("" for the system's), named after
// pattern as os.CreateTemp names it while it has a name at all.
func New(dir, pattern string) (*os.File, error) { return create(dir, pattern) }
