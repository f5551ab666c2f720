package cli

import (
	"bytes"
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

// Ordered keeps the diagnostics of parallel jobs in the order of the jobs:
// the first unfinished job writes straight through, the others are held
// until every job before them is done. Each write is one whole line or
// more, so lines never mix.
type Ordered struct {
	mu   sync.Mutex
	w    io.Writer
	bufs []bytes.Buffer
	done []bool
	live int
}

// NewOrdered returns an Ordered for n jobs writing to w.
func NewOrdered(w io.Writer, n int) *Ordered {
	return &Ordered{w: w, bufs: make([]bytes.Buffer, n), done: make([]bool, n)}
}

// Writer returns the writer of job i.
func (o *Ordered) Writer(i int) io.Writer { return orderedWriter{o, i} }

// Done marks job i finished and lets the next jobs' output through.
func (o *Ordered) Done(i int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.done[i] = true
	for o.live < len(o.done) && o.done[o.live] {
		o.live++
		if o.live < len(o.done) {
			o.w.Write(o.bufs[o.live].Bytes())
			o.bufs[o.live] = bytes.Buffer{}
		}
	}
}

type orderedWriter struct {
	o *Ordered
	i int
}

func (w orderedWriter) Write(p []byte) (int, error) {
	w.o.mu.Lock()
	defer w.o.mu.Unlock()
	if w.i == w.o.live {
		return w.o.w.Write(p)
	}
	return w.o.bufs[w.i].Write(p)
}
