package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"
)

// IsTerminal tells whether w is a terminal. Progress and anything
// decorative are shown only then.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Progress shows a count on one line of a terminal, refreshed a few times a
// second. On anything but a terminal it shows nothing.
type Progress struct {
	Count atomic.Int64
	w     io.Writer
	label string
	stop  chan struct{}
	wg    sync.WaitGroup
}

// StartProgress starts showing "label: N rows read" on w when w is a
// terminal and quiet is false. Stop it before printing anything else.
func StartProgress(w io.Writer, label string, quiet bool) *Progress {
	p := &Progress{w: w, label: label}
	if quiet || !IsTerminal(w) {
		return p
	}
	p.stop = make(chan struct{})
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				fmt.Fprint(p.w, "\r\033[K")
				return
			case <-t.C:
				fmt.Fprintf(p.w, "\r\033[K%s: %d rows read", p.label, p.Count.Load())
			}
		}
	}()
	return p
}

// Stop clears the progress line.
func (p *Progress) Stop() {
	if p.stop != nil {
		close(p.stop)
		p.wg.Wait()
		p.stop = nil
	}
}

// LockedWriter serializes writes, so lines from parallel workers do not mix.
type LockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// NewLockedWriter wraps w.
func NewLockedWriter(w io.Writer) *LockedWriter { return &LockedWriter{w: w} }

func (l *LockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
