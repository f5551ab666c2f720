package cli

import (
	"context"
	"io"
	"os"

	"github.com/aitkit/aitkit/internal/readahead"
	"golang.org/x/term"
)

// Stdin is the process's standard input as the commands read it. A regular
// file is given as it is (a workbook on it is read in place); anything else
// (a terminal, a pipe) is read ahead on a goroutine of its own, so that a
// Read returns as soon as ctx ends: Ctrl-C is answered even while nothing
// has been typed or piped yet. The goroutine is never stopped; a read still
// pending at exit ends with the process.
func Stdin(ctx context.Context) io.Reader {
	if st, err := os.Stdin.Stat(); err == nil && st.Mode().IsRegular() {
		return os.Stdin
	}
	return readahead.New(ctx, os.Stdin, 2, 64<<10)
}

// StdinIsTerminal tells whether the process's standard input is a
// terminal: a command that reads it then says so, or it looks hung.
func StdinIsTerminal() bool { return term.IsTerminal(int(os.Stdin.Fd())) }
