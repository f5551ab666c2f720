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
	of    atomic.Pointer[func() (done, total int64)]
	mu    sync.Mutex // one write at a time on the line
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
				p.mu.Lock()
				line := fmt.Sprintf("%s: %d rows read", p.label, p.Count.Load())
				if of := p.of.Load(); of != nil {
					if done, total := (*of)(); total > 0 {
						line = fmt.Sprintf("%s: %d%% (%d rows read)", p.label, min(100, done*100/total), p.Count.Load())
					}
				}
				fmt.Fprint(p.w, "\r\033[K"+line)
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// Writer returns w, which first erases the progress line: a message
// printed while the line is shown takes the whole line, and the line is
// drawn again below it at the next tick.
func (p *Progress) Writer(w io.Writer) io.Writer {
	if p.stop == nil {
		return w
	}
	return clearingWriter{p, w}
}

type clearingWriter struct {
	p *Progress
	w io.Writer
}

func (c clearingWriter) Write(b []byte) (int, error) {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	fmt.Fprint(c.p.w, "\r\033[K")
	return c.w.Write(b)
}

// Of sets what the line shows a percentage of: bytes done of a total.
func (p *Progress) Of(of func() (done, total int64)) { p.of.Store(&of) }

// Clear erases the progress line now, so that a message takes the whole
// line; the next tick draws it again.
func (p *Progress) Clear() {
	if p.stop != nil {
		p.mu.Lock()
		fmt.Fprint(p.w, "\r\033[K")
		p.mu.Unlock()
	}
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
